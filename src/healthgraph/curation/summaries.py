"""Summaries: counts over the whole dataset computed at build time, in the summary named graph.

Two questions aggregate the whole graph: which organisations belong to two or more networks (cq06) and what
each source states (cq12). Counting them at query time costs a scan of every membership and every fact
(1 s at 20,000 synthetic members, 12-14 s at 200,000); like VoID's class partitions, the build states the
counts once, in ``graph/summary``:

- one ``hg:NetworkSummary`` per organisation that belongs to a network (an ``hg:member`` of a membership, or
  a partner of an ``hg:CoMembership``): ``hg:summaryOf`` the organisation, ``hg:networkCount`` the distinct
  networks, ``hg:networkNames`` their distinct English names joined with ``"; "`` in sorted order;
- one ``hg:SourceSummary`` per source and most specific fact class: ``hg:summaryOf`` the source,
  ``hg:factClass``, ``hg:factCount`` the distinct facts citing it, ``hg:singleSourcedCount`` those citing
  no other source.

:class:`Summariser` reads triples one at a time, so a build can feed it from a stream of quads as well as
from an rdflib dataset (:func:`add_summaries`). Every other graph is summarised; the summary graph itself is
rebuilt from scratch.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.term import Node

from healthgraph.curation.build import Build
from healthgraph.memory import paused_gc
from healthgraph.namespaces import GRAPH_SUMMARY, HG, HGID, PROV, RDF, RDFS

__all__ = ["WATCHED", "Summariser", "add_summaries", "summarise"]

Triple = tuple[Node, Node, Node]
# the predicates the summaries are computed from; any other triple is ignored
LABEL = RDFS.label
WATCHED = (HG.member, HG.organisation, HG.partner, RDF.type, PROV.wasDerivedFrom, RDFS.label, RDFS.subClassOf)


def _node(kind: str, *parts: Node) -> URIRef:
    """Name the summary of ``parts`` with a stable IRI (a hash: the parts may be any IRIs)."""
    digest = hashlib.blake2b("\n".join(str(p) for p in parts).encode("utf-8"), digest_size=10).hexdigest()
    return HGID[f"summary/{kind}/{digest}"]


class Summariser:
    """Collects the triples the summaries need, then states the summaries as triples.

    >>> s = Summariser()
    >>> s.add(HGID.m, HG.member, HGID.a)
    >>> s.add(HGID.m, HG.organisation, HGID.p)
    >>> s.add(HGID.p, RDFS.label, Literal("P", lang="en"))
    >>> sorted(str(o) for _, p, o in s.triples() if p == HG.networkNames)
    ['P']
    """

    def __init__(self) -> None:
        """Start with nothing collected."""
        self.members: dict[Node, set[Node]] = defaultdict(set)
        self.organisations: dict[Node, set[Node]] = defaultdict(set)
        self.partners: dict[Node, set[Node]] = defaultdict(set)
        self.types: dict[Node, set[Node]] = defaultdict(set)
        self.sources: dict[Node, set[Node]] = defaultdict(set)
        self.names: dict[Node, set[str]] = defaultdict(set)
        self.superclasses: dict[Node, set[Node]] = defaultdict(set)
        self.tables: dict[Node, dict[Node, set[Node]]] = {
            HG.member: self.members,
            HG.organisation: self.organisations,
            HG.partner: self.partners,
            RDF.type: self.types,
            PROV.wasDerivedFrom: self.sources,
            RDFS.subClassOf: self.superclasses,
        }

    def add(self, subject: Node, predicate: Node, value: Node) -> None:
        """Take one triple into account (triples of other predicates are ignored)."""
        table = self.tables.get(predicate)
        if table is not None:
            table[subject].add(value)
        elif predicate == LABEL and isinstance(value, Literal) and value.language == "en":
            self.names[subject].add(str(value))

    def networks(self) -> dict[Node, set[Node]]:
        """Map every organisation to its networks: the organisations of its memberships, its co-members."""
        found: dict[Node, set[Node]] = defaultdict(set)
        for fact, members in self.members.items():
            for member in members:
                found[member] |= self.organisations.get(fact, set())
        for fact, partners in self.partners.items():
            if HG.CoMembership in self.types.get(fact, ()):
                for partner in partners:
                    found[partner] |= partners - {partner}
        return {organisation: nets for organisation, nets in found.items() if nets}

    def _ancestors(self) -> dict[Node, set[Node]]:
        """Every class's strict superclasses (``rdfs:subClassOf+``)."""
        closed: dict[Node, set[Node]] = {}

        def up(cls: Node, seen: frozenset[Node]) -> set[Node]:
            if cls not in closed:
                above: set[Node] = set()
                for parent in self.superclasses.get(cls, ()):
                    if parent not in seen:
                        above |= {parent} | up(parent, seen | {parent})
                closed[cls] = above
            return closed[cls]

        for cls in list(self.superclasses):
            up(cls, frozenset({cls}))
        return closed

    def fact_kinds(self) -> Iterator[tuple[Node, set[Node], set[Node]]]:
        """Every fact with its most specific fact classes and its sources."""
        ancestors = self._ancestors()
        for fact, sources in self.sources.items():
            types = self.types.get(fact, set())
            kinds = {t for t in types if HG.Fact in ancestors.get(t, ())}
            # a class is left out when another type of the fact is one of its subclasses
            specific = {k for k in kinds if not any(k in ancestors.get(t, ()) and t != k for t in types)}
            if specific:
                yield fact, specific, sources

    def triples(self) -> Iterator[Triple]:
        """State the summaries."""
        for organisation, nets in self.networks().items():
            node = _node("networks", organisation)
            names = sorted({name for net in nets for name in self.names.get(net, ())})
            yield node, RDF.type, HG.NetworkSummary
            yield node, HG.summaryOf, organisation
            yield node, HG.networkCount, Literal(len(nets))
            yield node, HG.networkNames, Literal("; ".join(names))
        facts: dict[tuple[Node, Node], list[int]] = defaultdict(lambda: [0, 0])
        for _, kinds, sources in self.fact_kinds():
            for source in sources:
                for kind in kinds:
                    counts = facts[(source, kind)]
                    counts[0] += 1
                    counts[1] += len(sources) == 1
        for (source, kind), (count, single) in facts.items():
            node = _node("facts", source, kind)
            yield node, RDF.type, HG.SourceSummary
            yield node, HG.summaryOf, source
            yield node, HG.factClass, kind
            yield node, HG.factCount, Literal(count)
            yield node, HG.singleSourcedCount, Literal(single)


def summarise(triples: Iterable[Triple]) -> Summariser:
    """Feed ``triples`` to a new :class:`Summariser` and return it."""
    summariser = Summariser()
    for triple in triples:
        summariser.add(*triple)
    return summariser


def add_summaries(build: Build) -> int:
    """(Re)compute the summary named graph of ``build`` from its other graphs; return its triple count."""
    with paused_gc():  # like the build: a full collection per thousand new objects would double the time
        return _add_summaries(build)


def _add_summaries(build: Build) -> int:
    summariser = Summariser()
    for graph in build.dataset.graphs():
        if graph.identifier == GRAPH_SUMMARY:
            continue
        for predicate in WATCHED:
            for subject, value in graph.subject_objects(predicate):
                summariser.add(subject, predicate, value)
    target = build.graph(GRAPH_SUMMARY)
    target.remove((None, None, None))
    target.addN((s, p, o, target) for s, p, o in summariser.triples())
    return len(target)
