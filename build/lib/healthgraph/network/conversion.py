"""Conversion: a networkx view as an igraph graph, for the algorithms and layouts igraph runs faster."""

from __future__ import annotations

from typing import Any

import networkx as nx

__all__ = ["to_igraph"]


def to_igraph(graph: nx.Graph) -> tuple[Any, list[Any]]:
    """Return ``graph`` as an undirected igraph graph and the nodes in igraph's vertex order."""
    import igraph as ig

    nodes = list(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    return ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in graph.edges]), nodes
