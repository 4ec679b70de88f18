"""Analyse: centrality, brokers, communities, explained paths and ego networks on networkx graphs (no RDF)."""

from __future__ import annotations

import difflib
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import islice, pairwise
from typing import Any

import networkx as nx
import pandas as pd

__all__ = [
    "MEASURES",
    "NoPath",
    "Step",
    "UnknownName",
    "brokers",
    "centrality",
    "communities",
    "ego",
    "ego_change",
    "find_node",
    "paths",
    "to_igraph",
]

MEASURES = ("degree", "weighted_degree", "betweenness", "closeness", "eigenvector", "pagerank")
EXACT_BETWEENNESS_LIMIT = 4_000
SAMPLED_SOURCES = 256  # seeded source nodes for betweenness and closeness above the limit
SEED = 42


class UnknownName(LookupError):  # noqa: N818 - reads as a message: "unknown name"
    """A name matches no node; the message lists the closest names."""


class NoPath(LookupError):  # noqa: N818
    """The two nodes are not connected (in this view, as of this date, avoiding these nodes)."""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c if c.isalnum() else " " for c in text if not unicodedata.combining(c)).split())


def find_node(graph: nx.Graph, name: str) -> str:
    """Return the node whose id, label, French label or alternative name is ``name`` (accents and case folded).

    >>> g = nx.Graph(); g.add_node("x/ap-hp", label="Paris hospitals", names=["AP-HP"])
    >>> find_node(g, "ap hp")
    'x/ap-hp'
    """
    if name in graph:
        return name
    index: dict[str, set[str]] = {}
    for node, attrs in graph.nodes(data=True):
        names = [
            str(node).rstrip("/").rsplit("/", 1)[-1],
            attrs.get("label", ""),
            attrs.get("label_fr", ""),
            *attrs.get("names", []),
        ]
        for value in names:
            if value:
                index.setdefault(_fold(value), set()).add(node)
    found = index.get(_fold(name), set())
    if len(found) == 1:
        return next(iter(found))
    if found:
        raise UnknownName(f"'{name}' names several nodes: {', '.join(sorted(found))}")
    close = difflib.get_close_matches(_fold(name), list(index), n=5, cutoff=0.5)
    labels = sorted({graph.nodes[n].get("label", n) for c in close for n in index[c]})
    hint = f"; closest names: {', '.join(labels)}" if labels else ""
    raise UnknownName(f"no node is named '{name}' in this view{hint}")


def to_igraph(graph: nx.Graph) -> tuple[Any, list[Any]]:
    """Return ``graph`` as an undirected igraph graph and the nodes in igraph's vertex order."""
    import igraph as ig

    nodes = list(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    return ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in graph.edges]), nodes


def _betweenness(graph: nx.Graph, sample: int | None) -> tuple[dict[Any, float], str]:
    """Return betweenness from igraph, normalised as networkx does.

    Exact up to ``EXACT_BETWEENNESS_LIMIT`` nodes; above it, or when ``sample`` is given, the Brandes
    estimate from ``sample`` seeded source nodes (igraph's subset betweenness, scaled by n / k).
    """
    n = graph.number_of_nodes()
    if n < 3:
        return dict.fromkeys(graph, 0.0), "exact (igraph)"
    converted, nodes = to_igraph(graph)
    scale = 2.0 / ((n - 1) * (n - 2))
    if sample is None and n <= EXACT_BETWEENNESS_LIMIT:
        values, method = converted.betweenness(directed=False), "exact (igraph)"
    else:
        k = min(sample or SAMPLED_SOURCES, n)
        sources = sorted(random.Random(SEED).sample(range(n), k))  # noqa: S311 - seeded sampling, not security
        raw = converted.betweenness(directed=False, sources=sources, targets=None)
        # paths from k of the n sources: scale up by n / k (Brandes and Pich estimator)
        values, method = [v * n / k for v in raw], f"approximate, {k} sampled sources (igraph)"
    return {node: value * scale for node, value in zip(nodes, values, strict=True)}, method


def _closeness(graph: nx.Graph) -> dict[Any, float]:
    """Return closeness as networkx computes it (Wasserman-Faust scaling), computed by igraph.

    Above ``EXACT_BETWEENNESS_LIMIT`` nodes the mean distance is estimated from 256 seeded sampled nodes.
    """
    n = graph.number_of_nodes()
    if n < 2:
        return dict.fromkeys(graph, 0.0)
    converted, nodes = to_igraph(graph)
    sizes = {member: len(component) for component in converted.connected_components() for member in component}
    if n <= EXACT_BETWEENNESS_LIMIT:
        values = converted.closeness(normalized=True)
    else:
        import numpy as np

        sample = sorted(random.Random(SEED).sample(range(n), SAMPLED_SOURCES))  # noqa: S311 - seeded sampling, not security
        distances = np.array(converted.distances(source=sample), dtype=float)
        distances[np.arange(len(sample)), sample] = np.inf  # a node's distance to itself does not count
        finite = np.isfinite(distances)
        totals = np.where(finite, distances, 0.0).sum(axis=0)
        counts = finite.sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            values = list(np.where(totals > 0, counts / totals, np.nan))
    return {
        node: (0.0 if value != value else value * (sizes[i] - 1) / (n - 1))
        for i, (node, value) in enumerate(zip(nodes, values, strict=True))
    }


