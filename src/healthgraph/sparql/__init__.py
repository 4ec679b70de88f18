"""SPARQL: stored and ad-hoc queries on rdflib, Oxigraph or a remote endpoint, their results, and the endpoint.

Stage API: :func:`~healthgraph.sparql.session.open_session` (a backend, the stored queries and the name index),
with ``query`` (stored queries, parameter binding), ``backends`` (rdflib, Oxigraph, remote), ``names`` (an entity
by any of its names), ``results`` (the W3C result formats), ``display`` (tables and CSV for people), ``publish``
(loading a triple store) and ``endpoint/`` (the SPARQL 1.1 Protocol server). Depends on: the core modules,
``curation`` (to build the graph it queries).
"""

__all__: list[str] = []
