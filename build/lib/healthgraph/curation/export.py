"""Export: write a built dataset to files, in every RDF format, each file replaced atomically."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from healthgraph.files import atomic_write

__all__ = ["EXPORT_FORMATS", "export_graph", "write_outputs"]

EXPORT_FORMATS = {"turtle": "turtle", "nt": "nt", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}


def export_graph(dataset: Dataset, union: Graph, fmt: str, target: Path) -> None:
    """Serialise the dataset (quad formats) or its union (triple formats) to ``target`` atomically."""
    rdf_format = EXPORT_FORMATS[fmt]
    source: Graph = dataset if rdf_format in QUAD_FORMATS else union

    def write(temp: Path) -> None:
        source.serialize(destination=temp, format=rdf_format, encoding="utf-8")

    atomic_write(target, write)


def write_outputs(dataset: Dataset, union: Graph, out: Path) -> dict[str, Path]:
    """Write ``healthgraph.trig`` (named graphs) and ``healthgraph.ttl`` (their union) into ``out``."""
    files = {"trig": out / "healthgraph.trig", "turtle": out / "healthgraph.ttl"}
    for fmt, path in files.items():
        export_graph(dataset, union, fmt, path)
    return files
