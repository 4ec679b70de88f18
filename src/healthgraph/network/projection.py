"""Network: typed projections of the RDF graph into networkx (actors, organisations, pôles, as of a date)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.term import Node

from healthgraph.labels import label_of
from healthgraph.memory import paused_gc
from healthgraph.namespaces import DCTERMS, HG, PROV, RDF, RDFS, SKOS

__all__ = ["VIEWS", "EdgeFact", "date_bounds", "project"]

VIEWS = ("full", "organisations", "poles")
SHARED_TARGET = "both in a programme or project"
SHARED_LINK = "both linked to a network or member"
ENTITY_ROOTS = (HG.Agent, HG.Programme, HG.Project, HG.Label)
# facts that link two ends: fact class, one end, the other end, the relation (with the fact's role, or a default)
PAIRS: tuple[tuple[URIRef, URIRef, URIRef, str, str | None], ...] = (
    (HG.Membership, HG.member, HG.organisation, "membership ({role})", "member"),
    (HG.Involvement, HG.agent, HG.target, "{role}", "involved"),
    (HG.Inclusion, HG.part, HG.whole, "part of", None),
    (HG.Funding, HG.funder, HG.beneficiary, "funding", None),
    (HG.Funding, HG.programme, HG.beneficiary, "funding programme", None),
    (HG.Post, HG.holder, HG.organisation, "post ({role})", "post"),
    (HG.Renaming, HG.predecessor, HG.successor, "renaming (former and new name)", None),
    (HG.Merger, HG.predecessor, HG.successor, "merger (merged and merged into)", None),
    (HG.Creation, HG.predecessor, HG.successor, "creation (forerunner and new entity)", None),
)


@dataclass(frozen=True)
class EdgeFact:
    """The fact behind an edge: its IRI, relation, dates and sources (so every step can be explained)."""

    fact: str
    relation: str
    start: str | None
    end: str | None
    sources: tuple[str, ...]
    via: str = ""  # for derived links: the programme, project, network or member the two share


@dataclass
class _Edges:
    facts: dict[tuple[str, str], list[EdgeFact]] = field(default_factory=lambda: defaultdict(list))

    def add(self, a: str, b: str, fact: EdgeFact) -> None:
        if a != b:
            self.facts[(a, b) if a < b else (b, a)].append(fact)


def date_bounds(text: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day covered by an ISO date of year, month or day precision.

    >>> date_bounds("2019-02")
    (datetime.date(2019, 2, 1), datetime.date(2019, 2, 28))
    """
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], calendar.monthrange(*parts)[1])
    day = dt.date(*parts)
    return day, day


def _descendants(graph: Graph, root: URIRef) -> set[Node]:
    found: set[Node] = {root}
    frontier: list[Node] = [root]
    while frontier:
        for sub in graph.subjects(RDFS.subClassOf, frontier.pop()):
            if sub not in found:
                found.add(sub)
                frontier.append(sub)
    return found


