"""Canonical form of the curated tables: one way to write each file, so that diffs show only real changes.

As bioregistry does for its curated data, every table of ``data/`` is kept in a canonical form that a test
checks and ``healthgraph tidy`` writes:

- UTF-8 without a byte-order mark, LF line ends, a final newline, the header of the table's columns in order;
- each cell in Unicode NFC, without surrounding spaces; multi-valued cells (``;``) with their items stripped and
  duplicates dropped, joined by ``;`` (ids, kinds) or ``; `` (names, texts), in the order the curator gave;
- rows sorted by the table's key (ids for vocabularies and entities; subject, object and date for facts),
  then by every cell, case-folded; no row twice.

Which source a row cites is checked by the build (every id must exist in ``sources.csv``).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from healthgraph.curation.records import SPECS

__all__ = ["KEYS", "canonical_rows", "canonical_text", "tidy"]

KEYS: dict[str, tuple[str, ...]] = {
    "sources": ("id",),
    "entities": ("id",),
    "roles": ("id",),
    "measures": ("id",),
    "places": ("id",),
    "themes": ("id",),
    "relations": ("subject", "relation", "object", "role", "start"),
    "events": ("subject", "date", "type"),
    "labellings": ("entity", "programme", "date"),
    "posts": ("organisation", "person", "role", "start"),
    "fundings": ("beneficiary", "funder", "programme", "date"),
    "figures": ("subject", "measure", "date", "source"),
}
JOINERS = {"refs": ";", "enums": ";", "texts": "; "}


def _cell(kind: str, text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip()
    if kind not in JOINERS:
        return text
    items = dict.fromkeys(part.strip() for part in text.split(";") if part.strip())
    return JOINERS[kind].join(items)


def canonical_rows(table: str, header: list[str], rows: list[list[str]]) -> list[list[str]]:
    """Return the rows of ``table`` (cells in ``header`` order) in canonical form, in the table's column order."""
    spec = SPECS[table]
    columns = list(spec)
    kept: dict[tuple[str, ...], list[str]] = {}
    for row in rows:
        cells = dict(zip(header, row, strict=False))
        canonical = [_cell(spec[c].kind, cells.get(c) or "") for c in columns]
        kept.setdefault(tuple(canonical), canonical)
    key = [columns.index(c) for c in KEYS[table]]

    def order(row: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return tuple(row[i].casefold() for i in key), tuple(c.casefold() for c in row)

    return sorted(kept.values(), key=order)


def canonical_text(path: Path, table: str) -> str:
    """Return the canonical text of the table file ``path``."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(SPECS[table]))
    writer.writerows(canonical_rows(table, header, rows))
    return out.getvalue()


def tidy(folder: Path, check: bool = False) -> list[Path]:
    """Write every table of ``folder`` in canonical form (each file atomically); return the files not in it.

    With ``check``, nothing is written.
    """
    from healthgraph.files import atomic_write

    changed = []
    for table in SPECS:
        path = folder / f"{table}.csv"
        if not path.exists():
            continue
        text = canonical_text(path, table)
        if path.read_bytes() != text.encode("utf-8"):
            changed.append(path)
            if not check:
                atomic_write(path, lambda temp, text=text: temp.write_text(text, encoding="utf-8"))  # type: ignore[misc]
    return changed
