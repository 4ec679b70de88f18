"""Centrality: degree, betweenness, closeness, eigenvector and PageRank of a networkx view (igraph underneath)."""

from __future__ import annotations

import random
from typing import Any

import networkx as nx
import pandas as pd

from healthgraph.network.conversion import to_igraph

__all__ = ["MEASURES", "SAMPLED_SOURCES", "SAMPLING_LIMIT", "centrality"]

MEASURES = ("degree", "weighted_degree", "betweenness", "closeness", "eigenvector", "pagerank")
SAMPLING_LIMIT = 4_000  # above this many nodes, betweenness and closeness are estimated from sampled nodes
SAMPLED_SOURCES = 256  # seeded source nodes for betweenness and closeness above the limit
SEED = 42


def _betweenness(graph: nx.Graph, sample: int | None) -> tuple[dict[Any, float], str]:
    """Return betweenness from igraph, normalised as networkx does.

    Exact up to ``SAMPLING_LIMIT`` nodes; above it, or when ``sample`` is given, the Brandes
    estimate from ``sample`` seeded source nodes (igraph's subset betweenness, scaled by n / k).
    """
    n = graph.number_of_nodes()
    if n < 3:
        return dict.fromkeys(graph, 0.0), "exact (igraph)"
    converted, nodes = to_igraph(graph)
    scale = 2.0 / ((n - 1) * (n - 2))
    if sample is None and n <= SAMPLING_LIMIT:
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

    Above ``SAMPLING_LIMIT`` nodes the mean distance is estimated from 256 seeded sampled nodes.
    """
    n = graph.number_of_nodes()
    if n < 2:
        return dict.fromkeys(graph, 0.0)
    converted, nodes = to_igraph(graph)
    sizes = {member: len(component) for component in converted.connected_components() for member in component}
    if n <= SAMPLING_LIMIT:
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
        sampled = graph.number_of_nodes() > SAMPLING_LIMIT
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
