"""Explorer pages in real headless Chromium: drawn, offline, searchable, clickable, filterable, hostile-safe."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from tests.browser import browser_page, screenshot
from typer.testing import CliRunner

from healthgraph.cli import app
from healthgraph.network import find_node, project
from healthgraph.views.pages import labelling_hubs, render_page, unlinked, write_page
from healthgraph.views.selection import select_view

HOSTILE = [
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=2</script>",
    '"><svg onload="window.__pwned=3">',
]


def _open(page: object, path: Path) -> None:
    page.goto(path.as_uri())  # type: ignore[attr-defined]
    page.locator("body[data-drawn=true]").wait_for(timeout=30_000)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def ecosystem(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, nx.Graph]:
    projected = project(graph, "full")
    path = tmp_path_factory.mktemp("views") / "ecosystem.html"
    write_page(render_page(projected, "ecosystem"), path)
    return path, projected


def test_ecosystem_is_drawn_offline_with_every_node(ecosystem: tuple[Path, nx.Graph], tmp_path: Path) -> None:
    path, projected = ecosystem
    with browser_page() as (page, requests):
        _open(page, path)
        assert page.evaluate("() => window.hgExplorer.nodes.length") == projected.number_of_nodes()
        assert page.evaluate("() => window.hgExplorer.edges.length") == projected.number_of_edges()
        assert page.locator("canvas").count() == 1
        assert requests == [path.as_uri()], "the page must fetch nothing"
        page.wait_for_function("() => window.hgExplorer.decluttered > 0")
        page.wait_for_timeout(300)
        assert screenshot(page, "explorer.png", tmp_path).stat().st_size > 10_000


def test_search_by_acronym_and_click_highlight_neighbours(ecosystem: tuple[Path, nx.Graph]) -> None:
    path, projected = ecosystem
    medicen = "medicen"  # pages use ids without the https://w3id.org/healthgraph/id/ prefix
    with browser_page() as (page, _):
        _open(page, path)
        page.fill("#search", "AP-HP")
        page.press("#search", "Enter")
        assert page.inner_text("#found") == "found: Paris public hospitals (AP-HP)"
        # the search moves the view to AP-HP with an animation: wait until Medicen stays where it is drawn
        where = f"""() => {{ const n = window.hgExplorer.network;
            const c = n.canvasToDOM(n.getPositions(["{medicen}"])["{medicen}"]); return [c.x, c.y]; }}"""
        last, settled = page.evaluate(where), 0
        for _ in range(50):
            page.wait_for_timeout(100)
            now = page.evaluate(where)
            settled = settled + 1 if now == last else 0
            last = now
            if settled >= 3:
                break
        # a point inside Medicen's disc that no smaller node covers (vis picks the topmost node)
        point = page.evaluate(f"""() => {{ const n = window.hgExplorer.network;
            const c = n.canvasToDOM(n.getPositions(["{medicen}"])["{medicen}"]);
            for (let r = 0; r < 30; r += 2) for (let a = 0; a < 6.3; a += 0.5) {{
              const p = {{x: c.x + r * Math.cos(a), y: c.y + r * Math.sin(a)}};
              if (n.getNodeAt(p) === "{medicen}") return p; }}
            return c; }}""")
        box = page.locator("#canvas").bounding_box()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_function("() => window.hgExplorer.selected !== null")
        assert page.evaluate("() => window.hgExplorer.selected") == medicen
        assert "Medicen Paris Region" in page.inner_text("#details")
        assert "member count: 450 count (2025; medicen2025)" in page.inner_text("#details")
        iri = "https://w3id.org/healthgraph/id/medicen"
        lonely = next(n for n in projected if n != iri and not projected.has_edge(n, iri)).rsplit("/id/", 1)[-1]
        neighbour = next(iter(projected.neighbors(iri))).rsplit("/id/", 1)[-1]
        colour = "n => window.hgExplorer.nodes.get(n).color"
        assert page.evaluate(f"({colour})", lonely) == "#dde3ea"
        assert page.evaluate(f"({colour})", neighbour) != "#dde3ea"


def test_filters_hide_kinds_and_later_facts(ecosystem: tuple[Path, nx.Graph]) -> None:
    path, projected = ecosystem
    people = sum(1 for _, a in projected.nodes(data=True) if a["kind"] == "person")
    with browser_page() as (page, _):
        _open(page, path)
        page.locator(".kindFilter[value='person']").uncheck()
        hidden = page.evaluate("() => window.hgExplorer.nodes.get({filter: n => n.hidden}).length")
        assert hidden == people + len(labelling_hubs(projected))  # the labelling hubs are hidden by default
        page.locator("#year").fill("2010")
        page.locator("#year").dispatch_event("input")
        later = page.evaluate("() => window.hgExplorer.edges.get({filter: e => e.hidden}).length")
        assert later > 0


def test_labelling_hubs_hidden_by_default_and_a_filter_brings_them_back(ecosystem: tuple[Path, nx.Graph]) -> None:
    path, projected = ecosystem
    hubs = labelling_hubs(projected)
    labels = {projected.nodes[h]["label"] for h in hubs}
    assert {"Phase IV of the pôles policy (2019-2022)", "Phase V of the pôles policy (2023-2026)"} <= labels
    assert "Pôle de compétitivité label" in labels and "Medicen Paris Region" not in labels
    phase_v = next(h for h in hubs if "Phase V" in projected.nodes[h]["label"]).removeprefix(
        "https://w3id.org/healthgraph/id/"
    )
    with browser_page() as (page, _):
        _open(page, path)
        hidden = "id => window.hgExplorer.nodes.get(id).hidden"
        assert page.evaluate(f"({hidden})", phase_v) is True
        assert "Phase V of the pôles policy" in page.inner_text("#hubBox")
        page.locator("#hubs").check()
        assert page.evaluate(f"({hidden})", phase_v) is False
        assert page.evaluate("() => window.hgExplorer.nodes.get({filter: n => n.hidden}).length") == 0


def test_labels_readable_at_the_default_zoom_without_overlap(ecosystem: tuple[Path, nx.Graph]) -> None:
    path, _ = ecosystem
    with browser_page() as (page, _):
        _open(page, path)
        page.wait_for_function("() => window.hgExplorer.decluttered > 0")
        page.wait_for_timeout(300)  # the redraw with the new label sizes
        boxes = page.evaluate(
            """() => { const x = window.hgExplorer, scale = x.network.getScale();
              return x.shownLabels.map(id => { const n = x.network.body.nodes[id], s = n.labelModule.size;
                return {id: id, px: x.nodes.get(id).font.size * scale, box: [s.left, s.top, s.left + s.width,
                        s.top + s.height].map(v => v * scale)}; }); }"""
        )
        assert len(boxes) >= 50, len(boxes)  # most labels are shown
        assert all(abs(b["px"] - 13) < 0.01 for b in boxes)  # 13 px on screen, whatever the zoom
        overlapping = [
            (a["id"], b["id"])
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
            if a["box"][0] < b["box"][2] - 1
            and b["box"][0] < a["box"][2] - 1
            and a["box"][1] < b["box"][3] - 1
            and b["box"][1] < a["box"][3] - 1
        ]
        assert overlapping == []
        before = page.evaluate("() => [window.hgExplorer.network.getScale(), window.hgExplorer.decluttered]")
        box = page.locator("#canvas").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, -400)  # zoom in: labels are laid out again, still 13 px on screen
        page.wait_for_function(f"() => window.hgExplorer.decluttered > {before[1]}", timeout=10_000)
        page.wait_for_timeout(300)
        after = page.evaluate(
            """() => { const x = window.hgExplorer, scale = x.network.getScale();
              return [scale, x.shownLabels.map(id => x.nodes.get(id).font.size * scale)]; }"""
        )
        assert after[0] > before[0] and after[1] and all(abs(px - 13) < 0.01 for px in after[1])


def test_poles_view_says_which_poles_have_no_link(graph: Graph, tmp_path: Path) -> None:
    poles = project(graph, "poles")
    lonely = unlinked(poles, labelling_hubs(poles))
    path = tmp_path / "poles.html"
    write_page(render_page(poles, "pôles"), path)
    with browser_page() as (page, _):
        _open(page, path)
        assert f"{len(lonely)} of {poles.number_of_nodes()} nodes have no link in the data" in page.inner_text(
            "#unlinked"
        )
        some = sorted(lonely)[0].removeprefix("https://w3id.org/healthgraph/id/")
        info = page.evaluate("id => window.hgExplorer.nodes.get(id).info.unlinked", some)
        assert info is True
    linked = [n for n in poles if n not in lonely]
    assert linked and all(poles.degree(n) > 0 for n in linked)


def test_hostile_labels_are_shown_as_text(tmp_path: Path) -> None:
    toy = nx.Graph()
    for number, label in enumerate(HOSTILE):
        toy.add_node(
            f"n{number}",
            label=label,
            kind="association",
            names=[label],
            regions=[label],
            themes=[],
            figures=[label],
            sources=[label],
        )
    toy.add_edge("n0", "n1", weight=1, relations=[HOSTILE[2]], facts=[])
    toy.add_edge("n1", "n2", weight=1, relations=["partnership"], facts=[])
    path = tmp_path / "hostile.html"
    write_page(render_page(toy, HOSTILE[1]), path)
    text = path.read_text(encoding="utf-8")
    assert "<img src=x" not in text and "</script><script>window" not in text and "<svg onload" not in text
    with browser_page() as (page, _):
        _open(page, path)
        page.fill("#search", HOSTILE[0])
        page.press("#search", "Enter")
        assert HOSTILE[0] in page.inner_text("#details")
        assert page.evaluate("() => window.__pwned") is None
        assert page.locator("#details img, #details svg").count() == 0
        assert page.title() == HOSTILE[1]
        # every text from the data sits in its own bidi-isolated element: a U+202E in it reorders nothing else
        unisolated = page.evaluate(
            """() => [...document.querySelectorAll('#details *')].filter(
                e => e.children.length === 0 && e.textContent.includes('onerror') && !e.closest('[dir]')).length"""
        )
        assert unisolated == 0


def test_dense_graph_keeps_the_strongest_links_with_a_note() -> None:
    dense = nx.complete_graph(140)
    nx.set_node_attributes(dense, {n: f"org {n}" for n in dense}, "label")
    page = render_page(dense, "dense", size_by="degree")
    assert "Showing the 6000 strongest of 9730 links; 3730 weaker links are left out." in page


def test_large_graph_is_trimmed_with_a_note() -> None:
    big = nx.barabasi_albert_graph(3000, 2, seed=1)
    nx.set_node_attributes(big, {n: f"org {n}" for n in big}, "label")
    page = render_page(big, "big", size_by="degree", max_nodes=500)
    assert "Showing the 500 most central of 3000 nodes; 2500 nodes and their edges are left out." in page


def test_every_view_and_cli_render(tmp_path: Path, graph: Graph) -> None:
    runner = CliRunner()
    full = project(graph, "full")
    medicen = find_node(full, "Medicen")
    before = nx.ego_graph(project(graph, "full", "2019"), medicen)
    cases = [
        (["--page", "ecosystem", "--view", "poles"], project(graph, "poles")),
        (["--page", "ego", "--focus", "Medicen", "--radius", "2"], nx.ego_graph(full, medicen, radius=2)),
        (["--page", "path", "--focus", "FemTech France", "--to", "AIS"], None),
        (["--page", "community", "--focus", "Medicen", "--view", "organisations"], None),
        (["--page", "theme", "--focus", "women's health"], None),
        (["--page", "ego", "--focus", "Medicen", "--as-of", "2019"], before),
    ]
    for number, (args, expected) in enumerate(cases):
        target = tmp_path / f"view{number}.html"
        result = runner.invoke(app, ["render", "--output", str(target), *args])
        assert result.exit_code == 0, (args, result.output)
        found = re.search(r'<script type="application/json" id="data">(.*?)</script>', target.read_text())
        assert found is not None
        data = json.loads(found.group(1))
        assert data["nodes"], args
        if expected is not None:  # the page draws exactly the nodes and links of the view
            assert {n["id"] for n in data["nodes"]} == {
                str(n).removeprefix("https://w3id.org/healthgraph/id/") for n in expected
            }, args
            assert len(data["edges"]) == expected.number_of_edges(), args
    bad = runner.invoke(app, ["render", "--output", str(tmp_path / "x.html"), "--page", "ego", "--focus", "Nobody"])
    assert bad.exit_code == 1 and "no node is named" in bad.output
    subgraph, _ = select_view(project(graph, "full"), "theme", "women's health")
    assert {"HTC"} <= {a["label"] for _, a in subgraph.nodes(data=True)}


def test_explorer_index_links_every_view(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    index = tmp_path / "index.html"
    with browser_page() as (page, requests):
        page.goto(index.as_uri())
        links = page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
        assert len(links) == 8 and all((tmp_path / link).exists() for link in links)
        assert "map.html" in links
        assert "Tiers-lieux" in page.inner_text("body") and "BOpEx" in page.inner_text("body")
        page.click("text=Paths from")
        page.locator("body[data-drawn=true]").wait_for(timeout=30_000)
        assert page.evaluate("() => window.hgExplorer.nodes.length") == 3
        assert all(url.startswith("file://") for url in requests)


def test_french_view_shows_french_labels(ecosystem: tuple[Path, nx.Graph]) -> None:
    path, _ = ecosystem
    with browser_page() as (page, _):
        page.goto(path.as_uri() + "?lang=fr")
        page.locator("body[data-drawn=true]").wait_for(timeout=30_000)
        assert page.evaluate("() => document.documentElement.lang") == "fr"
        assert page.evaluate("() => window.hgExplorer.nodes.get('ais').label") == "Agence de l'innovation en santé"
        assert "Types" in page.inner_text("#side") and "nœuds sur" in page.inner_text("#unlinked")
        page.fill("#search", "AIS")
        page.press("#search", "Enter")
        assert page.inner_text("#found") == "trouvé : Agence de l'innovation en santé"
        assert "Health Innovation Agency" in page.inner_text("#details")  # the other language beside it
