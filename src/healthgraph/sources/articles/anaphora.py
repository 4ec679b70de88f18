"""Generic mentions ("le pôle", "the cluster", "cette association") resolved to the actor they stand for.

A generic mention stands for the nearest actor named before it whose kind fits the noun (a pôle for "le pôle"),
else for an unnamed actor described with the same noun ("un biocluster dédié à…"), else for the document's main
actor (as ``linking.generic_mentions`` proposed). A possessive of the first person ("notre réseau", "our cluster")
is the speaker's organisation: the main actor.
"""

from __future__ import annotations

import re

from healthgraph.sources.articles.linking import Mention
from healthgraph.sources.articles.unnamed import noun_kind

__all__ = ["FITTING_KINDS", "resolve_generic"]

# Noun of a generic mention → the entity kinds it may stand for (records' kinds).
FITTING_KINDS: dict[str, tuple[str, ...]] = {
    "pôle de compétitivité": ("pole",),
    "pôle": ("pole",),
    "competitiveness cluster": ("pole",),
    "cluster": ("pole", "network", "biocluster"),
    "biocluster": ("biocluster",),
    "réseau": ("network", "pole-network"),
    "association": ("association", "pole-network"),
    "agence": ("agency",),
    "programme": ("programme", "funding-programme"),
    "program": ("programme", "funding-programme"),
}
_FIRST_PERSON = re.compile(r"\b(?:notre|nos|our)\s*$", re.IGNORECASE)
_REACH = 1500  # characters: a generic noun further from the last fitting name is about the main actor


def _fits(mention: Mention, noun: str) -> bool:
    kinds = FITTING_KINDS.get(noun)
    if mention.target is None or mention.is_person or mention.category != "entity" or kinds is None:
        return False
    return any(kind in mention.target.kinds for kind in kinds)


def _stand_for(generic: Mention, actor: Mention) -> Mention:
    return Mention(generic.start, generic.end, actor.surface, actor.target, "anaphora", 0.8, generic.kind)


def resolve_generic(text: str, mentions: list[Mention]) -> list[Mention]:
    """Return ``mentions`` (sorted) with each generic mention of ``text`` pointed at the actor it stands for."""
    named: list[Mention] = []
    described: dict[str, Mention] = {}
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if m.origin == "described":
            described.setdefault(m.kind, m)
        elif m.origin == "anaphora" and not _FIRST_PERSON.search(text[max(0, m.start - 8) : m.start]):
            fitting = [n for n in named if _fits(n, m.kind) and m.start - n.end <= _REACH]
            earlier = described.get(noun_kind(m.kind))
            if fitting:
                m = _stand_for(m, fitting[-1])
            elif earlier is not None:
                m = Mention(m.start, m.end, earlier.surface, None, "anaphora", 0.8, m.kind)
        elif m.origin != "anaphora":
            named.append(m)
        out.append(m)
    return out