def centrality(
    graph: nx.Graph, measures: tuple[str, ...] = MEASURES, top: int | None = 20, sample: int | None = None
) -> pd.DataFrame:
    """Rank nodes by centrality measures; ``attrs['method']`` says how betweenness was computed.

    With closeness, ``attrs['closeness']`` says whether it is exact or estimated from sampled nodes.

    Betweenness and closeness use igraph (same normalisation as networkx). Betweenness is exact up to 4,000
    nodes; above, or when ``sample`` is given, it is estimated from that many seeded source nodes (256).
    """
    unknown = set(measures) - set(MEASURES)
    if unknown:
        raise ValueError(f"unknown measure(s) {sorted(unknown)}: choose from {', '.join(MEASURES)}")
    scores: dict[str, dict[Any, float]] = {}
    method = ""
    for measure in measures:
        if measure == "degree":
            scores[measure] = dict(graph.degree())
        elif measure == "weighted_degree":
            scores[measure] = dict(graph.degree(weight="weight"))
        elif measure == "betweenness":
            scores[measure], method = _betweenness(graph, sample)
        elif measure == "closeness":
            scores[measure] = _closeness(graph)
        elif measure == "eigenvector":
            scores[measure] = _eigenvector(graph)
        else:
            scores[measure] = nx.pagerank(graph, weight="weight") if graph.number_of_edges() else {}
    rows = [
        {
            "node": n,
            "label": a.get("label", n),
            "kind": a.get("kind", ""),
            **{m: float(scores[m].get(n, 0.0)) for m in measures},
        }
        for n, a in graph.nodes(data=True)
    ]
    frame = pd.DataFrame(rows, columns=["node", "label", "kind", *measures])
    frame = frame.sort_values([measures[0], "label"], ascending=[False, True]).reset_index(drop=True)
    frame.attrs["method"] = method or "exact"
    if "closeness" in measures:
        sampled = graph.number_of_nodes() > EXACT_BETWEENNESS_LIMIT
        estimated = f"estimated from {SAMPLED_SOURCES} sampled nodes (igraph)"
        frame.attrs["closeness"] = estimated if sampled else "exact (igraph)"
    return frame.head(top) if top else frame


def _eigenvector(graph: nx.Graph) -> dict[Any, float]:
    scores: dict[Any, float] = {}
    for component in nx.connected_components(graph):
        sub = graph.subgraph(component)
        share = sub.number_of_nodes() / max(graph.number_of_nodes(), 1)
        if sub.number_of_nodes() < 3:  # ARPACK needs three nodes; a pair or a singleton is symmetric
            values = dict.fromkeys(component, (1 / sub.number_of_nodes()) ** 0.5 if sub.number_of_edges() else 0.0)
        else:
            values = nx.eigenvector_centrality_numpy(sub, weight="weight")
        scores.update({n: v * share for n, v in values.items()})
    return scores


def brokers(graph: nx.Graph, group: str = "regions", top: int | None = 20) -> pd.DataFrame:
    """Rank nodes that connect neighbours of different groups (``regions``, ``themes`` or ``pole``).

    For each node: the groups its neighbours belong to, how many neighbour pairs lie in different groups,
    Burt's effective size and constraint (low constraint: a broker between otherwise separate parts).
    """
    effective = nx.effective_size(graph)
    constraint = nx.constraint(graph)
    rows = []
    for node, attrs in graph.nodes(data=True):
        groups_of = {n: _groups(graph, n, group) for n in graph.neighbors(node)}
        bridged = sorted(set().union(*groups_of.values())) if groups_of else []
        cross = sum(
            1 for a, b in _pairs(list(groups_of)) if groups_of[a] and groups_of[b] and not groups_of[a] & groups_of[b]
        )
        rows.append(
            {
                "node": node,
                "label": attrs.get("label", node),
                "kind": attrs.get("kind", ""),
                "groups_bridged": len(bridged),
                "groups": "; ".join(bridged),
                "cross_group_pairs": cross,
                "effective_size": float(effective.get(node, 0.0) or 0.0),
                "constraint": float(constraint.get(node, 1.0)) if constraint.get(node) == constraint.get(node) else 1.0,
            }
        )
    frame = pd.DataFrame(rows)
    frame = frame.sort_values(["cross_group_pairs", "groups_bridged", "label"], ascending=[False, False, True])
    frame = frame[frame["cross_group_pairs"] > 0].reset_index(drop=True)
    return frame.head(top) if top else frame


