"""Acceptance: the accepted rows of a review file as rows to add to the curated tables (nothing written here).

A row already in its table (the same cells in every column of the table, or the same id for an entity or a
source) is not added again, so accepting a review twice adds nothing twice.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from healthgraph.curation.records import SPECS

__all__ = ["Addition", "plan_additions"]

KEYED = {"entities": "id", "sources": "id"}  # tables whose rows are one per id


@dataclass
class Addition:
    """Rows to append to one curated table, each with the review line it comes from."""

    table: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _existing(path: Path, table: str) -> tuple[list[str], set[tuple[str, ...]]]:
    columns = list(SPECS[table])
    if not path.exists():
        return columns, set()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or columns)
        key = [KEYED[table]] if table in KEYED else [c for c in columns if c in header]
        return header, {tuple((row.get(c) or "").strip() for c in key) for row in reader}


def plan_additions(
    data: Path, source: dict[str, str] | None, accepted: list[tuple[int, dict[str, str]]]
) -> dict[str, Addition]:
    """Return, per table, the accepted rows (and the review's source, when a fact is accepted) not yet in ``data``."""
    wanted = [(line, row["table"], row) for line, row in accepted if row.get("table") in SPECS]
    if source and wanted:
        wanted.insert(0, (1, "sources", source))
    additions: dict[str, Addition] = {}
    seen: dict[str, set[tuple[str, ...]]] = {}
    for line, table, row in wanted:
        if table not in additions:
            header, present = _existing(data / f"{table}.csv", table)
            additions[table], seen[table] = Addition(table, header), present
        addition = additions[table]
        key = [KEYED[table]] if table in KEYED else [c for c in SPECS[table] if c in addition.header]
        identity = tuple((row.get(c) or "").strip() for c in key)
        if identity in seen[table]:
            continue
        seen[table].add(identity)
        addition.rows.append((line, {c: (row.get(c) or "").strip() for c in addition.header}))
    return {table: addition for table, addition in additions.items() if addition.rows}
