"""Stream: curated records -> an N-Quads file and its summaries, in bounded memory, loaded into Oxigraph.

The rdflib build holds every triple of a 200,000-member ecosystem as Python objects (10 GB). Here each
triple is written as one N-Quads line the moment the builder makes it, and the summaries of
``healthgraph.curation.summaries`` are collected on the way; the file is then bulk-loaded into an
Oxigraph store, which ``healthgraph.curation.validate.validate_graph`` validates with pyshacl-turbo.
The quads are those of :func:`healthgraph.curation.build.build_curated` plus ``graph/summary``, in the same
named graphs (the imports and registry identifiers of ``healthgraph.pipeline.build_graph`` are not streamed).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from healthgraph import settings
from healthgraph.curation.build import build_into, load_ontology
from healthgraph.curation.summaries import Summariser
from healthgraph.namespaces import GRAPH_CURATED, GRAPH_ONTOLOGY, GRAPH_SUMMARY

__all__ = ["NQuadsWriter", "Streamed", "load_streamed", "stream_build"]


class NQuadsWriter:
    """Writes each triple it is given as an N-Quads line of one named graph, and shows it to a summariser."""

    def __init__(self, handle: TextIO, graph: URIRef, summariser: Summariser | None = None) -> None:
        """Write into ``handle``, in the named graph ``graph``."""
        self.handle, self.suffix, self.summariser = handle, f" {graph.n3()} .\n", summariser
        self.count = 0

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        """Write one triple (rdflib's N-Triples forms: IRIs in brackets, literals escaped)."""
        subject, predicate, value = triple
        self.handle.write(f"{subject.n3()} {predicate.n3()} {value.n3()}{self.suffix}")
        if self.summariser is not None:
            self.summariser.add(subject, predicate, value)
        self.count += 1


@dataclass
class Streamed:
    """A streamed build: the N-Quads file, its quad count, and the ``file:line`` of every record node."""

    path: Path
    quads: int
    seconds: float
    locations: dict[Node, str] = field(default_factory=dict)


def stream_build(data: Path, target: Path, shared: Path | None = None, root: Path | None = None) -> Streamed:
    """Build the records of ``data`` straight into the N-Quads file ``target``; return what was written.

    Raises ``DataErrors`` as the rdflib build does; ``target`` is then incomplete and should be discarded.
    """
    started = time.perf_counter()
    summariser = Summariser()
    with target.open("w", encoding="utf-8") as handle:
        ontology = NQuadsWriter(handle, GRAPH_ONTOLOGY, summariser)
        for triple in load_ontology(settings.ontology_dir() / "healthgraph.ttl"):
            ontology.add(triple)
        curated = NQuadsWriter(handle, GRAPH_CURATED, summariser)
        locations = build_into(data, shared or settings.shared_dir(), root, curated)
        summary = NQuadsWriter(handle, GRAPH_SUMMARY)
        for triple in summariser.triples():
            summary.add(triple)
    quads = ontology.count + curated.count + summary.count
    return Streamed(target, quads, time.perf_counter() - started, locations)


def load_streamed(streamed: Streamed, store: Path | None = None) -> ox.Store:
    """Bulk-load a streamed build into a new Oxigraph store at ``store`` (in memory when None)."""
    loaded = ox.Store(str(store)) if store is not None else ox.Store()
    loaded.bulk_load(path=str(streamed.path), format=ox.RdfFormat.N_QUADS)
    return loaded
