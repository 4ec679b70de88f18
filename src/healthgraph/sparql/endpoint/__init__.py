"""Endpoint: a read-only SPARQL 1.1 Protocol server with deadlines, row limits, CORS and offline pages.

Stage API: :class:`Endpoint` (screen, then run a query in a confined worker under a deadline), :func:`serve` and
:func:`make_server` (the HTTP server), :class:`Pages` (the query page and entity pages), :func:`memory_store`.
Modules: ``screening`` (what a query names outside the store), ``execution`` (what a worker does with a query or
a page, and the limits), ``pool`` (pre-started workers, killed at a deadline and replaced), ``writers`` (results
written by pyoxigraph within the row and byte limits), ``server`` (HTTP), ``pages`` (HTML), ``logs``, ``replies``.
Depends on: ``sparql`` (query, results), ``namespaces``, ``html``.
"""

from healthgraph.sparql.endpoint.execution import DatasetSpec, Endpoint, Limits, cut_network, memory_store
from healthgraph.sparql.endpoint.pages import Pages
from healthgraph.sparql.endpoint.replies import Reply
from healthgraph.sparql.endpoint.server import MAX_BODY, make_server, serve

__all__ = [
    "MAX_BODY",
    "DatasetSpec",
    "Endpoint",
    "Limits",
    "Pages",
    "Reply",
    "cut_network",
    "make_server",
    "memory_store",
    "serve",
]