class _Index:
    """Per-predicate dictionaries built by one scan each, instead of a store query per lookup.

    The projection of a 20,000-member graph makes about two million lookups.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.forward: dict[Node, dict[Node, list[Node]]] = {}
        self.inverse: dict[Node, dict[Node, list[Node]]] = {}

    def _scan(self, predicate: Node) -> None:
        forward: dict[Node, list[Node]] = defaultdict(list)
        inverse: dict[Node, list[Node]] = defaultdict(list)
        for s, o in self.graph.subject_objects(predicate):
            forward[s].append(o)
            inverse[o].append(s)
        self.forward[predicate], self.inverse[predicate] = dict(forward), dict(inverse)

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        if predicate not in self.forward:
            self._scan(predicate)
        return self.forward[predicate].get(subject, [])

    def subjects(self, predicate: Node, obj: Node | None) -> list[Node]:
        if predicate not in self.forward:
            self._scan(predicate)
        return list(self.forward[predicate]) if obj is None else self.inverse[predicate].get(obj, [])

    def value(self, subject: Node | None, predicate: Node) -> Node | None:
        found = self.objects(subject, predicate) if subject is not None else []
        return found[0] if found else None


class _Reader:
    def __init__(self, graph: Graph) -> None:
        self.g = _Index(graph)
        self.entity_classes = set().union(*(_descendants(graph, r) for r in ENTITY_ROOTS))
        self.organisation_classes = _descendants(graph, HG.Organisation)
        self.pole_classes = _descendants(graph, HG.Pole)

    def nodes(self) -> dict[str, dict[str, object]]:
        nodes: dict[str, dict[str, object]] = {}
        for node in set(self.g.subjects(RDF.type, None)):
            types = set(self.g.objects(node, RDF.type)) & self.entity_classes
            if not types or not isinstance(node, URIRef):
                continue
            specific = sorted(
                (t for t in types if not any(t in self.g.objects(s, RDFS.subClassOf) for s in types if s != t)),
                key=lambda t: (t not in self.pole_classes, t == HG.Association, str(t)),
            )
            nodes[str(node)] = {
                "label": label_of(self.g, node, "en"),
                "label_fr": label_of(self.g, node, "fr"),
                "names": sorted({str(o) for o in self.g.objects(node, SKOS.altLabel)}),
                "kind": label_of(self.g, specific[0], "en") if specific else "entity",
                "kinds": sorted(label_of(self.g, t, "en") for t in specific),
                "organisation": bool(types & self.organisation_classes),
                "pole": bool(types & self.pole_classes),
                "regions": sorted(label_of(self.g, r, "fr") for r in self.g.objects(node, HG.region)),
                "themes": sorted(label_of(self.g, t, "en") for t in self.g.objects(node, HG.hasTheme)),
                "themes_fr": sorted(label_of(self.g, t, "fr") for t in self.g.objects(node, HG.hasTheme)),
                "sources": sorted(str(s) for s in self.g.objects(node, PROV.wasDerivedFrom)),
                "figures": self.figures(node),
                "details": self.project_details(node) if HG.Project in types else "",
                "succeeded_by": sorted(str(o) for o in self.g.objects(node, HG.succeededBy)),
                "preceded_by": sorted(str(o) for o in self.g.subjects(HG.succeededBy, node)),
            }
        return nodes

    def project_details(self, node: Node) -> str:
        """Return what funded a project, in short: programme, start year, amount ("PIA4, from 2021, 1,200,000 EUR")."""
        parts = []
        for funding in self.g.subjects(HG.beneficiary, node):
            if HG.Funding not in self.g.objects(funding, RDF.type):
                continue
            programme = self.g.value(funding, HG.programme)
            date = self.g.value(funding, DCTERMS.date)
            amount = self.g.value(funding, HG.amount)
            currency = self.g.value(funding, HG.currency) or ""
            parts.append(
                ", ".join(
                    text
                    for text in (
                        label_of(self.g, programme, "en") if programme is not None else "",
                        f"from {str(date)[:4]}" if date is not None else "",
                        f"{float(str(amount)):,.0f} {currency}".strip() if amount is not None else "",
                    )
                    if text
                )
            )
        return "; ".join(sorted(p for p in parts if p))

    def figures(self, node: Node) -> list[str]:
        """Return the node's dated figures as short texts: measure, qualifier, value, unit, date, sources."""
        found = []
        for obs in self.g.subjects(HG.subject, node):
            if HG.Observation not in self.g.objects(obs, RDF.type):
                continue
            measure = label_of(self.g, self.g.value(obs, HG.measure) or obs, "en")
            qualifier = str(self.g.value(self.g.value(obs, HG.qualifier), SKOS.notation) or "exact")
            value = self.g.value(obs, HG.value)
            number = f"{float(str(value)):,.0f}" if value is not None and float(str(value)) >= 1 else str(value)
            date = self.g.value(obs, DCTERMS.date) or "undated"
            sources = ", ".join(str(s).rsplit("/", 1)[-1] for s in self.g.objects(obs, PROV.wasDerivedFrom))
            prefix = "" if qualifier == "exact" else qualifier.replace("-", " ") + " "
            found.append(f"{measure}: {prefix}{number} {self.g.value(obs, HG.unit) or ''} ({date}; {sources})")
        return sorted(found)

    def fact(self, node: Node, relation: str) -> EdgeFact:
        start = self.g.value(node, HG.startDate) or self.g.value(node, DCTERMS.date)
        end = self.g.value(node, HG.endDate) or _end_of(start, self.g.value(node, HG.durationYears))
        if self.g.value(node, HG.reviewStatus) == HG.Unreviewed:
            relation += " (unreviewed)"  # extracted from an article, not yet accepted by a curator
        return EdgeFact(
            str(node),
            relation,
            str(start) if start else None,
            str(end) if end else None,
            tuple(sorted(str(s) for s in self.g.objects(node, PROV.wasDerivedFrom))),
        )

    def role(self, node: Node, default: str) -> str:
        role = self.g.value(node, HG.role)
        return label_of(self.g, role, "en") if role is not None else default

    def edges(self) -> tuple[_Edges, dict[str, list[tuple[str, EdgeFact]]]]:
        edges, targets = _Edges(), defaultdict(list)
        self._pairs(edges, *PAIRS[0])
        self._groups(edges)
        for pair in PAIRS[1:]:
            for a, b, fact in self._pairs(edges, *pair):
                if pair[0] == HG.Involvement:
                    targets[b].append((a, fact))
        for f in self.g.subjects(RDF.type, HG.Labelling):
            target = self.g.value(f, HG.programme) or self.g.value(f, HG.label)
            for subject in self.g.objects(f, HG.subject):
                edges.add(str(subject), str(target), self.fact(f, "labelled"))
        return edges, targets

    def _groups(self, edges: _Edges) -> None:
        """Link every two partners of a partnership or co-membership."""
        for cls, name in ((HG.Partnership, "partnership"), (HG.CoMembership, "co-membership")):
            for f in self.g.subjects(RDF.type, cls):
                if cls == HG.Partnership and HG.CoMembership in self.g.objects(f, RDF.type):
                    continue
                partners = sorted(str(p) for p in self.g.objects(f, HG.partner))
                for first, second in combinations(partners, 2):
                    edges.add(first, second, self.fact(f, name))

    def _pairs(
        self, edges: _Edges, cls: URIRef, one: URIRef, other: URIRef, relation: str, role: str | None
    ) -> list[tuple[str, str, EdgeFact]]:
        """Link the ``one`` and ``other`` ends of every fact of class ``cls``; return the links made."""
        made = []
        for f in self.g.subjects(RDF.type, cls):
            fact = self.fact(f, relation.format(role=self.role(f, role)) if role else relation)
            for a in self.g.objects(f, one):
                for b in self.g.objects(f, other):
                    edges.add(str(a), str(b), fact)
                    made.append((str(a), str(b), fact))
        return made


