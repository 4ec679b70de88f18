"""The summary graph states the counts that a direct aggregate over the other graphs gives."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal

from healthgraph.curation.build import Build
from healthgraph.curation.summaries import add_summaries, summarise
from healthgraph.namespaces import GRAPH_SUMMARY, HG, HGID, PROV, RDF, RDFS
from healthgraph.pipeline import Checked
from healthgraph.sparql.backends import OxigraphBackend
from healthgraph.sparql.query import prefixed

# the aggregates cq06 and cq12 computed at query time before the summaries, over every organisation and source
NETWORKS = """
SELECT ?organisation (COUNT(DISTINCT ?network) AS ?networks)
       (GROUP_CONCAT(DISTINCT ?networkName; separator="; ") AS ?names)
WHERE {
  GRAPH ?g {
    { ?m hg:member ?organisation ; hg:organisation ?network . }
    UNION
    { ?c a hg:CoMembership ; hg:partner ?organisation , ?network . FILTER(?organisation != ?network) }
  }
  FILTER(?g != <https://w3id.org/healthgraph/graph/summary>)
  OPTIONAL { ?network rdfs:label ?networkName . FILTER(lang(?networkName) = "en") }
}
GROUP BY ?organisation
"""
FACTS = """
SELECT ?source ?type (COUNT(DISTINCT ?fact) AS ?facts) (SUM(?single) AS ?singleSourced)
WHERE {
  ?fact prov:wasDerivedFrom ?source ; a ?type .
  ?type rdfs:subClassOf+ hg:Fact .
  FILTER NOT EXISTS { ?fact a ?sub . ?sub rdfs:subClassOf+ ?type . FILTER(?sub != ?type) }
  OPTIONAL { ?fact prov:wasDerivedFrom ?other . FILTER(?other != ?source) }
  BIND(IF(BOUND(?other), 0, 1) AS ?single)
}
GROUP BY ?source ?type
"""
SUMMARY_NETWORKS = "SELECT ?o ?n ?names WHERE { ?s hg:summaryOf ?o ; hg:networkCount ?n ; hg:networkNames ?names }"
SUMMARY_FACTS = """
SELECT ?source ?type ?n ?single
WHERE { ?s hg:summaryOf ?source ; hg:factClass ?type ; hg:factCount ?n ; hg:singleSourcedCount ?single }
"""


@pytest.fixture(scope="module")
def store(checked: Checked) -> OxigraphBackend:
    store = ox.Store()
    store.bulk_load(checked.build.dataset.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    return OxigraphBackend(store)


def _rows(backend: OxigraphBackend, query: str) -> set[tuple[str, ...]]:
    def cell(value: object) -> str:
        text = str(value.toPython() if isinstance(value, Literal) else value)
        return "; ".join(sorted(text.split("; "))) if "; " in text else text

    return {tuple(cell(v) for v in row) for row in backend.query(prefixed(query)).rows}


def test_network_summary_matches_a_direct_count(store: OxigraphBackend) -> None:
    direct, summary = _rows(store, NETWORKS), _rows(store, SUMMARY_NETWORKS)
    assert direct == summary
    assert ("https://w3id.org/healthgraph/id/medicen", "5") in {row[:2] for row in summary}


def test_source_summary_matches_a_direct_count(store: OxigraphBackend) -> None:
    direct, summary = _rows(store, FACTS), _rows(store, SUMMARY_FACTS)
    assert direct == summary
    assert len(summary) > 50 and all(int(row[3]) <= int(row[2]) for row in summary)


def test_summaries_are_recomputed_not_added(checked: Checked) -> None:
    graph = checked.build.graph(GRAPH_SUMMARY)
    before = set(graph)
    assert add_summaries(checked.build) == len(before) and set(graph) == before


def test_co_members_and_most_specific_kinds() -> None:
    pole, alliance, other, source, second = HGID.pole, HGID.alliance, HGID.other, HGID.s1, HGID.s2
    summariser = summarise(
        [
            (HG.CoMembership, RDFS.subClassOf, HG.Partnership),
            (HG.Partnership, RDFS.subClassOf, HG.Fact),
            (HGID.c, RDF.type, HG.CoMembership),
            (HGID.c, RDF.type, HG.Partnership),
            (HGID.c, HG.partner, pole),
            (HGID.c, HG.partner, alliance),
            (HGID.c, PROV.wasDerivedFrom, source),
            (HGID.c, PROV.wasDerivedFrom, second),
            (HGID.m, RDF.type, HG.Partnership),
            (HGID.m, HG.member, pole),
            (HGID.m, HG.organisation, other),
            (HGID.m, PROV.wasDerivedFrom, source),
            (alliance, RDFS.label, Literal("Alliance", lang="en")),
            (alliance, RDFS.label, Literal("Alliance", lang="fr")),
        ]
    )
    assert summariser.networks() == {pole: {alliance, other}, alliance: {pole}}
    kinds = {fact: (kinds, sources) for fact, kinds, sources in summariser.fact_kinds()}
    assert kinds[HGID.c] == ({HG.CoMembership}, {source, second})
    names = {str(o) for _, p, o in summariser.triples() if p == HG.networkNames}
    assert names == {"Alliance", ""}  # the other organisation has no English name


def test_an_empty_build_has_an_empty_summary() -> None:
    assert add_summaries(Build(Dataset())) == 0
