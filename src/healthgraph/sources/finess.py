"""FINESS import: the Eurostat GISCO hospitals of France (FINESS numbers) -> registry records and a named graph.

The file writes the FINESS geographic establishment number without its leading zero (``10000024`` is
``010000024``); Corsica's numbers start with ``2A`` or ``2B`` and keep their nine characters.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from healthgraph.curation.build import Build
from healthgraph.errors import DataError, DataErrors
from healthgraph.namespaces import GRAPH_FINESS, HG, HGID, PROV, RDF, RDFS, SDO, SKOS, bind_prefixes
from healthgraph.sources.registry import Name, RegistryRecord, keep_records
from healthgraph.sources.registry_crosswalk import crosswalk_for_build
from healthgraph.sources.registry_nodes import place_node, resolved_nodes
from healthgraph.sources.registry_terms import entry_triples, identifier_triples
from healthgraph.terms import decimal_literal

__all__ = [
    "COLUMNS",
    "CROSSWALK_FILE",
    "FINESS_FILE",
    "SOURCE",
    "FinessImport",
    "add_finess",
    "finess_number",
    "import_finess",
    "read_finess",
    "read_finess_records",
]

FINESS_FILE = "eurostat_healthcare_FR_2020.csv"
CROSSWALK_FILE = "finess_crosswalk.csv"
SOURCE = HGID["source/finess-eurostat-2020"]
COLUMNS = ["id", "hospital_name", "site_name", "lat", "lon", "street", "house_number", "postcode", "city"]
COLUMNS += ["facility_type", "public_private"]
NUMBER = re.compile(r"^(?:[0-9]{8,9}|2[AB][0-9]{7})$")
SECTORS = {"public": "public", "private": "private", "": ""}


@dataclass
class FinessImport:
    """The FINESS named graph and the counts a user checks against the file."""

    graph: Graph
    establishments: int = 0
    matched: int = 0


def finess_number(text: str) -> str:
    """Return the nine-character FINESS number of the file's ``id`` (leading zero restored), or raise.

    >>> finess_number("10000024")
    '010000024'
    >>> finess_number("2A0000022")
    '2A0000022'
    """
    value = text.strip()
    if not NUMBER.match(value):
        raise ValueError(f"{text!r} is not a FINESS number (8 or 9 digits, or 2A/2B and 7 digits)")
    return value.rjust(9, "0")


def _coordinate(text: str, bound: int, column: str) -> str:
    if not text.strip():
        return ""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"{column} {text!r} is not a decimal number") from None
    if not -bound <= value <= bound:
        raise ValueError(f"{column} {text!r} is out of range (-{bound} to {bound})")
    return text.strip()


def _city(text: str) -> str:
    """Return the commune without its arrondissement number (``LYON  08`` -> ``LYON``)."""
    return re.sub(r"\s+[0-9]{1,2}$", "", text.strip())


def _record(row: dict[str, str], line: int) -> RegistryRecord:
    number = finess_number(row["id"])
    name = row["hospital_name"].strip()
    if not name:
        raise ValueError("hospital_name is empty")
    if row["public_private"].strip() not in SECTORS:
        raise ValueError(f"public_private must be public, private or empty, got {row['public_private']!r}")
    names = [Name(name, "fr", "label")]  # the site name names a site, not the establishment: kept as a detail
    street = " ".join(p for p in (row["house_number"].strip(), row["street"].strip()) if p)
    details = {
        "lat": _coordinate(row["lat"], 90, "lat"),
        "lon": _coordinate(row["lon"], 180, "lon"),
        "address": ", ".join(p for p in (street, f"{row['postcode'].strip()} {row['city'].strip()}".strip()) if p),
        "sector": row["public_private"].strip(),
        "facility_type": row["facility_type"].strip(),
        "site": row["site_name"].strip(),
    }
    city, types = _city(row["city"]), [row["facility_type"].strip()] if row["facility_type"].strip() else []
    return RegistryRecord(number, name, line, names, types, city, identifiers={"finess": [number]}, details=details)


def read_finess_records(path: Path, wanted: set[str] | None = None) -> list[RegistryRecord]:
    """Read the hospitals file; with ``wanted`` (nine-character FINESS numbers), read only those rows.

    A bad row raises ``DataErrors`` naming the file, the line and the rule broken (at most 20 problems).
    """
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise DataErrors([DataError(str(path), 1, c, "required column is missing") for c in missing])
            rows = list(enumerate(reader, start=2))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataErrors([DataError(str(path), 0, "", f"cannot read the FINESS table: {exc}")]) from None
    columns = len(reader.fieldnames or [])
    return keep_records(path, "FINESS", (_parsed(path, line, row, columns) for line, row in rows), wanted)


def _parsed(path: Path, line: int, row: dict[str, str], columns: int) -> tuple[int, RegistryRecord | DataError]:
    """Return a table row's record, or the problem it has."""
    if None in row or any(v is None for v in row.values()):
        return line, DataError(str(path), line, "", f"expected {columns} columns")
    try:
        return line, _record(row, line)
    except ValueError as exc:
        return line, DataError(str(path), line, "", str(exc))


