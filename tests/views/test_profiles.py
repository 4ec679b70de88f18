"""Profiles on the real curated graph: story with sources, chart points, not known, former names, languages, safety."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from rdflib import Graph, Literal, URIRef

from healthgraph.namespaces import DCTERMS, HG, HGID, PROV, RDF, RDFS
from healthgraph.views.profiles import GraphIndex, profile
from healthgraph.views.profiles.gaps import find_gaps
from healthgraph.views.profiles.markup import Context, Links
from healthgraph.views.profiles.page import entity_page, source_page
from healthgraph.views.search import search_entries

MEDICEN = str(HGID.medicen)
HOSTILE = '<img src=x onerror="window.__pwned=1"></script><script>window.__pwned=2</script>'
TODAY = dt.date(2026, 12, 4)


@pytest.fixture(scope="module")
def index(graph: Graph) -> GraphIndex:
    return GraphIndex.from_rdflib(graph)


def _page(index: GraphIndex, node: str, lang: str = "en") -> str:
    return entity_page(Context(index, lang, Links(root="../")), node)


def _items(page: str, group: str) -> list[str]:
    found = re.search(rf'<ul class="story {group}">(.*?)</ul>', page, re.S)
    assert found, f"no {group} list"
    return re.findall(r"<li data-fact=.*?</li>(?=<li|$)", found.group(1), re.S)


def test_medicen_lists_its_memberships_and_partners_each_with_a_source(graph: Graph, index: GraphIndex) -> None:
    page = _page(index, MEDICEN)
    items = _items(page, "group_relations")
    linked = {
        str(o)
        for fact in graph.subjects(None, URIRef(MEDICEN))
        if (fact, RDF.type, HG.Membership) in graph or (fact, RDF.type, HG.Partnership) in graph
        for o in graph.objects(fact)
        if str(o).startswith(str(HGID)) and str(o).count("/") == 5 and str(o) != MEDICEN
    }
    assert {"https://w3id.org/healthgraph/id/bopex", "https://w3id.org/healthgraph/id/cebr"} <= linked
    for other in linked:
        slug = other.rsplit("/", 1)[-1]
        assert any(f'href="../entity/{slug}.html"' in item for item in items), f"{slug} not in Medicen's relations"
    for item in items:
        assert 'class="cite"' in item and 'href="../source/' in item, item
    assert "founding member" in page and "Enosis Santé" in page


def test_medicen_chart_has_one_point_per_dated_figure(graph: Graph, index: GraphIndex) -> None:
    dated = [
        fact
        for fact in graph.subjects(HG.subject, URIRef(MEDICEN))
        if (fact, RDF.type, HG.Observation) in graph and graph.value(fact, DCTERMS.date) is not None
    ]
    page = _page(index, MEDICEN)
    points = re.findall(r'<circle class="point[^"]*"[^>]*data-fact="([^"]+)"', page)
    assert sorted(points) == sorted(str(f) for f in dated) and len(points) >= 9
    assert page.count('<figure class="series">') == len({graph.value(f, HG.measure) for f in dated}), (
        "one series per measure"
    )


def test_medicen_not_known_lists_missing_stale_and_single_source(graph: Graph, index: GraphIndex) -> None:
    ctx = Context(index, "en", Links())
    gaps = find_gaps(ctx, MEDICEN, today=TODAY)
    own = {str(graph.value(f, HG.measure)) for f in graph.subjects(HG.subject, URIRef(MEDICEN))} - {"None"}
    poles = {
        str(graph.value(f, HG.measure))
        for p in graph.subjects(RDF.type, HG.Pole)
        if str(p) != MEDICEN
        for f in graph.subjects(HG.subject, p)
        if (f, RDF.type, HG.Observation) in graph
    }
    assert set(gaps.missing) == poles - own
    assert str(HGID["measure/pia-project-count"]) in gaps.missing
    assert (str(HGID["measure/products-marketed"]), "2018") in gaps.stale  # 62 products, 2018: the only figure
    assert all(m != str(HGID["measure/member-count"]) for m, _ in gaps.stale)  # 450 members in 2025
    facts = index.facts_naming(MEDICEN)
    assert gaps.single == [f for f in facts if len(list(graph.objects(URIRef(f), PROV.wasDerivedFrom))) == 1]
    page = _page(index, MEDICEN)
    section = re.sub(r"<[^>]+>", "", page.split('id="not-known"', 1)[1])
    assert "PIA projects supported" in section and "products or services marketed (latest: 2018)" in section


def test_biovalley_france_shows_alsace_biovalley_facts_under_that_name(graph: Graph, index: GraphIndex) -> None:
    page = _page(index, str(HGID["biovalley-france"]))
    former = page.split('<section class="former">', 1)[1]
    assert former.startswith(
        '<h2>Under its former name <a href="../entity/alsace-biovalley.html"><bdi>Alsace BioValley'
    )
    facts = [
        str(f)
        for f, _ in graph.subject_predicates(HGID["alsace-biovalley"])
        if (f, RDF.type, HG.Membership) in graph or (f, RDF.type, HG.Partnership) in graph
    ]
    assert facts and all(f'data-fact="{f}"' in former for f in facts)
    assert "Alsace BioValley" in page.split("Former names", 1)[1][:200]
    assert "renaming" in page and "2019-02" in page


def test_french_page_shows_french_labels(index: GraphIndex) -> None:
    french, english = _page(index, MEDICEN, "fr"), _page(index, MEDICEN, "en")
    assert '<html lang="fr">' in french and "Son histoire" in french and "Non connu" in french
    assert "<bdi>pôle de compétitivité</bdi>" in french
    assert "competitiveness cluster (pôle de compétitivité)" in english
    inserm = _page(index, str(HGID.inserm), "fr")
    assert "<h1><bdi>Institut national de la santé et de la recherche médicale</bdi></h1>" in inserm
    assert "<h1><bdi>French National Institute of Health and Medical Research</bdi></h1>" in _page(
        index, str(HGID.inserm)
    )
    assert 'href="../entity/medicen.html" hreflang="en"' in french  # the switch to the other language


def _with_hostile_and_unreviewed(graph: Graph) -> tuple[GraphIndex, str, str]:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    hostile, fact = HGID["hostile-test"], HGID["fact/partner/hostile-test--medicen"]
    copy.add((hostile, RDF.type, HG.Pole))
    copy.add((hostile, RDFS.label, Literal(HOSTILE, lang="en")))
    copy.add((fact, RDF.type, HG.Partnership))
    copy.add((fact, HG.partner, hostile))
    copy.add((fact, HG.partner, URIRef(MEDICEN)))
    copy.add((fact, PROV.wasDerivedFrom, HGID["source/menu2018"]))
    copy.add((fact, HG.reviewStatus, HG.Unreviewed))
    return GraphIndex.from_rdflib(copy), str(hostile), str(fact)


def test_a_hostile_label_is_escaped_and_unreviewed_facts_are_shown_apart(graph: Graph) -> None:
    index, hostile, fact = _with_hostile_and_unreviewed(graph)
    for page in (_page(index, hostile), _page(index, MEDICEN)):
        assert HOSTILE not in page and "<img" not in page and "<script>window" not in page
        assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in page
    medicen = _page(index, MEDICEN)
    story, rest = medicen.split('<section id="unreviewed">', 1)
    assert f'data-fact="{fact}"' in rest and f'data-fact="{fact}"' not in story
    assert "not reviewed" in rest
    entries = search_entries(index)
    assert any(e["l"][0] == HOSTILE for e in entries)  # the index holds it as data; the box inserts it as text


def test_source_page_states_its_facts_by_kind_with_a_link(index: GraphIndex) -> None:
    page = source_page(Context(index, "en", Links(root="../")), str(HGID["source/menu2018"]))
    assert "<h1><bdi>Innovation en santé : le réseau fait la force" in page
    assert "What this source states" in page and "Cécile Menu" in page
    assert re.search(r"<h3><bdi>membership</bdi> \(\d+\)</h3>", page)
    linked = source_page(Context(index, "en", Links(root="../")), str(HGID["source/biotechinfo-semaine"]))
    assert 'href="https://biotechinfo.fr/article/semaine-decisive/"' in linked


def test_search_index_finds_by_acronym_and_former_name(index: GraphIndex) -> None:
    entries = {e["i"]: e for e in search_entries(index)}
    assert "ap hp" in entries["aphp"]["n"]
    eurobiomed = entries["eurobiomed"]
    former = eurobiomed["n"][eurobiomed["f"] :]
    assert "cancer bio sante" in former


def test_notebook_profile_displays_the_chart_inline(graph: Graph) -> None:
    shown = profile("Medicen", graph=graph)
    rendered = shown._repr_html_()
    assert rendered.startswith("<iframe srcdoc=") and "&lt;svg class=&quot;chart&quot;" in rendered
    assert profile("alsace biovalley", lang="fr", graph=graph).node == str(HGID["alsace-biovalley"])
    with pytest.raises(LookupError, match="no entity"):
        profile("no such name anywhere", graph=graph)


def test_disagreeing_sources_are_both_drawn_with_a_mark(graph: Graph) -> None:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    other = HGID["fact/figure/medicen--member-count--2025--test"]
    copy.add((other, RDF.type, HG.Observation))
    copy.add((other, HG.subject, URIRef(MEDICEN)))
    copy.add((other, HG.measure, HGID["measure/member-count"]))
    copy.add((other, HG.value, Literal("460.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    copy.add((other, DCTERMS.date, Literal("2025", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))))
    copy.add((other, PROV.wasDerivedFrom, HGID["source/menu2018"]))
    page = _page(GraphIndex.from_rdflib(copy), MEDICEN)
    disputed = re.findall(r'<circle class="point[^"]*disputed[^"]*"[^>]*data-fact="([^"]+)"', page)
    assert sorted(disputed) == sorted([str(other), str(HGID["fact/figure/medicen--member-count--2025--medicen2025"])])
    assert page.count('<text class="mark"') == 2 and "sources give different values" in page
    assert _page(GraphIndex.from_rdflib(graph), MEDICEN).count('class="mark"') == 0  # the curated data agree


def test_an_entity_proposed_by_the_extraction_says_so(graph: Graph) -> None:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    proposed = HGID["proposed-test"]
    copy.add((proposed, RDF.type, HG.Organisation))
    copy.add((proposed, RDFS.label, Literal("Proposed", lang="fr")))
    copy.add((proposed, HG.reviewStatus, HG.Unreviewed))
    copy.add((proposed, HG.reviewFile, Literal("review.csv:31")))
    index = GraphIndex.from_rdflib(copy)
    assert "Proposed by the article extraction (<bdi>review.csv:31</bdi>)" in _page(index, str(proposed))
    assert "Proposed by the article extraction" not in _page(index, MEDICEN)
