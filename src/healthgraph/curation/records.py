"""Records: curated CSV files -> typed records, failing with file, line and field."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from healthgraph.cells import CONTROL_RE
from healthgraph.errors import DataError, DataErrors

__all__ = [
    "SPECS",
    "Column",
    "Curated",
    "Record",
    "parse_date",
    "read_curated",
    "read_table",
]

ENTITY_KINDS = [
    "pole",
    "pole-network",
    "network",
    "association",
    "biocluster",
    "tiers-lieu",
    "agency",
    "funder",
    "local-authority",
    "company",
    "startup",
    "sme",
    "large-company",
    "research",
    "university",
    "hospital",
    "working-group",
    "person",
    "programme",
    "funding-programme",
    "project",
    "label",
    "organisation",
]
RELATIONS = [
    "member",
    "partner",
    "co-membership",
    "founder",
    "operator",
    "coordinator",
    "participant",
    "supporter",
    "lead",
    "collaborator",
    "contributor",
    "initiator",
    "laureate",
    "steering",
    "evaluator",
    "monitor",
    "attached-to",
    "state-representative",
    "shareholder",
    "animator",
    "affiliated",
    "part-of",
    "focus",
]
EVENT_TYPES = ["creation", "renaming", "merger", "launch", "announcement", "scope-change"]
QUALIFIERS = ["exact", "about", "more-than", "up-to"]
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
URL_RE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class Column:
    """A column of a curated table: its type, whether it is required, what it refers to."""

    kind: str  # id, text, texts, date, bool, decimal, url, enum, enums, ref, refs
    required: bool = False
    choices: tuple[str, ...] = ()
    table: tuple[str, ...] = ()  # for ref/refs: the tables an id may come from


def _c(kind: str, required: bool = False, choices: list[str] | None = None, table: str = "") -> Column:
    return Column(kind, required, tuple(choices or ()), tuple(t for t in table.split("|") if t))


_SOURCED = {"source": _c("refs", True, table="sources"), "locator": _c("text"), "note": _c("text")}

SPECS: dict[str, dict[str, Column]] = {
    "sources": {
        "id": _c("id", True),
        "kind": _c("enum", True, ["article", "interview", "web", "dataset", "report"]),
        "title": _c("text", True),
        "author": _c("text"),
        "date": _c("date"),
        "date_inferred": _c("bool"),
        "url": _c("url"),
        "note": _c("text"),
    },
    "roles": {"id": _c("id", True), "label_fr": _c("text", True), "label_en": _c("text", True)},
    "measures": {
        "id": _c("id", True),
        "label_fr": _c("text", True),
        "label_en": _c("text", True),
        "unit": _c("text", True),
    },
    "places": {"id": _c("id", True), "label_fr": _c("text", True), "label_en": _c("text", True)},
    "themes": {
        "id": _c("id", True),
        "scheme": _c("enum", True, ["filiere", "axis", "das", "domain", "market"]),
        "label_fr": _c("text", True),
        "label_en": _c("text", True),
        "broader": _c("ref", table="themes"),
        "note": _c("text"),
    },
    "entities": {
        "id": _c("id", True),
        "kind": _c("enums", True, ENTITY_KINDS),
        "label_fr": _c("text", True),
        "label_en": _c("text", True),
        "alt_names": _c("texts"),
        "regions": _c("refs", table="regions"),
        "location": _c("ref", table="places"),
        "website": _c("url"),
        "identifiers": _c("texts"),
        "source": _c("refs", True, table="sources"),
        "note": _c("text"),
    },
    "relations": {
        "relation": _c("enum", True, RELATIONS),
        "subject": _c("ref", True, table="entities"),
        "object": _c("ref", True, table="entities|themes"),
        "role": _c("ref", table="roles"),
        "start": _c("date"),
        "end": _c("date"),
        **_SOURCED,
    },
    "events": {
        "type": _c("enum", True, EVENT_TYPES),
        "subject": _c("ref", True, table="entities"),
        "date": _c("date", True),
        "date_inferred": _c("bool"),
        "predecessors": _c("refs", table="entities"),
        "successors": _c("refs", table="entities"),
        "agents": _c("refs", table="entities"),
        "location": _c("ref", table="places"),
        "description_en": _c("text", True),
        **_SOURCED,
    },
    "labellings": {
        "entity": _c("ref", True, table="entities"),
        "label": _c("ref", True, table="entities"),
        "programme": _c("ref", table="entities"),
        "date": _c("date", True),
        "duration_years": _c("decimal"),
        "status": _c("enum", True, ["labelled", "probation", "not-labelled"]),
        "awarded_by": _c("ref", table="entities"),
        **_SOURCED,
    },
    "posts": {
        "person": _c("ref", True, table="entities"),
        "organisation": _c("ref", True, table="entities"),
        "role": _c("ref", True, table="roles"),
        "start": _c("date"),
        "end": _c("date"),
        "as_of": _c("date"),
        **_SOURCED,
    },
    "fundings": {
        "funder": _c("ref", table="entities"),
        "beneficiary": _c("ref", True, table="entities"),
        "programme": _c("ref", table="entities"),
        "amount": _c("decimal"),
        "qualifier": _c("enum", choices=QUALIFIERS),
        "currency": _c("enum", choices=["EUR"]),
        "duration_years": _c("decimal"),
        "date": _c("date", True),
        **_SOURCED,
    },
    "figures": {
        "subject": _c("ref", True, table="entities|themes"),
        "measure": _c("ref", True, table="measures"),
        "value": _c("decimal", True),
        "qualifier": _c("enum", choices=QUALIFIERS),
        "unit": _c("text", True),
        "date": _c("date"),
        "date_inferred": _c("bool"),
        **_SOURCED,
    },
}


@dataclass
class Record:
    """One row of a curated table, with its typed values and where it came from."""

    table: str
    path: str
    line: int
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        """Return the typed value of column ``key`` (None, [] or False when empty)."""
        return self.values[key]

    @property
    def where(self) -> str:
        """Return ``file:line`` for messages."""
        return f"{self.path}:{self.line}"


@dataclass
class Curated:
    """All curated tables, read and cross-checked."""

    tables: dict[str, list[Record]] = field(default_factory=dict)
    regions: dict[str, Any] = field(default_factory=dict)

    def rows(self, table: str) -> list[Record]:
        """Return the records of ``table`` (empty when the file is absent)."""
        return self.tables.get(table, [])

    def ids(self, table: str) -> set[str]:
        """Return the ids defined in ``table`` (region codes for ``regions``)."""
        if table == "regions":
            return set(self.regions)
        return {r["id"] for r in self.rows(table)} if "id" in SPECS[table] else set()


def parse_date(text: str) -> str:
    """Check an ISO date of year, month or day precision and return it.

    >>> parse_date("2018-04")
    '2018-04'
    """
    if not DATE_RE.match(text):
        raise ValueError(f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a valid calendar date ({exc})") from None
    return text


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _single(column: Column, text: str) -> str:
    if column.kind == "id" and not re.match(r"^[a-z0-9][a-z0-9-]*$", text):
        raise ValueError(f"'{text}' is not an id: use lower-case letters, digits and '-'")
    if column.kind == "url" and not URL_RE.match(text):
        raise ValueError(f"'{text}' is not an http(s) URL without spaces or angle brackets")
    if column.kind == "enum" and text not in column.choices:
        raise ValueError(f"'{text}' is not one of: {', '.join(column.choices)}")
    return text


def _several(column: Column, text: str) -> list[str]:
    items = _split(text)
    bad = [i for i in items if column.kind == "enums" and i not in column.choices]
    if bad:
        raise ValueError(f"{bad} not among: {', '.join(column.choices)}")
    return items


def _boolean(column: Column, text: str) -> bool:
    if text.lower() not in ("yes", "no", "true", "false"):
        raise ValueError(f"'{text}' is not yes/no")
    return text.lower() in ("yes", "true")


def _decimal(column: Column, text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number (use a dot for decimals, no spaces)") from None
    if not value.is_finite():
        raise ValueError(f"'{text}' is not a finite number")
    return value


CONVERTERS: dict[str, Any] = {
    **dict.fromkeys(("text", "id", "ref", "url", "enum"), _single),
    **dict.fromkeys(("texts", "refs", "enums"), _several),
    "date": lambda column, text: parse_date(text),
    "bool": _boolean,
    "decimal": _decimal,
}


def _convert(column: Column, text: str) -> Any:
    return CONVERTERS[column.kind](column, text)


def _empty(column: Column) -> Any:
    return [] if column.kind in ("texts", "refs", "enums") else (False if column.kind == "bool" else None)


def read_table(path: Path, table: str, display: str | None = None) -> tuple[list[Record], list[DataError]]:
    """Read one curated CSV ``path`` against the spec of ``table``; return records and errors."""
    spec = SPECS[table]
    name = display or path.name
    records: list[Record] = []
    errors: list[DataError] = []
    try:
        handle = path.open(encoding="utf-8-sig", newline="")  # a byte-order mark (spreadsheet exports) is dropped
    except OSError as exc:
        return [], [DataError(name, 0, "", f"cannot read file: {exc.strerror}")]
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                return [], [DataError(name, 1, "", "file is empty: a header row is required")]
            errors += [
                DataError(name, 1, col, f"unknown column (expected: {', '.join(spec)})")
                for col in header
                if col not in spec
            ]
            errors += [
                DataError(name, 1, col, "required column is missing")
                for col, c in spec.items()
                if c.required and col not in header
            ]
            if errors:
                return [], errors
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    errors.append(DataError(name, line, "", f"has {len(row)} cells, header has {len(header)}"))
                    continue
                controls = [DataError(name, line, col, problem) for col, problem in _control_characters(header, row)]
                if controls:
                    errors += controls
                    continue
                values, row_errors = _typed_row(spec, dict(zip(header, row, strict=True)), name, line)
                errors += row_errors
                if not row_errors:
                    records.append(Record(table, name, line, values))
        except (csv.Error, UnicodeDecodeError) as exc:
            errors.append(DataError(name, max(reader.line_num, 1), "", f"not a readable UTF-8 CSV file: {exc}"))
    return records, errors


def _control_characters(header: list[str], row: list[str]) -> Iterator[tuple[str, str]]:
    """Name each cell holding a control character (NUL, ESC, other C0 or C1 codes), which no output may carry."""
    for column, cell in zip(header, row, strict=True):
        found = CONTROL_RE.search(cell)
        if found:
            code = f"U+{ord(found.group(0)):04X}"
            yield column, f"contains the control character {code} at position {found.start() + 1}: remove it"


def _typed_row(
    spec: dict[str, Column], raw: dict[str, str], name: str, line: int
) -> tuple[dict[str, Any], list[DataError]]:
    values: dict[str, Any] = {}
    errors: list[DataError] = []
    for col, column in spec.items():
        text = raw.get(col, "").strip()
        if not text:
            if column.required:
                errors.append(DataError(name, line, col, "required value is empty"))
            values[col] = _empty(column)
            continue
        try:
            values[col] = _convert(column, text)
        except ValueError as exc:
            errors.append(DataError(name, line, col, str(exc)))
    return values, errors


def _check_references(curated: Curated) -> Iterator[DataError]:
    known = {table: curated.ids(table) for table in [*SPECS, "regions"]}
    targets_of: dict[tuple[str, ...], set[str]] = {}
    for table, spec in SPECS.items():
        seen: dict[str, Record] = {}
        for record in curated.rows(table):
            if "id" in spec:
                if record["id"] in seen:
                    first = seen[record["id"]]
                    yield DataError(
                        record.path, record.line, "id", f"duplicate id '{record['id']}' (first at {first.where})"
                    )
                seen[record["id"]] = record
            for col, column in spec.items():
                if column.kind not in ("ref", "refs"):
                    continue
                values = record[col] if column.kind == "refs" else [record[col]] if record[col] else []
                if column.table not in targets_of:
                    targets_of[column.table] = set().union(*(known[t] for t in column.table))
                targets = targets_of[column.table]
                for value in values:
                    if value not in targets:
                        close = difflib.get_close_matches(value, sorted(targets), n=3)
                        hint = f" (closest: {', '.join(close)})" if close else ""
                        tables = " or ".join(column.table)
                        yield DataError(record.path, record.line, col, f"unknown {tables} id '{value}'{hint}")


def read_curated(folder: Path, regions: dict[str, Any], root: Path | None = None) -> Curated:
    """Read every curated table in ``folder``, check references, raise ``DataErrors`` on any problem."""
    curated = Curated(regions=regions)
    errors: list[DataError] = []
    for table in SPECS:
        path = folder / f"{table}.csv"
        if not path.exists():
            errors.append(DataError(str(path), 0, "", "curated file is missing"))
            continue
        display = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        records, table_errors = read_table(path, table, display)
        curated.tables[table] = records
        errors += table_errors
    if not errors:
        errors += list(_check_references(curated))
    if errors:
        raise DataErrors(errors)
    return curated
