"""History: follow renamings and mergers in a projected network (who an entity became, what it came from).

The projection gives every node the entities it was directly succeeded by (``succeeded_by``) and preceded by
(``preceded_by``), read from ``hg:succeededBy``; both ends keep their own names and facts.
"""

from __future__ import annotations

import networkx as nx

__all__ = ["predecessors", "resolution_notice", "succession_notice", "successors"]

EVENTS = {  # the projection's relation for each change event, and how a notice words it
    "renaming (former and new name)": "renamed",
    "merger (merged and merged into)": "merged",
    "creation (forerunner and new entity)": "succeeded",
}


def _follow(graph: nx.Graph, node: str, key: str) -> list[str]:
    found: list[str] = []
    frontier = [node]
    while frontier:
        for other in graph.nodes[frontier.pop()].get(key, []):
            if other in graph and other != node and other not in found:
                found.append(other)
                frontier.append(other)
    return found


def predecessors(graph: nx.Graph, node: str) -> list[str]:
    """Return every node ``node`` comes from (renamed or merged into it, transitively) that the view holds."""
    return _follow(graph, node, "preceded_by")


def successors(graph: nx.Graph, node: str) -> list[str]:
    """Return every node ``node`` became (transitively) that the view holds."""
    return _follow(graph, node, "succeeded_by")


def resolution_notice(graph: nx.Graph, asked: str, node: str) -> str | None:
    """Say which entity ``asked`` resolved to when it is not its label, and who succeeded it if anyone.

    An acronym, a registry name variant or a former name is told; ``None`` for the entity's own label.
    """
    from healthgraph.labels import fold

    succession = succession_notice(graph, asked, node)
    if succession:
        return succession
    attrs = graph.nodes[node]
    own = {fold(str(attrs.get(key, ""))) for key in ("label", "label_fr")} | {fold(node.rsplit("/", 1)[-1])}
    return None if fold(asked) in own else f"'{asked}' is {attrs.get('label', node)}"


def succession_notice(graph: nx.Graph, asked: str, node: str) -> str | None:
    """Say who succeeded the entity ``asked`` resolved to, with the event and its date; ``None`` if nobody did."""
    after = [n for n in graph.nodes[node].get("succeeded_by", []) if n in graph]
    if not after:
        return None
    described = []
    for other in after:
        facts = graph.edges[node, other].get("facts", []) if graph.has_edge(node, other) else []
        events = [f for f in facts if f.relation in EVENTS]
        when = "; ".join(", ".join(p for p in (EVENTS[f.relation], f.start or "") if p) for f in events)
        described.append(f"{graph.nodes[other].get('label', other)}" + (f" ({when})" if when else ""))
    label = graph.nodes[node].get("label", node)
    return f"'{asked}' is {label}, succeeded by {'; '.join(described)}"
