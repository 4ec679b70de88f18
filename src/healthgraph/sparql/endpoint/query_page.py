"""Query page: the offline page at ``/``: every stored question, a name picker, names shown, tables to download."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import pyoxigraph as ox

from healthgraph.html import json_for_html
from healthgraph.labels import fold
from healthgraph.namespaces import PREFIXES
from healthgraph.sparql.query import StoredQuery, prefixed

__all__ = ["LABELS_QUERY", "query_page", "store_labels"]

BASE = "https://w3id.org/healthgraph/"
ENTITIES = BASE + "id/"
SOURCES = ENTITIES + "source/"
WHERE_RE = re.compile(r"(?i)\bWHERE\s*\{")
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


def query_page(store: ox.Store, queries: dict[str, StoredQuery]) -> bytes:
    """Render the query page: the stored questions (with parameters), the store's names and labels, offline."""
    labels, names = store_labels(store)
    data = {
        "questions": [_question(q) for q in queries.values()],
        "labels": labels,
        "names": names,
        "base": BASE,
        "prefixes": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
    }
    template = resources.files(__package__).joinpath("templates/query.html").read_text(encoding="utf-8")
    return template.replace("__DATA__", json_for_html(data)).encode()
