"""Projects: the projects an entity takes part in (the ANR France 2030 / PIA import).

Each with its role, the amount allocated, the programme and the other partners.
"""

from __future__ import annotations

from healthgraph.views.i18n import text
from healthgraph.views.profiles.index import DCTERMS, HG
from healthgraph.views.profiles.markup import Context, bdi
from healthgraph.views.profiles.story import amount_text

__all__ = ["MAX_PARTNERS", "MAX_PROJECTS", "project_facts", "projects_html"]

MAX_PARTNERS = 12
MAX_PROJECTS = 80


def project_facts(ctx: Context, node: str) -> list[tuple[str, str]]:
    """Return ``(involvement, project)`` for every project ``node`` is an agent of, by project label."""
    index = ctx.index
    found = []
    for fact, predicate in index.into.get(node, []):
        if predicate != str(HG.agent):
            continue
        for target in index.iris(fact, HG.target):
            if str(HG.Project) in index.types(target):
                found.append((fact, target))
    return sorted(found, key=lambda pair: (ctx.plain(pair[1]), pair[0]))


def _funding(ctx: Context, project: str) -> str:
    index = ctx.index
    for fact, predicate in index.into.get(project, []):
        if predicate == str(HG.beneficiary) and str(HG.Funding) in index.types(fact):
            parts = [amount_text(ctx, fact)]
            programme = index.iris(fact, HG.programme)
            if programme:
                parts.append(text("through", ctx.lang, programme=ctx.name(programme[0])))
            date = index.value(fact, DCTERMS.date)
            if date:
                parts.append(text("on_date", ctx.lang, date=bdi(date)))
            return ", ".join(p for p in parts if p) + " " + ctx.cite(fact)
    return ""


def _partners(ctx: Context, project: str, node: str) -> str:
    index = ctx.index
    others = sorted(
        {
            agent
            for fact, predicate in index.into.get(project, [])
            if predicate == str(HG.target)
            for agent in index.iris(fact, HG.agent)
            if agent != node
        },
        key=ctx.plain,
    )
    shown = ctx.names(others[:MAX_PARTNERS])
    if len(others) > MAX_PARTNERS:
        shown += " " + text("and_more", ctx.lang, count=str(len(others) - MAX_PARTNERS))
    return f"{text('partners', ctx.lang)}: {shown}" if others else ""


def projects_html(ctx: Context, node: str) -> str:
    """Return the list of ``node``'s projects (empty text when it has none)."""
    items = []
    found = project_facts(ctx, node)
    for fact, project in found[:MAX_PROJECTS]:
        role = ctx.index.iris(fact, HG.role)
        role_text = text("as_role", ctx.lang, role=bdi(ctx.plain(role[0]))) if role else ""
        details = "; ".join(p for p in (role_text, _funding(ctx, project), _partners(ctx, project, node)) if p)
        items.append(f"<li>{ctx.name(project)}: {details} {ctx.cite(fact)}</li>")
    more = len(found) - MAX_PROJECTS
    tail = f'<p class="legend">{text("left_out", ctx.lang, count=str(more))}</p>' if more > 0 else ""
    return f'<ul class="projects">{"".join(items)}</ul>{tail}' if items else ""