def _end_of(start: Node | None, years: Node | None) -> str | None:
    """Return the last year a fact of ``years`` years from ``start`` covers (a label of 4 years from 2019: 2022)."""
    if start is None or years is None:
        return None
    try:
        return str(int(str(start)[:4]) + int(float(str(years))) - 1)
    except ValueError:
        return None


def _valid(fact: EdgeFact, as_of: str | None) -> bool:
    if as_of is None:
        return True
    day = date_bounds(as_of)[1]
    if fact.start and date_bounds(fact.start)[0] > day:
        return False
    return not (fact.end and date_bounds(fact.end)[1] < date_bounds(as_of)[0])


def _graph(
    nodes: dict[str, dict[str, object]], edges: dict[tuple[str, str], list[EdgeFact]], keep: set[str], as_of: str | None
) -> nx.Graph:
    projected = nx.Graph()
    for (a, b), facts in sorted(edges.items()):  # the same graph, whatever order the triples were read in
        valid = sorted((f for f in facts if _valid(f, as_of)), key=lambda f: (f.relation, f.fact, f.via))
        if a in keep and b in keep and valid:
            projected.add_edge(
                a,
                b,
                weight=len(valid),
                facts=valid,
                relations=sorted({f.relation for f in valid}),
                sources=sorted({s for f in valid for s in f.sources}),
            )
    for node in list(projected.nodes):
        projected.nodes[node].update(nodes[node])
    if as_of is None:
        for node in sorted(keep):
            projected.add_node(node, **nodes[node])
    return projected


