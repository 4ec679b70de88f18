"""Names: find an entity by any of its labels, acronyms or former names, or say which names are close."""

from __future__ import annotations

import difflib

from rdflib import URIRef

from healthgraph.errors import QueryError
from healthgraph.labels import fold
from healthgraph.sparql.query import Backend

__all__ = ["NameIndex"]

# Entities are the IRIs directly under .../id/ (themes, roles, sources, facts have a further path segment).
LABELS_QUERY = """
SELECT ?entity ?name WHERE {
  ?entity rdfs:label|skos:altLabel ?name .
  FILTER(STRSTARTS(STR(?entity), "https://w3id.org/healthgraph/id/"))
  FILTER(!CONTAINS(STRAFTER(STR(?entity), "https://w3id.org/healthgraph/id/"), "/"))
}"""


class NameIndex:
    """An index from every normalised name (and id) to the entities carrying it."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        """Index ``(iri, name)`` pairs."""
        self.by_name: dict[str, set[str]] = {}
        self.display: dict[str, str] = {}
        for iri, name in pairs:
            for key in {fold(name), fold(iri.rstrip("/").rsplit("/", 1)[-1])}:
                self.by_name.setdefault(key, set()).add(iri)
                self.display.setdefault(key, name)

    @classmethod
    def from_backend(cls, backend: Backend) -> NameIndex:
        """Build the index from any query backend."""
        from healthgraph.sparql.query import run_query

        result = run_query(backend, LABELS_QUERY)
        return cls([(str(e), str(n)) for e, n in result.rows])

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
