"""Chart: an entity's figures over time as inline SVG drawn here (no plotting library, nothing fetched).

One small chart per measure (a series), one point per dated figure linking to its source, a hollow point for a
qualified value (about, more than, up to), and a ≠ mark where sources give different values for the same year.
Undated figures cannot be placed on a time axis: they are listed in the table and under "Not known".
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from healthgraph.html import text_for_html
from healthgraph.views.i18n import text
from healthgraph.views.profiles.index import DCTERMS, HG
from healthgraph.views.profiles.markup import Context, bdi
from healthgraph.views.profiles.story import amount_text

__all__ = ["Figure", "chart", "figure_table", "figures"]

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 420, 170, 62, 14, 18, 28


@dataclass(frozen=True)
class Figure:
    """A dated (or undated) figure of one measure, with its sources."""

    fact: str
    measure: str
    value: float
    date: str
    exact: bool
    sources: tuple[str, ...]

    @property
    def year(self) -> str:
        """Return the year of the figure, or ""."""
        return self.date[:4]

    def position(self) -> float:
        """Return the date as a fractional year (a year alone sits in its middle)."""
        parts = [int(p) for p in self.date.split("-")[:3] if p.isdigit()]
        if len(parts) == 1:
            return parts[0] + 0.5
        month = parts[1] if len(parts) > 1 else 1
        day = parts[2] if len(parts) > 2 else 15
        return parts[0] + (month - 1) / 12 + (day - 1) / 365


def figures(ctx: Context, node: str) -> list[Figure]:
    """Return the figures whose subject is ``node``, sorted by measure and date."""
    index = ctx.index
    found = []
    for fact, predicate in index.into.get(node, []):
        if predicate != str(HG.subject) or str(HG.Observation) not in index.types(fact):
            continue
        try:
            value = float(Decimal(index.value(fact, HG.value)))
        except InvalidOperation:
            continue
        qualifier = index.value(fact, HG.qualifier)
        found.append(
            Figure(
                fact,
                index.value(fact, HG.measure),
                value,
                index.value(fact, DCTERMS.date),
                qualifier in ("", str(HG.Exact)),
                tuple(ctx.sources_of(fact)),
            )
        )
    return sorted(found, key=lambda f: (f.measure, f.date, f.value, f.fact))


def disputed(series: list[Figure]) -> set[str]:
    """Return the years at which the figures of one measure give different values."""
    values: dict[str, set[float]] = defaultdict(set)
    for figure in series:
        if figure.year:
            values[figure.year].add(figure.value)
    return {year for year, found in values.items() if len(found) > 1}


def _scale(series: list[Figure]) -> tuple[float, float, float]:
    xs = [f.position() for f in series]
    low, high = min(xs) - 0.5, max(xs) + 0.5
    if high - low < 4:  # a single year still gets an axis a few years wide
        middle = (low + high) / 2
        low, high = middle - 2, middle + 2
    top = max(f.value for f in series) * 1.12 or 1.0
    return low, high, top


def _point(ctx: Context, figure: Figure, x: float, y: float, mark: bool) -> str:
    tip = f"{ctx.plain(figure.measure)}: {figure.value:g} ({figure.date or text('undated', ctx.lang)})"
    cited = "; ".join(ctx.index.value(s, DCTERMS.title) or ctx.plain(s) for s in figure.sources)
    classes = "point" + ("" if figure.exact else " qualified") + (" disputed" if mark else "")
    link = ctx.links.source(figure.sources[0], ctx.lang) if figure.sources else "#"
    return (
        f'<a href="{text_for_html(link)}"><circle class="{classes}" cx="{x:.1f}" cy="{y:.1f}" r="5" '
        f'data-fact="{text_for_html(figure.fact)}"><title>{text_for_html(tip + " — " + cited)}</title>'
        "</circle></a>"
    )


def compact(value: float, lang: str) -> str:
    """Write an axis value in a few characters (thousands, millions, billions).

    >>> compact(2_500_000_000, "en"), compact(1500, "fr"), compact(62, "en")
    ('2.5 bn', '1,5 k', '62')
    """
    for size, english, french in ((1e9, "bn", "Md"), (1e6, "M", "M"), (1e3, "k", "k")):
        if abs(value) >= size:
            shown = f"{value / size:.1f}".removesuffix(".0")
            return f"{shown.replace('.', ',') if lang == 'fr' else shown} {french if lang == 'fr' else english}"
    return f"{value:g}"


def _axes(low: float, high: float, top: float, lang: str) -> str:
    inner_w, base = WIDTH - LEFT - RIGHT, HEIGHT - BOTTOM
    parts = [f'<line class="axis" x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}"/>']
    first, last = math.floor(low), math.ceil(high)
    step = max(1, math.ceil((last - first) / 8))
    for year in range(first, last, step):
        if low <= year + 0.5 <= high:  # a year's label sits in the middle of its span
            x = LEFT + (year + 0.5 - low) / (high - low) * inner_w
            parts.append(f'<text class="tick" x="{x:.1f}" y="{base + 16}" text-anchor="middle">{year}</text>')
    parts.append(
        f'<text class="tick" x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{compact(top / 1.12, lang)}</text>'
    )
    parts.append(f'<text class="tick" x="{LEFT - 6}" y="{base}" text-anchor="end">0</text>')
    return "".join(parts)


def _series_svg(ctx: Context, measure: str, series: list[Figure]) -> str:
    low, high, top = _scale(series)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    years = disputed(series)
    placed = [
        (f, LEFT + (f.position() - low) / (high - low) * inner_w, TOP + inner_h * (1 - f.value / top)) for f in series
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for _, x, y in placed)
    points = "".join(_point(ctx, f, x, y, f.year in years) for f, x, y in placed)
    marks = "".join(
        f'<text class="mark" x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle">≠</text>'
        for f, x, y in placed
        if f.year in years
    )
    title = text_for_html(ctx.plain(measure))
    return (
        f'<figure class="series"><figcaption>{bdi(ctx.plain(measure))}</figcaption>'
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="group" '
        f'aria-label="{title}">{_axes(low, high, top, ctx.lang)}'
        f'<polyline class="trend" points="{line}"/>{points}{marks}</svg></figure>'
    )


def chart(ctx: Context, found: list[Figure]) -> str:
    """Return one SVG chart per measure of the dated figures in ``found`` (empty text when none is dated)."""
    by_measure: dict[str, list[Figure]] = defaultdict(list)
    for figure in found:
        if figure.date:
            by_measure[figure.measure].append(figure)
    if not by_measure:
        return ""
    ordered = sorted(by_measure.items(), key=lambda pair: ctx.plain(pair[0]))
    charts = "".join(_series_svg(ctx, measure, series) for measure, series in ordered)
    any_disputed = any(disputed(series) for series in by_measure.values())
    legend = f'<p class="legend">{text("disagree_mark", ctx.lang)}</p>' if any_disputed else ""
    return f'<div class="charts">{charts}</div>{legend}'


def figure_table(ctx: Context, found: list[Figure]) -> str:
    """Return every figure as a table row: measure, value (qualified, with unit), date, sources."""
    rows = []
    for figure in found:
        years = disputed([f for f in found if f.measure == figure.measure])
        mark = f' <span class="mark" title="{text("disagree", ctx.lang)}">≠</span>' if figure.year in years else ""
        date = bdi(figure.date) if figure.date else f"<em>{text('undated', ctx.lang)}</em>"
        if figure.date and ctx.index.value(figure.fact, HG.dateInferred) == "true":
            date += f" ({text('inferred', ctx.lang)})"  # estimated from the text, not stated
        rows.append(
            f"<tr><td>{bdi(ctx.plain(figure.measure))}</td><td>{amount_text(ctx, figure.fact, 'value')}{mark}</td>"
            f"<td>{date}</td><td>{ctx.cite(figure.fact)}</td></tr>"
        )
    head = (
        f"<tr><th>{text('measure', ctx.lang)}</th><th>{text('value', ctx.lang)}</th>"
        f"<th>{text('date', ctx.lang)}</th><th>{text('source_label', ctx.lang)}</th></tr>"
    )
    return f'<table class="figures">{head}{"".join(rows)}</table>'
