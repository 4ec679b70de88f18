"""Gaps: what the graph does not know about an entity, said plainly.

The measures stated for other entities of its kind that it has no figure of, the measures whose latest figure
is older than three years, its undated figures, and the facts about it that rest on a single source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from healthgraph.views.i18n import text
from healthgraph.views.profiles.chart import Figure, figures
from healthgraph.views.profiles.index import HG, GraphIndex
from healthgraph.views.profiles.markup import Context, bdi
from healthgraph.views.profiles.story import amount_text, statement

__all__ = ["KIND_ORDER", "Gaps", "find_gaps", "gaps_html", "main_kind"]

# the kind an entity is compared with its peers by: the first of its classes in this order
KIND_ORDER = tuple(
    str(HG[name])
    for name in (
        "Pole",
        "PoleNetwork",
        "Biocluster",
        "TiersLieu",
        "Hospital",
        "University",
        "ResearchOrganisation",
        "Funder",
        "PublicAgency",
        "LocalAuthority",
        "FundingProgramme",
        "Programme",
        "Project",
        "WorkingGroup",
        "Label",
        "Network",
        "LargeCompany",
        "SME",
        "Startup",
        "Company",
        "Person",
        "Association",
        "Organisation",
    )
)
STALE_YEARS = 3
MAX_LISTED = 60  # single-source facts listed; the count says how many there are


@dataclass
class Gaps:
    """What is not known about one entity."""

    missing: list[str] = field(default_factory=list)  # measure IRIs
    stale: list[tuple[str, str]] = field(default_factory=list)  # (measure IRI, latest date)
    undated: list[Figure] = field(default_factory=list)
    single: list[str] = field(default_factory=list)  # facts with one source
    total: int = 0  # facts about it

    def empty(self) -> bool:
        """Return whether every check passed."""
        return not (self.missing or self.stale or self.undated or self.single)


def main_kind(index: GraphIndex, node: str) -> str:
    """Return the class ``node`` is compared with its peers by (its most specific known class)."""
    types = index.types(node)
    return next((k for k in KIND_ORDER if k in types), types[0] if types else "")


def _peer_measures(ctx: Context, node: str) -> set[str]:
    index = ctx.index
    kind = main_kind(index, node)
    found: set[str] = set()
    for fact, predicate in index.into.get(str(HG.Observation), []):
        if predicate != "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            continue
        subjects = index.iris(fact, HG.subject)
        if subjects and subjects[0] != node and main_kind(index, subjects[0]) == kind:
            found.add(index.value(fact, HG.measure))
    return found


def _last_day(date: str) -> dt.date:
    parts = [int(p) for p in date.split("-")[:3]]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(*parts)


def find_gaps(ctx: Context, node: str, today: dt.date | None = None) -> Gaps:
    """Return what is not known about ``node`` as of ``today`` (the current date by default)."""
    today = today or dt.date.today()
    limit = today.replace(year=today.year - STALE_YEARS)
    own = figures(ctx, node)
    gaps = Gaps(undated=[f for f in own if not f.date])
    measures = {f.measure for f in own}
    gaps.missing = sorted(_peer_measures(ctx, node) - measures, key=ctx.plain)
    for measure in sorted(measures, key=ctx.plain):
        dated = [f.date for f in own if f.measure == measure and f.date]
        if dated and _last_day(max(dated)) < limit:
            gaps.stale.append((measure, max(dated)))
    facts = ctx.index.facts_naming(node)
    gaps.total = len(facts)
    gaps.single = [f for f in facts if len(ctx.sources_of(f)) == 1]
    return gaps


def _fact_line(ctx: Context, fact: str) -> str:
    said = statement(ctx, fact)
    if said is not None:
        return said.html
    measure = ctx.index.value(fact, HG.measure)
    return f"{bdi(ctx.plain(measure))}: {amount_text(ctx, fact, 'value')}" if measure else bdi(ctx.plain(fact))


def gaps_html(ctx: Context, gaps: Gaps) -> str:
    """Return the "Not known" section's list."""
    lang = ctx.lang
    if gaps.empty():
        return f"<p>{text('gap_nothing', lang)}</p>"
    items = []
    if gaps.missing:
        names = ", ".join(bdi(ctx.plain(m)) for m in gaps.missing)
        items.append(f"<li>{text('gap_missing', lang)} ({text('gap_missing_note', lang)}): {names}</li>")
    if gaps.stale:
        stale = ", ".join(f"{bdi(ctx.plain(m))} ({text('gap_latest', lang, date=bdi(d))})" for m, d in gaps.stale)
        items.append(f"<li>{text('gap_stale', lang)}: {stale}</li>")
    if gaps.undated:
        undated = ", ".join(f"{bdi(ctx.plain(f.measure))} ({amount_text(ctx, f.fact, 'value')})" for f in gaps.undated)
        items.append(f"<li>{text('gap_undated', lang)}: {undated}</li>")
    if gaps.single:
        count = text("gap_single_count", lang, count=str(len(gaps.single)), total=str(gaps.total))
        listed = "".join(f"<li>{_fact_line(ctx, f)} {ctx.cite(f)}</li>" for f in gaps.single[:MAX_LISTED])
        if len(gaps.single) > MAX_LISTED:
            listed += f"<li>{text('and_more', lang, count=str(len(gaps.single) - MAX_LISTED))}</li>"
        items.append(
            f"<li><details><summary>{text('gap_single', lang)}: {count}</summary><ul>{listed}</ul></details></li>"
        )
    return f'<ul class="gaps">{"".join(items)}</ul>'
