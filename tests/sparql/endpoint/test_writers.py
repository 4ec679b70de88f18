"""Results written by Oxigraph's own writers: rows counted exactly in every format, limits held, XML kept valid."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from healthgraph.sparql.endpoint.writers import count_rows, graph_reply, more_rows_than, solutions_reply
from healthgraph.sparql.results import UnrepresentableError

# values that hold what separates rows in some format: commas, braces, quotes, newlines, CRLF, tags
TRICKY = ["a,{}", 'x"},{"y', "line\nbreak", "cr\r\nlf", '"quoted", "twice"', "<result>", ",{", "plain"]


def _store() -> ox.Store:
    store = ox.Store()
    for index, text in enumerate(TRICKY * 3):
        subject = ox.NamedNode(f"http://example.org/s{index}")
        store.add(ox.Quad(subject, ox.NamedNode("http://example.org/p"), ox.Literal(text)))
    return store


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("limit", [0, 1, 7, 24])
def test_rows_are_counted_exactly_whatever_the_values_hold(fmt: str, limit: int) -> None:
    store = _store()
    for query in (
        f"SELECT ?s ?o WHERE {{ ?s ?p ?o }} LIMIT {limit}",
        f"SELECT ?unbound WHERE {{ ?s ?p ?o }} LIMIT {limit}",  # rows with no binding at all
        f"SELECT ?o (BNODE() AS ?b) WHERE {{ ?s ?p ?o OPTIONAL {{ ?s <urn:none> ?x }} }} LIMIT {limit}",
    ):
        body = store.query(query).serialize(format=getattr(ox.QueryResultsFormat, fmt.upper()))
        assert count_rows(body, fmt) == limit, (query, fmt)
        for at_most in {0, max(0, limit - 1), limit, limit + 1, 10_000}:
            assert more_rows_than(body, fmt, at_most) is (limit > at_most), (query, fmt, at_most)


def test_the_row_limit_and_the_byte_limit_are_answered_with_their_option() -> None:
    store = _store()
    query = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    reply = solutions_reply(store.query(query), "json", "application/sparql-results+json", 23, 10**6)
    assert reply.status == 400 and b"--max-rows" in reply.body
    reply = solutions_reply(store.query(query), "json", "application/sparql-results+json", 24, 10**6)
    assert reply.status == 200 and len(json.loads(reply.body)["results"]["bindings"]) == 24
    reply = solutions_reply(store.query(query), "csv", "text/csv", 10**6, 500)
    assert reply.status == 400 and b"--max-result-mb" in reply.body
    graph = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert graph_reply(store.query(graph), "turtle", "text/turtle", 23, 10**6).status == 400
    assert graph_reply(store.query(graph), "nt", "application/n-triples", 24, 10**6).status == 200
    assert b"--max-result-mb" in graph_reply(store.query(graph), "json-ld", "application/ld+json", 24, 500).body


def test_asking_is_answered_in_every_format() -> None:
    store = _store()
    for fmt in ("json", "xml", "csv", "tsv"):
        reply = solutions_reply(store.query("ASK { ?s ?p ?o }"), fmt, "x", 0, 1000)
        assert reply.status == 200 and b"true" in reply.body, fmt


def test_xml_refuses_what_xml_cannot_carry_and_json_escapes_it() -> None:
    store = ox.Store()
    query = 'SELECT ("a\\u0001b" AS ?x) {}'
    with pytest.raises(UnrepresentableError, match="U\\+0001"):
        solutions_reply(store.query(query), "xml", "application/sparql-results+xml", 10, 1000)
    reply = solutions_reply(store.query(query), "json", "application/sparql-results+json", 10, 1000)
    assert json.loads(reply.body)["results"]["bindings"][0]["x"]["value"] == "a\x01b"
