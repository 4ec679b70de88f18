"""Ego: the entities named with one entity in a fact, as a small SVG network.

Zoom, pan and highlight are in ``assets/profile.js``; each neighbour links to its profile and tells, on hover,
the kinds of facts that link them.

Drawn here rather than with the vis-network page of :mod:`healthgraph.views.pages`: that page inlines 0.8 MB of
library in every file, and a profile must stay small and work inline in a notebook.
"""

from __future__ import annotations

import math
from collections import defaultdict

from healthgraph.html import text_for_html
from healthgraph.views.i18n import text
from healthgraph.views.profiles.gaps import main_kind
from healthgraph.views.profiles.markup import Context

__all__ = ["MAX_NEIGHBOURS", "ego_svg", "neighbours"]

MAX_NEIGHBOURS = 40
WIDTH, HEIGHT = 640, 420


def neighbours(ctx: Context, node: str) -> dict[str, list[str]]:
    """Return every entity named with ``node`` in a fact, with the kinds of the facts that link them."""
    index = ctx.index
    found: dict[str, list[str]] = defaultdict(list)
    for fact in index.facts_naming(node):
        kind = next((t for t in index.types(fact) if t in index.fact_classes), "")
        for _, objects in index.out.get(fact, {}).items():
            for other in objects:
                if isinstance(other, str) and other != node and index.is_entity(other):
                    found[other].append(kind)
    return dict(found)


def _short(label: str) -> str:
    return label if len(label) <= 26 else label[:25] + "…"


def _kind_class(ctx: Context, node: str) -> str:
    kind = main_kind(ctx.index, node).rsplit("/", 1)[-1]
    return "".join(c for c in kind if c.isalnum())


def _node(ctx: Context, other: str, x: float, y: float, kinds: list[str]) -> str:
    label = ctx.plain(other)
    why = ", ".join(sorted({ctx.plain(k) for k in kinds if k}))
    href = text_for_html(ctx.links.entity(other, ctx.lang))
    anchor = "start" if x >= WIDTH / 2 else "end"
    dx = 9 if anchor == "start" else -9
    return (
        f'<a href="{href}" class="ego-node k-{_kind_class(ctx, other)}">'
        f'<line class="ego-edge" x1="{WIDTH / 2}" y1="{HEIGHT / 2}" x2="{x:.1f}" y2="{y:.1f}"/>'
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6"/>'
        f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}">{text_for_html(_short(label))}</text>'
        f"<title>{text_for_html(f'{label} ({why})')}</title></a>"
    )


def ego_svg(ctx: Context, node: str) -> str:
    """Return the ego network of ``node`` (the most connected neighbours first, at most ``MAX_NEIGHBOURS``)."""
    found = neighbours(ctx, node)
    if not found:
        return f"<p>{text('network_none', ctx.lang)}</p>"
    ranked = sorted(found, key=lambda n: (-len(found[n]), ctx.plain(n)))
    shown, left = ranked[:MAX_NEIGHBOURS], len(ranked) - MAX_NEIGHBOURS
    parts = []
    for number, other in enumerate(shown):
        angle = 2 * math.pi * (number + 0.5) / len(shown) - math.pi / 2  # half a step off: two sit left and right
        ring = 1.0 if len(shown) <= 16 or number % 2 == 0 else 0.7
        x = WIDTH / 2 + math.cos(angle) * (WIDTH / 2 - 150) * ring
        y = HEIGHT / 2 + math.sin(angle) * (HEIGHT / 2 - 30) * ring
        parts.append(_node(ctx, other, x, y, found[other]))
    centre = (
        f'<g class="ego-centre k-{_kind_class(ctx, node)}"><circle cx="{WIDTH / 2}" cy="{HEIGHT / 2}" r="10"/>'
        f'<text x="{WIDTH / 2}" y="{HEIGHT / 2 - 15}" text-anchor="middle">'
        f"{text_for_html(_short(ctx.plain(node)))}</text></g>"
    )
    more = f"<p>{text('network_more', ctx.lang, count=str(left))}</p>" if left > 0 else ""
    return (
        f'<svg class="ego" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="group" '
        f'aria-label="{text_for_html(text("network", ctx.lang))}">{"".join(parts)}{centre}</svg>'
        f'<p class="legend">{text("network_note", ctx.lang)}</p>{more}'
    )
