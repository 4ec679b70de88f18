"""Pipeline: the build-then-validate sequence shared by the CLI, notebooks and tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from rdflib import URIRef

from healthgraph import settings
from healthgraph.curation.build import Build, build_curated
from healthgraph.curation.validate import Report, load_shapes, validate_graph
from healthgraph.namespaces import GRAPH_ANR, GRAPH_CURATED
from healthgraph.sources.anr import AnrImport, import_anr_folder
from healthgraph.sources.rdf_files import read_rdf

__all__ = ["Checked", "add_anr", "build_and_validate", "build_graph"]


@dataclass
class Checked:
    """A build together with its validation report."""

    build: Build
    report: Report


def build_graph(
    data: Path | None = None, shared: Path | None = None, anr: Path | None = None, rdf: tuple[Path, ...] = ()
) -> Build:
    """Build the curated dataset from ``data`` (default ``data/``) and ``shared`` (default ``../shared``).

    With ``anr`` (a folder holding the two ANR DGPIE tables), the ANR import is added as its own named graph;
    each file of ``rdf`` is read strictly (``healthgraph.sources.rdf_files``) into a named graph of its own.
    """
    build = build_curated(
        data or settings.data_dir(),
        settings.ontology_dir() / "healthgraph.ttl",
        shared or settings.shared_dir(),
        settings.PROJECT_ROOT,
    )
    if anr is not None:
        add_anr(build, anr, data or settings.data_dir())
    for path in rdf:
        graph = read_rdf(path)
        target = build.graph(URIRef(f"https://w3id.org/healthgraph/graph/import/{quote(path.stem)}"))
        target.addN((s, p, o, target) for s, p, o in graph)
    return build


def add_anr(build: Build, folder: Path, data: Path) -> AnrImport:
    """Import the ANR tables of ``folder`` into the build's own ANR named graph; return the import."""
    imported = import_anr_folder(build.graph(GRAPH_CURATED), folder, data)
    target = build.graph(GRAPH_ANR)
    target.addN((s, p, o, target) for s, p, o in imported.graph)
    return imported


def build_and_validate(
    data: Path | None = None,
    shared: Path | None = None,
    anr: Path | None = None,
    rdf: tuple[Path, ...] = (),
    engine: str = "auto",
) -> Checked:
    """Build the dataset and validate the union of its graphs (the ontology included) against the shapes.

    ``engine`` picks the SHACL engine (see ``healthgraph.curation.validate``).
    """
    build = build_graph(data, shared, anr, rdf)
    report = validate_graph(
        build.dataset, load_shapes(settings.ontology_dir() / "shapes.ttl"), None, build.locations, engine
    )
    return Checked(build, report)
