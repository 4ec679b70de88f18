"""ROR import: the Research Organization Registry records of France -> a named graph of organisations.

Each record is an organisation citing the dataset through its registry entry (record id and line); a record
matched (crosswalk decision ``same``) to a curated entity or an ANR organisation of the build is stated on
that node. Parent/child relationships become inclusions (``hg:Inclusion``, ``dcterms:isPartOf``): an Inserm
unit is part of Inserm.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from healthgraph.curation.build import Build
from healthgraph.namespaces import DCTERMS, GRAPH_ROR, HG, HGID, PROV, RDF, RDFS, SDO, SKOS, XSD, bind_prefixes
from healthgraph.sources.registry import RegistryRecord
from healthgraph.sources.registry_crosswalk import crosswalk_for_build
from healthgraph.sources.registry_nodes import place_node, resolved_nodes
from healthgraph.sources.registry_terms import entry_triples, identifier_triples
from healthgraph.sources.ror_records import read_ror_records

__all__ = ["CROSSWALK_FILE", "SOURCE", "TYPE_CLASSES", "RorImport", "add_ror", "import_ror", "name_labels"]

CROSSWALK_FILE = "ror_crosswalk.csv"
SOURCE = HGID["source/ror-fr"]
TYPE_CLASSES = {
    "education": HG.University,
    "healthcare": HG.Hospital,
    "company": HG.Company,
    "facility": HG.ResearchOrganisation,
    "funder": HG.Funder,
    "government": HG.PublicAgency,
}
NAME_LANGS = ("", "fr", "en")


@dataclass
class RorImport:
    """The ROR named graph and the counts a user checks against the file."""

    graph: Graph
    records: int = 0
    matched: int = 0
    inclusions: int = 0
    outside: int = 0


def name_labels(record: RegistryRecord) -> tuple[str, str, list[str]]:
    """Return the record's French label, English label and its other names (fr, en or untagged only)."""
    labels = [n for n in record.names if n.kind == "label"]
    fr = next((n.value for n in labels if n.lang == "fr"), record.name)
    en = next((n.value for n in labels if n.lang == "en"), record.name)
    others = [n.value for n in record.names if n.lang in NAME_LANGS and n.value not in (fr, en)]
    return fr, en, list(dict.fromkeys(([record.name] if record.name not in (fr, en) else []) + others))


def _describe(g: Graph, node: URIRef, record: RegistryRecord) -> None:
    classes = {TYPE_CLASSES.get(t, HG.Organisation) for t in record.types} or {HG.Organisation}
    for cls in classes:
        g.add((node, RDF.type, cls))
    fr, en, others = name_labels(record)
    g.add((node, RDFS.label, Literal(fr, lang="fr")))
    g.add((node, RDFS.label, Literal(en, lang="en")))
    for name in others:
        g.add((node, SKOS.altLabel, Literal(name)))
    g.add((node, PROV.wasDerivedFrom, SOURCE))
    g.add((node, HG.registryStatus, Literal(record.status)))
    if record.city:
        g.add((node, HG.location, place_node(g, record.city)))
    if "established" in record.details:
        g.add((node, SDO.foundingDate, Literal(record.details["established"], datatype=XSD.gYear)))
    for triple in identifier_triples(node, record):
        g.add(triple)


def _outside(g: Graph, node: URIRef, record: str, label: str) -> None:
    """Describe a record that a relationship names but the file lacks, by the name the relationship gives."""
    g.add((node, RDF.type, HG.Organisation))
    g.add((node, RDFS.label, Literal(label or record, lang="fr")))
    g.add((node, RDFS.label, Literal(label or record, lang="en")))
    g.add((node, PROV.wasDerivedFrom, SOURCE))
    g.add((node, HG.ror, Literal(record)))


def _inclusions(record: RegistryRecord) -> list[tuple[str, str, str]]:
    """Return (part, whole, label of the other record) for the record's parent and child links."""
    links = []
    for link in record.relationships:
        if link.kind == "parent":
            links.append((record.record, link.record, link.label))
        elif link.kind == "child":
            links.append((link.record, record.record, link.label))
    return links


def _add(g: Graph, triples: list[tuple[Node, Node, Node]]) -> None:
    for triple in triples:
        g.add(triple)


def import_ror(path: Path, nodes: dict[str, URIRef]) -> RorImport:
    """Build the ROR named graph from ``path``; ``nodes`` maps ROR ids to matched graph nodes."""
    g = bind_prefixes(Graph())
    records = read_ror_records(path)
    known = {r.record for r in records}
    result = RorImport(g, records=len(records))

    def node(record: str) -> URIRef:
        return nodes.get(record, HGID[f"ror/{record}"])

    seen: set[tuple[str, str]] = set()
    for record in records:
        if record.record in nodes:
            result.matched += 1
        else:
            _describe(g, node(record.record), record)
        _add(g, entry_triples("ror", node(record.record), record, path, SOURCE))
        for part, whole, label in _inclusions(record):
            other = whole if part == record.record else part
            if other not in known and other not in nodes and (part, whole) not in seen:
                result.outside += 1
                _outside(g, node(other), other, label)
            if (part, whole) in seen:
                continue
            seen.add((part, whole))
            fact = HGID[f"ror/fact/inclusion/{part}--{whole}"]
            _add(g, [(fact, RDF.type, HG.Inclusion), (fact, HG.part, node(part)), (fact, HG.whole, node(whole))])
            _add(g, [(fact, PROV.wasDerivedFrom, SOURCE), (fact, HG.locator, Literal(f"{path.name}:{record.line}"))])
            g.add((node(part), DCTERMS.isPartOf, node(whole)))
    result.inclusions = len(seen)
    return result


def add_ror(build: Build, path: Path, data: Path) -> RorImport:
    """Import the ROR records file ``path`` into the build's ROR named graph, reconciled through the crosswalk.

    The crosswalk is ``data/ror_crosswalk.csv``; call after ``add_anr`` so that records matched to ANR
    organisations land on them (and their parent links roll the ANR network up to its institutions).
    """
    crosswalk = crosswalk_for_build(data / CROSSWALK_FILE)
    imported = import_ror(path, resolved_nodes(build, crosswalk))
    target = build.graph(GRAPH_ROR)
    target.addN((s, p, o, target) for s, p, o in imported.graph)
    return imported
