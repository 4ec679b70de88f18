"""Story: the facts that name an entity written as sentences, grouped, each with its date and its sources.

Memberships and partnerships (roles, dates), founders, operators and other roles, posts (current and past),
fundings (funder, programme, amount, date), labellings and events on one timeline, themes. Figures go to
:mod:`healthgraph.views.profiles.chart`. A fact from the unreviewed extraction graph is marked as such.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from healthgraph.views.i18n import text
from healthgraph.views.profiles.index import DCTERMS, HG, Lit
from healthgraph.views.profiles.markup import Context, bdi, number

__all__ = ["GROUPS", "Statement", "statement", "story"]

GROUPS = (
    "group_relations",
    "group_involvement",
    "group_posts_current",
    "group_posts_past",
    "group_fundings",
    "group_timeline",
    "group_themes",
)
EVENTS = ("Creation", "Renaming", "Merger", "Launch", "Announcement", "ScopeChange")
QUALIFIED = {"About": "about", "MoreThan": "more_than", "UpTo": "up_to"}


@dataclass(frozen=True)
class Statement:
    """One fact as a sentence: its group, a sortable date, the sentence (HTML), sources and whether reviewed."""

    fact: str
    group: str
    date: str
    html: str
    sources: tuple[str, ...]
    unreviewed: bool


def _names(ctx: Context, fact: str, predicate: str) -> str:
    return ctx.names(sorted(ctx.index.iris(fact, HG[predicate]), key=ctx.plain))


def _one(ctx: Context, fact: str, predicate: str) -> str:
    found = ctx.index.iris(fact, HG[predicate])
    return ctx.name(found[0]) if found else ""


def _when(ctx: Context, fact: str) -> str:
    index, lang = ctx.index, ctx.lang
    start, end = index.value(fact, HG.startDate), index.value(fact, HG.endDate)
    date = index.value(fact, DCTERMS.date)
    if start and end:
        return text("from_to", lang, start=bdi(start), end=bdi(end))
    if start:
        return text("since", lang, start=bdi(start))
    if end:
        return text("until", lang, end=bdi(end))
    if date:
        key = "as_of" if str(HG.Post) in index.types(fact) else "on_date"
        return text(key, lang, date=bdi(date)) + (f" ({text('inferred', lang)})" if _inferred(ctx, fact) else "")
    return ""


def _inferred(ctx: Context, fact: str) -> bool:
    return ctx.index.value(fact, HG.dateInferred) == "true"


def _role(ctx: Context, fact: str) -> str:
    role = ctx.index.iris(fact, HG.role)
    return text("as_role", ctx.lang, role=bdi(ctx.plain(role[0]))) if role else ""


def amount_text(ctx: Context, fact: str, predicate: str = "amount") -> str:
    """Return a fact's amount (or value) with its qualifier and currency or unit, as the page's language writes it."""
    index = ctx.index
    value = index.value(fact, HG[predicate])
    if not value:
        return ""
    shown = number(value, ctx.lang)
    unit = index.value(fact, HG.currency) or (index.value(fact, HG.unit) if predicate == "value" else "")
    if unit and unit != "count":
        shown = f"{shown} {bdi(unit)}"
    qualifier = index.value(fact, HG.qualifier).removeprefix(str(HG))
    return text(QUALIFIED[qualifier], ctx.lang, value=shown) if qualifier in QUALIFIED else shown


def _membership(ctx: Context, fact: str) -> str:
    main = text(
        "sentence_membership",
        ctx.lang,
        member=_names(ctx, fact, "member"),
        organisation=_one(ctx, fact, "organisation"),
    )
    return _join(main, _role(ctx, fact))


def _partnership(ctx: Context, fact: str) -> str:
    partners = sorted(ctx.index.iris(fact, HG.partner), key=lambda n: (n != ctx.focus, ctx.plain(n)))
    key = "sentence_comembership" if str(HG.CoMembership) in ctx.index.types(fact) else "sentence_partnership"
    a, b = (ctx.name(partners[0]), ctx.names(partners[1:])) if partners else ("", "")
    return _join(text(key, ctx.lang, a=a, b=b), _role(ctx, fact))


def _inclusion(ctx: Context, fact: str) -> str:
    main = text("sentence_inclusion", ctx.lang, part=_names(ctx, fact, "part"), whole=_one(ctx, fact, "whole"))
    return _join(main, _role(ctx, fact))


def _involvement(ctx: Context, fact: str) -> str:
    main = text("sentence_involvement", ctx.lang, agent=_names(ctx, fact, "agent"), target=_names(ctx, fact, "target"))
    return _join(main, _role(ctx, fact))


def _post(ctx: Context, fact: str) -> str:
    main = text(
        "sentence_post", ctx.lang, holder=_one(ctx, fact, "holder"), organisation=_one(ctx, fact, "organisation")
    )
    return _join(main, _role(ctx, fact))


def _funding(ctx: Context, fact: str) -> str:
    funder, beneficiary = _names(ctx, fact, "funder"), _names(ctx, fact, "beneficiary")
    main = (
        text("sentence_funding", ctx.lang, funder=funder, beneficiary=beneficiary)
        if funder
        else text("sentence_funding_nofunder", ctx.lang, beneficiary=beneficiary)
    )
    programme = _names(ctx, fact, "programme")
    amount = amount_text(ctx, fact)
    years = ctx.index.value(fact, HG.durationYears)
    return _join(
        main,
        text("through", ctx.lang, programme=programme) if programme else "",
        text("amount", ctx.lang, amount=amount) if amount else "",
        text("for_years", ctx.lang, years=number(years, ctx.lang)) if years else "",
    )


def _labelling(ctx: Context, fact: str) -> str:
    index, lang = ctx.index, ctx.lang
    label = _names(ctx, fact, "label") or _names(ctx, fact, "programme")
    main = text("sentence_labelling", lang, subject=_names(ctx, fact, "subject"), label=label)
    programme = _names(ctx, fact, "programme") if index.iris(fact, HG.label) else ""
    status = index.iris(fact, HG.status)
    years = index.value(fact, HG.durationYears)
    agent = _names(ctx, fact, "agent")
    return _join(
        main + (f" ({programme})" if programme else ""),
        text("status", lang, status=bdi(ctx.plain(status[0]))) if status else "",
        text("for_years", lang, years=number(years, lang)) if years else "",
        text("awarded_by", lang, agent=agent) if agent else "",
    )


def _event(ctx: Context, fact: str) -> str:
    index, lang = ctx.index, ctx.lang
    kind = next((t for t in index.types(fact) if t.removeprefix(str(HG)) in EVENTS), "")
    main = text("sentence_event", lang, kind=bdi(ctx.plain(kind)), subject=_names(ctx, fact, "subject"))
    described = index.objects(fact, HG.description)
    parts = [main + (f": {bdi(str(described[0]))}" if described else "")]
    for key, predicate in (("from_names", "predecessor"), ("into_names", "successor"), ("with_agents", "agent")):
        names = _names(ctx, fact, predicate)
        parts.append(text(key, lang, names=names) if names else "")
    place = index.iris(fact, HG.location)
    parts.append(text("at_place", lang, place=bdi(ctx.plain(place[0]))) if place else "")
    return _join(*parts)


def _focus(ctx: Context, fact: str) -> str:
    return text("sentence_focus", ctx.lang, subject=_names(ctx, fact, "subject"), theme=_names(ctx, fact, "theme"))


def _join(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


WRITERS: dict[str, tuple[str, Callable[[Context, str], str]]] = {
    "Membership": ("group_relations", _membership),
    "Partnership": ("group_relations", _partnership),
    "CoMembership": ("group_relations", _partnership),
    "Inclusion": ("group_relations", _inclusion),
    "Involvement": ("group_involvement", _involvement),
    "Post": ("group_posts_current", _post),
    "Funding": ("group_fundings", _funding),
    "Labelling": ("group_timeline", _labelling),
    "ThematicFocus": ("group_themes", _focus),
    **{event: ("group_timeline", _event) for event in EVENTS},
}


def statement(ctx: Context, fact: str) -> Statement | None:
    """Write ``fact`` as a statement, or None for a figure or a fact of a kind the story does not tell."""
    index = ctx.index
    kind = next((t.removeprefix(str(HG)) for t in index.types(fact) if t.removeprefix(str(HG)) in WRITERS), None)
    if kind is None:
        return None
    group, write = WRITERS[kind]
    if kind == "Post" and index.value(fact, HG.endDate):
        group = "group_posts_past"
    sentence = _join(write(ctx, fact), _when(ctx, fact))
    note = index.one(fact, HG.note)
    if note is not None:
        lang = note.lang if isinstance(note, Lit) and note.lang else "en"
        sentence += f' <span class="note" lang="{lang}">({bdi(str(note))})</span>'
    date = index.value(fact, HG.startDate) or index.value(fact, DCTERMS.date) or index.value(fact, HG.endDate)
    unreviewed = fact in index.extracted or index.value(fact, HG.reviewStatus) == str(HG.Unreviewed)
    return Statement(fact, group, date, sentence, tuple(ctx.sources_of(fact)), unreviewed)


def story(ctx: Context, node: str) -> list[Statement]:
    """Return the statements of every fact naming ``node``: timeline by date, other groups by date then sentence."""
    found = [s for s in (statement(ctx, f) for f in ctx.index.facts_naming(node)) if s is not None]
    return sorted(found, key=lambda s: (GROUPS.index(s.group), s.date or "9999", s.html))
