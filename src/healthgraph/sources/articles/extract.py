"""Extract candidate facts from a document: the function the ``healthgraph extract`` command calls."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from healthgraph.sources.articles.anaphora import resolve_generic
from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.careers import careers
from healthgraph.sources.articles.context import Context, Sentence
from healthgraph.sources.articles.cueless import cueless
from healthgraph.sources.articles.dates import find_dates
from healthgraph.sources.articles.demonyms import demonym_mentions
from healthgraph.sources.articles.descriptions import regions, themes, types
from healthgraph.sources.articles.events import events
from healthgraph.sources.articles.figures import amounts, figures
from healthgraph.sources.articles.financed import fundings
from healthgraph.sources.articles.groups import group_mentions, labelled_mentions
from healthgraph.sources.articles.inner import inner_regions
from healthgraph.sources.articles.institutions import institution_mentions
from healthgraph.sources.articles.known import FactIndex
from healthgraph.sources.articles.linking import (
    Mention,
    NameIndex,
    alias_mentions,
    capital_mentions,
    cue_mentions,
    find_mentions,
    generic_mentions,
    model_mentions,
    place_mentions,
)
from healthgraph.sources.articles.nlp import analyse
from healthgraph.sources.articles.patterns import involvements, memberships, partnerships, posts
from healthgraph.sources.articles.proposals import known_ids, proposals
from healthgraph.sources.articles.purposes import purposes
from healthgraph.sources.articles.reading import Document, read_document
from healthgraph.sources.articles.sites import sites
from healthgraph.sources.articles.speaker import speaker_facts
from healthgraph.sources.articles.text import slug
from healthgraph.sources.articles.topics import topics
from healthgraph.sources.articles.unnamed import unnamed_mentions

__all__ = ["RULES", "Extraction", "Extractor", "extract"]

Rule = Callable[[Context, Sentence], Iterable[Candidate]]
RULES: tuple[Rule, ...] = (
    figures, amounts, fundings, memberships, partnerships, involvements, posts, events, types, regions, themes,
    purposes, cueless, speaker_facts, careers, topics, sites,
)  # fmt: skip


@dataclass
class Extraction:
    """The candidates of one document, the proposed source row, the mentions found and the time spent."""

    path: str
    source: dict[str, str]
    candidates: list[Candidate]
    mentions: list[Mention] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, dict[str, int]]:
        """Return the number of candidates by kind and status (with a ``total`` row and column)."""
        counts: dict[str, Counter[str]] = {}
        for c in self.candidates:
            counts.setdefault(c.kind, Counter())[c.status] += 1
            counts.setdefault("total", Counter())[c.status] += 1
        return {kind: {**dict(sorted(s.items())), "total": sum(s.values())} for kind, s in sorted(counts.items())}


def _short_id(text: str, limit: int = 40) -> str:
    """Cut an id to ``limit`` characters at a word boundary (never "…-alter-20" for "…-alter-2023")."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = head.rsplit("-", 1)[0] if "-" in head else ""
    return cut or text[:limit]


def _source_row(document: Document) -> dict[str, str]:
    meta = document.metadata
    title = meta.get("title") or Path(document.path).stem
    date = document.date or ""
    identifier = meta.get("source_id") or _short_id(slug(f"{Path(document.path).stem}"))
    return {
        "id": identifier,
        "kind": meta.get("kind", "article"),
        "title": title,
        "author": meta.get("author", ""),
        "date": date,
        "date_inferred": meta.get("date_inferred", ""),
        "url": meta.get("url", ""),
        "note": f"Extracted from {Path(document.path).name}; publisher: {meta.get('publisher', 'unknown')}.",
    }


