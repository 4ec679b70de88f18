"""Staging: a copy of the curated tables with rows appended, each added line traced back to where it came from.

Used to check accepted review rows before they are written (``healthgraph accept``) and to build the
unreviewed candidates of a review file into their own named graph (``build --with extracted:REVIEW.csv``).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from healthgraph.sources.articles.acceptance import Addition

__all__ = ["append_rows", "stage"]


def append_rows(path: Path, header: list[str], rows: list[tuple[int, dict[str, str]]]) -> dict[int, int]:
    """Append ``rows`` (origin line, cells) to the CSV ``path`` one line each; return its new line -> origin line."""
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    lines = len(text.splitlines())
    with path.open("a", encoding="utf-8", newline="") as handle:
        if text and not text.endswith("\n"):
            handle.write("\n")
        writer = csv.writer(handle, lineterminator="\n")
        if not text:
            writer.writerow(header)
            lines = 1
        origin = {}
        for number, (line, row) in enumerate(rows, start=lines + 1):
            writer.writerow([row.get(c, "") for c in header])
            origin[number] = line
    return origin


def stage(data: Path, copy: Path, additions: dict[str, Addition]) -> dict[tuple[str, int], int]:
    """Copy the tables of ``data`` to ``copy`` and append ``additions``; return (file name, line) -> origin line."""
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns("examples", ".*"))
    origin: dict[tuple[str, int], int] = {}
    for table, addition in additions.items():
        name = f"{table}.csv"
        origin.update(
            {(name, line): at for line, at in append_rows(copy / name, addition.header, addition.rows).items()}
        )
    return origin
