"""The query page at / in real headless Chromium: every stored question, a name picker, names shown, downloads."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.browser import browser_page, screenshot
from tests.servers import start_server, stop_server

from healthgraph import settings
from healthgraph.sparql.query import load_queries


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    process, url = start_server()
    yield url.removesuffix("/sparql")
    stop_server(process)


def _pick(page: object, prefix: str) -> None:
    options = page.locator("#examples option").all_inner_texts()  # type: ignore[attr-defined]
    page.select_option("#examples", label=next(o for o in options if o.startswith(prefix + ":")))  # type: ignore[attr-defined]


def test_every_stored_question_is_offered(base: str) -> None:
    with browser_page() as (page, _):
        page.goto(base + "/?lang=en")
        offered = page.locator("#examples option").all_inner_texts()
        assert len(offered) == len(load_queries(settings.queries_dir())) == 12


def test_query_page_runs_stored_question_and_links_entities(base: str) -> None:
    with browser_page() as (page, requests):
        page.goto(base + "/?lang=en")
        _pick(page, "cq03")
        page.click("#run")
        page.wait_for_selector("#results table")
        assert page.inner_text("#status") == "14 rows"
        text = page.inner_text("#results")
        assert "BOpEx" in text and "https://w3id.org" not in text and "source/" not in text
        page.click("#results a:text-is('BOpEx')")
        page.wait_for_selector("h1")
        assert page.inner_text("h1") == "BOpEx" and "/entity/bopex" in page.url  # its profile, through /id/bopex
        assert all(url.startswith(base) for url in requests), [u for u in requests if not u.startswith(base)]


def test_parameterised_question_by_name_and_csv_download(base: str, tmp_path: Path) -> None:
    with browser_page() as (page, requests):
        page.goto(base + "/?lang=en")
        _pick(page, "cq10")
        page.fill("#param-subject", "Medicen")
        page.click("#run")
        page.wait_for_selector("#results table")
        assert page.inner_text("#status") == "9 rows"
        text = page.inner_text("#results")
        assert "member count" in text and "Focus sur Medicen" in text  # measure labels and source titles
        assert "VALUES (?subject) { (<https://w3id.org/healthgraph/id/medicen>) }" in page.input_value("#query")
        assert screenshot(page, "query-page.png", tmp_path).stat().st_size > 10_000
        with page.expect_download() as info:
            page.click("#downloads a[download$='.csv']")
        rows = list(csv.DictReader(io.StringIO((Path(info.value.path())).read_text(encoding="utf-8-sig"))))
        assert len(rows) == 9 and rows[0]["source_iri"].startswith("https://w3id.org/healthgraph/id/source/")
        assert any(r["sourceTitle"].startswith("Focus sur Medicen") for r in rows)
        with page.expect_download() as info:
            page.click("#downloads a[download$='.json']")
        assert len(json.loads(Path(info.value.path()).read_text(encoding="utf-8"))) == 9
        page.locator("#results a", has_text="Focus sur Medicen").first.click()
        page.wait_for_url("**/source/medicen2025*")
        assert all(url.startswith(base) or url.startswith("blob:") for url in requests), requests


def test_unknown_name_suggests_closest_and_french_page(base: str) -> None:
    with browser_page() as (page, _):
        page.goto(base + "/?lang=fr")
        assert page.evaluate("() => document.documentElement.lang") == "fr"
        assert page.inner_text("#run") == "Lancer la requête"
        _pick(page, "cq08")
        page.fill("#param-pole", "Medic")
        page.click("#run")
        assert "nom inconnu : Medic" in page.inner_text("#status") and "Medicen" in page.inner_text("#status")
        assert page.locator("#results table").count() == 0


def test_query_page_shows_errors_as_text(base: str) -> None:
    with browser_page() as (page, _):
        page.goto(base + "/")
        page.fill("#query", "SELECT * WHERE { <script>alert(1)</script> }")
        page.click("#run")
        page.locator("#status", has_text="error").wait_for(timeout=10_000)
        assert "error 400" in page.inner_text("#status") or "erreur 400" in page.inner_text("#status")
        assert page.locator("script:not([id]):not([src])").count() == 1  # only the page's own inline script


def test_hostile_text_in_a_result_is_shown_as_text(base: str) -> None:
    hostile = '<img src=x onerror="window.__pwned=1">'
    with browser_page() as (page, _):
        page.goto(base + "/?lang=en")
        page.fill("#query", f"SELECT ?x WHERE {{ BIND('{hostile}' AS ?x) }}")
        page.click("#run")
        page.wait_for_selector("#results table")
        assert page.inner_text("#results td") == hostile
        assert page.evaluate("() => window.__pwned") is None and page.locator("#results img").count() == 0


def test_search_box_of_the_profiles_and_browser_language(base: str) -> None:
    with browser_page() as (page, requests):
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(base + "/?lang=en")
        page.fill("#hg-search", "ap-hp")
        page.locator("#hg-suggestions a").first.wait_for()
        assert page.locator("#hg-suggestions a").first.get_attribute("href") == "/entity/aphp?lang=en"
        page.locator("#hg-suggestions a").first.click()
        page.wait_for_url("**/entity/aphp*")
        assert errors == [] and all(url.startswith(base) for url in requests), requests
    status, _, body = _get_with(base + "/", {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert status == 200 and '<html lang="fr"' in body
    status, _, body = _get_with(base + "/", {"Accept-Language": "de, en;q=0.3"})
    assert '<html lang="en"' in body


def _get_with(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
    import urllib.request

    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return response.status, dict(response.headers), response.read().decode()
