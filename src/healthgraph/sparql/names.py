"""Names: find an entity by any of its labels, acronyms or former names, or say which names are close."""

from __future__ import annotations

import difflib

from rdflib import Literal, URIRef

from healthgraph.errors import QueryError
from healthgraph.labels import fold
from healthgraph.sparql.query import Backend

__all__ = ["NameIndex"]

# Entities are the IRIs directly under .../id/ (themes, roles, sources, facts have a further path segment).
LABELS_QUERY = """
SELECT ?entity ?name ?preferred WHERE {
  { ?entity rdfs:label ?name . BIND(lang(?name) = "en" AS ?preferred) }
  UNION
  { ?entity skos:altLabel ?name . BIND(false AS ?preferred) }
  FILTER(STRSTARTS(STR(?entity), "https://w3id.org/healthgraph/id/"))
  FILTER(!CONTAINS(STRAFTER(STR(?entity), "https://w3id.org/healthgraph/id/"), "/"))
}"""


class NameIndex:
    """An index from every normalised name (and id) to the entities carrying it."""

    def __init__(self, pairs: list[tuple[str, str]], preferred: dict[str, str] | None = None) -> None:
        """Index ``(iri, name)`` pairs; ``preferred`` gives the name shown for an IRI (its English label)."""
        self.by_name: dict[str, set[str]] = {}
        self.display: dict[str, str] = {}
        self.names: dict[str, str] = dict(preferred or {})
        for iri, name in pairs:
            self.names.setdefault(iri, name)
            for key in {fold(name), fold(iri.rstrip("/").rsplit("/", 1)[-1])}:
                self.by_name.setdefault(key, set()).add(iri)
                self.display.setdefault(key, name)

    @classmethod
    def from_backend(cls, backend: Backend) -> NameIndex:
        """Build the index from any query backend."""
        from healthgraph.sparql.query import run_query

        result = run_query(backend, LABELS_QUERY)
        preferred = {str(e): str(n) for e, n, p in result.rows if isinstance(p, Literal) and p.toPython() is True}
        return cls([(str(e), str(n)) for e, n, _ in result.rows], preferred)

    def is_own_name(self, iri: URIRef, name: str) -> bool:
        """Tell whether ``name`` is the IRI itself, its id or its label (not an acronym or another name)."""
        own = {fold(self.name_of(iri)), fold(str(iri).rstrip("/").rsplit("/", 1)[-1]), fold(str(iri))}
        return fold(name) in own or name == str(iri)

    def name_of(self, iri: URIRef) -> str:
        """Return a name of ``iri`` (its id when the index has none)."""
        return self.names.get(str(iri), str(iri).rstrip("/").rsplit("/", 1)[-1])

    def resolve(self, name: str) -> URIRef:
        """Return the one entity named ``name``; raise with the closest names when unknown or ambiguous."""
        if name.startswith(("http://", "https://")):
            return URIRef(name)
        found = self.by_name.get(fold(name), set())
        if len(found) == 1:
            return URIRef(next(iter(found)))
        if found:
            raise QueryError(f"'{name}' names several entities: {', '.join(sorted(found))}")
        close = difflib.get_close_matches(fold(name), list(self.by_name), n=5, cutoff=0.6)
        hint = f"; closest names: {', '.join(self.display[c] for c in close)}" if close else ""
        raise QueryError(f"no entity is named '{name}'{hint}")
