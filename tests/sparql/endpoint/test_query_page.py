"""The query page at / works offline in real headless Chromium: runs a stored question, links to entity pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.browser import browser_page
from tests.servers import start_server, stop_server


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    process, url = start_server()
    yield url.removesuffix("/sparql")
    stop_server(process)


def test_query_page_runs_stored_question_and_links_entities(base: str, tmp_path: Path) -> None:
    with browser_page() as (page, requests):
        page.goto(base + "/")
        page.select_option(
            "#examples",
            label="cq03_tiers_lieux: Tiers-lieux d'expérimentation, who runs them, what they test, partner pôles",
        )
        page.click("#run")
        page.wait_for_selector("#results table")
        assert page.inner_text("#status") == "14 rows"
        assert "BOpEx" in page.inner_text("#results")
        page.screenshot(path=str(tmp_path / "query-page.png"), full_page=False)
        assert (tmp_path / "query-page.png").stat().st_size > 10_000
        page.click("text=bopex")
        page.wait_for_selector("h1")
        assert page.inner_text("h1") == "BOpEx"
        assert "source/medicen2025" in page.content()
        assert all(url.startswith(base) for url in requests), [u for u in requests if not u.startswith(base)]


def test_query_page_shows_errors_as_text(base: str) -> None:
    with browser_page() as (page, _):
        page.goto(base + "/")
        page.fill("#query", "SELECT * WHERE { <script>alert(1)</script> }")
        page.click("#run")
        page.locator("#status", has_text="error").wait_for(timeout=10_000)
        assert "error 400" in page.inner_text("#status")
        assert page.locator("script:not([id])").count() == 1  # only the page's own script
