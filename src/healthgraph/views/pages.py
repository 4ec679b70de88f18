"""Pages: a networkx view + centrality -> one self-contained, offline, escaped vis-network HTML page."""

from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from healthgraph import network
from healthgraph.html import PICK_LANGUAGE_JS, json_for_html, text_for_html

__all__ = ["KIND_COLOURS", "labelling_hubs", "render_page", "show", "unlinked", "write_page"]

KIND_COLOURS = {
    "competitiveness cluster (pôle de compétitivité)": "#d1495b",
    "network of pôles": "#8e2c48",
    "association": "#edae49",
    "biocluster": "#00798c",
    "experimentation third place (tiers-lieu)": "#66a182",
    "public agency or administration": "#30638e",
    "public funder": "#003d5b",
    "hospital": "#9c6644",
    "university": "#7d5ba6",
    "research organisation": "#a05195",
    "person": "#f18f01",
    "programme or initiative": "#8d99ae",
    "fund or funding programme": "#5c677d",
    "working group": "#b5838d",
    "local authority": "#4f772d",
    "network or alliance": "#c9a227",
}
DEFAULT_COLOUR = "#9aa5b1"
SHAPES = {
    "person": "diamond",
    "programme or initiative": "square",
    "fund or funding programme": "square",
    "label or certification": "triangle",
}
DASHED = ("partnership", "co-membership", "both ")
DOTTED = ("funding", "post", "labelled")
PHYSICS_LIMIT = 150
HUB_KINDS = ("label or certification",)
HUB_LINKS = 10  # a labelling node with more links than this makes a star: labelling nodes are then hidden by default
LABEL_PX = 13  # labels are drawn at this size on screen whatever the zoom (network.html keeps it so)
GRID = (300.0, 70.0)  # spacing of the nodes without links, in layout units
MAX_EDGES = 6000
ID_PREFIX = "https://w3id.org/healthgraph/id/"
VIS_DIR = "templates/lib/vis-9.1.2"


def _year(fact_start: str | None) -> int | None:
    return network.date_bounds(fact_start)[0].year if fact_start else None


def _layout(graph: nx.Graph) -> dict[Any, tuple[float, float]]:
    converted, nodes = network.to_igraph(graph)
    layout = converted.layout_fruchterman_reingold(
        niter=500, seed=[[(i * 37) % 101, (i * 59) % 103] for i in range(len(nodes))]
    )
    scale = max(110.0 * len(nodes) ** 0.5, 700.0)  # a small graph still spreads its labels
    xs, ys = zip(*layout.coords, strict=True) if nodes else ((), ())
    span = max((max(xs) - min(xs)) if xs else 1, (max(ys) - min(ys)) if ys else 1, 1e-9)
    return {
        n: ((x - min(xs)) / span * scale, (y - min(ys)) / span * scale)
        for n, (x, y) in zip(nodes, layout.coords, strict=True)
    }


def _trim(graph: nx.Graph, sizes: dict[Any, float], max_nodes: int) -> tuple[nx.Graph, str]:
    if graph.number_of_nodes() <= max_nodes:
        return graph, ""
    keep = sorted(graph.nodes, key=lambda n: (-sizes.get(n, 0.0), str(n)))[:max_nodes]
    left = graph.number_of_nodes() - max_nodes
    return (
        graph.subgraph(keep).copy(),
        f"Showing the {max_nodes} most central of {graph.number_of_nodes()} nodes; "
        f"{left} nodes and their edges are left out.",
    )


def _thin(graph: nx.Graph, max_edges: int) -> tuple[nx.Graph, str]:
    if graph.number_of_edges() <= max_edges:
        return graph, ""
    ranked = sorted(graph.edges(data=True), key=lambda e: (-e[2].get("weight", 1), str(e[0]), str(e[1])))
    kept = nx.Graph()
    kept.add_nodes_from(graph.nodes(data=True))
    kept.add_edges_from(ranked[:max_edges])
    left = graph.number_of_edges() - max_edges
    return (
        kept,
        f"Showing the {max_edges} strongest of {graph.number_of_edges()} links; {left} weaker links are left out.",
    )


def _short(node: Any) -> str:
    return str(node).removeprefix(ID_PREFIX)


def _labelled(graph: nx.Graph, node: Any) -> int:
    """Count the pôles that ``node`` labels (a phase of the pôles policy or a label awarding them their label)."""
    return sum(
        1
        for _, other, e in graph.edges(node, data=True)
        if graph.nodes[other].get("pole") and any(r.startswith("labelled") for r in e.get("relations", ()))
    )


def labelling_hubs(graph: nx.Graph) -> set[Any]:
    """Return the labelling nodes a page hides by default: none, unless one of them links more than ``HUB_LINKS``.

    A labelling node is a label or certification, or a node most of whose links (three at least) label pôles,
    like the phases of the pôles policy (Phase V labels 47 pôles): in the full view they draw a star that hides the
    rest. Small views (an ego network) keep them.
    """
    counts = {n: _labelled(graph, n) for n in graph}
    hubs = {
        n
        for n, attrs in graph.nodes(data=True)
        if attrs.get("kind") in HUB_KINDS or (counts[n] >= 3 and 2 * counts[n] >= graph.degree(n))
    }
    return hubs if any(counts[n] > HUB_LINKS for n in hubs) else set()


