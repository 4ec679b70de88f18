"""Registry identifiers: the crosswalks' ``same`` decisions applied to the build's entities (cheap, default build).

Only the records that a ``same`` row names are read. A matched node (a curated entity, or an ANR organisation
when the ANR graph is in the build) gets the record's typed identifiers, ``skos:exactMatch`` / ``schema:sameAs``
links to the external IRIs, the record's name variants as ``skos:altLabel`` (so that every command, page and
the article extractor find the entity by them) and the registry entry citing the dataset and the record's line.
A name variant that already names another entity is left out, so that no name becomes ambiguous.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from healthgraph.curation.build import Build
from healthgraph.labels import fold
from healthgraph.namespaces import GRAPH_REGISTRY_IDENTIFIERS, HGID, RDF, RDFS, SKOS
from healthgraph.sources import finess, ror
from healthgraph.sources.registry import RegistryRecord
from healthgraph.sources.registry_crosswalk import crosswalk_for_build
from healthgraph.sources.registry_nodes import target_iri
from healthgraph.sources.registry_terms import entry_triples, identifier_triples
from healthgraph.sources.ror_records import ROR_FILE, read_ror_records

__all__ = ["REGISTRIES", "Applied", "Registry", "apply_registry_identifiers", "name_variants"]


@dataclass(frozen=True)
class Registry:
    """A registry: its name, data file, crosswalk file, reader and source node."""

    name: str
    file: str
    crosswalk: str
    read: Callable[[Path, set[str] | None], list[RegistryRecord]]
    source: URIRef


REGISTRIES = (
    Registry("ror", ROR_FILE, ror.CROSSWALK_FILE, read_ror_records, ror.SOURCE),
    Registry("finess", finess.FINESS_FILE, finess.CROSSWALK_FILE, finess.read_finess_records, finess.SOURCE),
)


@dataclass
class Applied:
    """What was applied: per registry, the nodes matched and the name variants added."""

    nodes: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    names: int = 0


def name_variants(record: RegistryRecord) -> list[str]:
    """Return the record's names in French, English or untagged (labels, aliases, acronyms), display name first."""
    names = [record.name] + [n.value for n in record.names if n.lang in ("", "fr", "en")]
    return list(dict.fromkeys(names))


def _present(build: Build, node: URIRef) -> bool:
    return next(iter(build.dataset.quads((node, RDF.type, None, None))), None) is not None


def _names(build: Build) -> dict[str, set[Node]]:
    """Folded name -> the entities (IRIs directly under ``hgid:``) carrying it, in every graph of the build."""
    taken: dict[str, set[Node]] = defaultdict(set)
    for prop in (RDFS.label, SKOS.altLabel):
        for node, _, name, _ in build.dataset.quads((None, prop, None, None)):
            if isinstance(node, URIRef) and "/" not in str(node).removeprefix(str(HGID)):
                taken[fold(str(name))].add(node)
    return taken


def _records(registry: Registry, data: Path, shared: Path) -> tuple[dict[str, list[str]], list[RegistryRecord]]:
    same = crosswalk_for_build(data / registry.crosswalk).same()
    if not same:
        return same, []
    return same, registry.read(shared / "data" / registry.file, set(same))


def _apply_record(
    g: Graph, registry: Registry, node: URIRef, record: RegistryRecord, path: Path, taken: dict[str, set[Node]]
) -> int:
    triples = identifier_triples(node, record) + entry_triples(registry.name, node, record, path, registry.source)
    added = 0
    variants = name_variants(record)
    families = {fold(n) for n in variants if _generic(n, variants)}
    for name in (n for n in variants if fold(n) not in families and _initials(n) not in families):
        holders = taken[fold(name)]
        if not holders:
            triples.append((node, SKOS.altLabel, Literal(name)))
            added += 1
        if not holders or holders == {node}:
            holders.add(node)
    g.addN((s, p, o, g) for s, p, o in triples if not _stated(g, s, p, o))
    return added


def _generic(name: str, names: list[str]) -> bool:
    """Tell whether ``name`` is the family a longer name of the record belongs to ("SATT" of "SATT Nord")."""
    words = fold(name).split()
    return any(len(other) > len(words) and other[: len(words)] == words for other in (fold(n).split() for n in names))


STOP_WORDS = {"de", "du", "des", "d", "la", "le", "les", "l", "et", "of", "the", "and", "for"}


def _initials(name: str) -> str:
    """Return the initials of a name's words, stop words left out ("Société d'Accélération du Transfert" -> "sat")."""
    words = [w for w in re.split(r"[\s'’-]+", fold(name)) if w and w not in STOP_WORDS]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _stated(g: Graph, subject: Node, predicate: Node, value: Node) -> bool:
    """Tell whether another graph of the dataset already states the triple (a curated ``ror:`` id, say)."""
    return next(iter(g.store.triples((subject, predicate, value), None)), None) is not None


def apply_registry_identifiers(build: Build, data: Path, shared: Path) -> Applied:
    """Apply the ``same`` rows of ``data``'s registry crosswalks to the nodes of ``build`` that they name.

    Statements go to the named graph ``GRAPH_REGISTRY_IDENTIFIERS``; calling again (after adding the ANR
    graph, for instance) adds what the new nodes receive and repeats nothing.
    """
    g = build.graph(GRAPH_REGISTRY_IDENTIFIERS)
    taken, applied = _names(build), Applied()
    for registry in REGISTRIES:
        same, records = _records(registry, data, shared)
        path = shared / "data" / registry.file
        for record in records:
            for node in (target_iri(t) for t in same[record.record]):
                if _present(build, node):
                    applied.names += _apply_record(g, registry, node, record, path, taken)
                    applied.nodes[registry.name].add(node)
    return applied
