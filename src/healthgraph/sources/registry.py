"""Registry records: what the ROR and FINESS readers both produce, one organisation of a registry file each.

A record keeps the registry's own words (names, acronyms, city, type) and identifiers, and the file line it
was read from, so that every statement made from it can cite the dataset and the line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from healthgraph.errors import DataError, DataErrors

__all__ = ["Name", "RegistryRecord", "Relationship", "keep_records"]


@dataclass(frozen=True)
class Name:
    """A name of a record: its text, its language (``fr``, ``en`` or empty) and kind (label, alias, acronym)."""

    value: str
    lang: str
    kind: str


@dataclass(frozen=True)
class Relationship:
    """A link from a record to another record: ``parent``, ``child``, ``related``, ``predecessor``, ``successor``."""

    kind: str
    record: str
    label: str


@dataclass
class RegistryRecord:
    """One organisation of a registry: id, names, kind, city, identifiers, relationships and file line.

    ``identifiers`` maps a scheme (``ror``, ``wikidata``, ``grid``, ``isni``, ``fundref``, ``finess``) to its
    values in canonical form (ISNI without spaces, FINESS with its nine characters).
    """

    record: str
    name: str
    line: int
    names: list[Name] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    city: str = ""
    status: str = "active"
    identifiers: dict[str, list[str]] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)

    @property
    def acronyms(self) -> list[str]:
        """Return the record's acronyms."""
        return [n.value for n in self.names if n.kind == "acronym"]

    @property
    def full_names(self) -> list[str]:
        """Return the record's names that are not acronyms, the display name first, without repeats."""
        names = [self.name] + [n.value for n in self.names if n.kind != "acronym"]
        return list(dict.fromkeys(names))


def keep_records(
    path: Path, label: str, parsed: Iterable[tuple[int, RegistryRecord | DataError]], wanted: set[str] | None
) -> list[RegistryRecord]:
    """Keep the records of a registry file read line by line: the ``wanted`` ones (all when ``None``).

    ``parsed`` gives each line's record, or the problem it has; a record id met twice is a problem too
    (``"<label> <id> also on line <n>"``). Raise ``DataErrors`` with at most 20 problems if there is any.
    """
    records: list[RegistryRecord] = []
    errors: list[DataError] = []
    seen: dict[str, int] = {}
    for line, item in parsed:
        if isinstance(item, DataError):
            errors.append(item)
            continue
        if item.record in seen:
            errors.append(DataError(str(path), line, "id", f"{label} {item.record} also on line {seen[item.record]}"))
        seen.setdefault(item.record, line)
        if wanted is None or item.record in wanted:
            records.append(item)
    if errors:
        raise DataErrors(errors[:20])
    return records
