"""Pipeline: the build-then-validate sequence shared by the CLI, notebooks and tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from healthgraph import settings
from healthgraph.build import Build, build_curated, load_ontology
from healthgraph.namespaces import GRAPH_ONTOLOGY
from healthgraph.validate import Report, load_shapes, validate_graph

__all__ = ["Checked", "build_and_validate", "build_graph"]


@dataclass
class Checked:
    """A build together with its validation report."""

    build: Build
    report: Report


def build_graph(data: Path | None = None, shared: Path | None = None) -> Build:
    """Build the curated dataset from ``data`` (default ``data/``) and ``shared`` (default ``../shared``)."""
    return build_curated(
        data or settings.data_dir(),
        settings.ontology_dir() / "healthgraph.ttl",
        shared or settings.shared_dir(),
        settings.PROJECT_ROOT,
    )


def build_and_validate(data: Path | None = None, shared: Path | None = None) -> Checked:
    """Build the dataset and validate every data graph against the shapes."""
    build = build_graph(data, shared)
    data_graph = build.union()
    for triple in build.graph(GRAPH_ONTOLOGY):
        data_graph.remove(triple)
    report = validate_graph(
        data_graph,
        load_shapes(settings.ontology_dir() / "shapes.ttl"),
        load_ontology(settings.ontology_dir() / "healthgraph.ttl"),
        build.locations,
    )
    return Checked(build, report)
