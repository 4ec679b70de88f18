"""Regions and organisations named inside an actor's name, as mentions of their own (origin ``inner``).

The longest-match search keeps the actor's whole name ("Région Île-de-France", "Commission Compétences de Medicen",
"Plan Innovation Santé France 2030"); the region or the larger organisation it contains is a fact the name states,
so it is added as a second, overlapping mention that the region and part-of patterns read. Inner mentions are not
actors of their sentence (``Sentence.actors`` leaves them out).
"""

from __future__ import annotations

from healthgraph.sources.articles.linking import Mention, NameIndex, find_mentions

__all__ = ["inner_regions"]


def _inner(inner: Mention, outer: Mention) -> bool:
    """Say whether a name found inside another is a region or another organisation ("… de Medicen")."""
    if inner.category == "region":
        return True
    return inner.category == "entity" and not inner.is_person and inner.ref != outer.ref


def inner_regions(text: str, index: NameIndex, mentions: list[Mention]) -> list[Mention]:
    """Return the regions the graph knows written inside the names of the actors of ``mentions``."""
    found: list[Mention] = []
    seen: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.target is None or m.category != "entity" or m.is_person or len(m.surface.split()) < 2:
            continue
        skip = len(m.surface.split()[0])  # the name's first word: its head ("Région …", "Conseil …")
        if m.surface not in seen:
            seen[m.surface] = [n for n in find_mentions(m.surface[skip:], index) if _inner(n, m)]
        for inner in seen[m.surface]:
            if inner.target is not None:
                start = m.start + skip + inner.start
                found.append(Mention(start, start + inner.end - inner.start, inner.surface, inner.target, "inner", 0.8))
    return found
