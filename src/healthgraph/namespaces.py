"""Namespaces: the healthgraph vocabulary, entity IRIs, named graphs and prefixes."""

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD

__all__ = [
    "DCTERMS",
    "FOAF",
    "GRAPH_ANR",
    "GRAPH_CURATED",
    "GRAPH_EXTRACTED",
    "GRAPH_FINESS",
    "GRAPH_ONTOLOGY",
    "GRAPH_REGISTRY_IDENTIFIERS",
    "GRAPH_ROR",
    "GRAPH_SUMMARY",
    "HG",
    "HGID",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SH",
    "SKOS",
    "TIME",
    "XSD",
    "bind_prefixes",
]

HG = Namespace("https://w3id.org/healthgraph/")
HGID = Namespace("https://w3id.org/healthgraph/id/")
SH = Namespace("http://www.w3.org/ns/shacl#")

GRAPH_ONTOLOGY = URIRef("https://w3id.org/healthgraph/graph/ontology")
GRAPH_CURATED = URIRef("https://w3id.org/healthgraph/graph/curated")
GRAPH_ANR = URIRef("https://w3id.org/healthgraph/graph/anr-dgpie")
GRAPH_ROR = URIRef("https://w3id.org/healthgraph/graph/ror")
GRAPH_FINESS = URIRef("https://w3id.org/healthgraph/graph/finess")
# The registry identifiers and name variants of the curated entities (and ANR organisations) that the
# crosswalks match: part of the default build, kept apart from the curated records they complete.
GRAPH_REGISTRY_IDENTIFIERS = URIRef("https://w3id.org/healthgraph/graph/registry-identifiers")
GRAPH_EXTRACTED = URIRef("https://w3id.org/healthgraph/graph/extracted")  # unreviewed candidates from articles
# Counts computed at build time from every other graph (networks per organisation, facts per source and kind)
GRAPH_SUMMARY = URIRef("https://w3id.org/healthgraph/graph/summary")

PREFIXES = {
    "hg": HG,
    "hgid": HGID,
    "source": Namespace(HGID + "source/"),
    "role": Namespace(HGID + "role/"),
    "theme": Namespace(HGID + "theme/"),
    "measure": Namespace(HGID + "measure/"),
    "region": Namespace(HGID + "region/"),
    "place": Namespace(HGID + "place/"),
    "org": ORG,
    "schema": SDO,
    "foaf": FOAF,
    "skos": SKOS,
    "prov": PROV,
    "time": TIME,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` and return it.

    >>> bind_prefixes(Graph()).namespace_manager.store.namespace("hg")
    rdflib.term.URIRef('https://w3id.org/healthgraph/')
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph
