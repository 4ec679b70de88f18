"""The built graph holds the facts of both source articles and of the curated facts table, with sources."""

from __future__ import annotations

import pytest
from rdflib import Graph
from tests.conftest import ask

from healthgraph.namespaces import PREFIXES


def rows(graph: Graph, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) if v is not None else "" for v in row) for row in graph.query(query, initNs=PREFIXES)]


SOURCED_FACTS = {
    "Medicen created in 2005 (network article)": """ASK { ?e a hg:Creation ; hg:subject hgid:medicen ;
        dcterms:date "2005"^^xsd:gYear ; prov:wasDerivedFrom source:menu2018 }""",
    "Atlanpole labelled by the ministry of industry in July 2005": """ASK { ?l a hg:Labelling ;
        hg:subject hgid:atlanpole-biotherapies ; hg:agent hgid:ministere-industrie ;
        dcterms:date "2005-07"^^xsd:gYearMonth ; prov:wasDerivedFrom source:menu2018 }""",
    "Lyonbiopôle ECEI Gold label": """ASK { ?l hg:subject hgid:lyonbiopole ; hg:label hgid:ecei-gold }""",
    "Cancer-Bio-Santé widened to ageing in 2013": """ASK { ?f a hg:ThematicFocus ; hg:subject hgid:cancer-bio-sante ;
        hg:theme theme:vieillissement ; hg:startDate "2013"^^xsd:gYear }""",
    "the seven health pôles together: 1,300 members": """ASK { ?o hg:subject hgid:reseau-poles-sante ;
        hg:measure measure:member-count ; hg:value 1300.0 ; prov:wasDerivedFrom source:menu2018 }""",
    "NSL more than 120 members": """ASK { ?o hg:subject hgid:nsl ; hg:measure measure:member-count ;
        hg:value 120.0 ; hg:qualifier hg:MoreThan }""",
    "Medicen co-membership with FemTech France": """ASK { ?c a hg:CoMembership ;
        hg:partner hgid:medicen , hgid:femtech-france ; prov:wasDerivedFrom source:medicen2025 }""",
    "GT IA & Confiance with Polepharma": """ASK { ?i hg:agent hgid:polepharma ; hg:target hgid:gt-ia-confiance }""",
    "AFPC created 16 December 2013": """ASK { ?e a hg:Creation ; hg:subject hgid:afpc ;
        dcterms:date "2013-12-16"^^xsd:date }""",
    "Christian Deleuze presides the AFPC since 17 June 2024": """ASK { ?p a hg:Post ; hg:holder hgid:christian-deleuze ;
        hg:organisation hgid:afpc ; hg:role role:president ; hg:startDate "2024-06-17"^^xsd:date }""",
    "AIS attached to the SGPI": """ASK { ?i hg:agent hgid:ais ; hg:target hgid:sgpi ; hg:role role:attached-to }""",
    "Bpifrance SIREN": """ASK { hgid:bpifrance hg:siren "320252489" }""",
    "ANR ROR identifier": """ASK { hgid:anr skos:exactMatch <https://ror.org/00rbzpz17> }""",
    "BCF2I funded 60 M EUR over 5 years": """ASK { ?f a hg:Funding ; hg:beneficiary hgid:bcf2i ; hg:amount 60000000.0 ;
        hg:currency "EUR" ; hg:durationYears 5.0 }""",
    "France Water Team not labelled in phase V": """ASK { ?l hg:subject hgid:france-water-team ;
        hg:status hg:NotLabelled ; hg:programme hgid:phase-v }""",
    "Bpifrance formed by merger in 2012": """ASK { ?m a hg:Merger ; hg:successor hgid:bpifrance ;
        hg:predecessor hgid:oseo }""",
    "AP-HP runs BOpEx": """ASK { ?i hg:agent hgid:aphp ; hg:target hgid:bopex ; hg:role role:operator }""",
}


@pytest.mark.parametrize("name", sorted(SOURCED_FACTS))
def test_sourced_fact_is_in_graph(graph: Graph, name: str) -> None:
    assert ask(graph, SOURCED_FACTS[name]), name


def test_every_fact_node_cites_a_source(graph: Graph) -> None:
    unsourced = rows(
        graph,
        """SELECT ?f WHERE { ?f a/rdfs:subClassOf* hg:Fact .
        FILTER NOT EXISTS { ?f prov:wasDerivedFrom ?s } }""",
    )
    assert unsourced == []


