"""Registry nodes: the graph node a registry record lands on (a curated entity, an ANR organisation or its own).

A crosswalk target ``curated:<id>`` is the curated entity ``hgid:<id>``; ``anr:<slug>`` is the ANR organisation
``hgid:anr/org/<slug>``. A record lands on its target only when the build holds that node (the ANR graph is
imported on demand); otherwise the importers give the record a node of its own.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef

from healthgraph.curation.build import Build
from healthgraph.namespaces import HG, HGID, RDF, RDFS
from healthgraph.sources.reconcile import normalise_name
from healthgraph.sources.registry_crosswalk import RegistryCrosswalk
from healthgraph.terms import entity_iri

__all__ = ["place_node", "resolved_nodes", "target_iri"]


def target_iri(target: str) -> URIRef:
    """Return the IRI of a crosswalk target.

    >>> str(target_iri("anr:inserm-u1234"))
    'https://w3id.org/healthgraph/id/anr/org/inserm-u1234'
    """
    scheme, _, value = target.partition(":")
    if scheme == "curated":
        return entity_iri(value)
    if scheme == "anr":
        return HGID[f"anr/org/{value}"]
    raise ValueError(f"{target!r} is not curated:<id> or anr:<slug>")


def resolved_nodes(build: Build, crosswalk: RegistryCrosswalk) -> dict[str, URIRef]:
    """Return record id -> the node of its first ``same`` target that the build holds."""
    nodes = {}
    for record, targets in crosswalk.same().items():
        for target in targets:
            iri = target_iri(target)
            if next(iter(build.dataset.quads((iri, RDF.type, None, None))), None) is not None:
                nodes[record] = iri
                break
    return nodes


def place_node(g: Graph, city: str) -> URIRef:
    """Add the place named ``city`` (as the ANR import names places) to ``g`` and return its IRI."""
    slug = re.sub(r"[^a-z0-9]+", "-", normalise_name(city)).strip("-") or "unnamed"
    place = HGID[f"place/{slug}"]
    label = city.title() if city.isupper() else city
    g.add((place, RDF.type, HG.Place))
    g.add((place, RDFS.label, Literal(label, lang="fr")))
    g.add((place, RDFS.label, Literal(label, lang="en")))
    return place
