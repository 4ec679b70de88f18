"""The RDF -> networkx projection: typed nodes, explained edges, no literals, views and dates."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph, Literal

from healthgraph.network.projection import VIEWS, date_bounds, project

ID = "https://w3id.org/healthgraph/id/"


@pytest.fixture(scope="module")
def full(graph: Graph) -> nx.Graph:
    return project(graph, "full")


def test_no_literal_becomes_a_node(graph: Graph) -> None:
    for view in VIEWS:
        projected = project(graph, view)
        assert all(isinstance(n, str) and n.startswith(ID) for n in projected.nodes)
        assert not any(isinstance(n, Literal) for n in projected.nodes)


def test_nodes_carry_kind_labels_regions(full: nx.Graph) -> None:
    medicen = full.nodes[ID + "medicen"]
    assert medicen["label"] == "Medicen Paris Region" and medicen["label_fr"] == "Medicen Paris Region"
    assert medicen["kind"] == "competitiveness cluster (pôle de compétitivité)"
    assert medicen["regions"] == ["Île-de-France"] and "biotech" in medicen["themes"]
    assert "Medicen" in medicen["names"]


def test_edges_carry_facts_with_sources(full: nx.Graph) -> None:
    edge = full.edges[ID + "medicen", ID + "femtech-france"]
    assert edge["relations"] == ["co-membership"]
    assert edge["sources"] == [ID + "source/medicen2025"]
    assert edge["facts"][0].fact.startswith(ID + "fact/co-membership/")


def test_organisation_view_links_co_participants(graph: Graph) -> None:
    organisations = project(graph, "organisations")
    assert all(attrs["organisation"] for _, attrs in organisations.nodes(data=True))
    edge = organisations.edges[ID + "brain-and-mind", ID + "genother"]
    assert edge["relations"] == ["both in a programme or project"]
    assert edge["facts"][0].via == "France 2030 Bioclusters call"
    assert organisations.has_edge(ID + "polepharma", ID + "gt-ia-confiance")  # a working group is an organisation


def test_pole_view_links_poles_through_shared_networks(graph: Graph) -> None:
    poles = project(graph, "poles")
    assert all(attrs["pole"] for _, attrs in poles.nodes(data=True))
    assert poles.has_edge(ID + "medicen", ID + "lyonbiopole")
    assert any("Enosis" in f.via for f in poles.edges[ID + "medicen", ID + "lyonbiopole"]["facts"])


def test_as_of_keeps_only_facts_valid_then(graph: Graph) -> None:
    before = project(graph, "full", as_of="2019")
    after = project(graph, "full", as_of="2025")
    assert not before.has_edge(ID + "medicen", ID + "enosis-sante")  # alliance created 2022-05-19
    assert after.has_edge(ID + "medicen", ID + "enosis-sante")
    beylat = ID + "jean-luc-beylat"
    assert project(graph, "full", as_of="2020").has_edge(beylat, ID + "afpc")
    assert not project(graph, "full", as_of="2025").has_edge(beylat, ID + "afpc")  # presidency ended 2024-06-17


def test_unknown_view_is_refused(graph: Graph) -> None:
    with pytest.raises(ValueError, match="unknown view"):
        project(graph, "everything")


def test_date_bounds_by_precision() -> None:
    assert [d.isoformat() for d in date_bounds("2024")] == ["2024-01-01", "2024-12-31"]
    assert [d.isoformat() for d in date_bounds("2024-02")] == ["2024-02-01", "2024-02-29"]
