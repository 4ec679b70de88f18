"""Index: the graph's triples held as plain Python lookups (subject -> predicate -> objects, object -> mentions).

Built once from an rdflib dataset or graph, or from an Oxigraph store, so that thousands of pages are rendered
without a query each; the same index serves the static site, the server's pages and the notebooks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from healthgraph import namespaces
from healthgraph.labels import label_of
from healthgraph.namespaces import GRAPH_EXTRACTED, HGID

__all__ = [
    "DCTERMS",
    "ENTITY_EXCLUDED",
    "HG",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SKOS",
    "GraphIndex",
    "Lit",
    "Term",
    "entity_id",
]


class Vocabulary:
    """A namespace whose terms are plain strings, computed once (rdflib's attribute lookup is slow in loops).

    >>> Vocabulary(namespaces.HG).Pole
    'https://w3id.org/healthgraph/Pole'
    """

    def __init__(self, namespace: Any) -> None:
        """Wrap an rdflib namespace."""
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        """Return the term ``name`` as a string, and keep it as an attribute for the next lookups."""
        if name.startswith("_"):
            raise AttributeError(name)
        term = str(self._namespace[name])
        setattr(self, name, term)
        return term

    def __str__(self) -> str:
        """Return the namespace itself."""
        return str(self._namespace)

    def __getitem__(self, name: str) -> str:
        """Return the term ``name`` as a string."""
        return getattr(self, name)  # type: ignore[no-any-return]


HG = Vocabulary(namespaces.HG)
RDF = Vocabulary(namespaces.RDF)
RDFS = Vocabulary(namespaces.RDFS)
SKOS = Vocabulary(namespaces.SKOS)
DCTERMS = Vocabulary(namespaces.DCTERMS)
SDO = Vocabulary(namespaces.SDO)
PROV = Vocabulary(namespaces.PROV)

TYPE = str(RDF.type)
LABEL = str(RDFS.label)
SUBCLASS = str(RDFS.subClassOf)
ID = str(HGID)
# id/<first segment>/... that are vocabulary, facts or registry records, not entities with a profile
ENTITY_EXCLUDED = ("fact", "source", "role", "measure", "theme", "region", "place", "scheme", "ror", "finess")
NOT_ENTITY_TYPES = {str(HG.SourceDocument), str(HG.Dataset), str(HG.RegistryEntry), str(HG.Region), str(HG.Place)}


@dataclass(frozen=True)
class Lit:
    """A literal: its lexical value, language tag (or "") and datatype IRI (or "")."""

    value: str
    lang: str = ""
    datatype: str = ""

    @property
    def language(self) -> str | None:
        """Return the language tag or None (the attribute :func:`healthgraph.labels.label_of` reads)."""
        return self.lang or None

    def __str__(self) -> str:
        """Return the lexical value."""
        return self.value


Term = str | Lit  # an IRI (or "_:blank") as a plain string, or a literal


def entity_id(iri: str) -> str:
    """Return the id of an IRI under ``https://w3id.org/healthgraph/id/`` (``medicen``, ``anr/project/X``).

    >>> entity_id("https://w3id.org/healthgraph/id/anr/project/ANR-1")
    'anr/project/ANR-1'
    """
    return iri.removeprefix(ID)


def _rdflib_term(term: Any) -> Term:
    from rdflib import Literal

    if isinstance(term, Literal):
        return Lit(str(term), term.language or "", str(term.datatype or ""))
    return str(term) if term.__class__.__name__ != "BNode" else f"_:{term}"


def _oxigraph_term(term: Any) -> Term:
    import pyoxigraph as ox

    if isinstance(term, ox.Literal):
        return Lit(term.value, term.language or "", term.datatype.value if term.datatype else "")
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value)


class GraphIndex:
    """Every triple of a graph, by subject and by object, with the named graph each fact node came from."""

    def __init__(self, quads: Iterable[tuple[str, str, Term, str]]) -> None:
        """Index ``(subject, predicate, object, graph)`` quads (IRIs as strings)."""
        self.out: dict[str, dict[str, list[Term]]] = {}
        self.into: dict[str, list[tuple[str, str]]] = {}
        self.extracted: set[str] = set()
        extracted = str(GRAPH_EXTRACTED)
        for subject, predicate, obj, graph in quads:
            objects = self.out.setdefault(subject, {}).setdefault(predicate, [])
            if obj in objects:
                continue  # the same triple in two named graphs (an entity's labels, registry identifiers)
            objects.append(obj)
            if isinstance(obj, str):
                self.into.setdefault(obj, []).append((subject, predicate))
            if graph == extracted:
                self.extracted.add(subject)
        self.fact_classes = self._below(str(HG.Fact))
        self._labels: dict[tuple[str, str], str] = {}
        self._entities: dict[str, bool] = {}
        self.memo: dict[tuple[str, ...], str] = {}  # pieces of HTML the pages repeat (citations), by key

    @classmethod
    def from_rdflib(cls, graph: Any) -> GraphIndex:
        """Index an rdflib ``Dataset`` (named graphs kept) or ``Graph``."""
        if hasattr(graph, "quads"):
            quads: Iterator[Any] = graph.quads((None, None, None, None))
            return cls(
                (str(s), str(p), _rdflib_term(o), str(getattr(g, "identifier", g) or "")) for s, p, o, g in quads
            )
        return cls((str(s), str(p), _rdflib_term(o), "") for s, p, o in graph)

    @classmethod
    def from_oxigraph(cls, store: Any) -> GraphIndex:
        """Index every quad of a pyoxigraph ``Store``."""
        return cls(
            (
                str(_oxigraph_term(q.subject)),
                str(q.predicate.value),
                _oxigraph_term(q.object),
                str(getattr(q.graph_name, "value", "")),
            )
            for q in store.quads_for_pattern(None, None, None, None)
        )

    def _below(self, cls: str) -> set[str]:
        found = {cls}
        frontier = [cls]
        while frontier:
            for sub, predicate in self.into.get(frontier.pop(), []):
                if predicate == SUBCLASS and sub not in found:
                    found.add(sub)
                    frontier.append(sub)
        return found

    def objects(self, subject: Any, predicate: Any) -> list[Term]:
        """Return the objects of ``subject`` through ``predicate`` (the protocol ``label_of`` reads)."""
        return self.out.get(str(subject), {}).get(str(predicate), [])

    def one(self, subject: str, predicate: Any) -> Term | None:
        """Return the first object of ``subject`` through ``predicate``, or None."""
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def value(self, subject: str, predicate: Any) -> str:
        """Return the first object's text (an IRI or a literal's value), or ""."""
        found = self.one(subject, predicate)
        return str(found) if found is not None else ""

    def iris(self, subject: str, predicate: Any) -> list[str]:
        """Return the IRI objects of ``subject`` through ``predicate``."""
        return [o for o in self.objects(subject, predicate) if isinstance(o, str)]

    def types(self, subject: str) -> list[str]:
        """Return the classes of ``subject``."""
        return self.iris(subject, TYPE)

    def label(self, node: str, lang: str) -> str:
        """Return the ``lang`` label of ``node``, the other language's as fallback, then its id."""
        key = (node, lang)
        if key not in self._labels:
            self._labels[key] = self._label(node, lang)
        return self._labels[key]

    def _label(self, node: str, lang: str) -> str:
        if self.objects(node, LABEL):
            return label_of(self, node, lang)
        preferred = self.objects(node, SKOS.prefLabel)
        if preferred:
            return next((str(p) for p in preferred if isinstance(p, Lit) and p.lang == lang), str(preferred[0]))
        return entity_id(node).rsplit("/", 1)[-1]

    def is_fact(self, node: str) -> bool:
        """Return whether ``node`` is a fact (an instance of a subclass of ``hg:Fact``)."""
        return any(t in self.fact_classes for t in self.types(node))

    def is_entity(self, node: str) -> bool:
        """Return whether ``node`` has a profile: a labelled, typed IRI under ``id/`` that is not a fact or term."""
        if node not in self._entities:
            self._entities[node] = self._is_entity(node)
        return self._entities[node]

    def _is_entity(self, node: str) -> bool:
        if not node.startswith(ID) or entity_id(node).split("/", 1)[0] in ENTITY_EXCLUDED:
            return False
        if "/fact/" in node or not self.objects(node, LABEL):
            return False
        types = self.types(node)
        return bool(types) and not any(t in NOT_ENTITY_TYPES or t in self.fact_classes for t in types)

    def entities(self) -> list[str]:
        """Return every entity with a profile, sorted by IRI."""
        return sorted(s for s in self.out if self.is_entity(s))

    def sources(self) -> list[str]:
        """Return every source document and dataset, sorted by IRI."""
        kinds = {str(HG.SourceDocument), str(HG.Dataset)}
        return sorted(s for s in self.out if s.startswith(ID + "source/") and set(self.types(s)) & kinds)

    def facts_naming(self, node: str) -> list[str]:
        """Return the facts that name ``node`` in any role, sorted by IRI."""
        return sorted({s for s, _ in self.into.get(node, []) if self.is_fact(s)})

    def facts_citing(self, source: str) -> list[str]:
        """Return the facts derived from ``source``, sorted by IRI."""
        derived = "http://www.w3.org/ns/prov#wasDerivedFrom"
        return sorted({s for s, p in self.into.get(source, []) if p == derived and self.is_fact(s)})

    def triples_of(self, subject: str) -> Iterator[tuple[str, str, Term]]:
        """Yield the triples whose subject is ``subject``."""
        for predicate, objects in self.out.get(subject, {}).items():
            for obj in objects:
                yield subject, predicate, obj
