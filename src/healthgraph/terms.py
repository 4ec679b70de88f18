"""Terms: the RDF terms the stages share: entity IRIs, typed dates and decimals, graph merging, Oxigraph terms."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from healthgraph.errors import QueryError
from healthgraph.namespaces import HGID, XSD, bind_prefixes

__all__ = ["date_literal", "decimal_literal", "entity_iri", "from_oxigraph", "merge_graphs"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def merge_graphs(graphs: Iterable[Graph]) -> Graph:
    """Return a new graph (with the project's prefixes) holding every triple of ``graphs``."""
    merged = bind_prefixes(Graph())
    for graph in graphs:
        merged.addN((s, p, o, merged) for s, p, o in graph)
    return merged


def entity_iri(identifier: str) -> URIRef:
    """Return the IRI of a curated entity.

    >>> entity_iri("medicen")
    rdflib.term.URIRef('https://w3id.org/healthgraph/id/medicen')
    """
    return HGID[identifier]


def date_literal(text: str) -> Literal:
    """Return an xsd:gYear, xsd:gYearMonth or xsd:date literal by the precision of ``text``.

    >>> date_literal("2018-04").datatype == XSD.gYearMonth
    True
    """
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(text)]
    return Literal(text, datatype=datatype)


def decimal_literal(value: Decimal) -> Literal:
    """Return an xsd:decimal literal in canonical form, so equal numbers are equal terms.

    >>> str(decimal_literal(Decimal("120")))
    '120.0'
    """
    text = format(value.normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def from_oxigraph(term: Any) -> Node | None:
    """Convert a pyoxigraph term to the equal rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:  # RDF 1.1: a plain literal is an xsd:string; rdflib keeps them apart
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"unsupported term {term!r}")
