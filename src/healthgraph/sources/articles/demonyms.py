"""Places stated by an adjective or a noun of inhabitants: "entreprises franciliennes", "le tiers-lieu lillois".

French writes a region or a city as its adjective as often as by its name. Each adjective (all genders and numbers)
gives the place it names, as a region code or a place name; the region patterns read these as mentions.
"""

from __future__ import annotations

import re

from healthgraph.sources.articles.linking import Mention, NameIndex

__all__ = ["DEMONYMS", "demonym_mentions"]

# Stem of the adjective (masculine singular) → the name of the place the graph knows.
DEMONYMS: dict[str, str] = {
    "francilien": "Île-de-France", "breton": "Bretagne", "normand": "Normandie", "occitan": "Occitanie",
    "alsacien": "Alsace", "corse": "Corse", "ligérien": "Pays de la Loire", "lillois": "Lille", "lyonnais": "Lyon",
    "marseillais": "Marseille", "toulousain": "Toulouse", "nantais": "Nantes", "bordelais": "Bordeaux",
    "strasbourgeois": "Strasbourg", "montpelliérain": "Montpellier", "grenoblois": "Grenoble", "niçois": "Nice",
    "rennais": "Rennes", "dijonnais": "Dijon", "parisien": "Paris", "bâlois": "Bâle", "limougeaud": "Limoges",
}  # fmt: skip
_ENDINGS = r"(?:e|s|es|ne|nes)?"
_DEMONYM = re.compile(
    r"(?<![\w-])(?P<stem>" + "|".join(sorted(DEMONYMS, key=len, reverse=True)) + rf"){_ENDINGS}(?![\w-])",
    re.IGNORECASE,
)


def demonym_mentions(text: str, index: NameIndex, known: list[Mention]) -> list[Mention]:
    """Return the place adjectives of ``text`` as mentions of the region or place they name (a new place if unknown)."""
    found: list[Mention] = []
    for match in _DEMONYM.finditer(text):
        if any(m.start <= match.start() and match.end() <= m.end for m in known):
            continue
        name = DEMONYMS[match.group("stem").lower()]
        targets = [t for t in index.lookup(name) if t.category in ("region", "place")]
        target = targets[0] if targets else None
        found.append(Mention(match.start(), match.end(), name, target, "demonym", 0.7, "place"))
    return found
