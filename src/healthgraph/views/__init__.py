"""Views: interactive, offline HTML pages of the network views, and the explorer that links them.

Modules: ``selection`` (which part of a view a page shows), ``pages`` (one self-contained vis-network page),
``explorer`` (``out/index.html``), ``templates/``; ``profiles/`` (a page per entity and source), ``i18n`` (UI
strings in English and French), ``search`` (the search box and its index), ``site`` (the static site),
``assets/``. Depends on: ``network``, ``sparql`` (the explorer's answered questions, the server's replies),
``pipeline`` (a notebook's default graph), the core modules.
"""

__all__: list[str] = []
