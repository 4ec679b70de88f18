"""Measures and roles the candidates need but the graph lacks, proposed as rows of ``measures`` and ``roles``.

A figure whose measure (or a post or relation whose role) is not in the curated tables would break the build once
accepted; instead of dropping the fact, the review file carries a proposed row (kind ``measure`` or ``role``, rule
``proposed-measure`` / ``proposed-role``) for the curator to accept with it, or to correct.
"""

from __future__ import annotations

from rdflib import RDFS, Graph, URIRef

from healthgraph.namespaces import HGID
from healthgraph.sources.articles.candidates import Candidate

__all__ = ["known_ids", "proposals"]

_UNITS = {"share": "share", "percent": "percent", "EUR": "EUR", "USD": "USD", "year": "year"}


def known_ids(graph: Graph, kind: str) -> set[str]:
    """Return the ids of the graph's ``kind`` nodes (``measure``, ``role``): the local names under their IRI."""
    prefix = f"{HGID}{kind}/"
    return {
        str(subject)[len(prefix) :]
        for subject in graph.subjects(RDFS.label, None)
        if isinstance(subject, URIRef) and str(subject).startswith(prefix)
    }


def _label(identifier: str) -> str:
    return identifier.replace("-", " ")


def _proposal(kind: str, identifier: str, first: Candidate, unit: str = "") -> Candidate:
    values = {"id": identifier, "label_fr": _label(identifier), "label_en": _label(identifier)}
    if kind == "measure":
        values["unit"] = _UNITS.get(unit, "count")
    return Candidate(kind, values, first.start, first.end, first.sentence, f"proposed-{kind}", first.score,
                     {"subject": identifier}, f"new_{kind}")  # fmt: skip


def proposals(candidates: list[Candidate], measures: set[str], roles: set[str]) -> list[Candidate]:
    """Return one proposed row per measure or role the candidates use that ``measures`` / ``roles`` lack."""
    proposed: dict[tuple[str, str], Candidate] = {}
    for c in candidates:
        measure, role = c.values.get("measure", ""), c.values.get("role", "")
        if c.kind == "figure" and measure and measure not in measures:
            proposed.setdefault(("measure", measure), _proposal("measure", measure, c, c.values.get("unit", "")))
        if c.kind in ("post", "member", "partner", "founder") and role and role not in roles:
            proposed.setdefault(("role", role), _proposal("role", role, c))
    return list(proposed.values())
