"""ROR records: the Research Organization Registry JSON lines (schema v1 and v2 mixed) -> registry records.

Schema v1 has ``name``, ``labels`` (``iso639``), ``aliases``, ``acronyms``, ``addresses`` and ``external_ids`` as
an object (``Wikidata``, ``GRID``, ``ISNI``, ``FundRef``); schema v2 has ``names`` (types ``ror_display``,
``label``, ``alias``, ``acronym``, with ``lang``), ``locations`` and ``external_ids`` as a list. Both give
``types``, ``status``, ``established`` and ``relationships`` (v1 capitalises the types).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from healthgraph.errors import DataError, DataErrors
from healthgraph.sources.registry import Name, RegistryRecord, Relationship, keep_records

__all__ = ["ROR_FILE", "read_ror", "read_ror_records", "ror_id"]

ROR_FILE = "ror_fr_records.jsonl"
ROR_ID = re.compile(r"^https://ror\.org/(0[a-z0-9]{6}[0-9]{2})$")
SCHEMES = {"wikidata": "wikidata", "grid": "grid", "isni": "isni", "fundref": "fundref"}
RELATIONSHIPS = {"parent", "child", "related", "predecessor", "successor"}
V2_KINDS = {"ror_display": "label", "label": "label", "alias": "alias", "acronym": "acronym"}


class _BadRecordError(Exception):
    """A record that breaks a rule: the field and the rule."""

    def __init__(self, field: str, rule: str) -> None:
        super().__init__(rule)
        self.field, self.rule = field, rule


def ror_id(iri: str) -> str:
    """Return the nine-character ROR id of a ROR IRI, or raise ``ValueError``.

    >>> ror_id("https://ror.org/00pg5jh14")
    '00pg5jh14'
    """
    match = ROR_ID.match(iri)
    if not match:
        raise ValueError(f"{iri!r} is not a ROR IRI https://ror.org/0xxxxxxNN")
    return match.group(1)


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _BadRecordError(field, "must be a non-empty string")
    return value.strip()


def _list(record: dict[str, Any], key: str) -> list[Any]:
    value = record.get(key) or []
    if not isinstance(value, list):
        raise _BadRecordError(key, "must be a list")
    return value


def _v1_names(record: dict[str, Any]) -> tuple[str, list[Name]]:
    name = _text(record.get("name"), "name")
    names = [Name(name, "", "label")]
    for label in _list(record, "labels"):
        if not isinstance(label, dict):
            raise _BadRecordError("labels", "each label is an object with 'label' and 'iso639'")
        names.append(Name(_text(label.get("label"), "labels"), str(label.get("iso639") or ""), "label"))
    names += [Name(_text(alias, "aliases"), "", "alias") for alias in _list(record, "aliases")]
    names += [Name(_text(acronym, "acronyms"), "", "acronym") for acronym in _list(record, "acronyms")]
    return name, names


def _v2_names(record: dict[str, Any]) -> tuple[str, list[Name]]:
    names, display = [], ""
    for entry in _list(record, "names"):
        if not isinstance(entry, dict) or not isinstance(entry.get("types"), list):
            raise _BadRecordError("names", "each name is an object with 'value', 'types' and 'lang'")
        value, types = _text(entry.get("value"), "names"), entry["types"]
        if "ror_display" in types:
            display = value
        kind = next((V2_KINDS[t] for t in ("acronym", "label", "alias", "ror_display") if t in types), "")
        if not kind:
            raise _BadRecordError("names", f"unknown name types {types!r}")
        names.append(Name(value, str(entry.get("lang") or ""), kind))
    if not display:
        raise _BadRecordError("names", "no name has the type 'ror_display'")
    return display, names


def _v1_identifiers(record: dict[str, Any]) -> dict[str, list[str]]:
    external = record.get("external_ids") or {}
    if not isinstance(external, dict):
        raise _BadRecordError("external_ids", "must be an object in schema v1")
    found: dict[str, list[str]] = {}
    for scheme, value in external.items():
        key = SCHEMES.get(scheme.lower())
        if key and isinstance(value, dict):
            values = value.get("all") or []
            found[key] = _canonical(key, [values] if isinstance(values, str) else values)
    return found


def _v2_identifiers(record: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for entry in _list(record, "external_ids"):
        if not isinstance(entry, dict):
            raise _BadRecordError("external_ids", "each identifier is an object with 'type' and 'all'")
        key = SCHEMES.get(str(entry.get("type")).lower())
        if key:
            found[key] = _canonical(key, entry.get("all") or [])
    return found


def _canonical(scheme: str, values: list[Any]) -> list[str]:
    texts = [str(v).replace(" ", "") if scheme == "isni" else str(v).strip() for v in values]
    return [t for t in dict.fromkeys(texts) if t]


def _relationships(record: dict[str, Any]) -> list[Relationship]:
    links = []
    for link in _list(record, "relationships"):
        if not isinstance(link, dict):
            raise _BadRecordError("relationships", "each relationship is an object with 'type', 'id' and 'label'")
        kind = str(link.get("type", "")).lower()
        if kind not in RELATIONSHIPS:
            raise _BadRecordError("relationships", f"unknown relationship type {link.get('type')!r}")
        try:
            target = ror_id(str(link.get("id")))
        except ValueError as exc:
            raise _BadRecordError("relationships", str(exc)) from None
        links.append(Relationship(kind, target, str(link.get("label") or "").strip()))
    return links


def _city(record: dict[str, Any], v2: bool) -> str:
    places = _list(record, "locations" if v2 else "addresses")
    for place in places:
        if isinstance(place, dict):
            city = (place.get("geonames_details") or {}).get("name") if v2 else place.get("city")
            if isinstance(city, str) and city.strip():
                return city.strip()
    return ""


def _record(data: Any, line: int) -> RegistryRecord:
    if not isinstance(data, dict):
        raise _BadRecordError("", "a line must hold one JSON object")
    try:
        identifier = ror_id(str(data.get("id")))
    except ValueError as exc:
        raise _BadRecordError("id", str(exc)) from None
    v2 = "names" in data
    name, names = _v2_names(data) if v2 else _v1_names(data)
    identifiers = _v2_identifiers(data) if v2 else _v1_identifiers(data)
    identifiers["ror"] = [identifier]
    types = [str(t).lower() for t in _list(data, "types")]
    details = {"established": str(data["established"])} if isinstance(data.get("established"), int) else {}
    details["schema"] = "2" if v2 else "1"
    return RegistryRecord(
        identifier,
        name,
        line,
        names=names,
        types=types,
        city=_city(data, v2),
        status=str(data.get("status") or "active"),
        identifiers=identifiers,
        relationships=_relationships(data),
        details=details,
    )


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8") as handle:
            yield from enumerate(handle, start=1)
    except (OSError, UnicodeDecodeError) as exc:
        raise DataErrors([DataError(str(path), 0, "", f"cannot read the ROR records: {exc}")]) from None


def read_ror_records(path: Path, wanted: set[str] | None = None) -> list[RegistryRecord]:
    """Read the ROR JSON lines file; with ``wanted`` (ROR ids), read only those records.

    A line that is not a ROR record in schema v1 or v2 raises ``DataErrors`` naming the file, the line, the
    field and the rule broken (at most 20 problems are listed).
    """
    chosen = (
        (line, text)
        for line, text in _lines(path)
        if text.strip() and (wanted is None or wanted.intersection(re.findall(r"ror\.org/(\w{9})", text)))
    )
    return keep_records(path, "ROR record", (_parsed(path, line, text) for line, text in chosen), wanted)


def _parsed(path: Path, line: int, text: str) -> tuple[int, RegistryRecord | DataError]:
    """Return a JSON line's record, or the problem it has."""
    try:
        return line, _record(json.loads(text), line)
    except json.JSONDecodeError as exc:
        return line, DataError(str(path), line, "", f"not JSON: {exc.msg} at column {exc.colno}")
    except _BadRecordError as bad:
        return line, DataError(str(path), line, bad.field, bad.rule)


def read_ror(shared: Path) -> list[RegistryRecord]:
    """Read every ROR record of the shared data folder's ``ror_fr_records.jsonl``."""
    return read_ror_records(shared / "data" / ROR_FILE)
