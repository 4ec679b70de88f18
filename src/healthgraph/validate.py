"""Validate: a graph + the SHACL shapes -> a report naming entity, record, shape and rule."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.term import Node

from healthgraph.namespaces import SH, bind_prefixes

__all__ = ["Report", "Violation", "load_shapes", "validate_graph"]


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
    """The result of validating a graph: errors (violations) and warnings."""

    violations: list[Violation]

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


def validate_graph(
    data: Graph, shapes: Graph, ontology: Graph | None = None, locations: dict[Node, str] | None = None
) -> Report:
    """Validate ``data`` against ``shapes``; ``ontology`` is added for subclass and vocabulary lookups."""
    locations = locations or {}
    if ontology is not None:
        merged = Graph()
        for triple in data:
            merged.add(triple)
        for triple in ontology:
            merged.add(triple)
        data = merged
    _conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True
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
    return Report(violations)
