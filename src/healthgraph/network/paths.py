"""Paths: find a node by any name, explained shortest paths, ego networks and how they changed."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from itertools import islice, pairwise
from typing import Any

import networkx as nx

from healthgraph.labels import fold

__all__ = ["NoPath", "Step", "UnknownName", "ego", "ego_change", "find_node", "paths"]


class UnknownName(LookupError):  # noqa: N818 - reads as a message: "unknown name"
    """A name matches no node; the message lists the closest names."""


class NoPath(LookupError):  # noqa: N818
    """The two nodes are not connected (in this view, as of this date, avoiding these nodes)."""


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
                index.setdefault(fold(value), set()).add(node)
    found = index.get(fold(name), set())
    if len(found) == 1:
        return next(iter(found))
    if found:
        raise UnknownName(f"'{name}' names several nodes: {', '.join(sorted(found))}")
    close = difflib.get_close_matches(fold(name), list(index), n=5, cutoff=0.5)
    labels = sorted({graph.nodes[n].get("label", n) for c in close for n in index[c]})
    hint = f"; closest names: {', '.join(labels)}" if labels else ""
    raise UnknownName(f"no node is named '{name}' in this view{hint}")


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
            via = f": {fact.via}" if fact.via else ""
            lines.append(f"    {fact.relation}{via}{when} [source: {sources}]")
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
            Step(u, v, _named(graph, u), _named(graph, v), tuple(graph.edges[u, v].get("facts", ())))
            for u, v in pairwise(path)
        ]
        for path in found
    ]


def _named(graph: nx.Graph, node: str) -> str:
    attrs = graph.nodes[node]
    label = str(attrs.get("label", node))
    return f"{label} [{attrs['details']}]" if attrs.get("details") else label


def ego(graph: nx.Graph, name: str, radius: int = 1, predecessors: bool = True) -> nx.Graph:
    """Return the ego network of the named node within ``radius`` steps.

    With ``predecessors`` (the default), the ego networks of the entities it comes from (former names, merged
    pôles) are included, each neighbour linked to the predecessor that had the fact, under that name.
    """
    from healthgraph.network.history import predecessors as before

    center = find_node(graph, name)
    around = [center, *(before(graph, center) if predecessors else [])]
    kept = set().union(*(nx.ego_graph(graph, node, radius=radius).nodes for node in around))
    return graph.subgraph(kept)


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
