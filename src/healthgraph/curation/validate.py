"""Validate: a graph + the SHACL shapes -> a report naming entity, record, shape and rule.

Two engines run the same shapes: pySHACL (the reference, pure Python) and pyshacl-turbo (the same
pySHACL API over a Rust engine, about ten times faster). ``auto`` picks pySHACL for graphs up to
``TURBO_ABOVE`` triples (the curated graph: under a second either way) and pyshacl-turbo above it (the
ANR import, synthetic ecosystems of 20,000 members and more). Tests check both engines report the same
results on every example and on the curated graph.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from healthgraph.namespaces import SH, bind_prefixes
from healthgraph.terms import merge_graphs

__all__ = ["ENGINES", "TURBO_ABOVE", "Report", "Violation", "choose_engine", "load_shapes", "validate_graph"]

ENGINES = ("auto", "pyshacl", "turbo")
TURBO_ABOVE = 50_000


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which shape, which property, what rule, where it came from."""

    focus: str
    shape: str
    path: str
    message: str
    severity: str
    location: str

    def __str__(self) -> str:
        """Render one line a curator can act on."""
        where = f"{self.location}: " if self.location else ""
        prop = f" [{self.path}]" if self.path else ""
        return f"{where}{self.focus}{prop}: {self.message} ({self.shape}, {self.severity})"


@dataclass(frozen=True)
class Report:
    """The result of validating a graph: errors (violations) and warnings, the engine used and its time."""

    violations: list[Violation]
    engine: str
    seconds: float

    @property
    def errors(self) -> list[Violation]:
        """Return results of severity Violation."""
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        """Return results of severity Warning or Info."""
        return [v for v in self.violations if v.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        """Return True when there is no violation (warnings allowed)."""
        return not self.errors

    def shapes(self) -> set[str]:
        """Return the short names of the node shapes with errors."""
        return {v.shape for v in self.errors}


def load_shapes(path: Path) -> Graph:
    """Parse the SHACL shapes file."""
    return bind_prefixes(Graph()).parse(path, format="turtle")


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return str(node)


def _node_shape(shapes: Graph, source_shape: Node) -> Node:
    parent = shapes.value(predicate=SH.property, object=source_shape)
    return parent if parent is not None else source_shape


def choose_engine(engine: str, triples: int) -> str:
    """Return the engine that validates a graph of ``triples`` triples: ``pyshacl`` or ``turbo``."""
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine '{engine}': use {', '.join(ENGINES)}")
    if engine == "auto":
        return "turbo" if triples > TURBO_ABOVE else "pyshacl"
    return engine


def _size(data: Graph | ox.Store) -> int:
    if isinstance(data, ox.Store):
        return len(data)
    if isinstance(data, Dataset):
        return sum(len(context) for context in data.graphs())
    return len(data)


def _union(data: Graph, ontology: Graph | None) -> Graph:
    graphs = list(data.graphs()) if isinstance(data, Dataset) else [data]
    if ontology is not None:
        graphs.append(ontology)
    return graphs[0] if len(graphs) == 1 else merge_graphs(graphs)


def _turbo_source(data: Graph | ox.Store, ontology: Graph | None) -> object:
    """Give pyshacl-turbo the data: a graph, or a store's quads as N-Quads text."""
    if not isinstance(data, ox.Store):
        return data if ontology is None else _union(data, ontology)
    from pyshacl_turbo.rdf import Input

    # pyshacl-turbo 0.6 reads a store as "oxigraph-nquads", whose plain literals then differ from the
    # shapes' ("web" failed sh:in ("web")): the same dump given as N-Quads text validates as the graph does
    text = data.dump(format=ox.RdfFormat.N_QUADS) or b""
    return Input(text.decode("utf-8"), "nquads", None, {})


def validate_graph(
    data: Graph | ox.Store,
    shapes: Graph,
    ontology: Graph | None = None,
    locations: dict[Node, str] | None = None,
    engine: str = "auto",
) -> Report:
    """Validate ``data`` (a graph, or a dataset: the union of its graphs) against ``shapes``.

    ``ontology`` is added for subclass and vocabulary lookups; ``engine`` is ``auto``, ``pyshacl`` or ``turbo``.
    ``data`` may also be an Oxigraph store holding the ontology (a streamed build): pyshacl-turbo reads it
    without an rdflib graph.
    """
    locations = locations or {}
    started = time.perf_counter()
    if isinstance(data, ox.Store) and (engine == "pyshacl" or ontology is not None):
        raise ValueError("an Oxigraph store is validated by pyshacl-turbo, with the ontology in the store")
    chosen = choose_engine(engine, _size(data))  # also refuses an unknown engine name
    engine = "turbo" if isinstance(data, ox.Store) else chosen
    if engine == "turbo":
        from pyshacl_turbo import validate as turbo_validate

        # the ontology is merged here, not given as ont_graph: pyshacl-turbo 0.6 mixes in only part of it
        # (hg:Labelled's type was missing), pySHACL all of it; a dataset is passed whole (turbo sees the union)
        _conforms, results, _text = turbo_validate(
            _turbo_source(data, ontology),
            shacl_graph=shapes,
            inference="none",
            allow_warnings=True,
            advanced=True,
        )
    else:
        merged = _union(cast(Graph, data), ontology)  # a store went to turbo above
        _conforms, results, _text = shacl_validate(
            merged,
            shacl_graph=shapes,
            inference="none",
            allow_warnings=True,
            advanced=True,
            inplace=merged is not data,  # our own copy: no need for pySHACL to clone it again
        )
    names = bind_prefixes(Graph())
    violations = []
    for result in results.subjects(SH.focusNode, None):
        focus = results.value(result, SH.focusNode)
        source_shape = results.value(result, SH.sourceShape)
        severity = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage)
        violations.append(
            Violation(
                focus=_short(names, focus),
                shape=_short(names, _node_shape(shapes, source_shape)) if source_shape is not None else "",
                path=_short(names, results.value(result, SH.resultPath)),
                message=str(message) if message is not None else "breaks a constraint",
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                location=locations.get(focus, "") if focus is not None else "",
            )
        )
    violations.sort(key=lambda v: (v.severity, v.location, v.focus, v.path))
    return Report(violations, engine, time.perf_counter() - started)
