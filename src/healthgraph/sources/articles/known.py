"""What the graph already states, to mark candidates ``known`` or in ``conflict`` with a curated fact."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from rdflib import Graph

from healthgraph.sources.articles.candidates import Candidate

__all__ = ["FactIndex"]

_QUERIES = {
    "member": "SELECT ?a ?b ?d WHERE { ?f a hg:Membership ; hg:member ?a ; hg:organisation ?b . "
    "OPTIONAL { ?f hg:startDate ?d } }",
    "partner": "SELECT ?a ?b ?d WHERE { ?f hg:partner ?a, ?b . FILTER(?a != ?b) OPTIONAL { ?f hg:startDate ?d } }",
    "involvement": "SELECT ?a ?b ?r WHERE { ?f a hg:Involvement ; hg:agent ?a ; hg:target ?b ; hg:role ?r }",
    "theme": "SELECT ?a ?b ?d WHERE { ?f a hg:ThematicFocus ; hg:subject ?a ; hg:theme ?b . "
    "OPTIONAL { ?f hg:startDate ?d } }",
    "post": "SELECT ?a ?b ?r WHERE { ?f a hg:Post ; hg:holder ?a ; hg:organisation ?b ; hg:role ?r }",
    "figure": "SELECT ?a ?b ?v ?d WHERE { ?f a hg:Observation ; hg:subject ?a ; hg:measure ?b ; hg:value ?v . "
    "OPTIONAL { ?f dcterms:date ?d } }",
    "funding": "SELECT ?a ?b ?v ?d WHERE { ?f a hg:Funding ; hg:beneficiary ?b . OPTIONAL { ?f hg:funder ?a } "
    "OPTIONAL { ?f hg:amount ?v } OPTIONAL { ?f dcterms:date ?d } }",
    "event": "SELECT ?a ?t ?d WHERE { ?f hg:subject ?a ; a ?t ; dcterms:date ?d . "
    "VALUES ?t { hg:Creation hg:Renaming hg:Merger hg:Launch hg:Announcement hg:ScopeChange } }",
    "labelling": "SELECT ?a ?b ?d WHERE { ?f a hg:Labelling ; hg:subject ?a ; hg:label ?b ; dcterms:date ?d }",
    "kind": "SELECT ?a ?t WHERE { ?a a ?t }",
    "region": "SELECT ?a ?r WHERE { { ?a hg:region ?r } UNION { ?a hg:location ?r } }",
}


def _local(term: object) -> str:
    return str(term).rstrip("/").rsplit("/", 1)[-1] if term is not None else ""


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


class FactIndex:
    """The facts of the graph as keys of record ids: (kind, subject, object or measure) → values and dates."""

    def __init__(self, graph: Graph) -> None:
        """Read the graph's facts once."""
        from healthgraph.curation.build import KIND_CLASSES
        from healthgraph.namespaces import PREFIXES

        kinds = {str(cls): kind for kind, cls in KIND_CLASSES.items()}
        self.pairs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        self.values: dict[tuple[str, str, str], set[tuple[Decimal | None, str]]] = defaultdict(set)
        for name, query in _QUERIES.items():
            for row in graph.query(query, initNs=PREFIXES):
                cells = [_local(c) if c is not None else "" for c in row]  # type: ignore[union-attr]
                self._add(name, cells, row, kinds)

    def _add(self, name: str, cells: list[str], row: object, kinds: dict[str, str]) -> None:
        if name == "kind":
            raw = str(row[1])  # type: ignore[index]
            if raw in kinds:
                self.pairs[("type", cells[0], "")].add(kinds[raw])
        elif name in ("figure", "funding"):
            value = _number(str(row[2])) if row[2] is not None else None  # type: ignore[index]
            self.values[(name, cells[0], cells[1])].add((value, cells[3]))
        elif name == "event":
            self.pairs[("event", cells[0], cells[1].lower())].add(cells[2])
        else:
            self.pairs[(name, cells[0], cells[1])].add(cells[2] if len(cells) > 2 else "")

    def status(self, candidate: Candidate) -> tuple[str, str]:
        """Return ``(status, what the graph states)`` for ``candidate``: new, known or conflict."""
        v = candidate.values
        kind = candidate.kind
        if kind == "figure":
            return self._valued("figure", v.get("subject", ""), v.get("measure", ""), v.get("value"), v.get("date"))
        if kind == "funding":
            return self._valued("funding", v.get("funder", ""), v.get("beneficiary", ""), v.get("amount"), None)
        key = self._pair_key(candidate)
        if key is None or key not in self.pairs:
            return "new", ""
        stated = self.pairs[key]
        want = self._pair_value(candidate)
        if want is None or want in stated or any(s[:4] == want[:4] for s in stated if s and want):
            return "known", f"{key[0]} {key[1]} {key[2]}".strip()
        if kind in ("event", "labelling") and all(s for s in stated):
            return "conflict", f"{key[0]} {key[1]} on {', '.join(sorted(stated))}"
        return "new", ""

    def _pair_key(self, c: Candidate) -> tuple[str, str, str] | None:
        v = c.values
        table = {
            "member": ("member", v.get("subject", ""), v.get("object", "")),
            "theme": ("theme", v.get("subject", ""), v.get("object", "")),
            "founder": ("involvement", v.get("subject", ""), v.get("object", "")),
            "partner": ("partner", v.get("subject", ""), v.get("object", "")),
            "post": ("post", v.get("person", ""), v.get("organisation", "")),
            "event": ("event", v.get("subject", ""), v.get("type", "")),
            "labelling": ("labelling", v.get("entity", ""), v.get("label", "")),
            "type": ("type", v.get("id", ""), ""),
            "region": ("region", v.get("id", ""), v.get("regions") or v.get("location", "")),
        }
        return table.get(c.kind)

    def _pair_value(self, c: Candidate) -> str | None:
        v = c.values
        if c.kind == "type":
            return v.get("kind") or None
        if c.kind in ("event", "labelling"):
            return v.get("date") or None
        if c.kind in ("founder", "post"):
            return v.get("role") or None
        return None

    def _valued(self, name: str, a: str, b: str, value: str | None, date: str | None) -> tuple[str, str]:
        stated = self.values.get((name, a, b))
        if not stated:
            return "new", ""
        number = _number(value) if value else None
        same_date = [(v, d) for v, d in stated if not date or not d or d[:4] == date[:4]]
        if any(v == number for v, _ in same_date):
            return "known", f"{name} {a} {b}"
        if same_date and number is not None and date:
            shown = ", ".join(f"{v} ({d or 'undated'})" for v, d in sorted(same_date, key=str))
            return "conflict", f"{name} {a} {b}: {shown}"
        return "new", ""
