"""Header: an entity's names, kind, regions, identifiers, and what it comes from or became.

Names in both languages, other and former names, regions by name, identifiers linked out, and the entities it
comes from or became with the event and its date.
"""

from __future__ import annotations

from healthgraph.html import text_for_html
from healthgraph.views.i18n import text
from healthgraph.views.profiles.index import DCTERMS, HG, RDFS, SDO, SKOS, GraphIndex, Lit
from healthgraph.views.profiles.markup import Context, bdi

__all__ = ["IDENTIFIERS", "header", "predecessors", "succession_event", "successors"]

SUCCEEDED = str(HG.succeededBy)
# identifier property, label, address pattern ({} is the identifier); None: shown without a link
IDENTIFIERS: tuple[tuple[str, str, str | None], ...] = (
    ("ror", "ROR", "https://ror.org/{}"),
    ("wikidata", "Wikidata", "https://www.wikidata.org/wiki/{}"),
    ("finess", "FINESS", "https://finess.esante.gouv.fr/fininter/jsp/actionDetailEtablissement.do?noFinessEt={}"),
    ("siren", "SIREN", "https://annuaire-entreprises.data.gouv.fr/entreprise/{}"),
    ("isni", "ISNI", "https://isni.org/isni/{}"),
    ("fundref", "Crossref Funder", "https://doi.org/10.13039/{}"),
    ("grid", "GRID", None),
)


def _follow(index: GraphIndex, node: str, forward: bool) -> list[str]:
    found: list[str] = []
    frontier = [node]
    while frontier:
        current = frontier.pop()
        others = (
            index.iris(current, SUCCEEDED) if forward else [s for s, p in index.into.get(current, []) if p == SUCCEEDED]
        )
        for other in others:
            if other != node and other not in found:
                found.append(other)
                frontier.append(other)
    return found


def predecessors(index: GraphIndex, node: str) -> list[str]:
    """Return every entity ``node`` comes from (renamed or merged into it), transitively."""
    return _follow(index, node, forward=False)


def successors(index: GraphIndex, node: str) -> list[str]:
    """Return every entity ``node`` became, transitively."""
    return _follow(index, node, forward=True)


def succession_event(index: GraphIndex, before: str, after: str) -> str | None:
    """Return the event (renaming, merger) whose predecessor is ``before`` and successor ``after``, if stated."""
    for fact, predicate in index.into.get(before, []):
        if predicate == str(HG.predecessor) and after in index.iris(fact, HG.successor):
            return fact
    return None


def _succession(ctx: Context, node: str, others: list[str], forward: bool) -> str:
    items = []
    for other in others:
        first, second = (node, other) if forward else (other, node)
        event = succession_event(ctx.index, first, second)
        when = ""
        if event:
            kind = next((t for t in ctx.index.types(event) if t.startswith(str(HG))), "")
            date = ctx.index.value(event, DCTERMS.date)
            when = f" ({bdi(ctx.plain(kind))}{', ' + bdi(date) if date else ''}) {ctx.cite(event)}"
        items.append(f"<li>{ctx.name(other)}{when}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _identifiers(ctx: Context, node: str) -> str:
    links = []
    for prop, label, pattern in IDENTIFIERS:
        for value in ctx.index.objects(node, HG[prop]):
            shown = f"{label} {bdi(str(value))}"
            if pattern:
                address = text_for_html(pattern.format(str(value)))
                shown = f'<a href="{address}" rel="noopener noreferrer">{shown}&nbsp;↗</a>'
            links.append(shown)
    for site in ctx.index.objects(node, SDO.url):
        if str(site).startswith(("https://", "http://")):
            links.append(
                f'<a href="{text_for_html(str(site))}" rel="noopener noreferrer">{text("website", ctx.lang)}'
                f" {bdi(str(site))}&nbsp;↗</a>"
            )
    return " · ".join(links)


def _row(label: str, value: str) -> str:
    return f"<tr><th scope='row'>{label}</th><td>{value}</td></tr>" if value else ""


def header(ctx: Context, node: str) -> str:
    """Return the header of ``node``'s profile: its title and a table of names, kind, regions, identifiers."""
    index, lang = ctx.index, ctx.lang
    labels = [lab for lab in index.objects(node, RDFS.label) if isinstance(lab, Lit)]
    title = ctx.plain(node)
    by_text: dict[str, list[str]] = {}
    for lab in sorted(labels, key=lambda lab: lab.lang != lang):
        by_text.setdefault(str(lab), []).append(lab.lang or "?")
    names = " / ".join(f'{bdi(name)} <span class="lang">({", ".join(tags)})</span>' for name, tags in by_text.items())
    alternatives = sorted({str(a) for a in index.objects(node, SKOS.altLabel)} - {str(lab) for lab in labels})
    before, after = predecessors(index, node), successors(index, node)
    former = sorted({ctx.plain(p) for p in before})
    kinds = ", ".join(bdi(ctx.plain(t)) for t in index.types(node))
    regions = ", ".join(bdi(ctx.plain(r)) for r in sorted(index.iris(node, HG.region), key=ctx.plain))
    places = ", ".join(bdi(ctx.plain(p)) for p in index.iris(node, HG.location))
    note = index.objects(node, HG.note)
    rows = "".join(
        (
            _row(text("names", lang), names),
            _row(text("alt_names", lang), ", ".join(bdi(a) for a in alternatives)),
            _row(text("former_names", lang), ", ".join(bdi(f) for f in former)),
            _row(text("kind", lang), kinds),
            _row(text("regions", lang), regions),
            _row(text("location", lang), places),
            _row(text("identifiers", lang), _identifiers(ctx, node)),
            _row(text("predecessors", lang), _succession(ctx, node, before, False) if before else ""),
            _row(text("successors", lang), _succession(ctx, node, after, True) if after else ""),
            _row(text("sources", lang), "; ".join(ctx.citation(s) for s in ctx.sources_of(node))),
            _row(text("note", lang), f'<span lang="en">{bdi(str(note[0]))}</span>' if note else ""),
        )
    )
    warning = ""
    if index.value(node, HG.reviewStatus) == HG.Unreviewed:
        where = ", ".join(bdi(v) for v in (index.value(node, HG.reviewFile), index.value(node, HG.extractionRule)) if v)
        warning = f'<p class="warning">{text("unreviewed_entity", lang, where=where)}</p>'
    return f'<header class="profile"><h1>{bdi(title)}</h1>{warning}<table class="facts">{rows}</table></header>'
