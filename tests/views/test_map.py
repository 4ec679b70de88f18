"""The map of France by region: 18 regions from the packaged geometry, drawn offline in Chromium, each with its list."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from tests.browser import browser_page, screenshot

from healthgraph.namespaces import HG, HGID
from healthgraph.views.map import region_figures, region_shapes, render_map, write_map

HOSTILE = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def map_page(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_map(graph, tmp_path_factory.mktemp("map") / "map.html")


def test_geometry_has_the_18_regions_of_today() -> None:
    _, shapes = region_shapes()
    assert len(shapes) == 18
    assert (
        len(shapes["44"]) == 3 and len(shapes["84"]) == 2
    )  # Alsace, Champagne-Ardenne, Lorraine; Auvergne, Rhône-Alpes


def test_figures_per_region(graph: Graph) -> None:
    figures = region_figures(graph)
    assert len(figures) == 18 and figures["11"].name == "Île-de-France"
    lyon = [c for c in figures["84"].member_counts if c["en"] == "Lyonbiopôle"]
    assert lyon and lyon[0]["value"] == 270 and lyon[0]["date"] == "2023-01-17"
    assert any(o["id"] == "medicen" for o in figures["11"].organisations)


def test_former_region_counts_in_its_successor() -> None:
    toy = Graph()
    org = URIRef(HGID + "toy")
    toy.add((org, RDF.type, HG.Organisation))
    toy.add((org, RDFS.label, Literal(HOSTILE, lang="en")))
    toy.add((org, HG.region, URIRef(HGID + "region/42")))  # Alsace, merged into Grand Est in 2016
    assert [o["id"] for o in region_figures(toy)["44"].organisations] == ["toy"]
    assert HOSTILE not in render_map(toy)  # data text travels as escaped JSON


def test_project_funding_counts_in_each_partner_region_in_full() -> None:
    toy = Graph()
    project, funding = URIRef(HGID + "project"), URIRef(HGID + "funding")
    toy.add((funding, RDF.type, HG.Funding))
    toy.add((funding, HG.beneficiary, project))
    toy.add((funding, HG.amount, Literal("1000000", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    for name, region in (("a", "11"), ("b", "84")):
        partner = URIRef(HGID + name)
        toy.add((partner, HG.isInvolvedIn, project))
        toy.add((partner, HG.region, URIRef(HGID + "region/" + region)))
    figures = region_figures(toy)
    assert figures["11"].funding_eur == figures["84"].funding_eur == 1_000_000 and figures["11"].fundings == 1
    assert figures["53"].fundings == 0


def test_map_draws_18_regions_offline_without_errors(map_page: Path, tmp_path: Path) -> None:
    with browser_page() as (page, requests):
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(map_page.as_uri() + "?lang=en")
        page.locator("body[data-drawn=true]").wait_for(timeout=10_000)
        drawn = page.evaluate(
            """() => [...document.querySelectorAll('#map a.region')].filter(a => {
                const box = a.getBBox(); const fill = a.querySelector('.fill path').style.fill;
                return box.width > 5 && box.height > 5 && fill !== ''; }).length"""
        )
        assert drawn == 18
        assert requests == [map_page.as_uri() + "?lang=en"], "the page must fetch nothing"
        assert errors == []
        before = page.evaluate("() => document.querySelector('#map-11 .fill path').style.fill")
        page.check("input[value=members]")
        assert page.evaluate("() => document.querySelector('#map-11 .fill path').style.fill") != before
        assert "450" in page.get_attribute("#map-11", "aria-label")
        page.check("input[value=organisations]")
        assert screenshot(page, "map.png", tmp_path).stat().st_size > 20_000
        page.click("#map-84")
        assert page.evaluate("() => location.hash") == "#region-84"
        assert "Lyonbiopôle" in page.inner_text("#region-84")
        link = page.locator("#region-11 a", has_text="Medicen Paris Region")
        assert link.get_attribute("href") == "site/entity/medicen.html"  # the static site beside out/map.html


def test_french_map_and_hostile_label(tmp_path: Path) -> None:
    toy = Graph()
    org = URIRef(HGID + "toy")
    toy.add((org, RDF.type, HG.Organisation))
    toy.add((org, RDFS.label, Literal(HOSTILE, lang="fr")))
    toy.add((org, HG.region, URIRef(HGID + "region/11")))
    path = write_map(toy, tmp_path / "map.html")
    with browser_page() as (page, _):
        page.goto(path.as_uri() + "?lang=fr")
        page.locator("body[data-drawn=true]").wait_for(timeout=10_000)
        assert page.inner_text("h1") == "Organisations, adhérents et financements par région"
        assert HOSTILE in page.inner_text("#region-11")
        assert page.evaluate("() => window.__pwned") is None and page.locator("#lists img").count() == 0


def test_served_by_the_server(tmp_path: Path) -> None:
    import urllib.request

    from tests.servers import start_server, stop_server

    process, url = start_server()
    try:
        base = url.removesuffix("/sparql")
        with urllib.request.urlopen(base + "/map.html", timeout=30) as response:
            body = response.read().decode()
        assert response.status == 200 and body.count('class="region"') == 18
        with browser_page() as (page, requests):
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(base + "/map.html")
            page.locator("body[data-drawn=true]").wait_for(timeout=10_000)
            assert errors == [] and requests == [base + "/map.html"]
            page.click("#map-11")
            page.locator("#region-11 a", has_text="Medicen Paris Region").click()
            page.wait_for_url("**/entity/medicen?lang=en")
            assert "Medicen Paris Region" in page.inner_text("h1")
    finally:
        stop_server(process)
