"""Sources: external data brought into the graph, each in its own named graph, reconciled with the curated entities.

Modules: ``anr`` (the ANR France 2030/PIA project and partner tables), ``reconcile`` (the reviewable crosswalk of
spellings), ``rdf_files`` (RDF files read strictly). Depends on: the core modules only.
"""

__all__: list[str] = []
