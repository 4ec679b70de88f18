"""Regions named inside an actor's name ("Région Île-de-France", "Medicen Paris Region"), as mentions of their own.

The longest-match search keeps the actor's whole name; the region it contains is a fact the name states, so it
is added as a second, overlapping mention (origin ``inner``) that the region patterns can read.
"""

from __future__ import annotations

from healthgraph.sources.articles.linking import Mention, NameIndex, find_mentions

__all__ = ["inner_regions"]


def inner_regions(text: str, index: NameIndex, mentions: list[Mention]) -> list[Mention]:
    """Return the regions the graph knows written inside the names of the actors of ``mentions``."""
    found: list[Mention] = []
    seen: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.target is None or m.category != "entity" or m.is_person or len(m.surface.split()) < 2:
            continue
        skip = len(m.surface.split()[0])  # the name's first word: its head ("Région …", "Conseil …")
        if m.surface not in seen:
            seen[m.surface] = [n for n in find_mentions(m.surface[skip:], index) if n.category == "region"]
        for inner in seen[m.surface]:
            if inner.target is not None:
                start = m.start + skip + inner.start
                found.append(Mention(start, start + inner.end - inner.start, inner.surface, inner.target, "inner", 0.8))
    return found
