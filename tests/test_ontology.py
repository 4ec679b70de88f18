"""Every class and property is documented in both languages, and the data uses only declared terms."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from healthgraph import settings
from healthgraph.namespaces import HG, OWL, RDF, RDFS

ONTOLOGY = Graph().parse(settings.ontology_dir() / "healthgraph.ttl")
TERMS = sorted(
    s
    for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    for s in ONTOLOGY.subjects(RDF.type, t)
    if isinstance(s, URIRef)
)


def test_ontology_has_terms() -> None:
    assert len(TERMS) > 60


@pytest.mark.parametrize("term", TERMS, ids=lambda t: str(t).rsplit("/", 1)[-1])
def test_term_is_documented(term: URIRef) -> None:
    langs = {getattr(label, "language", None) for label in ONTOLOGY.objects(term, RDFS.label)}
    comments = {getattr(c, "language", None) for c in ONTOLOGY.objects(term, RDFS.comment)}
    assert {"fr", "en"} <= langs
    assert {"fr", "en"} <= comments
    if (term, RDF.type, OWL.Class) not in ONTOLOGY:
        assert ONTOLOGY.value(term, RDFS.domain) is not None
        assert ONTOLOGY.value(term, RDFS.range) is not None


def test_classes_reuse_standard_vocabularies() -> None:
    assert (HG.Membership, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Membership")) in ONTOLOGY
    assert (HG.Theme, RDFS.subClassOf, URIRef("http://www.w3.org/2004/02/skos/core#Concept")) in ONTOLOGY


def test_data_uses_only_declared_terms(graph: Graph) -> None:
    declared = set(ONTOLOGY.subjects())
    used = {p for p in graph.predicates() if str(p).startswith(str(HG))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(HG))}
    assert used - declared == set()
