"""Actors without a name, described by a category noun and a place adjective ("le biocluster lyonnais").

Such an actor is a proposed new entity named by its description (``anaphora`` points later generic mentions of
the same noun, "ce biocluster", at it).
"""

from __future__ import annotations

import re

from healthgraph.sources.articles.linking import CUE_KINDS, Mention

__all__ = ["noun_kind", "unnamed_mentions"]

_NOUNS = r"pôle de compétitivité|pôle|biocluster|cluster|tiers[- ]lieu|consortium|réseau|campus|incubateur|hub"
# Place adjectives: lyonnais, francilienne, nantaise, lillois, toulousain, marseillaise, bordelaise, strasbourgeois…
_PLACE_ADJECTIVE = r"[a-zéèêëàâîïôûç-]{3,}(?:ais|aise|ois|oise|ien|ienne|ain|aine)"
_UNNAMED = re.compile(
    rf"\b(?:le|la|du|au|un|une|ce|cette|the|a|futur|future|nouveau|nouvel|nouvelle)\s+(?P<noun>{_NOUNS})"
    rf"\s+(?P<adjective>{_PLACE_ADJECTIVE})\b",
    re.IGNORECASE,
)
# "un biocluster dédié à…": an actor introduced by what it is for, without a name.
_INTRODUCED = re.compile(
    rf"\b(?:un|une|a|an)\s+(?P<noun>{_NOUNS})(?=\s+(?:(?:qui sera |qui est )?(?:dédiée?|consacrée?|spécialisée?"
    r"|centrée?|tournée?)|dedicated|devoted|focused)\b)",
    re.IGNORECASE,
)
_NOT_PLACES = {"certain", "certaine", "prochain", "prochaine", "humain", "humaine", "quotidien", "quotidienne",
               "ancien", "ancienne", "mondain", "soudain", "lointain", "lointaine"}  # fmt: skip


def noun_kind(noun: str) -> str:
    """Return the entity kind a category noun suggests ("tiers lieu" → tiers-lieu)."""
    noun = noun.lower()
    return CUE_KINDS.get(noun) or CUE_KINDS.get(noun.replace(" ", "-"), "organisation")


def unnamed_mentions(text: str, known: list[Mention]) -> list[Mention]:
    """Return "le biocluster lyonnais"-like descriptions no other mention covers, as proposed entities.

    The surface is the noun and its adjective (without the article); the kind is the noun's.
    """
    found: list[Mention] = []
    matches = [*_UNNAMED.finditer(text), *_INTRODUCED.finditer(text)]
    for match in sorted(matches, key=lambda m: m.start()):
        adjective = match.groupdict().get("adjective") or ""
        if adjective.lower() in _NOT_PLACES:
            continue
        start, end = match.start("noun"), match.end("adjective" if adjective else "noun")
        if any(m.start < end and start < m.end for m in known):
            continue
        found.append(Mention(start, end, text[start:end], None, "described", 0.7, noun_kind(match.group("noun"))))
    return found
