"""Accessibility in Chromium: axe-core finds nothing serious or critical on the query page, map and network view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from tests.browser import accessibility_violations, browser_page
from tests.servers import start_server, stop_server

from healthgraph.network import project
from healthgraph.views.map import write_map
from healthgraph.views.pages import render_page, write_page

SEVERE = ("serious", "critical")


def _severe(page: Any) -> list[str]:
    found = accessibility_violations(page)
    print({f"{v['id']} ({v['impact']})": len(v["nodes"]) for v in found})  # every level, for the record
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in found if v["impact"] in SEVERE]


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    process, url = start_server()
    yield url.removesuffix("/sparql")
    stop_server(process)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_query_page_with_a_result(base: str, lang: str) -> None:
    with browser_page() as (page, _):
        page.goto(f"{base}/?lang={lang}")
        assert _severe(page) == []
        options = page.locator("#examples option").all_inner_texts()
        page.select_option("#examples", label=next(o for o in options if o.startswith("cq07:")))
        page.fill("#param-pole", "Medicen")
        page.click("#run")
        page.wait_for_selector("#results table")
        assert _severe(page) == []


def test_map(graph: Graph, tmp_path: Path) -> None:
    path = write_map(graph, tmp_path / "map.html")
    with browser_page() as (page, _):
        page.goto(path.as_uri())
        page.locator("body[data-drawn=true]").wait_for(timeout=10_000)
        assert _severe(page) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_network_view_with_a_node_selected(graph: Graph, tmp_path: Path, lang: str) -> None:
    path = tmp_path / "ecosystem.html"
    write_page(render_page(project(graph, "full"), "ecosystem"), path)
    with browser_page() as (page, _):
        page.goto(f"{path.as_uri()}?lang={lang}")
        page.locator("body[data-drawn=true]").wait_for(timeout=30_000)
        assert _severe(page) == []
        page.fill("#search", "Medicen")
        page.press("#search", "Enter")
        assert "Medicen" in page.inner_text("#details")
        assert _severe(page) == []
