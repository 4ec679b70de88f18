"""Articles: sourced candidate facts extracted from a text (plain text, HTML, PDF), for a curator to review.

Stage API: :func:`healthgraph.sources.articles.extract.extract` (a file and the graph -> an ``Extraction`` of
candidates with offsets, rule, score and status new/known/conflict) and :mod:`~.review` (the review CSV, in the
curated records' columns plus a decision). Steps: ``reading`` (text, header, HTML main text, PDF), ``text`` and
``nlp`` (tokens, sentences, spaCy's French pipeline), ``linking`` (every name the graph knows), ``dates``,
``amounts``, ``patterns``, ``figures``, ``events``, ``descriptions`` (the fact patterns), ``known`` (what the graph
already states), ``candidates``, ``context``. Depends on: the core modules and ``curation`` (the records' columns).
"""

__all__: list[str] = []