def read_finess(shared: Path) -> list[RegistryRecord]:
    """Read every hospital of the shared data folder's ``eurostat_healthcare_FR_2020.csv``."""
    return read_finess_records(shared / "data" / FINESS_FILE)


def _describe(g: Graph, node: URIRef, record: RegistryRecord) -> None:
    g.add((node, RDF.type, HG.Hospital))
    g.add((node, RDFS.label, Literal(record.name, lang="fr")))
    g.add((node, RDFS.label, Literal(record.name, lang="en")))
    g.add((node, PROV.wasDerivedFrom, SOURCE))
    if record.details["site"]:
        g.add((node, SKOS.altLabel, Literal(f"{record.name} ({record.details['site']})")))
    if record.city:
        g.add((node, HG.location, place_node(g, record.city)))


def _details(g: Graph, node: URIRef, record: RegistryRecord, path: Path) -> None:
    for triple in identifier_triples(node, record) + entry_triples("finess", node, record, path, SOURCE):
        g.add(triple)
    details = record.details
    if details["lat"] and details["lon"]:
        g.add((node, SDO.latitude, decimal_literal(Decimal(details["lat"]))))
        g.add((node, SDO.longitude, decimal_literal(Decimal(details["lon"]))))
    if details["address"]:
        g.add((node, SDO.address, Literal(details["address"])))
    if details["sector"]:
        g.add((node, HG.sector, Literal(details["sector"])))
    if details["facility_type"]:
        g.add((node, HG.facilityType, Literal(details["facility_type"], lang="fr")))


def import_finess(path: Path, nodes: dict[str, URIRef]) -> FinessImport:
    """Build the FINESS named graph from ``path``; ``nodes`` maps FINESS numbers to matched graph nodes.

    An establishment matched (crosswalk decision ``same``) to a node of the build is stated on that node;
    every other establishment is a hospital of its own, ``hgid:finess/<number>``, citing the dataset.
    """
    g = bind_prefixes(Graph())
    records = read_finess_records(path)
    result = FinessImport(g, establishments=len(records))
    for record in records:
        node = nodes.get(record.record)
        if node is None:
            node = HGID[f"finess/{record.record}"]
            _describe(g, node, record)
        else:
            result.matched += 1
        _details(g, node, record, path)
    return result


def add_finess(build: Build, path: Path, data: Path) -> FinessImport:
    """Import the hospitals file ``path`` into the build's FINESS named graph, reconciled through the crosswalk.

    The crosswalk is ``data/finess_crosswalk.csv``; call after ``add_anr`` so that establishments matched to
    ANR organisations land on them.
    """
    crosswalk = crosswalk_for_build(data / CROSSWALK_FILE)
    imported = import_finess(path, resolved_nodes(build, crosswalk))
    target = build.graph(GRAPH_FINESS)
    target.addN((s, p, o, target) for s, p, o in imported.graph)
    return imported
