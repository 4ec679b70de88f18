"""Views: interactive, offline HTML pages of the network views, and the explorer that links them.

Modules: ``selection`` (which part of a view a page shows), ``pages`` (one self-contained vis-network page),
``explorer`` (``out/index.html``), ``templates/``. Depends on: ``network``, ``sparql`` (the explorer's answered
questions), the core modules.
"""

__all__: list[str] = []
