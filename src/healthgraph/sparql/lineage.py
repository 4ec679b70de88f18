"""Lineage: the predecessors and successors of an entity (renamings, mergers), read from any backend.

A renaming or a merger is an event that links the old and the new entities (``hg:succeededBy``, built from
``events.csv``); both keep their names. Lookups follow these links: a name that resolves to a predecessor is
told who succeeded it, and a question about an entity can be asked of its predecessors too, each under the
name it had then.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Node

from healthgraph.sparql.query import Backend, Result, run_query

__all__ = ["Lineage", "Related", "lineage_of", "with_lineage_column"]

LINEAGE_QUERY = """
SELECT ?other ?direction ?name ?kind ?date WHERE {
  { ?other hg:succeededBy+ ?entity . BIND("predecessor" AS ?direction) }
  UNION
  { ?entity hg:succeededBy+ ?other . BIND("successor" AS ?direction) }
  OPTIONAL { ?other rdfs:label ?name . FILTER(lang(?name) = "en") }
  OPTIONAL {
    ?event hg:predecessor ?before ; hg:successor ?after ; a ?kind .
    FILTER(?kind IN (hg:Renaming, hg:Merger))
    FILTER((?direction = "successor" && ?before = ?entity && ?after = ?other)
        || (?direction = "predecessor" && ?before = ?other))
    OPTIONAL { ?event dcterms:date ?date }
  }
}"""

KINDS = {"Renaming": "renamed", "Merger": "merged"}


@dataclass(frozen=True)
class Related:
    """An entity before or after another one: its IRI, English name, and the event (kind, date) when direct."""

    iri: URIRef
    name: str
    event: str = ""
    date: str = ""


@dataclass(frozen=True)
class Lineage:
    """The entities an entity comes from (``predecessors``) and the ones it became (``successors``)."""

    iri: URIRef
    predecessors: tuple[Related, ...] = ()
    successors: tuple[Related, ...] = ()

    def notice(self, asked: str, name: str) -> str | None:
        """Say who succeeded the entity ``asked`` resolved to (``None`` when it has no successor)."""
        if not self.successors:
            return None
        direct = [s for s in self.successors if s.event] or list(self.successors)
        return f"'{asked}' is {name}, succeeded by {'; '.join(_described(s) for s in direct)}"


def _described(related: Related) -> str:
    event = ", ".join(part for part in (related.event, related.date) if part)
    return f"{related.name} ({event})" if event else related.name


def lineage_of(backend: Backend, iri: URIRef) -> Lineage:
    """Return the predecessors and successors of ``iri`` (transitively), with the direct events' kinds and dates."""
    result = run_query(backend, LINEAGE_QUERY.replace("?entity", f"<{iri}>"))
    found: dict[tuple[str, URIRef], Related] = {}
    for other, direction, name, kind, date in result.rows:
        if not isinstance(other, URIRef):
            continue
        event = KINDS.get(str(kind).rsplit("#", 1)[-1].rsplit("/", 1)[-1], "") if kind is not None else ""
        key = (str(direction), other)
        if key not in found or (event and not found[key].event):
            label = str(name) if name is not None else str(other).rsplit("/", 1)[-1]
            found[key] = Related(other, label, event, str(date) if date is not None else "")
    return Lineage(
        iri,
        tuple(sorted((r for (d, _), r in found.items() if d == "predecessor"), key=lambda r: r.name)),
        tuple(sorted((r for (d, _), r in found.items() if d == "successor"), key=lambda r: r.name)),
    )


def with_lineage_column(column: str, parts: list[tuple[str, Result]]) -> Result:
    """Join results asked of an entity and of its predecessors, with a first column naming which one answered."""
    variables = [column, *parts[0][1].variables]
    rows: list[tuple[Node | None, ...]] = []
    for name, result in parts:
        rows.extend((Literal(name), *row) for row in result.rows)
    return Result(variables, rows)
