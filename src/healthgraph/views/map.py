"""Map: organisations, members and funding per region as a choropleth of the 18 regions, one offline page.

The geometry is the SVG of France's regions shipped by the ``pygal-maps-fr`` package (Kozea, LGPL-3.0-or-later),
drawn before the 2016 reform: each of today's 18 regions is the union of the former regions that merged into it,
as the shared region history (``geohisto``) states. Nothing is fetched when the page is shown.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import RDFS, Graph, Literal

from healthgraph import settings
from healthgraph.curation.regions import RegionRecord, read_regions
from healthgraph.html import PICK_LANGUAGE_JS, json_for_html, text_for_html
from healthgraph.labels import label_of
from healthgraph.namespaces import DCTERMS, HG, HGID
from healthgraph.sparql.query import prefixed
from healthgraph.views.pages import write_page
from healthgraph.views.profiles.markup import slug

__all__ = ["GEOMETRY", "RegionFigures", "region_figures", "region_shapes", "render_map", "write_map"]

GEOMETRY = "pygal_maps_fr/fr.regions.svg"  # inside the pygal-maps-fr package
VIEWBOX_RE = re.compile(r'<svg[^>]*\sviewBox="([0-9. ]+)"')
# the two layers (metropolitan regions, translated; overseas regions), each a <g id=...> of region groups
LAYER_RE = re.compile(
    r'<g id="(?:regions|dom-com)"(?:\s+transform="(?P<transform>[^"]*)")?\s*>'
    r'(?P<body>(?:\s*<g class="a\d+ region[^"]*">.*?</g>)+)',
    re.S,
)
GROUP_RE = re.compile(r'<g class="a(?P<code>\d+) region[^"]*">(?P<body>.*?)</g>', re.S)
D_RE = re.compile(r'<path[^>]*\sd="([^"]*)"')
PATH_RE = re.compile(r"^[0-9MmLlHhVvCcSsQqTtAaZz.,eE+\-\s]+$")
NUMBER_RE = re.compile(r"-?\d+\.\d{3,}")
REGION_PREFIX = str(HGID) + "region/"
ORGANISATIONS_QUERY = """
SELECT DISTINCT ?org ?region ?class WHERE {
  ?org hg:region ?region ; a ?class . ?class rdfs:subClassOf* hg:Organisation
}"""
MEMBER_COUNTS_QUERY = """
SELECT ?org ?value ?date ?qualifier ?source WHERE {
  ?o a hg:Observation ; hg:subject ?org ; hg:measure measure:member-count ; hg:value ?value ;
     prov:wasDerivedFrom ?source .
  OPTIONAL { ?o dcterms:date ?date } OPTIONAL { ?o hg:qualifier/skos:notation ?qualifier }
}"""
FUNDINGS_QUERY = """
SELECT ?funding ?beneficiary ?amount ?currency WHERE {
  ?funding a hg:Funding ; hg:beneficiary ?beneficiary .
  OPTIONAL { ?funding hg:amount ?amount } OPTIONAL { ?funding hg:currency ?currency }
}"""


@dataclass
class RegionFigures:
    """What the graph says about one region: its organisations, their latest member counts, fundings received."""

    code: str
    name: str
    organisations: list[dict[str, str]] = field(default_factory=list)
    member_counts: list[dict[str, Any]] = field(default_factory=list)
    funding_eur: float = 0.0
    fundings: int = 0


def _current(code: str, regions: dict[str, RegionRecord]) -> str | None:
    """Return today's region code for ``code``, following a former region to the one it merged into."""
    record = regions.get(code)
    while record is not None and record.end is not None:
        record = regions.get(record.merged_into or "")
    return record.code if record is not None else None


def _region_of(node: object, regions: dict[str, RegionRecord]) -> str | None:
    text = str(node)
    return _current(text.removeprefix(REGION_PREFIX), regions) if text.startswith(REGION_PREFIX) else None


def _select(graph: Graph, query: str) -> list[Any]:
    return list(graph.query(prefixed(query)))


def _kind(graph: Graph, classes: set[Any]) -> Any:
    """Return the most specific of ``classes`` (one that is no other's superclass)."""
    broader = {b for c in classes for b in graph.transitive_objects(c, RDFS.subClassOf) if b != c}
    return min((c for c in classes if c not in broader), key=str, default=HG.Organisation)


