"""Connectedness: how far the registries and the ANR import tie the curated islands together.

Usage: ``python benchmarks/connectedness.py`` (reads ``data/`` and ``../shared`` through the settings). On the
same records, three builds side by side: the curated graph alone, with the ANR import, and with the ANR import
plus the ROR and FINESS registries (their part-of links roll units up to institutions). For each: the connected
components of the full view once the labelling hubs are removed (Phase IV, Phase V and the pôle label link every
pôle to every other), counted over the curated and ANR nodes (two of them are in one component when any path joins
them, through a registry's parent organisation too), and the share of ANR organisations within one and two steps
of a pôle in the organisations view.
"""

from __future__ import annotations

import time

import networkx as nx

from healthgraph import settings
from healthgraph.namespaces import HGID
from healthgraph.network.projection import project
from healthgraph.pipeline import Imports, build_graph
from healthgraph.sources.finess import FINESS_FILE
from healthgraph.sources.ror_records import ROR_FILE

HUBS = {str(HGID[name]) for name in ("phase-iv", "phase-v", "label-pole")}


def within(graph: nx.Graph, sources: set[str], steps: int) -> set[str]:
    """Return the nodes at most ``steps`` steps from any of ``sources``."""
    lengths = nx.multi_source_dijkstra_path_length(graph, sources & set(graph), cutoff=steps, weight=None)
    return set(lengths)


def figures(imports: Imports) -> dict[str, str]:
    """Return the connectedness figures of one build."""
    started = time.perf_counter()
    union = build_graph(imports=imports).union()
    full = project(union, "full")
    without = full.subgraph(n for n in full if n not in HUBS)
    organisations = project(union, "organisations")
    poles = {n for n, a in organisations.nodes(data=True) if a.get("pole")}
    anr = {n for n in organisations if "/anr/org/" in n} | {
        n for n in organisations if any("anr-dgpie" in s for s in organisations.nodes[n].get("sources", []))
    }
    near = {steps: len(anr & within(organisations, poles, steps)) for steps in (1, 2)}
    share = {steps: f"{near[steps]} ({100 * near[steps] / len(anr):.1f}%)" if anr else "-" for steps in near}
    ours = {n for n in without if "/ror/" not in n and "/finess/" not in n}  # curated and ANR nodes
    touched = [c & ours for c in nx.connected_components(without) if c & ours]
    return {
        "curated + ANR nodes": str(len(ours)),
        "their components without hubs": str(len(touched)),
        "largest, in curated + ANR nodes": str(max(len(c) for c in touched)),
        "ANR organisations": str(len(anr)) if anr else "-",
        "ANR within 1 step of a pôle": share[1],
        "ANR within 2 steps of a pôle": share[2],
        "seconds": f"{time.perf_counter() - started:.1f}",
    }


def main() -> None:
    """Print the three builds side by side."""
    folder = settings.shared_dir() / "data"
    builds = {
        "curated": Imports(),
        "+ ANR": Imports(anr=folder),
        "+ ANR + ROR + FINESS": Imports(anr=folder, ror=folder / ROR_FILE, finess=folder / FINESS_FILE),
    }
    columns = {name: figures(imports) for name, imports in builds.items()}
    rows = list(next(iter(columns.values())))
    print(f"| {'':32s} | " + " | ".join(f"{name:22s}" for name in columns) + " |")
    print("|" + "---|" * (len(columns) + 1))
    for row in rows:
        print(f"| {row:32s} | " + " | ".join(f"{columns[name][row]:22s}" for name in columns) + " |")


if __name__ == "__main__":
    main()
