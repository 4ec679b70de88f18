"""Site: every profile and source page written as a static site that works from the file system or any host.

Layout (all links relative, so the folder can be opened with ``file://`` or copied to any static host)::

    index.html, index.fr.html            the list of profiles (English, French)
    entity/ID.html, entity/ID.fr.html    a profile in English and in French; entity/ID.ttl its RDF (Turtle)
    source/ID.html, source/ID.fr.html    a source's page
    assets/                              style sheet, scripts and the search index, once for the whole site

An id holding ``/`` (``anr/project/ANR-…``) is written with ``~`` in the file name. The site is filled in a
temporary folder that then takes the place of the old one (:func:`healthgraph.files.write_folder`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from healthgraph.files import write_folder
from healthgraph.html import text_for_html
from healthgraph.views.i18n import LANGUAGES, other_language, text
from healthgraph.views.profiles.gaps import main_kind
from healthgraph.views.profiles.index import GraphIndex
from healthgraph.views.profiles.markup import Context, Links, bdi, slug
from healthgraph.views.profiles.page import document, entity_page, source_page
from healthgraph.views.profiles.rdf import entity_turtle
from healthgraph.views.search import write_search_index

__all__ = ["ASSETS", "SiteReport", "index_page", "write_site"]

ASSETS = ("profile.css", "profile.js")


@dataclass
class SiteReport:
    """What a site build wrote: page counts, seconds and the largest profile page."""

    folder: Path
    entities: int = 0
    sources: int = 0
    seconds: float = 0.0
    sizes: dict[str, int] = field(default_factory=dict)  # file name -> bytes, for the profile pages


def _page_name(stem: str, lang: str) -> str:
    return f"{stem}{'.fr' if lang == 'fr' else ''}.html"


def index_page(index: GraphIndex, lang: str, links: Links) -> str:
    """Return the list of every profile, by kind, and of every source."""
    ctx = Context(index, lang, links)
    by_kind: dict[str, list[str]] = {}
    for node in index.entities():
        by_kind.setdefault(main_kind(index, node), []).append(node)
    groups = "".join(
        f"<h3>{bdi(ctx.plain(kind))} ({len(nodes)})</h3>"
        f'<ul class="index">{"".join(f"<li>{ctx.name(n)}</li>" for n in sorted(nodes, key=ctx.plain))}</ul>'
        for kind, nodes in sorted(by_kind.items(), key=lambda pair: ctx.plain(pair[0]))
    )
    sources = "".join(
        f'<li><a href="{text_for_html(links.source(s, lang))}">{bdi(ctx.plain(s))}</a></li>' for s in index.sources()
    )
    body = (
        f"<h1>{text('site_title', lang)}</h1><p>{text('site_intro', lang)}</p>"
        f"<h2>{text('entities', lang)}</h2>{groups}<h2>{text('sources', lang)}</h2><ul class='index'>{sources}</ul>"
    )
    return document(ctx, text("site_title", lang), body, links.home(other_language(lang)))


def _write(path: Path, content: str | bytes) -> int:
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(data)
    return len(data)


def _fill(index: GraphIndex, folder: Path, report: SiteReport) -> None:
    top, below = Links(root=""), Links(root="../")
    (folder / "entity").mkdir()
    (folder / "source").mkdir()
    assets = resources.files("healthgraph.views").joinpath("assets")
    (folder / "assets").mkdir()
    for name in ASSETS:
        (folder / "assets" / name).write_text(assets.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    write_search_index(index, folder)
    for lang in LANGUAGES:
        _write(folder / _page_name("index", lang), index_page(index, lang, top))
    for node in index.entities():
        stem = slug(node)
        for lang in LANGUAGES:
            name = f"entity/{_page_name(stem, lang)}"
            report.sizes[name] = _write(folder / name, entity_page(Context(index, lang, below), node))
        _write(folder / "entity" / f"{stem}.ttl", entity_turtle(index, node))
        report.entities += 1
    for source in index.sources():
        for lang in LANGUAGES:
            _write(folder / "source" / _page_name(slug(source), lang), source_page(Context(index, lang, below), source))
        report.sources += 1


SITE_MARKER = ".healthgraph-site"  # a folder holding it is a site this command wrote, and may replace


def write_site(graph: Any, out: Path) -> SiteReport:
    """Write the static site of ``graph`` (an rdflib graph or dataset, or a profile index) into ``out``, atomically.

    A failure leaves any previous site in ``out`` as it was.
    """
    started = time.perf_counter()
    index = graph if isinstance(graph, GraphIndex) else GraphIndex.from_rdflib(graph)
    report = SiteReport(out)
    write_folder(out, lambda temp: _fill(index, temp, report), SITE_MARKER)
    report.seconds = time.perf_counter() - started
    return report
