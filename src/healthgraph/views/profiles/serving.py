"""Serving: the profile pages as ``healthgraph serve`` answers them, and the IRIs under ``id/`` dereferenced.

``/entity/ID`` and ``/source/ID`` (``?lang=fr|en``, else the browser's ``Accept-Language``), ``/profiles`` (the
list), ``/assets/NAME``; ``/entity/ID.ttl`` and ``.jsonld``; ``/id/ID`` (what ``https://w3id.org/healthgraph/id/ID``
redirects to) answers by content negotiation: a 303 to the page for a browser, the entity's RDF in Turtle,
JSON-LD or N-Triples when ``Accept`` asks for RDF. The server passes the request's ``Accept`` and
``Accept-Language`` headers in ``params`` under :data:`ACCEPT` and :data:`ACCEPT_LANGUAGE`.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from healthgraph.namespaces import HGID
from healthgraph.sparql.endpoint.replies import Reply
from healthgraph.views.i18n import choose_language
from healthgraph.views.profiles.index import GraphIndex
from healthgraph.views.profiles.markup import Context, Links
from healthgraph.views.profiles.page import CSP, entity_page, source_page
from healthgraph.views.profiles.rdf import entity_turtle
from healthgraph.views.search import INDEX_FILE, SCRIPT_FILE, search_index_script, search_script

__all__ = ["ACCEPT", "ACCEPT_LANGUAGE", "RDF_TYPES", "ProfileRoutes", "negotiate"]

ACCEPT = "_accept"  # request headers, set by the server (a client's own ?_accept= is overwritten)
ACCEPT_LANGUAGE = "_accept_language"
RDF_TYPES = {
    "text/turtle": ("turtle", "text/turtle; charset=utf-8"),
    "application/ld+json": ("json-ld", "application/ld+json"),
    "application/n-triples": ("n-triples", "application/n-triples"),
}
SUFFIXES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples"}
HTML_HEADERS = {"Content-Security-Policy": CSP, "Vary": "Accept-Language", "X-Content-Type-Options": "nosniff"}


def negotiate(accept: str | None) -> str:
    """Return the media type to answer with: an RDF type when ``Accept`` prefers one to HTML, else ``text/html``.

    >>> negotiate("text/turtle"), negotiate("text/html,application/xhtml+xml,*/*;q=0.8"), negotiate(None)
    ('text/turtle', 'text/html', 'text/html')
    >>> negotiate("application/ld+json;q=0.9, text/turtle;q=0.5")
    'application/ld+json'
    """
    best, best_q = "text/html", 0.0
    for part in (accept or "").split(","):
        kind, _, params = part.strip().partition(";")
        kind = kind.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if kind in ("text/html", "application/xhtml+xml") and quality > best_q:
            best, best_q = "text/html", quality
        elif kind in RDF_TYPES and quality > best_q:
            best, best_q = kind, quality
    return best


def _rdf(index: GraphIndex, node: str, media: str) -> Reply:
    import pyoxigraph as ox

    turtle = entity_turtle(index, node)
    _, content_type = RDF_TYPES[media]
    if media == "text/turtle":
        return Reply(200, content_type, turtle)
    quads = ox.parse(turtle, format=ox.RdfFormat.TURTLE)
    target = ox.RdfFormat.JSON_LD if media == "application/ld+json" else ox.RdfFormat.N_TRIPLES
    body = ox.serialize(quads, format=target)
    assert body is not None
    return Reply(200, content_type, body)


class ProfileRoutes:
    """Answers the profile pages, their RDF, the shared assets and the ``/id/`` IRIs from one index."""

    def __init__(self, index: GraphIndex) -> None:
        """Keep the index; prepare the assets (style sheet, scripts, search index) once."""
        self.index = index
        folder = resources.files("healthgraph.views").joinpath("assets")
        self.assets: dict[str, tuple[str, bytes]] = {
            "profile.css": ("text/css; charset=utf-8", folder.joinpath("profile.css").read_bytes()),
            "profile.js": ("text/javascript; charset=utf-8", folder.joinpath("profile.js").read_bytes()),
            SCRIPT_FILE: ("text/javascript; charset=utf-8", search_script().encode()),
            INDEX_FILE: ("text/javascript; charset=utf-8", search_index_script(index).encode()),
        }
        self.links = Links(served=True)

    @classmethod
    def from_store(cls, store: Any) -> ProfileRoutes:
        """Build the routes from a pyoxigraph store (read once, before the server forks its workers)."""
        return cls(GraphIndex.from_oxigraph(store))

    def __call__(self, path: str, params: dict[str, list[str]]) -> Reply | None:
        """Return the reply for ``path``, or None when it is not a profile route."""
        if path.startswith("/assets/"):
            found = self.assets.get(path.removeprefix("/assets/"))
            return Reply(200, found[0], found[1], {"Cache-Control": "max-age=3600"}) if found else None
        lang = choose_language(_first(params, "lang"), _first(params, ACCEPT_LANGUAGE))
        accept = _first(params, ACCEPT)
        if path.startswith("/id/"):
            return self._dereference(path.removeprefix("/id/"), accept, lang)
        if path.startswith("/entity/"):
            return self._entity(path.removeprefix("/entity/"), accept, lang)
        if path.startswith("/source/"):
            return self._source(path.removeprefix("/source/"), lang)
        if path == "/profiles":
            from healthgraph.views.site import index_page

            return _html(index_page(self.index, lang, self.links))
        return None

    def _dereference(self, ident: str, accept: str | None, lang: str) -> Reply:
        node = str(HGID) + ident
        media = negotiate(accept)
        if media != "text/html" and node in self.index.out:
            return _rdf(self.index, node, media)
        if self.index.is_entity(node):
            where = f"/entity/{ident}?lang={lang}"
        elif node in self.index.sources():
            where = f"/source/{ident.removeprefix('source/')}?lang={lang}"
        elif node in self.index.out:
            where = f"/entity?iri={node}"
        else:
            return Reply.text(404, "no such IRI in the graph")
        return Reply(303, "text/plain; charset=utf-8", f"See {where}\n".encode(), {"Location": where})

    def _entity(self, ident: str, accept: str | None, lang: str) -> Reply:
        media = negotiate(accept)
        for suffix, kind in SUFFIXES.items():
            if ident.endswith(suffix):
                ident, media = ident.removesuffix(suffix), kind
        node = str(HGID) + ident
        if not self.index.is_entity(node):
            return Reply.text(404, "no such entity in the graph")
        if media != "text/html":
            return _rdf(self.index, node, media)
        return _html(entity_page(Context(self.index, lang, self.links), node))

    def _source(self, ident: str, lang: str) -> Reply:
        node = f"{HGID}source/{ident}"
        if node not in self.index.out:
            return Reply.text(404, "no such source in the graph")
        return _html(source_page(Context(self.index, lang, self.links), node))


def _first(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    return values[0] if values else None


def _html(page: str) -> Reply:
    return Reply(200, "text/html; charset=utf-8", page.encode(), dict(HTML_HEADERS))
