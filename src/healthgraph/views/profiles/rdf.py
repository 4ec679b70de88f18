"""RDF: an entity's own triples and those of the facts that name it, as Turtle (beside its page, or served)."""

from __future__ import annotations

from typing import Any

from healthgraph.namespaces import PREFIXES
from healthgraph.views.profiles.index import GraphIndex, Lit, Term

__all__ = ["entity_turtle"]


def _ox_term(term: Term) -> Any:
    import pyoxigraph as ox

    if isinstance(term, Lit):
        if term.lang:
            return ox.Literal(term.value, language=term.lang)
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype)) if term.datatype else ox.Literal(term.value)
    return ox.BlankNode(term[2:]) if term.startswith("_:") else ox.NamedNode(term)


def entity_turtle(index: GraphIndex, node: str) -> bytes:
    """Return the Turtle of ``node``: its own triples and those of every fact that names it."""
    import pyoxigraph as ox

    subjects = [node, *index.facts_naming(node)]
    triples = [
        ox.Triple(_ox_term(s), ox.NamedNode(p), _ox_term(o))
        for subject in subjects
        for s, p, o in index.triples_of(subject)
    ]
    prefixes = {name: str(space) for name, space in PREFIXES.items()}
    written = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    assert written is not None
    return written
