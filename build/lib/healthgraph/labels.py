"""Labels: fold text so spellings compare equal, and pick the label to show for a node."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any, Protocol

from healthgraph.namespaces import RDFS

__all__ = ["Labelled", "fold", "label_of"]


class Labelled(Protocol):
    """Anything that lists the objects of a subject and predicate (an rdflib graph or an index of one)."""

    def objects(self, subject: Any, predicate: Any) -> Iterable[Any]:
        """Return the objects of ``subject`` through ``predicate``."""
        ...


def fold(text: str) -> str:
    """Fold case, accents, punctuation and spacing so spellings compare equal.

    >>> fold("  Assistance Publique - Hôpitaux de Paris ")
    'assistance publique hopitaux de paris'
    >>> fold("L’Oréal") == fold("l'oreal")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


def label_of(graph: Labelled, node: Any, lang: str = "en") -> str:
    """Return the ``lang`` label of ``node``, else any label, else the IRI's last segment."""
    fallback = ""
    for label in graph.objects(node, RDFS.label):
        if getattr(label, "language", None) == lang:
            return str(label)
        fallback = fallback or str(label)
    return fallback or str(node).rstrip("/").rsplit("/", 1)[-1]
