"""Reconcile: decide which spellings name the same organisation, through a reviewable crosswalk file.

Method, in order:

1. ``normalised``: names equal once case, accents, punctuation and legal forms (SA, SAS, SARL, GIE...)
   are folded are the same organisation (decision ``same``, automatic).
2. ``curated``: a name whose normalised form equals a label or alternative name of a curated entity is
   that entity (decision ``same``, automatic).
   Names that differ from a curated name only by spacing ("Lyon biopôle", "Lyonbiopôle") match it too.
3. ``fuzzy``: otherwise, the closest curated name or other partner name by rapidfuzz ``token_set_ratio``
   (>= 90) in the same city, or an acronym match, is proposed with its score and an empty decision, for a
   curator to set to ``same`` or ``different``. Only ``same`` rows merge anything.

The crosswalk (``data/anr_crosswalk.csv``) keeps every decision; regenerating it keeps decisions already made.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process
from rdflib import Graph

from healthgraph.cells import for_spreadsheet, from_spreadsheet
from healthgraph.namespaces import HGID, RDFS, SKOS

__all__ = [
    "CROSSWALK_COLUMNS",
    "Crosswalk",
    "Decision",
    "curated_names",
    "normalise_name",
    "propose",
    "read_crosswalk",
    "read_decisions",
    "write_crosswalk",
    "write_decisions",
]

LEGAL_FORMS = {"sa", "sas", "sasu", "sarl", "eurl", "gie", "gip", "scop", "sca", "se", "inc", "ltd", "gmbh"}
CROSSWALK_COLUMNS = ["name", "normalised", "city", "target", "method", "score", "decision", "note"]
THRESHOLD = 90.0


def normalise_name(name: str) -> str:
    """Fold case, accents, punctuation and legal forms.

    >>> normalise_name("METEO-FRANCE SA")
    'meteo france'
    """
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(w for w in words if w not in LEGAL_FORMS)


def _acronym(name: str) -> str:
    words = [w for w in re.split(r"[\s\-']+", name) if w and w[0].isupper() and w.lower() not in ("de", "du", "des")]
    return "".join(w[0] for w in words).lower()


@dataclass
class Decision:
    """One crosswalk row: a source spelling, what it was matched to, how, and the curator's decision."""

    name: str
    normalised: str
    city: str
    target: str
    method: str
    score: str
    decision: str
    note: str


class Crosswalk:
    """Decisions keyed by source spelling; resolves a spelling to an organisation key."""

    def __init__(self, rows: Iterable[Decision]) -> None:
        """Index the decisions."""
        self.rows = {row.name: row for row in rows}

    def resolve(self, name: str) -> tuple[str, bool]:
        """Return (key, is_curated): a curated entity id, or the normalised key of the organisation."""
        seen: set[str] = set()
        key, curated = normalise_name(name), False
        row = self.rows.get(name)
        while row is not None and row.decision == "same" and row.target and row.name not in seen:
            seen.add(row.name)
            if row.target.startswith("curated:"):
                return row.target.removeprefix("curated:"), True
            key = row.target
            row = next((r for r in self.rows.values() if r.normalised == key and r.name not in seen), None)
        return key, curated


def propose(names: dict[str, str], curated: dict[str, str], existing: Crosswalk | None = None) -> list[Decision]:
    """Propose a crosswalk for ``names`` (spelling -> city) against ``curated`` (normalised name -> entity id)."""
    existing = existing or Crosswalk([])
    rows = []
    keys = {normalise_name(n) for n in names}
    choices = sorted(set(curated) | keys)
    acronyms = {_acronym(n): n for n in names if len(_acronym(n)) >= 3}
    compact = {c.replace(" ", ""): entity for c, entity in curated.items()}
    for name, city in sorted(names.items()):
        key = normalise_name(name)
        kept = existing.rows.get(name)
        if kept is not None and kept.decision and not _automatic(kept):
            rows.append(kept)
            continue
        if key in curated:
            rows.append(Decision(name, key, city, f"curated:{curated[key]}", "curated", "100", "same", ""))
            continue
        if key.replace(" ", "") in compact:
            target = f"curated:{compact[key.replace(' ', '')]}"
            rows.append(Decision(name, key, city, target, "curated", "100", "same", "spacing differs from the name"))
            continue
        best = [
            c
            for c in process.extract(key, choices, scorer=fuzz.token_set_ratio, limit=4)
            if c[0] != key and c[1] >= THRESHOLD
        ]
        acronym_hit = acronyms.get(key.replace(" ", ""))
        if best:
            choice, score, _ = best[0]
            target = f"curated:{curated[choice]}" if choice in curated else choice
            rows.append(Decision(name, key, city, target, "fuzzy", f"{score:.0f}", "", "review: same or different?"))
        elif acronym_hit and normalise_name(acronym_hit) != key:
            rows.append(
                Decision(name, key, city, normalise_name(acronym_hit), "acronym", "", "", "review: same or different?")
            )
        else:
            rows.append(Decision(name, key, city, "", "normalised", "", "same" if key else "", ""))
    return rows


def _automatic(row: Decision) -> bool:
    """Tell whether a row is the automatic "its own organisation" match, proposed again on each run."""
    return row.method == "normalised" and row.decision == "same" and not row.target and not row.note


def read_crosswalk(path: Path) -> Crosswalk:
    """Read the crosswalk CSV (an absent file is an empty crosswalk); bad rows name their line."""
    return Crosswalk(Decision(**row) for _, row in read_decisions(path, CROSSWALK_COLUMNS))


def read_decisions(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Read a crosswalk CSV of ``columns`` (any kind) as (line, cells); an absent file has no rows.

    Raise ``ValueError`` naming the file and line of a wrong header or a decision other than same/different/empty.
    """
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            raise ValueError(f"{path}:1: crosswalk columns must be {', '.join(columns)}")
        rows = []
        for line, row in enumerate(reader, start=2):
            if row["decision"] not in ("", "same", "different"):
                raise ValueError(f"{path}:{line}: decision must be same, different or empty, got {row['decision']!r}")
            rows.append((line, {k: from_spreadsheet(row[k] or "") for k in columns}))
    return rows


def write_crosswalk(rows: list[Decision], path: Path) -> None:
    """Write the crosswalk atomically, one row per source spelling."""
    write_decisions(rows, CROSSWALK_COLUMNS, path)


def write_decisions(rows: Iterable[object], columns: list[str], path: Path) -> None:
    """Write crosswalk rows (objects with an attribute per column) atomically, cells made spreadsheet-safe."""
    from healthgraph.files import atomic_write

    def write(temp: Path) -> None:
        with temp.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([for_spreadsheet(str(getattr(row, c))) for c in columns])

    atomic_write(path, write)


def curated_names(graph: Graph) -> dict[str, str]:
    """Return every label and alternative name of the curated entities, folded, with the entity's id."""
    names: dict[str, str] = {}
    for prop in (RDFS.label, SKOS.altLabel):
        for node, name in graph.subject_objects(prop):
            ident = str(node).removeprefix(str(HGID))
            if "/" not in ident:
                names.setdefault(normalise_name(str(name)), ident)
    return names
