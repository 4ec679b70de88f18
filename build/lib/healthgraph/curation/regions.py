"""Regions: official region codes and the 2016 mergers, read from the shared public files."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from healthgraph.errors import DataError, DataErrors

__all__ = ["RegionRecord", "read_regions"]

COG_FILE = "data/cog_regions_2026.json"
GEOHISTO_FILE = "data/geohisto_regions.csv"


@dataclass(frozen=True)
class RegionRecord:
    """A French region: INSEE code, name, validity and the region it merged into."""

    code: str
    name: str
    start: str
    end: str | None
    merged_into: str | None
    source: str


def _read_cog(path: Path) -> dict[str, RegionRecord]:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataErrors([DataError(str(path), 0, "", f"cannot read the official region codes: {exc}")]) from None
    return {
        row["code"]: RegionRecord(row["code"], row["nom"], "2016-01-01", None, None, "insee-cog-2026")
        for row in rows
        if row.get("zone") in ("metro", "drom")
    }


def _read_geohisto(path: Path, current: dict[str, RegionRecord]) -> dict[str, RegionRecord]:
    old: dict[str, RegionRecord] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, csv.Error, UnicodeDecodeError) as exc:
        raise DataErrors([DataError(str(path), 0, "", f"cannot read the region history: {exc}")]) from None
    for line, row in enumerate(rows, start=2):
        end = row["end_datetime"][:10]
        if end.startswith("9999"):
            continue
        successor = row["successors"].split("@")[0].removeprefix("REG") or None
        if successor and successor not in current:
            raise DataErrors([DataError(str(path), line, "successors", f"unknown successor region '{successor}'")])
        old[row["insee_code"]] = RegionRecord(
            row["insee_code"], row["name"], row["start_datetime"][:10], end, successor, "geohisto-regions"
        )
    return old


def read_regions(shared: Path) -> dict[str, RegionRecord]:
    """Return current regions (INSEE COG 2026) and pre-2016 regions (geohisto) keyed by INSEE code."""
    cog, geohisto = shared / COG_FILE, shared / GEOHISTO_FILE
    missing = [p for p in (cog, geohisto) if not p.exists()]
    if missing:
        raise DataErrors(
            [
                DataError(
                    str(p), 0, "", "shared public file not found: set HEALTHGRAPH_SHARED to the folder holding data/"
                )
                for p in missing
            ]
        )
    current = _read_cog(cog)
    return {**current, **_read_geohisto(geohisto, current)}
