"""Registry crosswalk: which registry record (ROR, FINESS) names which curated entity or ANR organisation.

One row per candidate pair (record, target), for a curator to decide. Method, in order:

1. ``name``: a name of the record (display name, label, alias), folded (``folded``: ``reconcile.normalise_name``,
   hospital abbreviations such as CHU expanded, a bracketed country left out), equals a name of the target;
2. ``acronym``: an acronym of the record equals a name of the target, spaces and hyphens aside (score 100);
3. ``fuzzy``: the closest target names by rapidfuzz ``token_sort_ratio`` (>= 90), with their score, when the
   cities agree (or one is unknown).

Only ``same`` merges. A ``name`` candidate is set to ``same`` automatically when it pairs an active record with
an ANR organisation, neither has another ``name`` candidate and their cities agree (or one is unknown); every
candidate for a curated entity waits for a curator. Regenerating keeps every row whose decision is set.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

from rapidfuzz import fuzz, process

from healthgraph.labels import fold
from healthgraph.sources.reconcile import normalise_name, read_decisions, write_decisions
from healthgraph.sources.registry import RegistryRecord

__all__ = [
    "COLUMNS",
    "Candidate",
    "RegistryCrosswalk",
    "Target",
    "cities_agree",
    "crosswalk_for_build",
    "folded",
    "propose_candidates",
    "read_registry_crosswalk",
    "write_registry_crosswalk",
]

THRESHOLD = 90.0
# Abbreviations that hospital names are written with, expanded so that "CHU de Lille" meets
# "Centre Hospitalier Universitaire de Lille"; a country in brackets ("Sanofi (France)") is left out.
EXPANSIONS = {
    "chu": "centre hospitalier universitaire",
    "chru": "centre hospitalier regional universitaire",
    "chr": "centre hospitalier regional",
    "ch": "centre hospitalier",
}
COUNTRY = re.compile(r"\s*\((?:France|FR)\)\s*$")


def folded(name: str) -> str:
    """Return ``name`` folded for matching: normalised, abbreviations expanded, a bracketed country left out.

    >>> folded("CHU de Lille") == folded("Centre Hospitalier Universitaire de Lille")
    True
    >>> folded("Sanofi (France)")
    'sanofi'
    """
    words = normalise_name(COUNTRY.sub("", name)).split()
    return " ".join(EXPANSIONS.get(w, w) for w in words)


@dataclass
class Candidate:
    """One crosswalk row: a registry record, a target it may name, how it was found, the curator's decision."""

    record: str
    name: str
    normalised: str
    acronyms: str
    city: str
    type: str
    target: str
    target_name: str
    target_city: str
    method: str
    score: str
    decision: str
    note: str


COLUMNS = [f.name for f in fields(Candidate)]


@dataclass(frozen=True)
class Target:
    """What a record may name: ``curated:<id>`` or ``anr:<slug>``, with its names, city and kinds."""

    key: str
    name: str
    names: tuple[str, ...]
    city: str = ""
    kind: str = ""


class RegistryCrosswalk:
    """The rows of a registry crosswalk, and the targets their ``same`` decisions give each record."""

    def __init__(self, rows: Iterable[Candidate]) -> None:
        """Index the rows by (record, target)."""
        self.rows = {(row.record, row.target): row for row in rows}

    def same(self) -> dict[str, list[str]]:
        """Return record -> targets decided ``same`` (curated targets first)."""
        found: dict[str, list[str]] = defaultdict(list)
        for row in sorted(self.rows.values(), key=lambda r: (not r.target.startswith("curated:"), r.target)):
            if row.decision == "same":
                found[row.record].append(row.target)
        return dict(found)

    def waiting(self) -> int:
        """Return how many candidates wait for a curator's decision."""
        return sum(1 for row in self.rows.values() if not row.decision)


@dataclass
class _Index:
    """Target names, folded, and the targets carrying them."""

    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_compact: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    targets: dict[str, Target] = field(default_factory=dict)

    def add(self, target: Target) -> None:
        self.targets[target.key] = target
        for name in target.names:
            key = folded(name)
            if key:
                self.by_name[key].add(target.key)
                self.by_compact[key.replace(" ", "")].add(target.key)


