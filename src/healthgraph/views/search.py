"""Search: a box that finds an entity by any name, acronym or former name, accents and case folded.

Suggestions appear as you type, from an index shipped beside the pages (no server needed).

Any page can include it::

    write_search_index(graph, site)          # site/assets/search-index.js and site/assets/search.js
    html = search_box("fr", root="../")      # in a page one folder below site/

The index is a script (``window.HG_SEARCH = ...``) rather than JSON, because a page opened from the file
system may not fetch a JSON file beside it; names are folded here with :func:`healthgraph.labels.fold`, and the
box folds what is typed the same way (NFKD, marks removed, lower case, punctuation as spaces).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from healthgraph.html import json_for_html, text_for_html
from healthgraph.labels import fold
from healthgraph.namespaces import HG, RDFS, SKOS
from healthgraph.views.i18n import text

__all__ = ["INDEX_FILE", "SCRIPT_FILE", "search_box", "search_entries", "search_index_script", "write_search_index"]

INDEX_FILE = "search-index.js"
SCRIPT_FILE = "search.js"


def _index_of(graph: Any) -> Any:
    from healthgraph.views.profiles.index import GraphIndex

    return graph if isinstance(graph, GraphIndex) else GraphIndex.from_rdflib(graph)


def _former_names(index: Any, node: str) -> set[str]:
    from healthgraph.views.profiles.header import predecessors

    names: set[str] = set()
    for before in predecessors(index, node):
        names.update(str(n) for n in index.objects(before, RDFS.label) + index.objects(before, SKOS.altLabel))
    return names


def search_entries(graph: Any) -> list[dict[str, Any]]:
    """Return one entry per entity: id, file stem, labels and kind in English and French, and its names.

    ``n``: the names folded, as matched; ``d``: as shown; ``f``: the position from which they are former names.
    """
    from healthgraph.views.profiles.gaps import main_kind
    from healthgraph.views.profiles.markup import slug

    index = _index_of(graph)
    entries = []
    for node in index.entities():
        own = {str(n) for n in index.objects(node, RDFS.label) + index.objects(node, SKOS.altLabel)}
        former = _former_names(index, node) - own
        names = sorted(own) + sorted(former)
        kind = main_kind(index, node)
        entries.append(
            {
                "i": node.removeprefix(str(HG) + "id/"),
                "s": slug(node),
                "l": [index.label(node, "en"), index.label(node, "fr")],
                "k": [index.label(kind, "en"), index.label(kind, "fr")] if kind else ["", ""],
                "n": [fold(n) for n in names],
                "d": names,
                "f": len(own),  # names from this position on are former names
            }
        )
    return entries


def search_index_script(graph: Any) -> str:
    """Return the search index as a script that sets ``window.HG_SEARCH``."""
    return f"window.HG_SEARCH = {json_for_html(search_entries(graph))};\n"


def search_script() -> str:
    """Return the box's script (suggestions, keyboard navigation)."""
    return resources.files("healthgraph.views").joinpath(f"assets/{SCRIPT_FILE}").read_text(encoding="utf-8")


def write_search_index(graph: Any, folder: Path) -> Path:
    """Write ``folder/assets/search-index.js`` and ``folder/assets/search.js``; return the index's path.

    ``graph`` is an rdflib graph or dataset (or an already built profile index).
    """
    assets = folder / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / SCRIPT_FILE).write_text(search_script(), encoding="utf-8")
    target = assets / INDEX_FILE
    target.write_text(search_index_script(graph), encoding="utf-8")
    return target


def search_box(lang: str, root: str = "", served: bool = False) -> str:
    """Return the search box for a page in ``lang``.

    ``root`` leads from the page to the site's top folder (``""``, ``"../"``); ``served`` makes the suggestions
    link to the server's ``/entity/ID`` pages.
    """
    assets = "/assets/" if served else f"{root}assets/"
    return (
        f'<form class="search" role="search" data-root="{text_for_html(root)}" data-served="{int(served)}" '
        f'data-lang="{lang}" data-none="{text_for_html(text("search_none", lang))}" '
        f'data-former="{text_for_html(text("formerly", lang))}">'
        f'<label for="hg-search">{text("search_label", lang)}</label> '
        f'<input id="hg-search" type="search" autocomplete="off" spellcheck="false" aria-controls="hg-suggestions" '
        f'placeholder="{text_for_html(text("search_placeholder", lang))}">'
        '<ul id="hg-suggestions" aria-live="polite" hidden></ul></form>'
        f'<script src="{assets}{INDEX_FILE}"></script><script src="{assets}{SCRIPT_FILE}"></script>'
    )
