"""Store: write built graphs to disk atomically and read them back."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset, Graph

__all__ = ["EXPORT_FORMATS", "atomic_write", "export_graph", "write_outputs"]

EXPORT_FORMATS = {"turtle": "turtle", "nt": "nt", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}


def atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file next to ``target``, then rename it over ``target``.

    A failure (or a kill) before the rename leaves any previous ``target`` untouched.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        temp.chmod(0o644)  # mkstemp creates 0600; outputs are ordinary readable files
        with temp.open("rb") as stream:
            os.fsync(stream.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


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
