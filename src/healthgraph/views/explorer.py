"""Explorer: ``out/index.html`` linking the interactive views, key statistics, brokers and answered questions."""

from __future__ import annotations

import html
from pathlib import Path

import networkx as nx
from rdflib import Graph

from healthgraph import network, settings
from healthgraph.namespaces import HG
from healthgraph.network.projection import project
from healthgraph.sparql.backends import RdflibBackend
from healthgraph.sparql.display import display_cell
from healthgraph.sparql.names import NameIndex
from healthgraph.sparql.query import load_queries, run_query
from healthgraph.views.map import write_map
from healthgraph.views.pages import render_page, write_page
from healthgraph.views.selection import select_view

__all__ = ["STANDARD_VIEWS", "write_explorer"]

# (file, projection, view, focus, to, title suffix)
STANDARD_VIEWS = (
    ("ecosystem.html", "full", "ecosystem", None, None),
    ("organisations.html", "organisations", "ecosystem", None, None),
    ("poles.html", "poles", "ecosystem", None, None),
    ("ego-medicen.html", "full", "ego", "Medicen", None),
    ("path-femtech-ais.html", "full", "path", "FemTech France", "Agence de l'innovation en santé"),
    ("community-medicen.html", "organisations", "community", "Medicen", None),
    ("theme-health.html", "full", "theme", "health", None),
)
PARAM_DEFAULTS = {"pole": "medicen", "organisation": "enosis-sante", "subject": "medicen"}


def _table(columns: list[str], rows: list[list[str]], limit: int = 25) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in rows[:limit])
    more = f"<p>{len(rows) - limit} more rows: run the query to see them all.</p>" if len(rows) > limit else ""
    return f"<table><tr>{head}</tr>{body}</table>{more}"


def _views(graph: Graph, out: Path) -> list[tuple[str, str, int]]:
    projections: dict[str, nx.Graph] = {}
    made = []
    for name, projection, view, focus, to in STANDARD_VIEWS:
        projected = projections.setdefault(projection, project(graph, projection))
        subgraph, title = select_view(projected, view, focus, to, radius=1)
        page = render_page(subgraph, title if view != "ecosystem" else f"{title} ({projection} view)")
        write_page(page, out / "views" / name)
        made.append((name, title if view != "ecosystem" else f"{title}: {projection} view", subgraph.number_of_nodes()))
    return made


def _unreviewed_notice(graph: Graph) -> str:
    """Say plainly when the graph includes candidates extracted from articles that no curator has reviewed."""
    count = sum(1 for _ in graph.subjects(HG.reviewStatus, HG.Unreviewed))
    if not count:
        return ""
    return (
        f"<p class='unreviewed' role='note'><b>Includes {count} unreviewed facts</b> extracted from articles "
        f"(graph/extracted), not yet accepted by a curator / <b>inclut {count} faits non relus</b> extraits "
        "d'articles, pas encore acceptés par un curateur.</p>"
    )


def write_explorer(graph: Graph, out: Path) -> Path:
    """Write the views into ``out/views``, the map ``out/map.html`` and the explorer page ``out/index.html``.

    Return the explorer page's path.
    """
    views = _views(graph, out)
    write_map(graph, out / "map.html")
    organisations = project(graph, "organisations")
    stats = [
        ["triples", str(len(graph))],
        ["organisations", str(organisations.number_of_nodes())],
        ["collaboration links", str(organisations.number_of_edges())],
        ["connected groups", str(nx.number_connected_components(organisations))],
    ]
    central = network.centrality(organisations, ("betweenness", "degree"), top=10)
    brokers = network.brokers(organisations, "regions", top=10)
    backend = RdflibBackend(graph)
    names = NameIndex.from_backend(backend)
    questions = []
    for stored in load_queries(settings.queries_dir()).values():
        params = {p.name: PARAM_DEFAULTS.get(p.name, "medicen") for p in stored.params}
        result = run_query(backend, stored, params, names.resolve)
        rows = [[display_cell(v, True) for v in row] for row in result.rows]
        given = f" (with {', '.join(f'{k}={v}' for k, v in params.items())})" if params else ""
        questions.append(
            f"<h3>{html.escape(stored.title)}{html.escape(given)}</h3>"
            f"<p class='q'>{html.escape(stored.question_en)}<br>{html.escape(stored.question_fr)}</p>"
            f"<p><code>healthgraph query {html.escape(stored.name)}</code></p>" + _table(result.variables, rows)
        )
    links = "".join(f"<li><a href='views/{html.escape(n)}'>{html.escape(t)}</a> ({c} nodes)</li>" for n, t, c in views)
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>healthgraph explorer</title><style>
body {{ font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 1100px; color: #1b2a3a; }}
table {{ border-collapse: collapse; font-size: 0.8rem; margin: 0.4rem 0 1rem; }}
td, th {{ border: 1px solid #ccd6e0; padding: 0.15rem 0.4rem; text-align: left; vertical-align: top; }}
th {{ background: #eef3f8; }} .q {{ color: #445; font-style: italic; }} h3 {{ margin-bottom: 0.2rem; }}
</style></head><body>
<h1>healthgraph explorer</h1>
<p>The French health-innovation ecosystem as a knowledge graph: every fact carries its source and date.</p>{
        _unreviewed_notice(graph)
    }
<h2>Interactive views</h2><ul>{links}
<li><a href='map.html'>Map of France by region</a>: organisations, members and funding per region, and each
region's organisations / carte des régions</li></ul>
<h2>Key statistics</h2>{_table(["", "count"], stats)}
<h2>Most central organisations</h2>{
        _table(
            ["organisation", "kind", "betweenness", "degree"],
            [[str(r.label), str(r.kind), f"{r.betweenness:.3f}", f"{r.degree:.0f}"] for r in central.itertuples()],
        )
    }
<h2>Brokers between regions</h2>{
        _table(
            ["organisation", "regions bridged", "cross-region pairs", "constraint"],
            [
                [str(r.label), str(r.groups), str(r.cross_group_pairs), f"{r.constraint:.2f}"]
                for r in brokers.itertuples()
            ],
        )
    }
<h2>Questions and their answers</h2>{"".join(questions)}
</body></html>"""
    target = out / "index.html"
    write_page(page, target)
    return target
