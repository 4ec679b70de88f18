"""Curation: the curated records become a validated RDF dataset of named graphs, counted and exported.

Stage API: :func:`~healthgraph.pipeline.build_and_validate` and
:func:`~healthgraph.pipeline.build_graph` (the whole stage), with its steps in order:
``records`` (CSV -> typed records, errors with file:line), ``regions`` (official codes and mergers),
``build`` (records -> RDF, no file writes), ``validate`` (SHACL report), ``counts`` and ``summary``
(what was built), ``export`` (files in every RDF format), ``pipeline`` (the sequence, with the imports of
``sources`` added on request). Depends on: the core modules and ``sources``.
"""

__all__: list[str] = []
