"""Fixtures of the article extraction tests: one extractor (graph indexes, spaCy loaded once) per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph

from healthgraph.sources.articles.extract import Extraction, Extractor
from healthgraph.sources.articles.reading import Document, normalise_text


@pytest.fixture(scope="session")
def extractor(graph: Graph) -> Extractor:
    extractor = Extractor(graph)
    extractor.extract_document(Document("warm-up.txt", "Medicen compte 450 adhérents.", {"lang": "fr"}))
    return extractor


@pytest.fixture(scope="session")
def run(extractor: Extractor) -> Callable[..., Extraction]:
    """Extract from a short text written in the test (French unless ``lang`` says otherwise)."""

    def extract_text(text: str, lang: str = "fr", date: str = "2023-05-10") -> Extraction:
        return extractor.extract_document(Document("test.txt", normalise_text(text), {"lang": lang, "date": date}))

    return extract_text
