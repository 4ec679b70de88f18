"""Logs: one JSON line per request and per fault (with its traceback), as log collectors read them."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import Any

__all__ = ["LOGGER", "JsonLines", "configure", "log_fault", "log_request"]

LOGGER = logging.getLogger("healthgraph.endpoint")


class JsonLines(logging.Formatter):
    """Format a record as one JSON object: time, level, event and the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as one line of JSON."""
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(target: str = "-") -> None:
    """Send the endpoint's log to standard error (``-``), to a file, or nowhere (``off``)."""
    LOGGER.handlers.clear()
    LOGGER.propagate = False
    if target == "off":
        LOGGER.addHandler(logging.NullHandler())
        return
    handler: logging.Handler = (
        logging.StreamHandler(sys.stderr) if target == "-" else logging.FileHandler(Path(target), encoding="utf-8")
    )
    handler.setFormatter(JsonLines())
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)


def log_request(**fields: Any) -> None:
    """Log one answered request (method, path, status, milliseconds, query hash)."""
    LOGGER.info("request", extra={"fields": fields})


def log_fault(message: str, trace: str = "", **fields: Any) -> None:
    """Log a fault with its traceback (from this process, or the text a worker sent)."""
    if trace:
        fields["traceback"] = trace
    LOGGER.error(message, exc_info=not trace and sys.exc_info()[0] is not None, extra={"fields": fields})