def _groups(graph: nx.Graph, node: Any, group: str) -> set[str]:
    if group == "pole":
        attrs = graph.nodes[node]
        if attrs.get("pole"):
            return {attrs.get("label", str(node))}
        return {graph.nodes[n].get("label", str(n)) for n in graph.neighbors(node) if graph.nodes[n].get("pole")}
    value = graph.nodes[node].get(group, [])
    return set(value) if isinstance(value, list) else {str(value)}


def _pairs(items: list[Any]) -> list[tuple[Any, Any]]:
    return [(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]


def communities(graph: nx.Graph, seed: int = SEED, resolution: float = 1.0) -> pd.DataFrame:
    """Detect Louvain communities (seeded, reproducible) and describe them by regions, kinds and themes."""
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed, resolution=resolution)
    rows = []
    for number, members in enumerate(sorted(found, key=lambda c: (-len(c), sorted(c)))):
        attrs = [graph.nodes[n] for n in members]
        top_nodes = sorted(members, key=lambda n: (-graph.degree(n, weight="weight"), str(n)))[:5]
        rows.append(
            {
                "community": number,
                "size": len(members),
                "leading_members": "; ".join(graph.nodes[n].get("label", str(n)) for n in top_nodes),
                "regions": _top(Counter(r for a in attrs for r in a.get("regions", []))),
                "kinds": _top(Counter(a.get("kind", "") for a in attrs)),
                "themes": _top(Counter(t for a in attrs for t in a.get("themes", []))),
                "members": sorted(members),
            }
        )
    return pd.DataFrame(rows)


def _top(counts: Counter[str], n: int = 3) -> str:
    return "; ".join(f"{name} ({count})" for name, count in counts.most_common(n) if name)


@dataclass(frozen=True)
class Step:
    """One step of a path: from, to, and the facts (relation, date, sources) that link them."""

    source: str
    target: str
    source_label: str
    target_label: str
    facts: tuple[Any, ...]

    def explain(self) -> str:
        """Return one line per fact: relation, date and sources."""
        lines = [f"{self.source_label} -- {self.target_label}"]
        for fact in self.facts:
            when = f", {fact.start}" if fact.start else ""
            sources = ", ".join(s.rsplit("/", 1)[-1] for s in fact.sources)
            lines.append(f"    {fact.relation}{when} [source: {sources}]")
        return "\n".join(lines)


def paths(graph: nx.Graph, origin: str, destination: str, k: int = 1, avoid: tuple[str, ...] = ()) -> list[list[Step]]:
    """Return the ``k`` shortest paths between two named nodes, each step explained by its facts."""
    a, b = find_node(graph, origin), find_node(graph, destination)
    avoided = {find_node(graph, name) for name in avoid}
    if avoided & {a, b}:
        raise ValueError("cannot avoid the start or the end of the path")
    view = nx.restricted_view(graph, avoided, [])
    try:
        found = list(islice(nx.shortest_simple_paths(view, a, b), k))
    except nx.NetworkXNoPath:
        label_a, label_b = graph.nodes[a].get("label", a), graph.nodes[b].get("label", b)
        extra = f" avoiding {', '.join(graph.nodes[n].get('label', n) for n in sorted(avoided))}" if avoided else ""
        raise NoPath(f"no path between {label_a} and {label_b}{extra} in this view") from None
    return [
        [
            Step(
                u,
                v,
                graph.nodes[u].get("label", u),
                graph.nodes[v].get("label", v),
                tuple(graph.edges[u, v].get("facts", ())),
            )
            for u, v in pairwise(path)
        ]
        for path in found
    ]


def ego(graph: nx.Graph, name: str, radius: int = 1) -> nx.Graph:
    """Return the ego network of the named node within ``radius`` steps."""
    return nx.ego_graph(graph, find_node(graph, name), radius=radius)


def ego_change(before: nx.Graph, after: nx.Graph) -> dict[str, list[str]]:
    """Compare two ego networks: nodes and edges that appeared or disappeared (by label)."""

    def label(graph: nx.Graph, node: Any) -> str:
        return str(graph.nodes[node].get("label", node))

    def edge_labels(graph: nx.Graph) -> set[str]:
        return {" -- ".join(sorted((label(graph, u), label(graph, v)))) for u, v in graph.edges}

    return {
        "nodes_added": sorted(label(after, n) for n in set(after) - set(before)),
        "nodes_removed": sorted(label(before, n) for n in set(before) - set(after)),
        "edges_added": sorted(edge_labels(after) - edge_labels(before)),
        "edges_removed": sorted(edge_labels(before) - edge_labels(after)),
    }
