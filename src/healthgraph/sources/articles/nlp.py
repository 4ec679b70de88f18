"""The language models: spaCy's French pipeline (sentences and names) and a blank English one (sentences)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["Analysis", "analyse", "load_pipeline"]

_PARAGRAPH = re.compile(r"[^\n]+")
# A title before a name ("M. Dupont", "Dr. Martin") ends with a full stop that ends no sentence.
_TITLE = re.compile(r"(?:^|[\s(])(?:M|MM|Mme|Mmes|Mlle|Dr|Pr|Me|Mr|Mrs|Ms|Prof)\.$")
# A full stop, then a capital: a sentence boundary the model may miss ("2,4 M€. Medicen…"), unless "M. Durand".
_BOUNDARY = re.compile(  # not after an initial or a title ("J. Dupont", "M. Dupont", "Mme Durand")
    r"(?<![\s.(][A-Z]\.)(?<!Mme\.)(?<!Mlle\.)(?<!MM\.)(?<!Dr\.)(?<!Pr\.)(?<!Mr\.)(?<!Ms\.)(?<!Mrs\.)(?<!Prof\.)"
    r"(?<=[.!?])\s+(?=[«\"A-ZÀÂÉÈÊÎÔÛÇ])"
)


def _split(start: int, text: str) -> list[tuple[int, int]]:
    spans = []
    cursor = 0
    for match in _BOUNDARY.finditer(text):
        spans.append((start + cursor, start + match.start()))
        cursor = match.end()
    spans.append((start + cursor, start + len(text)))
    return [(a, b) for a, b in spans if b > a]


@dataclass
class Analysis:
    """Sentences (offsets) and the model's named spans ``(start, end, label)`` of a text."""

    sentences: list[tuple[int, int]]
    names: list[tuple[int, int, str]]


@functools.lru_cache(maxsize=4)
def load_pipeline(lang: str) -> Any:
    """Return the spaCy pipeline for ``lang`` (loaded once): fr_core_news_md for French, else blank + sentencizer."""
    import spacy

    if lang == "fr":
        try:
            nlp = spacy.load("fr_core_news_md", exclude=["lemmatizer", "parser", "morphologizer", "attribute_ruler"])
            nlp.enable_pipe("senter")
            return nlp
        except OSError:  # the model package is absent: sentences only
            pass
    nlp = spacy.blank(lang if lang in ("fr", "en") else "en")
    nlp.add_pipe("sentencizer")
    return nlp


def analyse(text: str, lang: str) -> Analysis:
    """Split ``text`` into sentences (never across a line break) and collect the model's named spans."""
    nlp = load_pipeline(lang)
    paragraphs = list(_PARAGRAPH.finditer(text))
    sentences: list[tuple[int, int]] = []
    names: list[tuple[int, int, str]] = []
    for paragraph, doc in zip(paragraphs, nlp.pipe(p.group(0) for p in paragraphs), strict=True):
        offset = paragraph.start()
        pieces: list[tuple[int, int]] = []
        for sent in doc.sents:
            text = paragraph.group(0)
            # the model's boundary counts only after a full stop (not before "- Ciloa, Calixar…")
            before = text[: sent.start_char].rstrip()
            if pieces and (not before.endswith((".", "!", "?", "…", "»", '"', ";")) or _TITLE.search(before)):
                pieces[-1] = (pieces[-1][0], sent.end_char)
            else:
                pieces.append((sent.start_char, sent.end_char))
        for start, end in pieces:
            if paragraph.group(0)[start:end].strip():
                sentences.extend(_split(offset + start, paragraph.group(0)[start:end]))
        names.extend((offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents)
    return Analysis(sentences, names)
