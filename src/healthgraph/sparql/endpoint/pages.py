"""Pages: the offline query page and the entity pages served next to the SPARQL endpoint."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from healthgraph.namespaces import PREFIXES
from healthgraph.sparql.endpoint.query_page import page_language, query_pages
from healthgraph.sparql.endpoint.replies import Reply
from healthgraph.sparql.query import SAFE_IRI, StoredQuery, prefixed

__all__ = ["Pages"]

PAGE_ROWS = 500  # rows of each table per page; ?offset= pages through the rest
ENTITY_QUERY = """
SELECT ?p ?o WHERE { ?entity ?p ?o } ORDER BY ?p ?o LIMIT 1000"""
FACTS_QUERY = """
SELECT ?fact ?type ?p ?o ?source WHERE {
  ?fact ?link ?entity ; a ?type ; prov:wasDerivedFrom ?source ; ?p ?o .
  ?type rdfs:subClassOf* hg:Fact .
  FILTER(?p != prov:wasDerivedFrom && ?p != rdf:type)
} ORDER BY ?type ?fact ?p LIMIT __LIMIT__ OFFSET __OFFSET__"""


def _short(value: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if value.startswith(str(namespace)) and "/" not in value[len(str(namespace)) :]:
            return f"{prefix}:{value[len(str(namespace)) :]}"
    return value


def _valid_iri(iri: str) -> bool:
    """Return whether ``iri`` is an http(s) IRI that Oxigraph accepts too (no control characters or bad %-escapes)."""
    if not SAFE_IRI.match(iri):
        return False
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def _term_html(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        value = term.value
        if value.startswith("https://w3id.org/healthgraph/id/"):
            return f'<a href="/entity?iri={html.escape(value, quote=True)}"><bdi>{html.escape(_short(value))}</bdi></a>'
        return f"<bdi>{html.escape(_short(value))}</bdi>"
    return f"<bdi>{html.escape(term.value)}</bdi>"  # data text is isolated: a U+202E in it reorders nothing else


class Pages:
    """Renders ``/`` (query editor with the stored questions) and ``/entity?iri=`` (labels, facts, sources)."""

    def __init__(
        self,
        store: ox.Store,
        queries: dict[str, StoredQuery],
        routes: Callable[[str, dict[str, list[str]]], Reply | None] | None = None,
        search: Callable[[str], str] | None = None,
    ) -> None:
        """Keep a store for entity pages; render the query page once per language (the store's labels read now).

        ``routes`` answers the paths this class does not (the profiles of ``healthgraph.views.profiles.serving``);
        ``search(lang)`` gives the search box the query page shows at its top.
        """
        self.store = store
        self.indexes = query_pages(store, queries, search)
        self.index = self.indexes["en"]
        self.routes = routes

    def __call__(self, path: str, params: dict[str, list[str]]) -> Reply | None:
        """Return the page at ``path`` or None."""
        if path in ("/", "/index.html"):
            lang = page_language(params.get("lang", [""])[0], params.get("_accept_language", [""])[0])
            return Reply(200, "text/html; charset=utf-8", self.indexes[lang], {"Vary": "Accept-Language"})
        if path == "/entity":
            iris = params.get("iri", [])
            if len(iris) != 1 or not iris[0].startswith("https://w3id.org/healthgraph/") or not _valid_iri(iris[0]):
                return Reply.text(400, "give one healthgraph IRI as ?iri=")
            offset = params.get("offset", ["0"])[0]
            if not offset.isdigit() or int(offset) > 10_000_000:
                return Reply.text(400, "offset must be a whole number of rows")
            return self.entity(iris[0], int(offset))
        return self.routes(path, params) if self.routes else None

    def _select(self, query: str, iri: str) -> list[Any]:
        result = self.store.query(prefixed(query.replace("?entity", f"<{iri}>")), use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        return list(result)

    def entity(self, iri: str, offset: int = 0) -> Reply:
        """Render the page of one entity, its facts ``PAGE_ROWS`` rows at a time from ``offset``."""
        # the IRI was checked against SAFE_IRI, so it cannot break out of <...>
        props = self._select(ENTITY_QUERY, iri)
        if not props:
            return Reply.text(404, "no such entity in the graph")
        facts = self._select(
            FACTS_QUERY.replace("__LIMIT__", str(PAGE_ROWS + 1)).replace("__OFFSET__", str(offset)), iri
        )
        more = len(facts) > PAGE_ROWS
        facts = facts[:PAGE_ROWS]
        link = html.escape(f"/entity?iri={iri}&offset={offset + PAGE_ROWS}", quote=True)
        pager = (
            f"<p>Rows {offset + 1}-{offset + len(facts)}. "
            + (f"<a href='{link}'>Next {PAGE_ROWS} rows</a>" if more else "")
            + "</p>"
        )
        title = next((p["o"].value for p in props if p["p"].value.endswith("#label")), iri)
        rows = "".join(f"<tr><td>{_term_html(p['p'])}</td><td>{_term_html(p['o'])}</td></tr>" for p in props)
        fact_rows = "".join(
            f"<tr><td>{_term_html(f['fact'])}</td><td>{_term_html(f['type'])}</td><td>{_term_html(f['p'])}</td>"
            f"<td>{_term_html(f['o'])}</td><td>{_term_html(f['source'])}</td></tr>"
            for f in facts
        )
        body = (
            f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            "<style>body{font-family:system-ui,sans-serif;margin:1.5rem}td,th{border:1px solid #ccd;"
            "padding:.2rem .5rem;text-align:left}table{border-collapse:collapse}</style></head><body>"
            f"<p><a href='/'>query page</a></p><h1><bdi>{html.escape(title)}</bdi></h1>"
            f"<p><code>{html.escape(iri)}</code></p>"
            f"<h2>Description</h2><table><tr><th>property</th><th>value</th></tr>{rows}</table>"
            "<h2>Facts that mention it, with their sources</h2><table><tr><th>fact</th><th>kind</th>"
            f"<th>property</th><th>value</th><th>source</th></tr>{fact_rows}</table>{pager}</body></html>"
        )
        return Reply(200, "text/html; charset=utf-8", body.encode())
