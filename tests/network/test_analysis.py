"""Analyses on toy graphs with known answers, then on the real graph."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph

from healthgraph import network
from healthgraph.network.projection import project
from healthgraph.network.scores import scores_to_rdf


def toy() -> nx.Graph:
    """Two triangles (regions A and B) joined through a single bridge node."""
    graph = nx.Graph()
    for node, region in {"a1": "A", "a2": "A", "a3": "A", "bridge": "A", "b1": "B", "b2": "B", "b3": "B"}.items():
        graph.add_node(node, label=node.upper(), kind="org", regions=[region], names=[f"alias-{node}"])
    graph.add_edges_from(
        [
            ("a1", "a2"),
            ("a2", "a3"),
            ("a1", "a3"),
            ("b1", "b2"),
            ("b2", "b3"),
            ("b1", "b3"),
            ("a1", "bridge"),
            ("bridge", "b1"),
        ],
        weight=1,
        facts=[],
    )
    return graph


def test_centrality_ranks_the_bridge_first_by_betweenness() -> None:
    frame = network.centrality(toy(), ("betweenness", "degree", "pagerank"), top=None)
    assert frame.iloc[0]["node"] == "bridge"
    assert frame.attrs["method"] == "exact (igraph)"
    assert frame.set_index("node").loc["a1", "degree"] == 3


def test_closeness_states_whether_it_was_sampled() -> None:
    small = network.centrality(nx.path_graph(50), ("closeness",), top=3)
    assert small.attrs["closeness"] == "exact (igraph)"
    large = network.centrality(nx.path_graph(network.SAMPLING_LIMIT + 1), ("closeness", "degree"), top=3)
    assert large.attrs["closeness"] == "estimated from 256 sampled nodes (igraph)"
    assert "closeness" not in network.centrality(nx.path_graph(5), ("degree",)).attrs


def test_approximate_betweenness_states_its_sample() -> None:
    frame = network.centrality(nx.path_graph(50), ("betweenness",), top=3, sample=10)
    assert frame.attrs["method"] == "approximate, 10 sampled sources (igraph)"


def test_unknown_measure() -> None:
    with pytest.raises(ValueError, match="unknown measure"):
        network.centrality(toy(), ("fame",))


def test_brokers_find_the_bridge_between_regions() -> None:
    frame = network.brokers(toy(), "regions")
    # b1 links the bridge (region A) to b2 and b3 (region B): two cross pairs; the bridge joins a1 and b1: one;
    # every other node has neighbours of one region only
    assert list(frame["node"]) == ["b1", "bridge"]
    bridge = frame.set_index("node").loc["bridge"]
    assert bridge["groups_bridged"] == 2 and bridge["cross_group_pairs"] == 1


def test_communities_split_the_two_triangles_reproducibly() -> None:
    first = network.communities(toy())
    second = network.communities(toy())
    groups = [set(m) for m in first["members"]]
    assert {"b1", "b2", "b3"} in groups or {"b1", "b2", "b3", "bridge"} in groups
    assert first["members"].tolist() == second["members"].tolist()


def test_paths_k_shortest_and_avoid() -> None:
    graph = toy()
    assert [s.target for s in network.paths(graph, "A2", "b3")[0]] == ["a1", "bridge", "b1", "b3"]
    assert len(network.paths(graph, "a2", "a3", k=2)) == 2
    with pytest.raises(network.NoPath, match="avoiding BRIDGE"):
        network.paths(graph, "a1", "b1", avoid=("bridge",))


def test_unknown_name_suggests_closest() -> None:
    with pytest.raises(network.UnknownName, match="closest names: BRIDGE"):
        network.find_node(toy(), "brige")
    assert network.find_node(toy(), "ALIAS-B2") == "b2"


def test_ego_and_change() -> None:
    graph = toy()
    assert set(network.ego(graph, "bridge")) == {"bridge", "a1", "b1"}
    later = graph.copy()
    later.add_node("new", label="NEW")
    later.add_edge("bridge", "new")
    change = network.ego_change(network.ego(graph, "bridge"), network.ego(later, "bridge"))
    assert change["nodes_added"] == ["NEW"] and change["edges_added"] == ["BRIDGE -- NEW"]


def test_real_path_femtech_to_ais_goes_through_medicen(graph: Graph) -> None:
    steps = network.paths(project(graph, "full"), "FemTech France", "Agence de l'innovation en santé")[0]
    assert [s.target_label for s in steps] == ["Medicen Paris Region", "Health Innovation Agency"]
    assert [f.relation for s in steps for f in s.facts] == ["co-membership", "partnership"]
    assert all(f.sources == ("https://w3id.org/healthgraph/id/source/medicen2025",) for s in steps for f in s.facts)


def test_real_centrality_and_brokers(graph: Graph) -> None:
    organisations = project(graph, "organisations")
    top = network.centrality(organisations, ("betweenness",), top=3)
    assert top.iloc[0]["label"] == "Medicen Paris Region"
    brokers = network.brokers(organisations, "regions", top=1)
    assert brokers.iloc[0]["label"] == "Network of the health pôles"


def test_scores_written_back_as_observations(graph: Graph) -> None:
    frame = network.centrality(project(graph, "organisations"), ("pagerank",), top=5)
    rdf = scores_to_rdf(frame, ["pagerank"], "organisations", "top=5")
    rows = list(
        rdf.query("""SELECT ?node ?v WHERE { ?o a hg:Observation ; hg:subject ?node ; hg:value ?v ;
        hg:measure <https://w3id.org/healthgraph/id/measure/pagerank> ; prov:wasGeneratedBy ?a . ?a prov:used ?g }""")
    )
    assert len(rows) == 5


def test_igraph_scores_equal_networkx() -> None:
    graph = nx.disjoint_union(nx.karate_club_graph(), nx.path_graph(5))
    frame = network.centrality(graph, ("betweenness", "closeness"), top=None).set_index("node")
    expected_b = nx.betweenness_centrality(graph)
    expected_c = nx.closeness_centrality(graph)
    for node in graph:
        assert frame.loc[node, "betweenness"] == pytest.approx(expected_b[node])
        assert frame.loc[node, "closeness"] == pytest.approx(expected_c[node])


def test_sampled_betweenness_estimates_the_exact_ranking() -> None:
    graph = nx.barabasi_albert_graph(600, 2, seed=3)
    exact = nx.betweenness_centrality(graph)
    frame = network.centrality(graph, ("betweenness",), top=10, sample=200)
    top_exact = sorted(exact, key=exact.get, reverse=True)[:10]
    assert len(set(frame["node"]) & set(top_exact)) >= 8
    assert frame.iloc[0]["betweenness"] == pytest.approx(exact[frame.iloc[0]["node"]], rel=0.3)


def test_estimated_closeness_is_close_to_exact_above_the_limit() -> None:
    graph = nx.barabasi_albert_graph(4500, 2, seed=1)
    estimate = network.centrality(graph, ("closeness",), top=None).set_index("node")["closeness"]
    exact = nx.closeness_centrality(graph)
    assert max(abs(estimate[n] - exact[n]) / exact[n] for n in graph) < 0.1
