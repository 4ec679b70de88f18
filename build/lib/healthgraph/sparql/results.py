"""Results: the W3C SPARQL 1.1 result formats (JSON both ways, XML, CSV, TSV) and content negotiation."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from healthgraph.sparql.query import Result

__all__ = [
    "GRAPH_TYPES",
    "SOLUTION_TYPES",
    "UnrepresentableError",
    "negotiate",
    "parse_json_results",
    "results_json",
    "serialise_solutions",
]

SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def negotiate(accept: str | None, offers: dict[str, str]) -> str | None:
    """Return the offered media type that best matches ``accept`` (None if nothing is acceptable).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", SOLUTION_TYPES)
    'application/sparql-results+xml'
    """
    default = next(iter(offers))
    if not accept or not accept.strip():
        return default
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        quality = _quality(params)
        if quality > 0:
            ranked.append((-quality, position, media.lower()))
    for _, _, media in sorted(ranked):
        offer = _offer_for(media, offers)
        if offer:
            return offer
    return None


def _quality(params: list[str]) -> float:
    """Return the ``q`` of a media range's parameters (1 when absent, 0 when malformed)."""
    for param in params:
        key, _, value = param.partition("=")
        if key.strip() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def _offer_for(media: str, offers: dict[str, str]) -> str | None:
    """Return the first offer that ``media`` (a type or a ``*`` range) accepts."""
    if media in offers:
        return media
    if media in ("*/*", "application/*", "text/*"):
        prefix = media.split("/")[0]
        return next((offer for offer in offers if media == "*/*" or offer.startswith(prefix + "/")), None)
    return None


class UnrepresentableError(ValueError):
    """A result holds a character that the asked format cannot carry (XML 1.0 has no form for most C0 codes)."""


XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    found = XML_FORBIDDEN.search(text)
    if found:
        code = f"U+{ord(found.group(0)):04X}"
        raise UnrepresentableError(f"a value holds {code}, which XML 1.0 cannot carry: ask for SPARQL JSON results")
    return escape(text)


def _xml_term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<uri>{_xml_text(str(node))}</uri>"
    if isinstance(node, BNode):
        return f"<bnode>{_xml_text(str(node))}</bnode>"
    assert isinstance(node, Literal)
    if node.language:
        return f"<literal xml:lang={quoteattr(node.language)}>{_xml_text(str(node))}</literal>"
    if node.datatype:
        return f"<literal datatype={quoteattr(str(node.datatype))}>{_xml_text(str(node))}</literal>"
    return f"<literal>{_xml_text(str(node))}</literal>"


def _xml(result: Result) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.boolean is not None:
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            cells = [
                f"<binding name={quoteattr(v)}>{_xml_term(x)}</binding>"
                for v, x in zip(result.variables, row, strict=True)
                if x is not None
            ]
            out.append("<result>" + "".join(cells) + "</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out)


def _delimited(result: Result, delimiter: str) -> str:
    buffer = io.StringIO()
    if delimiter == "\t":
        buffer.write("\t".join(f"?{v}" for v in result.variables) + "\n")
        for row in result.rows:
            buffer.write("\t".join("" if x is None else x.n3() for x in row) + "\n")
        return buffer.getvalue()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows(["" if x is None else str(x) for x in row] for row in result.rows)
    return buffer.getvalue()


def serialise_solutions(result: Result, fmt: str) -> str:
    """Serialise a SELECT or ASK result as ``json``, ``xml``, ``csv`` or ``tsv``."""
    if fmt == "json":
        return results_json(result)
    if fmt == "xml":
        return _xml(result)
    if result.boolean is not None:
        return "true" if result.boolean else "false"
    return _delimited(result, "," if fmt == "csv" else "\t")


def _json_term(value: dict[str, str]) -> Node:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    return Literal(value["value"], datatype=URIRef(datatype) if datatype else None)


def parse_json_results(data: dict[str, Any]) -> Result:
    """Turn SPARQL 1.1 JSON results into a ``Result``."""
    if "boolean" in data:
        return Result([], [], bool(data["boolean"]))
    variables = list(data["head"]["vars"])
    rows = [tuple(_json_term(b[v]) if v in b else None for v in variables) for b in data["results"]["bindings"]]
    return Result(variables, rows)


def results_json(result: Result) -> str:
    """Serialise a result as SPARQL 1.1 JSON results."""
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean})

    def term(node: Node) -> dict[str, str]:
        if isinstance(node, URIRef):
            return {"type": "uri", "value": str(node)}
        if isinstance(node, BNode):
            return {"type": "bnode", "value": str(node)}
        assert isinstance(node, Literal)
        out = {"type": "literal", "value": str(node)}
        if node.language:
            out["xml:lang"] = node.language
        elif node.datatype:
            out["datatype"] = str(node.datatype)
        return out

    bindings = [
        {v: term(x) for v, x in zip(result.variables, row, strict=True) if x is not None} for row in result.rows
    ]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False)
