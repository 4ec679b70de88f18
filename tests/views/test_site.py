"""The static site and the served profiles, in real headless Chromium and over HTTP, on the real curated graph."""

from __future__ import annotations

import re
import shutil
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from tests.browser import accessibility_violations, browser_page, screenshot
from tests.servers import start_server, stop_server
from typer.testing import CliRunner

from healthgraph.cli import app
from healthgraph.namespaces import DCTERMS, HG, HGID, RDF, RDFS
from healthgraph.views.profiles import GraphIndex
from healthgraph.views.profiles.markup import Context, Links
from healthgraph.views.profiles.page import entity_page
from healthgraph.views.site import SITE_MARKER

HOSTILE = '<img src=x onerror="window.__pwned=1"></script><script>window.__pwned=2</script>'
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    out.mkdir()
    (out / "stale.html").write_text("from an earlier build", encoding="utf-8")
    (out / SITE_MARKER).write_text("", encoding="utf-8")  # an earlier site: replaced as a whole
    result = CliRunner().invoke(app, ["site", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "profiles" in result.output and str(out.resolve() / "index.html") in result.output
    return out


def _watch(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_the_site_holds_every_page_relative_links_and_turtle(site: Path, graph: Graph) -> None:
    assert not (site / "stale.html").exists()  # the folder was replaced as a whole
    assert not list(site.parent.glob(".site.*"))  # no temporary folder left
    for name in ("index.html", "index.fr.html", "assets/search-index.js", "assets/search.js", "assets/profile.css"):
        assert (site / name).is_file(), name
    for stem in ("medicen", "biovalley-france", "christian-deleuze"):
        for suffix in (".html", ".fr.html", ".ttl"):
            assert (site / "entity" / f"{stem}{suffix}").is_file(), stem + suffix
    assert (site / "source" / "menu2018.html").is_file() and (site / "source" / "menu2018.fr.html").is_file()
    page = (site / "entity" / "medicen.html").read_text(encoding="utf-8")
    for address in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert not address.startswith("/"), address
        assert not address.startswith(("http://", "https://")) or re.search(
            rf'href="{re.escape(address)}" rel="noopener noreferrer"', page
        ), address  # only links out to documents and registries, never an asset
    turtle = Graph().parse(site / "entity" / "medicen.ttl", format="turtle")
    assert (HGID.medicen, RDFS.label, Literal("Medicen Paris Region", lang="en")) in turtle
    assert len(turtle) > 100


def test_profile_is_drawn_offline_without_errors_with_one_point_per_figure(site: Path, graph: Graph) -> None:
    dated = [
        f
        for f in graph.subjects(HG.subject, HGID.medicen)
        if (f, RDF.type, HG.Observation) in graph and graph.value(f, DCTERMS.date) is not None
    ]
    with browser_page() as (page, requests):
        errors = _watch(page)
        page.goto((site / "entity" / "medicen.html").as_uri())
        page.locator("svg.ego").wait_for()
        assert page.locator("svg.chart circle.point").count() == len(dated)
        assert page.locator("h1").inner_text() == "Medicen Paris Region"
        screenshot(page, "profile-medicen.png", site.parent)
        page.evaluate("document.getElementById('figures').scrollIntoView()")
        screenshot(page, "profile-medicen-figures.png", site.parent)
        page.goto((site / "entity" / "medicen.fr.html").as_uri())
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert "pôle de compétitivité" in page.locator("header.profile").inner_text()
        page.goto((site / "entity" / "christian-deleuze.html").as_uri())
        assert "president" in page.locator("#story").inner_text()
        screenshot(page, "profile-person.png", site.parent)
        page.goto((site / "source" / "medicen2025.html").as_uri())
        assert "What this source states" in page.inner_text("main")
        screenshot(page, "source-page.png", site.parent)
    assert errors == []
    outside = [r for r in requests if not r.startswith(site.as_uri())]
    assert outside == [], outside


def _suggestions(page: Any, typed: str) -> list[tuple[str, str]]:
    page.fill("#hg-search", typed)
    page.locator("#hg-suggestions a").first.wait_for()
    links = page.locator("#hg-suggestions a")
    return [(links.nth(i).get_attribute("href"), links.nth(i).inner_text()) for i in range(links.count())]


def test_search_finds_by_acronym_and_former_name_accents_and_case_folded(site: Path) -> None:
    with browser_page() as (page, requests):
        errors = _watch(page)
        page.goto((site / "index.html").as_uri())
        found = _suggestions(page, "ap-hp")
        assert found[0][0] == "entity/aphp.html"
        found = _suggestions(page, "cancer bio sante")  # Cancer-Bio-Santé, merged into Eurobiomed
        assert ("entity/cancer-bio-sante.html", found[0][1]) == found[0]
        eurobiomed = [text for href, text in found if href == "entity/eurobiomed.html"]
        assert eurobiomed and "former name: Cancer Bio Santé" in eurobiomed[0]
        page.goto((site / "entity" / "medicen.fr.html").as_uri())
        found = _suggestions(page, "ALSACE biovalley")
        assert "../entity/biovalley-france.fr.html" in [href for href, _ in found]
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*/entity/alsace-biovalley\.fr\.html$"))
    assert errors == []
    assert [r for r in requests if not r.startswith(site.as_uri())] == []


def test_axe_finds_nothing_serious_or_critical_on_each_page_type(site: Path) -> None:
    pages = [
        "entity/medicen.html",
        "entity/medicen.fr.html",
        "entity/christian-deleuze.html",
        "source/medicen2025.html",
    ]
    with browser_page() as (page, _):
        for name in [*pages, "index.html"]:
            page.goto((site / name).as_uri())
            if name == "index.html":
                page.fill("#hg-search", "medicen")  # with the suggestions open
                page.locator("#hg-suggestions a").first.wait_for()
            found = accessibility_violations(page)
            print(name, {f"{v['id']} ({v['impact']})": len(v["nodes"]) for v in found})  # every level, for the record
            assert [v["id"] for v in found if v["impact"] in ("serious", "critical")] == [], name


def test_a_hostile_label_shows_as_text_in_the_browser(site: Path, graph: Graph) -> None:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    hostile = HGID["hostile-test"]
    copy.add((hostile, RDF.type, HG.Pole))
    copy.add((hostile, RDFS.label, Literal(HOSTILE, lang="en")))
    copy.add((hostile, HG.region, URIRef(HGID["region/11"])))
    path = site.parent / "hostile" / "entity" / "hostile-test.html"
    path.parent.mkdir(parents=True)
    shutil.copytree(site / "assets", site.parent / "hostile" / "assets")
    path.write_text(entity_page(Context(GraphIndex.from_rdflib(copy), "en", Links(root="../")), str(hostile)))
    with browser_page() as (page, _):
        errors = _watch(page)
        page.goto(path.as_uri())
        assert page.locator("h1").inner_text() == HOSTILE
        assert page.evaluate("window.__pwned") is None
    assert errors == []


def test_served_profiles_negotiate_rdf_html_and_language() -> None:
    process, url = start_server()
    base = url.removesuffix("/sparql")
    try:

        def fetch(path: str, **headers: str) -> tuple[int, str, str, str]:
            opener = urllib.request.build_opener(_NoRedirect())
            request = urllib.request.Request(base + path, headers=headers)
            try:
                with opener.open(request, timeout=60) as response:
                    return response.status, response.headers["Content-Type"], response.read().decode(), ""
            except urllib.error.HTTPError as error:
                return error.code, error.headers["Content-Type"], error.read().decode(), error.headers["Location"]

        status, kind, body, _ = fetch("/id/medicen", Accept="text/turtle")
        assert (status, kind) == (200, "text/turtle; charset=utf-8")
        assert (HGID.medicen, RDFS.label, Literal("Medicen Paris Region", lang="en")) in Graph().parse(
            data=body, format="turtle"
        )
        status, _, _, location = fetch("/id/medicen", Accept="text/html,application/xhtml+xml,*/*;q=0.8")
        assert (status, location) == (303, "/entity/medicen?lang=en")
        status, kind, body, _ = fetch("/id/medicen", Accept="application/ld+json")
        assert (
            status == 200
            and kind == "application/ld+json"
            and '"@id":"https://w3id.org/healthgraph/id/medicen"' in body
        )
        status, _, body, _ = fetch("/entity/medicen", **{"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
        assert status == 200 and '<html lang="fr">' in body and "Son histoire" in body
        status, _, body, _ = fetch("/entity/medicen?lang=en", **{"Accept-Language": "fr"})
        assert '<html lang="en">' in body
        assert fetch("/entity/no-such-entity")[0] == 404
        with browser_page() as (page, requests):
            errors = _watch(page)
            page.goto(base + "/entity/biovalley-france?lang=en")
            assert "Under its former name" in page.inner_text("main")
            found = _suggestions(page, "medicen")
            assert found[0][0] == "/entity/medicen?lang=en"
        assert errors == []
        assert [r for r in requests if not r.startswith(base)] == []
    finally:
        stop_server(process)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def test_static_site_opens_in_the_browsers_language_until_the_reader_chooses(site: Path) -> None:
    with browser_page(locale="fr-FR") as (page, _):
        page.goto((site / "entity" / "medicen.html").as_uri())
        page.wait_for_url("**/medicen.fr.html")
        assert page.evaluate("document.documentElement.lang") == "fr"
        page.click("nav.top a.switch")  # the reader asks for English: remembered
        page.wait_for_url("**/medicen.html")
        page.goto((site / "entity" / "lyonbiopole.html").as_uri())
        page.locator("h1").wait_for()
        assert page.evaluate("document.documentElement.lang") == "en"
    with browser_page(locale="en-GB") as (page, _):
        page.goto((site / "entity" / "medicen.html").as_uri())
        page.locator("h1").wait_for()
        assert page.evaluate("document.documentElement.lang") == "en"
