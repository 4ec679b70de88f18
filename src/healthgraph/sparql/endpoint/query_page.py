"""Query page: the offline page at ``/``: every stored question, a name picker, names shown, tables to download."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from typing import Any

import pyoxigraph as ox

from healthgraph.html import PICK_LANGUAGE_JS, json_for_html
from healthgraph.labels import fold
from healthgraph.namespaces import PREFIXES
from healthgraph.sparql.query import StoredQuery, prefixed

__all__ = ["LABELS_QUERY", "LANGUAGES", "page_language", "query_page", "query_pages", "store_labels"]

BASE = "https://w3id.org/healthgraph/"
ENTITIES = BASE + "id/"
SOURCES = ENTITIES + "source/"
WHERE_RE = re.compile(r"(?i)\bWHERE\s*\{")
LANGUAGES = ("en", "fr")
ACCEPT_RE = re.compile(r"^\s*([A-Za-z]{2})(?:-[\w-]+)?\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")
LABELS_QUERY = """
SELECT ?s ?p ?label WHERE {
  VALUES ?p { rdfs:label skos:altLabel dcterms:title }
  ?s ?p ?label .
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "https://w3id.org/healthgraph/"))
}"""


def _question(query: StoredQuery) -> dict[str, Any]:
    """Return a stored question as the page uses it: texts in both languages, parameters, where to bind them."""
    where = WHERE_RE.search(query.body)
    cut = where.end() if where else len(query.body)
    return {
        "name": query.name,
        "title": query.title,
        "question": {"en": query.question_en, "fr": query.question_fr},
        "params": [{"name": p.name, "kind": p.kind, "description": p.description} for p in query.params],
        "text": query.body,
        "cut": cut,  # a VALUES block for the parameters goes right after the first "WHERE {"
    }


def store_labels(store: ox.Store) -> tuple[dict[str, list[str]], list[list[str]]]:
    """Return the labels of the store's IRIs and the names an entity parameter accepts.

    Labels map an IRI (without ``https://w3id.org/healthgraph/``) to ``[English, French]`` (``rdfs:label``, or
    a source's ``dcterms:title``, the other language as fallback). Names are ``[folded name, name, IRI]`` for every
    label, acronym and former name of an entity (``id/``, sources left out), for the name picker.
    """
    result = store.query(prefixed(LABELS_QUERY), use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    by_lang: dict[str, dict[str, str]] = {}
    names: dict[tuple[str, str], list[str]] = {}
    for row in result:
        iri, prop, label = row["s"].value, row["p"].value, row["label"]
        assert isinstance(label, ox.Literal)
        short = iri.removeprefix(BASE)
        if not prop.endswith("altLabel"):
            lang = label.language or ""
            by_lang.setdefault(short, {}).setdefault(lang, label.value)
        if iri.startswith(ENTITIES) and not iri.startswith(SOURCES):
            names.setdefault((fold(label.value), short), [fold(label.value), label.value, short])
    labels = {
        short: [
            found.get("en") or found.get("") or next(iter(found.values())),
            found.get("fr") or found.get("") or found.get("en") or next(iter(found.values())),
        ]
        for short, found in by_lang.items()
    }
    return labels, sorted(names.values(), key=lambda n: (n[1].casefold(), n[2]))


def page_language(asked: str | None, accept_language: str | None) -> str:
    """Return ``asked`` if the page has it, else the language ``Accept-Language`` prefers among them, else English.

    >>> page_language(None, "de-DE,fr;q=0.7,en;q=0.5")
    'fr'
    """
    if asked in LANGUAGES:
        return str(asked)
    ranked: list[tuple[float, int, str]] = []
    for part in (accept_language or "").split(","):
        match = ACCEPT_RE.match(part)
        if match and match.group(1).lower() in LANGUAGES:
            try:
                weight = float(match.group(2) or 1)
            except ValueError:
                continue
            ranked.append((-weight, len(ranked), match.group(1).lower()))
    return min(ranked)[2] if ranked else "en"


def query_page(store: ox.Store, queries: dict[str, StoredQuery], lang: str = "", search: str = "") -> bytes:
    """Render the query page in ``lang`` (empty: the browser's language), with ``search`` (a search box) on top."""
    return query_pages(store, queries, (lambda _: search) if search else None, (lang,))[lang]


def query_pages(
    store: ox.Store,
    queries: dict[str, StoredQuery],
    search: Callable[[str], str] | None = None,
    languages: tuple[str, ...] = LANGUAGES,
) -> dict[str, bytes]:
    """Render the query page once per language: the stored questions, the store's names and labels, offline.

    ``search(lang)`` returns the HTML of a search box to put at the top of the page (the profiles' box when served).
    """
    labels, names = store_labels(store)
    data = {
        "questions": [_question(q) for q in queries.values()],
        "labels": labels,
        "names": names,
        "base": BASE,
        "prefixes": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
    }
    template = resources.files(__package__).joinpath("templates/query.html").read_text(encoding="utf-8")
    filled = template.replace("__PICK_LANGUAGE__", PICK_LANGUAGE_JS).replace("__DATA__", json_for_html(data))
    return {
        lang: filled.replace("__LANG__", lang or "en")
        .replace("__ASKED__", lang)
        .replace("__SEARCH__", search(lang or "en") if search else "")
        .encode()
        for lang in languages
    }
