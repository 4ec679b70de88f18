"""Plural mentions of pôles ("les sept pôles de compétitivité en santé", "ces pôles") as the network they form.

A plural phrase whose topic words are all in the name of a network the graph knows (kind ``pole-network``) stands
for that network; a bare plural ("ces pôles", "7 pôles") stands for the network named by the nearest such phrase of
the text. The mentions carry the origin ``group``: they are linked, but weaker than a name.
"""

from __future__ import annotations

import re

from healthgraph.sources.articles.linking import Mention, NameIndex, Target
from healthgraph.sources.articles.text import fold_key

__all__ = ["group_mentions", "labelled_mentions"]

_NUMBER = r"\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|two|three|four|five|six|seven|eight|nine|ten"
_GROUP = re.compile(
    rf"\b(?:(?:ces|les|des|nos|leurs|aux|the|these|our)\s+)?(?:(?:{_NUMBER})\s+)?"
    r"(?:pôles|poles|clusters)(?:\s+de\s+compétitivité)?(?:\s+(?:en|de la|de|of|in)?\s*(?:santé|health))?"
    r"(?![\w-])(?!\s+(?:de compétitivité\s+)?(?-i:[A-ZÀ-Ý]))",
    re.IGNORECASE,
)
_PLAIN = {"ces", "les", "des", "nos", "leurs", "aux", "the", "these", "our", "de", "en", "la", "of", "in"}
_COLLECTIVE = {"reseau", "network", "alliance", "des", "de", "du", "les", "the", "of"}
_REACH = 1500


def _content(words: tuple[str, ...]) -> set[str]:
    return {w for w in words if w not in _PLAIN and not re.fullmatch(_NUMBER, w)}


def _networks(index: NameIndex) -> list[tuple[set[str], Target]]:
    return [
        (_content(key) - _COLLECTIVE, target)
        for key, targets in index.by_key.items()
        for target in targets
        if "pole-network" in target.kinds
    ]


def _resolve(words: set[str], networks: list[tuple[set[str], Target]]) -> Target | None:
    """Return the one network whose name holds every topic word of the phrase, and no other topic word."""
    found = {t.ref: t for name, t in networks if name and words <= name and name - words <= {"competitivite"}}
    return next(iter(found.values())) if len(found) == 1 else None


def _overlaps(start: int, end: int, known: list[Mention]) -> bool:
    return any(m.start < end and start < m.end for m in known)


def group_mentions(text: str, index: NameIndex, known: list[Mention]) -> list[Mention]:
    """Return the plural mentions of pôles that stand for a network of the graph (none when none fits)."""
    networks = _networks(index)
    actors = [m for m in known if m.category not in ("theme", "region", "place")]
    named: list[tuple[int, int, Target | None, bool]] = []
    for match in _GROUP.finditer(text):
        if _overlaps(match.start(), match.end(), actors):
            continue
        words = _content(fold_key(match.group(0)))
        bare = len(words) < 2  # a bare noun, without a topic
        named.append((match.start(), match.end(), None if bare else _resolve(words, networks), bare))
    resolved = [(s, t) for s, _, t, _ in named if t is not None]
    found: list[Mention] = []
    for start, end, target, bare in named:
        if bare and resolved:
            distance, nearest = min(((abs(start - s), t) for s, t in resolved if t is not None), key=lambda d: d[0])
            target = nearest if distance <= _REACH else None
        if target is not None:
            found.append(Mention(start, end, text[start:end], target, "group", 0.8, "pole-network"))
    return found


_LABELLED = re.compile(
    r"\bprojets(?=\s+(?:ont été\s+|sont\s+|qu['’]il a\s+)?(?:labellisés|accompagnés et labellisés))"
    r"|\bprojects(?=\s+(?:have been\s+|were\s+)?labelled)",
    re.IGNORECASE,
)
_LABEL_WORDS = ({"projets", "labellises"}, {"projects", "labelled"})
_POLE_REACH = 600


def _labelled_groups(index: NameIndex) -> dict[tuple[str, ...], Target]:
    """Return the graph's groups of labelled projects by the name words of what they are labelled by."""
    groups: dict[tuple[str, ...], Target] = {}
    for key, targets in index.by_key.items():
        for target in targets:
            words = set(key)
            if "project" in target.kinds and any(w <= words for w in _LABEL_WORDS):
                rest = tuple(w for w in key if w not in {"projets", "labellises", "projects", "labelled", "par", "by"})
                groups[rest] = target
    return groups


def labelled_mentions(text: str, index: NameIndex, known: list[Mention]) -> list[Mention]:
    """Return "projets labellisés" as the graph's group of the projects the nearest pôle before it labels."""
    groups = _labelled_groups(index)
    found: list[Mention] = []
    for match in _LABELLED.finditer(text):
        poles = [m for m in known if m.target and "pole" in m.target.kinds and m.end <= match.start()]
        if not poles or match.start() - poles[-1].end > _POLE_REACH or _overlaps(*match.span(), known):
            continue
        pole = fold_key(poles[-1].surface)
        names = [fold_key(m.surface) for m in known if m.ref == poles[-1].ref] + [pole]
        target = next((t for rest, t in groups.items() if rest and any(rest == n for n in names)), None)
        target = target or next((t for rest, t in groups.items() if rest and rest[0] == pole[0]), None)
        if target is not None:
            found.append(Mention(*match.span(), match.group(0), target, "group", 0.8, "project"))
    return found