def _organisations(graph: Graph, figures: dict[str, RegionFigures], regions: dict[str, RegionRecord]) -> None:
    located: dict[str, dict[Any, set[Any]]] = {}
    for org, region, cls in _select(graph, ORGANISATIONS_QUERY):
        code = _region_of(region, regions)
        if code in figures:
            located.setdefault(code, {}).setdefault(org, set()).add(cls)
    for code, orgs in located.items():
        for org, classes in orgs.items():
            kind = _kind(graph, classes)
            figures[code].organisations.append(
                {
                    "id": str(org).removeprefix(str(HGID)),
                    "slug": slug(str(org)),
                    "en": label_of(graph, org, "en"),
                    "fr": label_of(graph, org, "fr"),
                    "kind_en": label_of(graph, kind, "en"),
                    "kind_fr": label_of(graph, kind, "fr"),
                }
            )
        figures[code].organisations.sort(key=lambda o: o["fr"].casefold())


def _member_counts(graph: Graph, figures: dict[str, RegionFigures], regions: dict[str, RegionRecord]) -> None:
    latest: dict[str, Any] = {}
    for org, value, date, qualifier, source in _select(graph, MEMBER_COUNTS_QUERY):
        key = str(org)
        if date is not None and (key not in latest or str(date) > str(latest[key][2])):
            latest[key] = (org, value, date, qualifier, source)
    for org, value, date, qualifier, source in latest.values():
        for region in graph.objects(org, HG.region):
            code = _region_of(region, regions)
            if code in figures:
                figures[code].member_counts.append(
                    {
                        "en": label_of(graph, org, "en"),
                        "fr": label_of(graph, org, "fr"),
                        "value": float(value) if isinstance(value, Literal) else 0.0,
                        "date": str(date),
                        "qualifier": str(qualifier or "exact"),
                        "source": str(graph.value(source, DCTERMS.title) or label_of(graph, source, "en")),
                    }
                )


def _beneficiary_regions(graph: Graph, beneficiary: Any, regions: dict[str, RegionRecord]) -> set[str]:
    """Return the regions of a beneficiary, or, if it has none, those of the organisations involved in it."""
    own = {_region_of(r, regions) for r in graph.objects(beneficiary, HG.region)}
    if not own:
        partners = graph.subjects(HG.isInvolvedIn, beneficiary)
        own = {_region_of(r, regions) for partner in partners for r in graph.objects(partner, HG.region)}
    return {code for code in own if code is not None}


def _fundings(graph: Graph, figures: dict[str, RegionFigures], regions: dict[str, RegionRecord]) -> None:
    for _, beneficiary, amount, currency in _select(graph, FUNDINGS_QUERY):
        for code in _beneficiary_regions(graph, beneficiary, regions) & set(figures):
            figures[code].fundings += 1
            if amount is not None and str(currency or "EUR") == "EUR":
                figures[code].funding_eur += float(amount)


def region_figures(graph: Graph, shared: Path | None = None) -> dict[str, RegionFigures]:
    """Return, for each of today's 18 regions, its organisations, the latest member counts and the fundings received.

    An organisation in a former region counts in the region it merged into; one in several regions counts in each.
    Member counts are the latest dated ``member count`` figure of each organisation of the region (pôles,
    networks), with its qualifier and source; funding is the sum of the amounts in euros of the fundings whose
    beneficiary is in the region, or, for a beneficiary with no region of its own (an ANR project, a biocluster), has
    an organisation involved in it there (``hg:isInvolvedIn``): it then counts in full in each of their regions (its
    amount is not split). Fundings without an amount
    are counted but add nothing.
    """
    regions = read_regions(shared or settings.shared_dir())
    figures = {code: RegionFigures(code, record.name) for code, record in sorted(regions.items()) if record.end is None}
    _organisations(graph, figures, regions)
    _member_counts(graph, figures, regions)
    _fundings(graph, figures, regions)
    return figures


