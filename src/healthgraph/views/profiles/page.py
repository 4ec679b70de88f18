"""Page: an entity's profile and a source's page, as complete HTML documents or as a fragment for a notebook.

A profile holds its header, story, projects, figures, network, what is not known, the unreviewed facts and the
facts of its former names.
"""

from __future__ import annotations

from collections.abc import Iterable

from healthgraph.html import text_for_html
from healthgraph.views.i18n import other_language, text
from healthgraph.views.profiles.chart import chart, figure_table, figures
from healthgraph.views.profiles.ego import ego_svg
from healthgraph.views.profiles.gaps import find_gaps, gaps_html
from healthgraph.views.profiles.header import header, predecessors
from healthgraph.views.profiles.index import DCTERMS, HG, SDO
from healthgraph.views.profiles.markup import Context, bdi, slug
from healthgraph.views.profiles.projects import project_facts, projects_html
from healthgraph.views.profiles.story import GROUPS, Statement, amount_text, statement, story
from healthgraph.views.search import search_box

__all__ = ["CSP", "document", "entity_body", "entity_page", "source_body", "source_page"]

MAX_LISTED = 120  # statements of one group on a page; a hub's others are in its Turtle
DESCRIBED = "~entities"  # the group of a source page that lists the entities it describes
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"
)


def _statements(ctx: Context, found: Iterable[Statement]) -> str:
    by_group: dict[str, list[Statement]] = {}
    for said in found:
        by_group.setdefault(said.group, []).append(said)
    parts = []
    for group in GROUPS:
        if group in by_group:
            listed = by_group[group]
            items = "".join(
                f'<li data-fact="{text_for_html(s.fact)}">{s.html} {ctx.cite(s.fact)}</li>' for s in listed[:MAX_LISTED]
            )
            parts.append(f'<h3>{text(group, ctx.lang)}</h3><ul class="story {group}">{items}</ul>')
            if len(listed) > MAX_LISTED:
                parts.append(f'<p class="legend">{text("left_out", ctx.lang, count=str(len(listed) - MAX_LISTED))}</p>')
    return "".join(parts)


def _section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{anchor}"><h2>{title}</h2>{body}</section>' if body else ""


def _figures(ctx: Context, node: str) -> str:
    found = figures(ctx, node)
    if not found:
        return f"<p>{text('figures_none', ctx.lang)}</p>"
    return chart(ctx, found) + f"<h3>{text('figure_table', ctx.lang)}</h3>" + figure_table(ctx, found)


def _former(ctx: Context, node: str) -> str:
    parts = []
    for before in predecessors(ctx.index, node):
        then = Context(ctx.index, ctx.lang, ctx.links, before)
        said = [s for s in story(then, before) if not s.unreviewed]
        found = figures(then, before)
        body = _statements(then, said) + (figure_table(then, found) if found else "")
        title = text("former_facts", ctx.lang, name=ctx.name(before))
        parts.append(f'<section class="former"><h2>{title}</h2>{body or text("no_facts", ctx.lang)}</section>')
    return "".join(parts)


def entity_body(ctx: Context, node: str) -> str:
    """Return the content of ``node``'s profile (no document head, no scripts): what a notebook displays."""
    projects = project_facts(ctx, node)
    in_projects = {fact for fact, _ in projects}
    said = [s for s in story(ctx, node) if s.fact not in in_projects]
    reviewed = [s for s in said if not s.unreviewed]
    unreviewed = [s for s in said if s.unreviewed]
    extracted = (
        f'<p class="warning">{text("unreviewed_note", ctx.lang)}</p>{_statements(ctx, unreviewed)}'
        if unreviewed
        else ""
    )
    return "".join(
        (
            header(ctx, node),
            _section("story", text("story", ctx.lang), _statements(ctx, reviewed) or text("no_facts", ctx.lang)),
            _section("projects", text("group_projects", ctx.lang), projects_html(ctx, node) if projects else ""),
            _section("figures", text("figures", ctx.lang), _figures(ctx, node)),
            _section("network", text("network", ctx.lang), ego_svg(ctx, node)),
            _section("not-known", text("not_known", ctx.lang), gaps_html(ctx, find_gaps(ctx, node))),
            _section("unreviewed", text("unreviewed", ctx.lang), extracted),
            _former(ctx, node),
        )
    )


