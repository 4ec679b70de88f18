"""Registry reconcile: regenerate a registry crosswalk against the curated organisations and the ANR organisations.

This is the step behind ``data/ror_crosswalk.csv`` and ``data/finess_crosswalk.csv``: it builds the curated
graph, imports the ANR tables (for their organisations, as the ANR crosswalk resolves them), reads the
registry file and proposes candidates; decisions already in the crosswalk are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from healthgraph import settings
from healthgraph.curation.build import build_curated
from healthgraph.labels import label_of
from healthgraph.namespaces import GRAPH_CURATED, HG, HGID, RDF, RDFS, SKOS
from healthgraph.sources.anr import import_anr_folder
from healthgraph.sources.registry_crosswalk import (
    Target,
    propose_candidates,
    read_registry_crosswalk,
    write_registry_crosswalk,
)
from healthgraph.sources.registry_identifiers import REGISTRIES

__all__ = ["NOT_ORGANISATIONS", "Reconciled", "anr_targets", "curated_targets", "reconcile_registry"]

NOT_ORGANISATIONS = {HG.Person, HG.Programme, HG.FundingProgramme, HG.Project, HG.Label}


@dataclass
class Reconciled:
    """The outcome of regenerating one crosswalk: rows per method, decisions, and what waits for review."""

    path: Path
    rows: int
    methods: dict[str, int]
    same: int
    different: int
    waiting: int


def _city(graph: Graph, node: URIRef) -> str:
    place = graph.value(node, HG.location)
    return label_of(graph, place, "fr") if place is not None else ""


def _kinds(graph: Graph, node: URIRef) -> str:
    return "; ".join(sorted(str(t).removeprefix(str(HG)) for t in graph.objects(node, RDF.type)))


def curated_targets(graph: Graph) -> list[Target]:
    """Return the curated organisations of ``graph`` (people, programmes, projects and labels left out)."""
    targets = []
    for node in sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}):
        ident = str(node).removeprefix(str(HGID))
        types = set(graph.objects(node, RDF.type))
        if "/" in ident or types & NOT_ORGANISATIONS or not types & _org_classes():
            continue
        names = tuple(str(n) for p in (RDFS.label, SKOS.altLabel) for n in graph.objects(node, p))
        targets.append(
            Target(f"curated:{ident}", label_of(graph, node, "fr"), names, _city(graph, node), _kinds(graph, node))
        )
    return targets


def _org_classes() -> set[URIRef]:
    names = "Organisation Pole PoleNetwork Network Association Biocluster TiersLieu PublicAgency Funder LocalAuthority"
    names += " Company StartUp SME LargeCompany ResearchOrganisation University Hospital WorkingGroup"
    return {HG[n] for n in names.split()}


def anr_targets(graph: Graph) -> list[Target]:
    """Return the ANR organisations of an ANR import graph that are not curated entities."""
    prefix = str(HGID["anr/org/"])
    targets = []
    for node in sorted({s for s in graph.subjects(RDFS.label, None) if isinstance(s, URIRef)}):
        if not str(node).startswith(prefix):
            continue
        name = label_of(graph, node, "fr")
        slug = str(node).removeprefix(prefix)
        targets.append(Target(f"anr:{slug}", name, (name,), _city(graph, node), _kinds(graph, node)))
    return targets


def reconcile_registry(
    registry: str, data: Path | None = None, shared: Path | None = None, crosswalk: Path | None = None
) -> Reconciled:
    """Regenerate ``data/<registry>_crosswalk.csv`` (``registry`` is ``ror`` or ``finess``); decisions are kept.

    With ``crosswalk``, that file is read (its decisions kept) and written instead.
    """
    data, shared = data or settings.data_dir(), shared or settings.shared_dir()
    spec = next((r for r in REGISTRIES if r.name == registry), None)
    if spec is None:
        raise ValueError(f"unknown registry {registry!r}: ror or finess")
    build = build_curated(data, settings.ontology_dir() / "healthgraph.ttl", shared, settings.PROJECT_ROOT)
    curated = build.graph(GRAPH_CURATED)
    anr = import_anr_folder(curated, shared / "data", data).graph
    targets = curated_targets(curated) + anr_targets(anr)
    path = crosswalk or data / spec.crosswalk
    rows = propose_candidates(spec.read(shared / "data" / spec.file, None), targets, read_registry_crosswalk(path))
    write_registry_crosswalk(rows, path)
    methods: dict[str, int] = {}
    for row in rows:
        methods[row.method] = methods.get(row.method, 0) + 1
    decisions = [row.decision for row in rows]
    return Reconciled(
        path, len(rows), methods, decisions.count("same"), decisions.count("different"), decisions.count("")
    )