def test_renamings_and_mergers_keep_old_names_findable(graph: Graph) -> None:
    successors = dict(rows(graph, "SELECT ?old ?new WHERE { ?old hg:succeededBy ?new }"))
    base = "https://w3id.org/healthgraph/id/"
    assert successors[base + "alsace-biovalley"] == base + "biovalley-france"
    assert successors[base + "cancer-bio-sante"] == base + "eurobiomed"
    assert successors[base + "nsl"] == base + "clubster-nsl"
    assert ask(graph, 'ASK { hgid:alsace-biovalley rdfs:label "Alsace BioValley"@fr }')


def test_number_of_pôles_figures_disagree_and_both_stay(graph: Graph) -> None:
    values = rows(
        graph,
        """SELECT ?v ?d WHERE { ?o hg:subject hgid:politique-des-poles ;
        hg:measure measure:pole-count ; hg:value ?v ; dcterms:date ?d } ORDER BY ?d""",
    )
    assert [(float(v), d) for v, d in values] == [(70.0, "2018"), (55.0, "2025")]


def test_medicen_member_counts_have_two_dates_and_sources(graph: Graph) -> None:
    found = rows(
        graph,
        """SELECT ?v ?d ?s WHERE { ?o hg:subject hgid:medicen ; hg:measure measure:member-count ;
        hg:value ?v ; dcterms:date ?d ; prov:wasDerivedFrom ?s } ORDER BY ?d""",
    )
    assert [(float(v), d, s.rsplit("/", 1)[-1]) for v, d, s in found] == [
        (350.0, "2018", "menu2018"),
        (450.0, "2025", "medicen2025"),
    ]


def test_regions_current_and_merged(graph: Graph) -> None:
    current = rows(graph, "SELECT ?r WHERE { ?r a hg:Region FILTER NOT EXISTS { ?r hg:mergedInto ?x } }")
    merged = dict(rows(graph, "SELECT ?c ?n WHERE { ?r hg:inseeCode ?c ; hg:mergedInto/hg:inseeCode ?n }"))
    assert len(current) == 18
    assert len(merged) == 16
    assert merged["73"] == "76"  # Midi-Pyrénées -> Occitanie
    assert merged["42"] == "44"  # Alsace -> Grand Est


def test_every_entity_has_french_and_english_labels(graph: Graph) -> None:
    missing = rows(
        graph,
        """SELECT ?e WHERE { ?e a/rdfs:subClassOf* hg:Agent .
        FILTER (NOT EXISTS { ?e rdfs:label ?f FILTER(lang(?f) = "fr") }
             || NOT EXISTS { ?e rdfs:label ?n FILTER(lang(?n) = "en") }) }""",
    )
    assert missing == []


def test_inferred_source_dates_are_marked(graph: Graph) -> None:
    assert ask(graph, 'ASK { source:menu2018 hg:dateInferred true ; dcterms:date "2018"^^xsd:gYear }')
    # the interview's date is its issue's (La Jaune et la Rouge no. 804, April 2025), not an estimate
    assert ask(graph, 'ASK { source:medicen2025 dcterms:date "2025-04"^^xsd:gYearMonth ; dcterms:creator ?who }')
    assert not ask(graph, "ASK { source:medicen2025 hg:dateInferred true }")


def test_corrected_records_follow_their_sources(graph: Graph) -> None:
    # one pôle des microtechniques (PMT), under both names; the funders fund the projects Medicen labels
    assert not ask(graph, "ASK { hgid:microtechniques ?p ?o }")
    assert ask(graph, 'ASK { hgid:pmt skos:altLabel "Pôle des microtechniques" }')
    assert not ask(graph, "ASK { ?f a hg:Funding ; hg:beneficiary hgid:medicen ; prov:wasDerivedFrom source:menu2018 }")
    assert ask(
        graph, "ASK { ?f a hg:Funding ; hg:funder hgid:bpifrance ; hg:beneficiary hgid:medicen-projets-labellises }"
    )
    # Eurasanté's animation has no end its source gives; Eurobiomed is a party of its own merger
    assert not ask(graph, "ASK { ?i hg:agent hgid:eurasante ; hg:target hgid:nsl ; hg:endDate ?end }")
    assert ask(graph, "ASK { ?m a hg:Merger ; hg:predecessor hgid:eurobiomed, hgid:cancer-bio-sante }")
    assert not ask(graph, "ASK { hgid:csf-sante a hg:PublicAgency }")
