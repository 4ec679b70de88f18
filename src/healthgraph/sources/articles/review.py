"""The review file: one row per candidate with the curated records' columns, for a curator to accept or reject.

Columns: ``decision`` (empty, accept, reject), ``candidate`` (its kind), ``table``, ``review_status`` (new, known,
conflict), ``score``, ``rule``, ``char_start``, ``char_end`` (offsets in the normalised text), ``sentence``,
``relation_label`` (what the rule read, as in gold.tsv: member_of, president_of…), ``subject_text``,
``object_text`` (a few words, never a sentence), ``known_as``, then every column of the curated tables the
candidates map onto (``source`` and ``locator`` filled).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from healthgraph.cells import for_spreadsheet, from_spreadsheet
from healthgraph.files import atomic_write
from healthgraph.sources.articles.candidates import KIND_TABLES, Candidate

__all__ = ["DECISIONS", "REVIEW_COLUMNS", "ReviewError", "ReviewRow", "read_review", "read_rows", "write_review"]

DECISIONS = ("", "accept", "reject")
_META = ["decision", "candidate", "table", "review_status", "score", "rule", "char_start", "char_end", "sentence",
         "relation_label", "subject_text", "object_text", "known_as"]  # fmt: skip


def _record_columns() -> list[str]:
    from healthgraph.curation.records import SPECS

    columns: list[str] = []
    for table in dict.fromkeys(KIND_TABLES.values()):
        for name in SPECS[table]:
            if name not in columns and name not in _META:
                columns.append(name)
    for table in ("labellings", "sources"):
        for name in SPECS[table]:
            if name not in columns and name not in _META:
                columns.append(name)
    return columns


REVIEW_COLUMNS = _META + _record_columns()


class ReviewError(ValueError):
    """A review file that breaks a rule: names the file, the line and the rule."""

    def __init__(self, path: Path | str, line: int, rule: str) -> None:
        """Keep where and why; the message is ``file:line: rule``."""
        self.path, self.line, self.rule = str(path), line, rule
        super().__init__(f"{path}:{line}: {rule}")


@dataclass
class ReviewRow:
    """A candidate read back from a review file, with the curator's decision and its line."""

    candidate: Candidate
    decision: str
    line: int


def _row(candidate: Candidate, source: str) -> dict[str, str]:
    row = {name: "" for name in REVIEW_COLUMNS}
    row.update({k: v for k, v in candidate.values.items() if k in row})
    row.update(candidate=candidate.kind, table=candidate.table, review_status=candidate.status,
               score=f"{candidate.score:.2f}", rule=candidate.rule, char_start=str(candidate.start),
               char_end=str(candidate.end),
               sentence=str(candidate.sentence), relation_label=candidate.relation,
               subject_text=candidate.names.get("subject", ""), object_text=candidate.names.get("object", ""),
               known_as=candidate.known_as)  # fmt: skip
    row["source"] = row["source"] or source
    row["locator"] = row["locator"] or f"chars {candidate.start}-{candidate.end}"
    return row


def write_review(
    path: Path | str, candidates: Iterable[Candidate], source: str, source_row: dict[str, str] | None = None
) -> int:
    """Write ``candidates`` to the review CSV ``path`` citing ``source``; return the number of candidate rows.

    With ``source_row`` (the proposed ``sources.csv`` row), a first row of kind ``source`` carries it: accepting
    any fact adds it to the sources.
    """
    rows = [_row(c, source) for c in candidates]
    count = len(rows)
    if source_row:
        head = {name: "" for name in REVIEW_COLUMNS}
        head.update({k: v for k, v in source_row.items() if k in head})
        head.update(candidate="source", table="sources", id=source)
        rows.insert(0, head)
    rows = [{key: for_spreadsheet(str(value)) for key, value in row.items()} for row in rows]

    def write(temporary: Path) -> None:
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=REVIEW_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)

    atomic_write(Path(path), write)
    return count


def _candidate(path: Path, line: int, row: dict[str, str]) -> Candidate:
    try:
        start, end, sentence = int(row["char_start"]), int(row["char_end"]), int(row["sentence"] or -1)
        score = float(row["score"])
    except (KeyError, ValueError) as error:
        raise ReviewError(path, line, f"offsets, sentence and score must be numbers ({error})") from error
    kind = row.get("candidate", "")
    table = KIND_TABLES.get(kind)
    if table is None:
        raise ReviewError(path, line, f"field 'candidate': unknown kind {kind!r}")
    from healthgraph.curation.records import SPECS

    wanted = set(SPECS["labellings"] if row.get("table") == "labellings" else SPECS[table]) | {"type", "status"}
    values = {k: v for k, v in row.items() if k in wanted and k not in _META and v}
    names = {"subject": row.get("subject_text", ""), "object": row.get("object_text", "")}
    try:
        return Candidate(kind, values, start, end, sentence, row.get("rule", ""), score,
                         {k: v for k, v in names.items() if v}, row.get("relation_label", ""),
                         row.get("review_status") or "new",
                         row.get("known_as", ""))  # fmt: skip
    except ValueError as error:
        raise ReviewError(path, line, str(error)) from error


def read_review(path: Path | str) -> list[ReviewRow]:
    """Read a review CSV; raise ReviewError naming the line of a bad decision, kind, offset or header."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        required = ("decision", "candidate", "char_start", "char_end", "score")
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ReviewError(path, 1, f"missing columns: {', '.join(missing)}")
        rows = []
        for line, cells in enumerate(reader, start=2):
            row = {key: from_spreadsheet(value or "") for key, value in cells.items() if key is not None}
            if row.get("candidate") == "source":
                continue
            decision = (row.get("decision") or "").strip().lower()
            if decision not in DECISIONS:
                raise ReviewError(path, line, f"field 'decision': {decision!r} is not empty, accept or reject")
            rows.append(ReviewRow(_candidate(path, line, row), decision, line))
    return rows


def read_rows(path: Path | str) -> tuple[dict[str, str] | None, list[tuple[int, dict[str, str]]]]:
    """Return the review's source row and its accepted rows with their lines, as the curated records' cells.

    Decisions are checked first (:func:`read_review` raises :class:`ReviewError` naming the line).
    """
    read_review(path)
    source: dict[str, str] | None = None
    accepted: list[tuple[int, dict[str, str]]] = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for line, cells in enumerate(csv.DictReader(handle), start=2):
            row = {key: from_spreadsheet(value or "") for key, value in cells.items() if key is not None}
            if row.get("candidate") == "source":
                source = row
            elif (row.get("decision") or "").strip().lower() == "accept":
                accepted.append((line, row))
    return source, accepted
