"""Notebook: ``profile("Medicen")`` shows an entity's profile inline in JupyterLab or VS Code (chart included)."""

from __future__ import annotations

import html
from importlib import resources
from typing import Any

from healthgraph.labels import fold
from healthgraph.views.profiles.index import RDFS, SKOS, GraphIndex
from healthgraph.views.profiles.markup import Context, Links
from healthgraph.views.profiles.page import entity_body

__all__ = ["Profile", "find_entity", "profile"]

_BUILT: dict[str, GraphIndex] = {}


def find_entity(index: GraphIndex, name: str) -> str:
    """Return the entity named ``name`` (an id, a label, an acronym or a former name; accents and case folded).

    Raise ``LookupError`` naming a few entities whose names contain it when none or several carry it.
    """
    wanted = fold(name)
    exact, partial = [], []
    for node in index.entities():
        names = {fold(str(n)) for n in index.objects(node, RDFS.label) + index.objects(node, SKOS.altLabel)}
        names.add(fold(node.rsplit("/id/", 1)[-1]))
        if wanted in names:
            exact.append(node)
        elif any(wanted in n for n in names):
            partial.append(node)
    if len(exact) == 1:
        return exact[0]
    close = ", ".join(index.label(n, "en") for n in (exact or partial)[:8])
    raise LookupError(
        f"'{name}' names {'several entities' if exact else 'no entity'}" + (f": {close}" if close else "")
    )


class Profile:
    """An entity's profile for a notebook: ``_repr_html_`` gives the page's content with its style sheet inlined."""

    def __init__(self, index: GraphIndex, node: str, lang: str = "en") -> None:
        """Keep the index, the entity and the language."""
        self.index, self.node, self.lang = index, node, lang

    @property
    def html(self) -> str:
        """Return the profile's content (header, story, chart, network, not known) as HTML."""
        ctx = Context(self.index, self.lang, Links(), self.node)
        return entity_body(ctx, self.node)

    def document(self) -> str:
        """Return a self-contained page of the profile (style sheet and script inlined)."""
        assets = resources.files("healthgraph.views").joinpath("assets")
        style = assets.joinpath("profile.css").read_text(encoding="utf-8")
        script = assets.joinpath("profile.js").read_text(encoding="utf-8")
        return (
            f'<!DOCTYPE html><html lang="{self.lang}"><head><meta charset="utf-8"><style>{style}</style></head>'
            f"<body><main>{self.html}</main><script>{script}</script></body></html>"
        )

    def _repr_html_(self) -> str:
        # an iframe keeps the page's style sheet from restyling the notebook around it
        page = html.escape(self.document(), quote=True)
        return f'<iframe srcdoc="{page}" style="width:100%;height:900px;border:1px solid #ddd"></iframe>'

    def __repr__(self) -> str:
        """Name the entity shown."""
        return f"Profile({self.index.label(self.node, self.lang)!r}, lang={self.lang!r})"


def profile(name: str, lang: str = "en", graph: Any = None) -> Profile:
    """Return the profile of the entity called ``name`` in ``lang`` ("en" or "fr"), displayed inline by Jupyter.

    ``graph`` is an rdflib graph or dataset; by default the curated graph is built once per session.
    """
    if graph is None:
        if "curated" not in _BUILT:
            from healthgraph.pipeline import build_graph

            _BUILT["curated"] = GraphIndex.from_rdflib(build_graph().dataset)
        index = _BUILT["curated"]
    else:
        index = graph if isinstance(graph, GraphIndex) else GraphIndex.from_rdflib(graph)
    return Profile(index, find_entity(index, name), lang)
