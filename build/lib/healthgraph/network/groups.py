"""Groups: brokers between regions, themes or pôles, and Louvain communities described by their members."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx
import pandas as pd

__all__ = ["brokers", "communities"]

SEED = 42


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
