"""Profiles: one page per entity and per source, built from the graph, in English and French.

Modules: ``index`` (the graph as Python lookups), ``markup`` (links and escaped pieces), ``story`` (facts as
sentences), ``chart`` (figures over time as SVG), ``gaps`` (what is not known), ``header`` (names, kind, regions,
identifiers, predecessors and successors), ``ego`` (the ego network), ``projects`` (ANR projects), ``page``
(complete pages), ``serving`` (the server's routes), ``notebook`` (:func:`profile` for Jupyter).
Depends on: ``labels``, ``html``, ``namespaces``, ``views.i18n``, ``views.search``.
"""

from healthgraph.views.profiles.index import GraphIndex
from healthgraph.views.profiles.notebook import Profile, profile

__all__ = ["GraphIndex", "Profile", "profile"]