def unlinked(graph: nx.Graph, hubs: set[Any]) -> set[Any]:
    """Return the nodes with no link in the view other than to a hidden hub (the data records none)."""
    return {n for n in graph if n not in hubs and all(m in hubs for m in graph.neighbors(n))}


def _positions(graph: nx.Graph, hubs: set[Any], lonely: set[Any]) -> dict[Any, tuple[float, float]]:
    """Lay out the linked nodes, the nodes without links in rows below them, each hub amid its neighbours."""
    linked = graph.subgraph(n for n in graph if n not in hubs and n not in lonely)
    placed = _layout(linked) if len(linked) else {}
    xs, ys = [x for x, _ in placed.values()] or [0.0], [y for _, y in placed.values()] or [0.0]
    square = int((len(lonely) * GRID[0] / GRID[1]) ** 0.5) + 1  # rows for a square block
    rows = max(4, square, int((max(ys) - min(ys)) / GRID[1]) + 1)  # or as tall as the linked nodes
    left = max(xs) + (GRID[0] if len(linked) else 0.0)
    for number, node in enumerate(sorted(lonely, key=lambda n: str(graph.nodes[n].get("label", n)).casefold())):
        placed[node] = (left + (number // rows) * GRID[0], min(ys) + (number % rows) * GRID[1])
    for hub in hubs:
        near = [placed[m] for m in graph.neighbors(hub) if m in placed] or [(left, min(ys))]
        placed[hub] = (sum(x for x, _ in near) / len(near), sum(y for _, y in near) / len(near) - GRID[1])
    return placed


def render_page(graph: nx.Graph, title: str, size_by: str = "pagerank", max_nodes: int = 1500, note: str = "") -> str:
    """Render ``graph`` as one self-contained HTML page (vis-network inlined; nothing fetched from a network).

    Colour and shape by kind, size by ``size_by`` (a centrality measure), edge style by relation, a legend,
    tooltips, neighbour highlighting on click, search by any name, and filters by kind, relation, region and
    year. Every text from the data reaches the page as JSON and is inserted as text, never as HTML.
    """
    if size_by not in network.MEASURES:
        raise ValueError(f"unknown measure '{size_by}': choose one of {', '.join(network.MEASURES)}")
    scores = network.centrality(graph, (size_by,), top=None).set_index("node")[size_by].to_dict() if len(graph) else {}
    graph, trimmed = _trim(graph, scores, max_nodes)
    graph, thinned = _thin(graph, MAX_EDGES)
    note = " ".join(part for part in (note, trimmed, thinned) if part)
    hubs = labelling_hubs(graph)
    lonely = unlinked(graph, hubs)
    physics = graph.number_of_nodes() <= PHYSICS_LIMIT and not hubs and not lonely
    positions = {} if physics else _positions(graph, hubs, lonely)
    top = max(scores.values(), default=0.0) or 1.0
    net = Network(directed=False)
    for node, attrs in graph.nodes(data=True):
        kind = str(attrs.get("kind", ""))
        info = {
            key: attrs.get(key, default)
            for key, default in (
                ("label", str(node)),
                ("label_fr", ""),
                ("kind", kind),
                ("regions", []),
                ("themes", []),
                ("names", []),
                ("figures", []),
                ("sources", []),
                ("details", ""),
                ("themes_fr", []),
            )
        }
        info["sources"] = [str(s).rsplit("/", 1)[-1] for s in info["sources"]]
        info["hub"] = node in hubs
        info["unlinked"] = node in lonely
        extra: dict[str, Any] = (
            {"x": round(positions[node][0], 1), "y": round(positions[node][1], 1)} if positions else {}
        )
        net.nodes.append(
            {
                "id": _short(node),
                "label": str(attrs.get("label", node)),
                "shape": SHAPES.get(kind, "dot"),
                "color": KIND_COLOURS.get(kind, DEFAULT_COLOUR),
                "size": 8 + 32 * scores.get(node, 0.0) / top,
                "info": info,
                **extra,
            }
        )
        net.node_ids.append(_short(node))
    for number, (u, v, attrs) in enumerate(graph.edges(data=True)):
        relations = list(attrs.get("relations", []))
        facts = attrs.get("facts", [])
        years = [y for y in (_year(f.start) for f in facts) if y is not None]
        shown = "; ".join(
            f"{f.relation}{': ' + f.via if f.via else ''} ({f.start or 'undated'}; "
            f"{', '.join(s.rsplit('/', 1)[-1] for s in f.sources)})"
            for f in facts[:3]
        )
        text = shown + (f"; and {len(facts) - 3} more facts" if len(facts) > 3 else "")
        style = (
            "dashed"
            if any(r.startswith(DASHED) for r in relations)
            else "dotted"
            if any(r.startswith(DOTTED) for r in relations)
            else "solid"
        )
        net.edges.append(
            {
                "id": number,
                "from": _short(u),
                "to": _short(v),
                "width": 1 + min(attrs.get("weight", 1), 5),
                "dashes": [2, 4] if style == "dotted" else style == "dashed",
                "style": style,
                "relations": relations,
                "year": min(years) if years else None,
                "info": text,
            }
        )
    net.options.physics.enabled = physics
    options = json.loads(net.options.to_json())
    options["physics"].update(
        {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": physics, "iterations": 200, "fit": True},
        }
    )
    options["edges"] = {"color": {"color": "#9aa5b1"}, "smooth": False}
    options["interaction"] = {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics}
    options["nodes"] = {
        "font": {"size": LABEL_PX, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}
    }
    return _fill(title, net.nodes, net.edges, options, note, graph)


def _fill(
    title: str,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    options: dict[str, Any],
    note: str,
    graph: nx.Graph,
) -> str:
    kinds = Counter(n["info"]["kind"] for n in nodes)
    relations = Counter(r for e in edges for r in e["relations"])
    styles = {r: e["style"] for e in edges for r in e["relations"]}
    years = [e["year"] for e in edges if e["year"] is not None] or [2000]
    data = {
        "title": title,
        "note": note,
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "summary": f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges. Size: centrality; "
        "colour: kind; dashed: partnership; dotted: funding, post or label.",
        "summary_fr": f"{graph.number_of_nodes()} nœuds, {graph.number_of_edges()} liens. Taille : centralité ; "
        "couleur : type ; tirets : partenariat ; pointillés : financement, poste ou label.",
        "unlinked": _unlinked_note(nodes, any(n["info"]["hub"] for n in nodes), "en"),
        "unlinked_fr": _unlinked_note(nodes, any(n["info"]["hub"] for n in nodes), "fr"),
        "labelPx": LABEL_PX,
        "legend": {
            "kinds": [
                {"kind": k, "count": c, "color": KIND_COLOURS.get(k, DEFAULT_COLOUR)} for k, c in kinds.most_common()
            ],
            "relations": [{"relation": r, "count": c, "style": styles[r]} for r, c in relations.most_common()],
            "regions": sorted({r for n in nodes for r in n["info"]["regions"]}),
            "years": [min(years), max(max(years), 2025)],
            "hubs": sorted(n["label"] for n in nodes if n["info"]["hub"]),
        },
    }
    lib = resources.files("pyvis").joinpath(VIS_DIR)
    parts = {
        "__TITLE__": text_for_html(title),
        "__DATA__": json_for_html(data),
        "__PICK_LANGUAGE__": PICK_LANGUAGE_JS,
        "__VIS_JS__": lib.joinpath("vis-network.min.js").read_text(encoding="utf-8"),
        "__VIS_CSS__": lib.joinpath("vis-network.css").read_text(encoding="utf-8"),
    }
    template = resources.files("healthgraph.views").joinpath("templates/network.html").read_text(encoding="utf-8")
    # one pass, so text inserted for one placeholder is never scanned for another
    return re.sub("|".join(parts), lambda m: parts[m.group(0)], template)


UNLINKED = {  # how many nodes the data links to nothing else in the view, and where they are drawn
    "en": (
        "{lonely} of {total} nodes have no link in the data to another node of this view{besides} (no shared "
        "member, partner, network or project is recorded): they are drawn in columns beside the others.",
        " apart from the labelling hubs hidden by default",
    ),
    "fr": (
        "{lonely} nœuds sur {total} n'ont, dans les données, aucun lien vers un autre nœud de cette vue{besides} "
        "(aucun membre, partenaire, réseau ou projet commun n'est enregistré) : ils sont dessinés en colonnes à côté.",
        " en dehors des nœuds de labellisation masqués par défaut",
    ),
}


def _unlinked_note(nodes: list[dict[str, Any]], hubs: bool, lang: str) -> str:
    """Say plainly, in ``lang``, how many nodes the data links to nothing else in the view."""
    lonely = sum(1 for n in nodes if n["info"]["unlinked"])
    if not lonely:
        return ""
    sentence, besides = UNLINKED[lang]
    return sentence.format(lonely=lonely, total=len(nodes), besides=besides if hubs else "")


def write_page(page: str, path: Path) -> None:
    """Write ``page`` to ``path`` atomically."""
    from healthgraph.files import atomic_write

    def write(temp: Path) -> None:
        temp.write_text(page, encoding="utf-8")

    atomic_write(path, write)


def show(page: str, height: int = 650) -> Any:
    """Display a page inline in JupyterLab or VS Code (an iframe with ``srcdoc``, scripts isolated)."""
    import html

    from IPython.display import HTML

    return HTML(  # type: ignore[no-untyped-call]
        f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{height}px;border:0"></iframe>'
    )
