"""Ingest: read an RDF file strictly (pyoxigraph's parsers), refusing unsafe input before it reaches the graph.

Refused, with the file and the rule broken: syntax errors (pyoxigraph rejects all W3C negative Turtle tests,
where rdflib accepts dozens), RDF/XML with a DOCTYPE or ENTITY declaration (checked before parsing: entity
expansion can take minutes), JSON-LD whose context is not inline (nothing is ever fetched), and IRIs that are
not plain http(s) or urn: IRIs (spaces, ``>``, ``file:``, ``javascript:``...). Either the whole file is read
or nothing is: a rejected file leaves no partial graph.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from healthgraph.errors import DataError, DataErrors, QueryError
from healthgraph.namespaces import bind_prefixes
from healthgraph.terms import from_oxigraph

__all__ = ["FORMATS", "read_rdf"]

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}
ALLOWED_IRI = re.compile(r"^(https?://[^\s<>\"{}|\\^`]+|urn:[a-z0-9][a-z0-9-]{0,31}:[^\s<>\"{}|\\^`]+)$", re.IGNORECASE)
DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
MAX_BYTES = 200_000_000


def _fail(path: Path, rule: str, line: int = 0) -> DataErrors:
    return DataErrors([DataError(str(path), line, "", rule)])


def _check_json_ld(path: Path, raw: bytes) -> None:
    try:
        document = json.loads(raw)
    except ValueError as exc:
        raise _fail(path, f"not JSON: {exc}") from None

    def contexts(value: object) -> list[object]:
        if isinstance(value, dict):
            found = [value["@context"]] if "@context" in value else []
            return found + [c for v in value.values() for c in contexts(v)]
        if isinstance(value, list):
            return [c for v in value for c in contexts(v)]
        return []

    def remote(context: object) -> bool:
        if isinstance(context, str):
            return True
        if isinstance(context, list):
            return any(remote(c) for c in context)
        return isinstance(context, dict) and "@import" in context

    if any(remote(c) for c in contexts(document)):
        raise _fail(path, "JSON-LD with a remote @context is refused: contexts are never fetched; inline it")


def _term(path: Path, term: object) -> Node:
    if isinstance(term, ox.NamedNode) and not ALLOWED_IRI.match(term.value):
        raise _fail(path, f"IRI <{term.value[:120]}> refused: only http(s) and urn: IRIs are accepted")
    try:
        node = from_oxigraph(term)
    except QueryError:
        node = None
    if node is None:
        raise _fail(path, f"unsupported term {type(term).__name__} (RDF 1.2 triple terms are not accepted)")
    return node


def read_rdf(path: Path, base_iri: str | None = None) -> Graph:
    """Parse ``path`` strictly into a new rdflib graph (quads' graph names are dropped); raise ``DataErrors``."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise _fail(path, f"unknown RDF file extension {path.suffix!r}: use {', '.join(sorted(FORMATS))}")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _fail(path, f"file larger than {MAX_BYTES} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(path, f"cannot read: {exc.strerror}") from None
    if fmt == ox.RdfFormat.RDF_XML and DTD.search(raw):
        raise _fail(path, "RDF/XML with a DOCTYPE or ENTITY declaration is refused before parsing")
    if fmt == ox.RdfFormat.JSON_LD:
        _check_json_ld(path, raw)
    graph = bind_prefixes(Graph())
    try:
        quads = list(ox.parse(raw, format=fmt, base_iri=base_iri))
    except SyntaxError as exc:
        match = re.search(r"line (\d+)|^(\d+):", str(exc))
        line = int(next(g for g in match.groups() if g)) if match else 0
        raise _fail(path, f"invalid {path.suffix[1:]} syntax: {str(exc).splitlines()[0][:300]}", line) from None
    except (ValueError, OSError) as exc:
        raise _fail(path, f"cannot parse: {str(exc)[:300]}") from None
    triples = [(_term(path, q.subject), _term(path, q.predicate), _term(path, q.object)) for q in quads]
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph
