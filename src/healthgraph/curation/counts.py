"""Stats: counts of a built graph per class, per source and per region."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, URIRef

from healthgraph.labels import label_of
from healthgraph.namespaces import HG, PROV, RDF

__all__ = ["GraphStats", "graph_stats"]


@dataclass
class GraphStats:
    """Counts describing a graph."""

    triples: int
    per_class: Counter[str]
    facts_per_source: Counter[str]
    entities_per_region: Counter[str]
    sources: int


def graph_stats(graph: Graph) -> GraphStats:
    """Count triples, typed nodes per hg: class, facts per source and entities per region."""
    per_class: Counter[str] = Counter()
    for _, cls in graph.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and str(cls).startswith(str(HG)):
            per_class[str(cls)[len(str(HG)) :]] += 1
    facts = Counter(
        label_of(graph, source)
        for node, source in graph.subject_objects(PROV.wasDerivedFrom)
        if "/fact/" in str(node) and isinstance(source, URIRef)
    )
    regions = Counter(
        label_of(graph, region) for _, region in graph.subject_objects(HG.region) if isinstance(region, URIRef)
    )
    sources = len(set(graph.subjects(RDF.type, HG.SourceDocument)) | set(graph.subjects(RDF.type, HG.Dataset)))
    return GraphStats(len(graph), per_class, facts, regions, sources)
