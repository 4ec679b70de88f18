"""Selection: which part of a networkx view a page shows: the ecosystem, an ego network, paths, a community, a theme."""

from __future__ import annotations

import networkx as nx

from healthgraph import network
from healthgraph.labels import fold

__all__ = ["VIEW_KINDS", "select_view"]

VIEW_KINDS = ("ecosystem", "ego", "path", "community", "theme")


def select_view(
    graph: nx.Graph, view: str, focus: str | None = None, to: str | None = None, radius: int = 1
) -> tuple[nx.Graph, str]:
    """Return the subgraph and title of a view: ecosystem, ego (focus), path (focus -> to), community, theme."""
    if view == "ecosystem":
        return graph, "The health-innovation ecosystem"
    if not focus:
        raise ValueError(f"the '{view}' view needs --focus")
    if view == "ego":
        center = network.find_node(graph, focus)
        return network.ego(graph, center, radius), f"{graph.nodes[center]['label']}: ego network (radius {radius})"
    if view == "path":
        if not to:
            raise ValueError("the 'path' view needs --to")
        found = network.paths(graph, focus, to, k=3)
        nodes = {step.source for steps in found for step in steps} | {found[0][-1].target}
        return graph.subgraph(nodes).copy(), f"Paths from {found[0][0].source_label} to {found[0][-1].target_label}"
    if view == "community":
        center = network.find_node(graph, focus)
        table = network.communities(graph)
        members = next(m for m in table["members"] if center in m)
        return graph.subgraph(members).copy(), f"Community of {graph.nodes[center]['label']}"
    if view == "theme":
        themed = _themed(graph, focus)
        nodes = themed | {m for n in themed for m in graph.neighbors(n)}
        return graph.subgraph(nodes).copy(), f"Theme: {focus}"
    raise ValueError(f"unknown view '{view}': choose one of {', '.join(VIEW_KINDS)}")


def _themed(graph: nx.Graph, focus: str) -> set[str]:
    """Return the nodes with the theme ``focus``, named in English or French (``santé des femmes``)."""
    wanted = fold(focus)
    themed = {
        n
        for n, a in graph.nodes(data=True)
        if any(fold(t) == wanted for t in [*a.get("themes", []), *a.get("themes_fr", [])])
    }
    if not themed:
        themes = sorted({t for _, a in graph.nodes(data=True) for t in [*a.get("themes", []), *a.get("themes_fr", [])]})
        raise network.UnknownName(f"no node has the theme '{focus}'; themes: {', '.join(themes)}")
    return themed