def _short_numbers(path: str) -> str:
    """Round coordinates to two decimals (a hundredth of a unit on a 2,000-unit map)."""
    return NUMBER_RE.sub(lambda m: f"{float(m.group(0)):.2f}", path)


def region_shapes(shared: Path | None = None) -> tuple[str, dict[str, list[tuple[str, str]]]]:
    """Return the map's viewBox and, per current region code, its paths as ``(transform, d)`` pairs.

    Former regions (``a21`` Champagne-Ardenne...) are drawn as part of the region they merged into; shapes that are
    no region today (Saint-Pierre-et-Miquelon) are left out. The file is read with patterns, not an XML parser:
    its layout is fixed (one ``<g class="aNN region">`` per region holding its paths) and every path is checked.
    """
    regions = read_regions(shared or settings.shared_dir())
    source = resources.files("pygal_maps_fr").joinpath(GEOMETRY.split("/", 1)[1]).read_text(encoding="utf-8")
    box = VIEWBOX_RE.search(source)
    shapes: dict[str, list[tuple[str, str]]] = {}
    for layer in LAYER_RE.finditer(source):
        transform = layer.group("transform") or ""
        for group in GROUP_RE.finditer(layer.group("body")):
            code = _current(group.group("code"), regions)
            for d in D_RE.findall(group.group("body")) if code else []:
                if not PATH_RE.match(d):
                    raise ValueError(f"unexpected path data in {GEOMETRY} for region {code}")
                shapes.setdefault(str(code), []).append((transform, _short_numbers(d)))
    if len(shapes) != len([r for r in regions.values() if r.end is None]):
        raise ValueError(f"{GEOMETRY} does not hold a shape for every current region: {sorted(shapes)}")
    return (box.group(1) if box else "0 0 2000 1898"), shapes


def _svg(view_box: str, shapes: dict[str, list[tuple[str, str]]], names: dict[str, str]) -> str:
    """Draw each region as a link: its outline first, then its fill, so that former borders inside it vanish."""
    parts = []
    for code, paths in sorted(shapes.items()):
        drawn = "".join(
            f'<path d="{html.escape(d, quote=True)}"'
            + (f' transform="{html.escape(t, quote=True)}"' if t else "")
            + "/>"
            for t, d in paths
        )
        name = html.escape(names.get(code, code), quote=True)
        parts.append(
            f'<a href="#region-{code}" id="map-{code}" class="region" data-code="{code}" aria-label="{name}">'
            f'<title>{name}</title><g class="outline">{drawn}</g><g class="fill">{drawn}</g></a>'
        )
    return (
        f'<svg id="map" viewBox="{html.escape(view_box, quote=True)}" xmlns="http://www.w3.org/2000/svg" '
        f'role="group" aria-labelledby="mapTitle">{"".join(parts)}</svg>'
    )


def render_map(
    graph: Graph, shared: Path | None = None, title: str = "healthgraph: regions", site: str | None = "site/"
) -> str:
    """Render the choropleth page: measures per region, a legend, a table and each region's organisations.

    Each organisation links to its profile: ``/entity/ID`` when the page is served, else ``SITE/entity/ID.html``
    (``site`` leads from the page to the static site; None: no links).
    """
    figures = region_figures(graph, shared)
    view_box, shapes = region_shapes(shared)
    data = {
        "site": site,
        "regions": [
            {
                "code": f.code,
                "name": f.name,
                "organisations": f.organisations,
                "memberCounts": f.member_counts,
                "fundingEur": f.funding_eur,
                "fundings": f.fundings,
            }
            for f in figures.values()
        ],
    }
    parts = {
        "__TITLE__": text_for_html(title),
        "__SVG__": _svg(view_box, shapes, {f.code: f.name for f in figures.values()}),
        "__DATA__": json_for_html(data),
        "__PICK_LANGUAGE__": PICK_LANGUAGE_JS,
    }
    template = resources.files("healthgraph.views").joinpath("templates/map.html").read_text(encoding="utf-8")
    return re.sub("|".join(parts), lambda m: parts[m.group(0)], template)


def write_map(graph: Graph, path: Path, shared: Path | None = None) -> Path:
    """Write the map page to ``path`` (atomically) and return it."""
    write_page(render_map(graph, shared), path)
    return path