def _found(record: RegistryRecord, index: _Index) -> dict[str, tuple[str, float, str]]:
    """Return target key -> (method, score, the record's name that matched) for one record."""
    found: dict[str, tuple[str, float, str]] = {}
    for name in record.full_names:
        for key in index.by_name.get(folded(name), ()):
            found.setdefault(key, ("name", 100.0, name))
    for acronym in record.acronyms:
        for key in index.by_compact.get(normalise_name(acronym).replace(" ", ""), ()):
            found.setdefault(key, ("acronym", 100.0, acronym))
    choices = list(index.by_name)
    for name in record.full_names[:4]:
        query = folded(name)
        for choice, score, _ in process.extract(query, choices, scorer=fuzz.token_sort_ratio, limit=3):
            if score < THRESHOLD:
                break
            for key in index.by_name[choice]:
                if key not in found or (found[key][0] == "fuzzy" and found[key][1] < score):
                    found[key] = ("fuzzy", score, name)
    return found


def _row(record: RegistryRecord, target: Target, method: str, score: float, name: str) -> Candidate:
    return Candidate(
        record=record.record,
        name=record.name,
        normalised=folded(name),
        acronyms="; ".join(record.acronyms),
        city=record.city,
        type="; ".join(record.types),
        target=target.key,
        target_name=target.name,
        target_city=target.city,
        method=method,
        score=f"{score:.0f}",
        decision="",
        note="" if record.status == "active" else f"record {record.status}",
    )


def _city_key(city: str) -> str:
    """Fold a city name, leaving out postal words and numbers (``Limoges Cedex 1`` -> ``limoges``)."""
    words = [{"st": "saint", "ste": "sainte"}.get(w, w) for w in fold(city).split()]
    return " ".join(w for w in words if w not in ("cedex", "cedx") and not w.isdigit())


def cities_agree(one: str, other: str) -> bool:
    """Return whether two cities are the same commune, or one of them is unknown.

    >>> cities_agree("ST HERBLAIN", "Saint-Herblain"), cities_agree("Évry", "Évry-Courcouronnes")
    (True, True)
    >>> cities_agree("Tours", "Toulouse")
    False
    """
    a, b = _city_key(one), _city_key(other)
    return not a or not b or a.startswith(b) or b.startswith(a)


def _cities_agree(row: Candidate) -> bool:
    return cities_agree(row.city, row.target_city)


def _decide(rows: list[Candidate], active: set[str]) -> None:
    """Set ``same`` on the unambiguous ``name`` candidates that pair a record with an ANR organisation."""
    per_record: dict[str, int] = defaultdict(int)
    per_target: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.method == "name" and row.record in active:
            per_record[row.record] += 1
            per_target[row.target] += 1
    for row in rows:
        automatic = row.method == "name" and row.record in active and row.target.startswith("anr:")
        if automatic and per_record[row.record] == per_target[row.target] == 1 and _cities_agree(row):
            row.decision, row.note = "same", "automatic: same folded name, same city or one unknown"
        elif not row.note:
            row.note = "review: same or different?"


def propose_candidates(
    records: list[RegistryRecord], targets: Iterable[Target], existing: RegistryCrosswalk | None = None
) -> list[Candidate]:
    """Propose the crosswalk of ``records`` against ``targets``; rows of ``existing`` with a decision are kept."""
    index = _Index()
    for target in targets:
        index.add(target)
    rows = []
    for record in records:
        for key, (method, score, name) in sorted(_found(record, index).items()):
            row = _row(record, index.targets[key], method, score, name)
            if method != "fuzzy" or _cities_agree(row):
                rows.append(row)
    _decide(rows, {r.record for r in records if r.status == "active"})
    kept = {key: row for key, row in (existing.rows if existing else {}).items() if row.decision}
    merged = {(row.record, row.target): row for row in rows}
    merged.update(kept)
    return sorted(merged.values(), key=lambda r: (r.record, r.target))


def crosswalk_for_build(path: Path) -> RegistryCrosswalk:
    """Read a registry crosswalk for a build: a bad file is a ``DataErrors`` naming it, as a bad record is."""
    from healthgraph.errors import DataError, DataErrors

    try:
        return read_registry_crosswalk(path)
    except ValueError as exc:
        raise DataErrors([DataError(str(path), 0, "", str(exc))]) from None


def read_registry_crosswalk(path: Path) -> RegistryCrosswalk:
    """Read a registry crosswalk CSV (an absent file is an empty crosswalk); a bad row raises naming its line."""
    rows = []
    for line, row in read_decisions(path, COLUMNS):
        if not row["target"].startswith(("curated:", "anr:")):
            raise ValueError(f"{path}:{line}: target must be curated:<id> or anr:<slug>, got {row['target']!r}")
        rows.append(Candidate(**row))
    return RegistryCrosswalk(rows)


def write_registry_crosswalk(rows: list[Candidate], path: Path) -> None:
    """Write the crosswalk atomically, one row per candidate (``propose_candidates`` sorts them by record, target)."""
    write_decisions(rows, COLUMNS, path)
