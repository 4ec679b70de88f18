"""Network: the RDF graph projected into networkx views, and the analyses run on them (no RDF past projection).

Stage API: :func:`project` (RDF -> a networkx view), :func:`centrality`, :func:`brokers`, :func:`communities`,
:func:`paths`, :func:`ego`, :func:`find_node`, :func:`predecessors`, :func:`successors`,
:func:`succession_notice` (renamings and mergers followed); :func:`scores_to_rdf` writes results back as RDF
observations and :func:`write_reports` writes the standard tables to ``out/reports``.
Depends on: ``namespaces``, ``terms``, ``labels``, ``memory``, ``files``.
"""

from healthgraph.network.centrality import MEASURES, SAMPLED_SOURCES, SAMPLING_LIMIT, SEED, centrality
from healthgraph.network.conversion import to_igraph
from healthgraph.network.groups import brokers, communities
from healthgraph.network.history import predecessors, resolution_notice, succession_notice, successors
from healthgraph.network.paths import NoPath, Step, UnknownName, ego, ego_change, find_node, paths
from healthgraph.network.projection import VIEWS, EdgeFact, date_bounds, project

__all__ = [
    "MEASURES",
    "SAMPLED_SOURCES",
    "SAMPLING_LIMIT",
    "SEED",
    "VIEWS",
    "EdgeFact",
    "NoPath",
    "Step",
    "UnknownName",
    "brokers",
    "centrality",
    "communities",
    "date_bounds",
    "ego",
    "ego_change",
    "find_node",
    "paths",
    "predecessors",
    "project",
    "resolution_notice",
    "succession_notice",
    "successors",
    "to_igraph",
]