def project(graph: Graph, view: str = "full", as_of: str | None = None) -> nx.Graph:
    """Project the RDF ``graph`` into an undirected, weighted networkx graph.

    Views: ``full`` (every entity: agents, programmes, labels; every relation), ``organisations``
    (organisations only, plus edges between organisations that take part in the same programme or project),
    ``poles`` (pôles linked by shared networks, partnerships and shared members). ``as_of`` keeps only
    facts valid at that date (and, then, only nodes that have such a fact). Literals never become nodes;
    every edge carries the facts behind it with their relation, dates and sources.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view '{view}': choose one of {', '.join(VIEWS)}")
    with paused_gc():
        return _project(graph, view, as_of)


def _project(graph: Graph, view: str, as_of: str | None) -> nx.Graph:
    reader = _Reader(graph)
    nodes = reader.nodes()
    edges, targets = reader.edges()
    if view == "full":
        return _graph(nodes, edges.facts, set(nodes), as_of)
    organisations = {n for n, attrs in nodes.items() if attrs["organisation"]}
    if view == "organisations":
        for target, involved in targets.items():
            if target in organisations:
                continue
            for (a, fa), (b, fb) in combinations(sorted(involved, key=lambda x: x[0]), 2):
                shared = EdgeFact(
                    f"{fa.fact} + {fb.fact}",
                    SHARED_TARGET,
                    fa.start or fb.start,
                    None,
                    tuple(sorted(set(fa.sources) | set(fb.sources))),
                    _named(nodes.get(target, {}), target),
                )
                edges.add(a, b, shared)
        return _graph(nodes, edges.facts, organisations, as_of)
    return _poles(nodes, edges.facts, as_of)


def _named(attrs: dict[str, object], node: str) -> str:
    """Return a node's label followed by its details (a project's programme, year and amount), if any."""
    label = str(attrs.get("label", node))
    return f"{label} ({attrs['details']})" if attrs.get("details") else label


def _poles(
    nodes: dict[str, dict[str, object]], edges: dict[tuple[str, str], list[EdgeFact]], as_of: str | None
) -> nx.Graph:
    poles = {n for n, attrs in nodes.items() if attrs["pole"]}
    neighbours: dict[str, list[tuple[str, EdgeFact]]] = defaultdict(list)
    pole_edges = _Edges()
    for (a, b), facts in edges.items():
        for fact in facts:
            if not _valid(fact, as_of) or fact.relation == "labelled":
                continue
            if a in poles and b in poles:
                pole_edges.add(a, b, fact)
            elif a in poles:
                neighbours[b].append((a, fact))
            elif b in poles:
                neighbours[a].append((b, fact))
    for middle, linked in neighbours.items():
        for (a, fa), (b, fb) in combinations(sorted(linked, key=lambda x: x[0]), 2):
            label = _named(nodes.get(middle, {}), middle)
            pole_edges.add(
                a,
                b,
                EdgeFact(
                    f"{fa.fact} + {fb.fact}",
                    SHARED_LINK,
                    fa.start or fb.start,
                    None,
                    tuple(sorted(set(fa.sources) | set(fb.sources))),
                    label,
                ),
            )
    return _graph(nodes, pole_edges.facts, poles, as_of)