def _new_entities(candidates: list[Candidate], mentions: list[Mention], source: str) -> list[Candidate]:
    columns = ("subject", "object", "person", "organisation", "funder", "beneficiary", "id", "entity")
    used = {v for c in candidates for k, v in c.values.items() if k in columns}
    proposed: dict[str, Candidate] = {}
    typed = {c.values["id"]: c.values["kind"] for c in candidates if c.kind == "type"}
    for m in mentions:
        if m.target is None and m.ref in used and m.ref not in proposed:
            values = {
                "id": m.ref,
                "kind": typed.get(m.ref, m.kind),
                "label_fr": m.surface,
                "label_en": m.surface,
                "source": source,
            }
            proposed[m.ref] = Candidate("entity", values, m.start, m.end, -1, f"entity-{m.origin}", m.score,
                                        {"subject": m.surface[:80]}, "new_entity")  # fmt: skip
    return list(proposed.values())


def _best(candidates: Iterable[Candidate]) -> list[Candidate]:
    kept: dict[tuple[str, ...], Candidate] = {}
    for c in candidates:
        key = c.key()
        if key not in kept or c.score > kept[key].score:
            kept[key] = c
    return sorted(kept.values(), key=lambda c: (c.start, c.kind))


class Extractor:
    """The graph's names and facts, indexed once, to extract from many documents."""

    def __init__(self, graph: Graph) -> None:
        """Index the names and the facts of ``graph`` (the curated build's union)."""
        self.names = NameIndex.from_graph(graph)
        self.facts = FactIndex(graph)
        self.measures, self.roles = known_ids(graph, "measure"), known_ids(graph, "role")

    def mentions(self, document: Document, spans: list[tuple[int, int, str]]) -> list[Mention]:
        """Return the document's mentions: the graph's names first, then cue words, then the model's names."""
        found = find_mentions(document.text, self.names)
        found += group_mentions(document.text, self.names, found)
        found += labelled_mentions(document.text, self.names, sorted(found, key=lambda m: m.start))
        found += cue_mentions(document.text, self.names, found)
        found += institution_mentions(document.text, self.names, found)
        found += model_mentions(spans, document.text, self.names, found)
        found += capital_mentions(document.text, found)
        found += unnamed_mentions(document.text, found)
        found = alias_mentions(document.text, sorted(found, key=lambda m: m.start))
        found = place_mentions(document.text, found)
        counts = Counter(m.ref for m in found if m.category == "entity" and not m.is_person)
        topic = next((m for m in found if counts and m.ref == counts.most_common(1)[0][0]), None)
        found += generic_mentions(document.text, topic, found)
        found = resolve_generic(document.text, found)
        found += inner_regions(document.text, self.names, found)
        return sorted(found + demonym_mentions(document.text, self.names, found), key=lambda m: m.start)

    def extract_document(self, document: Document) -> Extraction:
        """Return the candidates of ``document``, each with its status against the graph."""
        started = time.perf_counter()
        analysis = analyse(document.text, document.lang)
        mentions = self.mentions(document, analysis.names)
        dates = find_dates(document.text, document.date)
        context = Context.build(document.text, document.date, document.lang, analysis.sentences, mentions, dates)
        source = _source_row(document)
        raw = [c for sentence in context.sentences for rule in RULES for c in rule(context, sentence)]
        candidates = _best(raw)
        candidates += _new_entities(candidates, mentions, source["id"])
        candidates += proposals(candidates, self.measures, self.roles)
        for candidate in candidates:
            candidate.status, candidate.known_as = self.facts.status(candidate)
        return Extraction(document.path, source, candidates, mentions, time.perf_counter() - started)


def extract(
    path: Path | str, graph: Graph, metadata: dict[str, str] | None = None, extractor: Extractor | None = None
) -> Extraction:
    """Read ``path`` (text, HTML or PDF) and return its candidate facts against ``graph``.

    ``metadata`` overrides the document's own (keys: source_id, title, author, publisher, date, url, lang).
    Pass an ``extractor`` to reuse its indexes over several documents. Raises DocumentError for unreadable files.
    """
    document = read_document(path, metadata)
    return (extractor or Extractor(graph)).extract_document(document)