def document(ctx: Context, title: str, body: str, switch: str, alternate: str = "") -> str:
    """Wrap ``body`` in a complete page: head (CSP, style sheet), navigation, search box and the page script.

    ``switch`` is the address of the same page in the other language.
    """
    lang, links = ctx.lang, ctx.links
    other = other_language(lang)
    turtle = f'<link rel="alternate" type="text/turtle" href="{text_for_html(alternate)}">' if alternate else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
        f"<title>{text_for_html(title)}</title>"
        f'<link rel="stylesheet" href="{text_for_html(links.asset("profile.css"))}">{turtle}</head><body>'
        f'<nav class="top"><a href="{text_for_html(links.home(lang))}">{text("home", lang)}</a>'
        f'<a class="switch" href="{text_for_html(switch)}" hreflang="{other}" lang="{other}">'
        f"{text('switch_to', lang)}</a>{search_box(lang, links.root, links.served)}</nav>"
        f"<main>{body}</main>"
        f'<script src="{text_for_html(links.asset("profile.js"))}"></script></body></html>'
    )


def entity_page(ctx: Context, node: str) -> str:
    """Return the complete profile page of ``node``."""
    ctx = Context(ctx.index, ctx.lang, ctx.links, node)
    turtle = f"/entity/{node.rsplit('/id/', 1)[-1]}.ttl" if ctx.links.served else f"{slug(node)}.ttl"
    footer = (
        f'<footer><p><a href="{text_for_html(turtle)}" type="text/turtle">{text("rdf", ctx.lang)}</a> · '
        f"<code>{text_for_html(node)}</code></p></footer>"
    )
    switch = ctx.links.entity(node, other_language(ctx.lang))
    return document(ctx, ctx.plain(node), entity_body(ctx, node) + footer, switch, turtle)


def _cited_line(ctx: Context, fact: str) -> str:
    said = statement(ctx, fact)
    if said is not None:
        return said.html
    index = ctx.index
    subject, measure = index.iris(fact, HG.subject), index.value(fact, HG.measure)
    if measure and subject:
        date = index.value(fact, DCTERMS.date)
        when = f" ({bdi(date)})" if date else f" ({text('undated', ctx.lang)})"
        return f"{ctx.name(subject[0])}: {bdi(ctx.plain(measure))} {amount_text(ctx, fact, 'value')}{when}"
    return bdi(ctx.plain(fact))


def source_body(ctx: Context, source: str) -> str:
    """Return what ``source`` is (kind, author, date, link) and what it states, by kind of fact."""
    index, lang = ctx.index, ctx.lang
    url = index.value(source, SDO.url)
    link = (
        f'<a href="{text_for_html(url)}" rel="noopener noreferrer">{bdi(url)}&nbsp;↗</a>'
        if url.startswith(("https://", "http://"))
        else text("no_link", lang)
    )
    rows = "".join(
        f"<tr><th scope='row'>{label}</th><td>{value}</td></tr>"
        for label, value in (
            (text("source_kind", lang), bdi(index.value(source, HG.sourceKind))),
            (text("author", lang), bdi(index.value(source, DCTERMS.creator))),
            (text("date", lang), bdi(index.value(source, DCTERMS.date))),
            (text("link", lang), link),
            (text("note", lang), f'<span lang="en">{bdi(index.value(source, HG.note))}</span>'),
        )
        if value and value != "<bdi></bdi>"
    )
    title = index.value(source, DCTERMS.title) or ctx.plain(source)
    by_kind: dict[str, list[str]] = {}
    for fact in index.facts_citing(source):
        kind = next((t for t in index.types(fact) if t in index.fact_classes), "")
        by_kind.setdefault(kind, []).append(f"<li>{_cited_line(ctx, fact)}</li>")
    described = [e for e, p in index.into.get(source, []) if index.is_entity(e)]
    if described:
        by_kind[DESCRIBED] = [f"<li>{ctx.name(e)}</li>" for e in sorted(described, key=ctx.plain)]
    stated = "".join(
        f"<h3>{text('entities', lang) if kind == DESCRIBED else bdi(ctx.plain(kind))} ({len(items)})</h3>"
        f"<ul>{''.join(items)}</ul>"
        for kind, items in sorted(by_kind.items(), key=lambda pair: (pair[0] == DESCRIBED, ctx.plain(pair[0])))
    )
    return f'<header class="profile"><h1>{bdi(title)}</h1><table class="facts">{rows}</table></header>' + _section(
        "states", text("source_states", lang), stated or f"<p>{text('source_nothing', lang)}</p>"
    )


def source_page(ctx: Context, source: str) -> str:
    """Return the complete page of ``source``."""
    title = ctx.index.value(source, DCTERMS.title) or ctx.plain(source)
    switch = ctx.links.source(source, other_language(ctx.lang))
    return document(ctx, title, source_body(ctx, source), switch)
