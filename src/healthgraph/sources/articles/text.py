"""Tokens of a normalised text with their offsets, folded for matching (one tokeniser for names and texts)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from healthgraph.sources.articles.reading import fold

__all__ = ["Token", "fold_key", "slug", "tokens"]

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Token:
    """A word of the text: its offsets and its folded form."""

    start: int
    end: int
    folded: str


def tokens(text: str) -> list[Token]:
    """Return the words of ``text`` (letters and digits; hyphens, apostrophes and spaces separate them).

    >>> [t.folded for t in tokens("L’Île-de-France")]
    ['l', 'ile', 'de', 'france']
    """
    folded = fold(text)
    return [Token(m.start(), m.end(), folded[m.start() : m.end()]) for m in _WORD.finditer(text)]


def fold_key(name: str) -> tuple[str, ...]:
    """Return the folded words of a name, the key names are compared by.

    >>> fold_key("Agence de l'Innovation en Santé") == fold_key("agence de l’innovation en sante")
    True
    """
    return tuple(t.folded for t in tokens(name))


def slug(name: str) -> str:
    """Return a lower-case identifier for a proposed entity.

    >>> slug("Institut Pasteur (Paris)")
    'institut-pasteur-paris'
    """
    return "-".join(fold_key(name))[:60].strip("-") or "unnamed"
