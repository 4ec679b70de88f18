"""Registry figures: how many curated entities and ANR organisations got a ROR id, a Wikidata id, a FINESS number.

Usage: ``python benchmarks/registry_figures.py`` (reads ``data/`` and ``../shared`` through the settings).
Counts are taken on one build: the curated graph, the ANR import and the registry identifiers that the
crosswalks' ``same`` rows apply; the last lines say how many crosswalk candidates wait for a curator.
"""

from __future__ import annotations

from rdflib import URIRef

from healthgraph import settings
from healthgraph.curation.build import Build
from healthgraph.namespaces import GRAPH_ANR, GRAPH_CURATED, HG, HGID, RDFS, SKOS
from healthgraph.pipeline import add_anr, build_graph
from healthgraph.sources.registry_crosswalk import read_registry_crosswalk
from healthgraph.sources.registry_identifiers import REGISTRIES, apply_registry_identifiers

ROR, WIKIDATA = "https://ror.org/", "http://www.wikidata.org/entity/"


def with_identifier(build: Build, nodes: set[URIRef], prop: URIRef, prefix: str = "") -> int:
    """Count the nodes holding ``prop`` in any graph, or (curated identifiers) an exact match under ``prefix``."""
    held = {s for s, _, _, _ in build.dataset.quads((None, prop, None, None))}
    if prefix:
        held |= {
            s for s, _, o, _ in build.dataset.quads((None, SKOS.exactMatch, None, None)) if str(o).startswith(prefix)
        }
    return len(nodes & held)


def figures() -> dict[str, int]:
    """Return the figures of the issue's note, computed on one build."""
    data, shared = settings.data_dir(), settings.shared_dir()
    build = build_graph()
    curated = {
        s
        for s in build.graph(GRAPH_CURATED).subjects(RDFS.label, None)
        if isinstance(s, URIRef) and "/" not in str(s).removeprefix(str(HGID))
    }
    add_anr(build, shared / "data", data)
    anr = {o for o in build.graph(GRAPH_ANR).objects(None, HG.agent) if isinstance(o, URIRef) and o != HGID["anr"]}
    apply_registry_identifiers(build, data, shared)
    result = {}
    for label, nodes in (("curated", curated), ("anr", anr)):
        result[f"{label} entities"] = len(nodes)
        result[f"{label} with ROR id"] = with_identifier(build, nodes, HG.ror, ROR)
        result[f"{label} with Wikidata id"] = with_identifier(build, nodes, HG.wikidata, WIKIDATA)
        result[f"{label} with FINESS number"] = with_identifier(build, nodes, HG.finess)
    for registry in REGISTRIES:
        crosswalk = read_registry_crosswalk(data / registry.crosswalk)
        result[f"{registry.name} candidates"] = len(crosswalk.rows)
        result[f"{registry.name} same"] = sum(len(t) for t in crosswalk.same().values())
        result[f"{registry.name} waiting for review"] = crosswalk.waiting()
    return result


if __name__ == "__main__":
    for key, value in figures().items():
        print(f"{key}: {value}")
