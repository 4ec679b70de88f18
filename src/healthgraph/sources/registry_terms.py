"""Registry terms: the statements a registry record gives the node it describes.

Typed identifiers (``hg:ror``, ``hg:wikidata``, ``hg:grid``, ``hg:isni``, ``hg:fundref``, ``hg:finess``), links
to the external IRIs (``skos:exactMatch`` and ``schema:sameAs`` to https://ror.org/... and
http://www.wikidata.org/entity/Q...), and the registry entry: a fact node (``hg:RegistryEntry``) that names the
record, its file line and the dataset, so that every statement made from the record cites its source.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from healthgraph.namespaces import DCTERMS, HG, HGID, PROV, RDF, SDO, SKOS
from healthgraph.sources.registry import RegistryRecord

__all__ = ["EXTERNAL", "PROPERTIES", "entry_iri", "entry_triples", "identifier_triples"]

PROPERTIES = {
    "ror": HG.ror,
    "wikidata": HG.wikidata,
    "grid": HG.grid,
    "isni": HG.isni,
    "fundref": HG.fundref,
    "finess": HG.finess,
    "siren": HG.siren,
}
EXTERNAL = {"ror": "https://ror.org/", "wikidata": "http://www.wikidata.org/entity/"}
Triple = tuple[Node, Node, Node]


def entry_iri(registry: str, record: str) -> URIRef:
    """Return the IRI of the registry entry of ``record`` (``registry`` is ``ror`` or ``finess``).

    >>> str(entry_iri("ror", "00pg5jh14"))
    'https://w3id.org/healthgraph/id/ror/entry/00pg5jh14'
    """
    return HGID[f"{registry}/entry/{record}"]


def identifier_triples(node: URIRef, record: RegistryRecord) -> list[Triple]:
    """Return the typed identifiers of ``record`` on ``node`` and the links to the external IRIs."""
    triples: list[Triple] = []
    for scheme, values in sorted(record.identifiers.items()):
        prop = PROPERTIES.get(scheme)
        if prop is None:
            continue
        for value in values:
            triples.append((node, prop, Literal(value)))
            if scheme in EXTERNAL:
                external = URIRef(EXTERNAL[scheme] + value)
                triples += [(node, SKOS.exactMatch, external), (node, SDO.sameAs, external)]
    return triples


def entry_triples(registry: str, node: URIRef, record: RegistryRecord, path: Path, source: URIRef) -> list[Triple]:
    """Return the registry entry of ``record`` about ``node``: record id, ``file:line`` and the dataset."""
    entry = entry_iri(registry, record.record)
    return [
        (entry, RDF.type, HG.RegistryEntry),
        (entry, HG.subject, node),
        (entry, DCTERMS.identifier, Literal(record.record)),
        (entry, HG.locator, Literal(f"{path.name}:{record.line}")),
        (entry, PROV.wasDerivedFrom, source),
    ]
