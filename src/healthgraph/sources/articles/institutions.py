"""Names the capital-letter search misses: institutions named by a lower-case noun, inner-capital names.

"conseil général de l'Essonne", "ville d'Évry", "communauté d'agglomération Évry Centre Essonne" are names even
though they start with a lower-case noun; "bioMérieux" is a name with a capital inside.
"""

from __future__ import annotations

import re

from healthgraph.sources.articles.descriptions import TYPES_PATTERN
from healthgraph.sources.articles.linking import Mention, NameIndex

__all__ = ["institution_mentions"]

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_PROPER = rf"[{_UPPER}][\w'’-]*(?:\s+[{_UPPER}0-9][\w'’-]*)*"
_INSTITUTION = re.compile(
    r"\b(?P<noun>conseil (?:régional|général|départemental)|communauté (?:d['’]agglomération|de communes|urbaine)"
    r"|ville|mairie|métropole|université|préfecture|ministère)"
    rf"\s+(?:de la |de l['’]|du |des |de |d['’])?{_PROPER}"
)
_KINDS = {"université": "university", "ministère": "agency"}
_CAMEL = re.compile(r"(?<![\w-])[a-zà-ÿ]{1,4}[A-ZÀ-Ý][\w'’-]*(?:[ -][A-ZÀ-Ý][\w'’-]*)*")


_RUN = re.compile(rf"(?<![\w'’-])[{_UPPER}][\w'’-]*(?:\s+[{_UPPER}][\w'’-]*)+")
_POINTS = {"Est", "Ouest", "Nord", "Sud"}
_OPENING = re.compile(
    rf"(?:^|(?<=[.!?]\s))(?P<name>[{_UPPER}][\w'’+&-]{{2,}})\s+(?:est|était|is|was)\s+(?:un|une|le|la|l['’]|a|an|the)\s+"
    rf"(?:premier |première |seul |seule |first |leading )?(?:{TYPES_PATTERN})",
    re.MULTILINE | re.IGNORECASE,
)


def _place_runs(text: str, known: list[Mention]) -> list[tuple[int, int, str]]:
    """Return runs of capitalised words that hold a place without being one ("FoodTech Dijon Bourgogne")."""
    places = [m for m in known if m.category in ("place", "region")]
    runs = []
    for match in _RUN.finditer(text):
        start, end = match.span()
        inside = [p for p in places if start <= p.start and p.end <= end]
        covered = sum(p.end - p.start for p in inside) + len(inside) - 1
        if inside and covered < end - start and match.group(0).split()[-1] not in _POINTS:
            runs.append((start, end, "organisation"))
    return runs


def _opening_names(text: str) -> list[tuple[int, int, str]]:
    """Return one-word names opening a sentence before "est un <category>" ("Vitagora est une association")."""
    return [(m.start("name"), m.end("name"), "organisation") for m in _OPENING.finditer(text)]


def _overlaps(start: int, end: int, known: list[Mention]) -> bool:
    return any(m.start < end and start < m.end and m.category not in ("place", "region") for m in known)


def institution_mentions(text: str, index: NameIndex, known: list[Mention]) -> list[Mention]:
    """Return the institutions named by a lower-case noun and the inner-capital names that no mention covers."""
    found: list[Mention] = []
    spans = [(m.start(), m.end(), _KINDS.get(m.group("noun"), "local-authority")) for m in _INSTITUTION.finditer(text)]
    spans += [(m.start(), m.end(), "company") for m in _CAMEL.finditer(text)]
    spans += _place_runs(text, known)
    spans += _opening_names(text)
    for start, end, kind in spans:
        if _overlaps(start, end, known + found):
            continue
        surface = text[start:end]
        target = index.near(surface)
        found.append(Mention(start, end, surface, target, "fuzzy" if target else "cue", 0.8 if target else 0.6, kind))
    return found
