"""What the patterns see of a document: its sentences, with the mentions and dates found in each."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.dates import DateMention
from healthgraph.sources.articles.linking import Mention

__all__ = ["FIRST_PERSON", "Context", "Sentence", "confidence", "enumeration", "listing", "make"]

_PLACE_CATEGORIES = ("region", "place")
# A clause in the first person is about the organisation the text speaks for (its main actor).
FIRST_PERSON = re.compile(r"\b(?:nous|we)\b", re.IGNORECASE)
# A sentence opening on a participle is about the last actor of the sentence before ("… l'AFPC. Créée en 2013, …").
_PARTICIPLE = re.compile(
    r"^\W*(?:créée?s?|fondée?s?|lancée?s?|née?s?|basée?s?|située?s?|implantée?s?|labellisée?s?|installée?s?"
    r"|founded|created|launched|based|located|set up)\b",
    re.IGNORECASE,
)


@dataclass
class Sentence:
    """A sentence of the document (offsets), with the mentions and dates inside it."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    def actors(self) -> list[Mention]:
        """Return the mentions of organisations and people (not themes, regions or places)."""
        return [m for m in self.mentions if m.category not in ("theme", *_PLACE_CATEGORIES) and m.origin != "inner"]

    def before(self, pos: int, keep: Callable[[Mention], bool] | None = None) -> Mention | None:
        """Return the last actor ending before ``pos`` (document offset)."""
        found = [m for m in self.actors() if m.end <= pos and (keep is None or keep(m))]
        return found[-1] if found else None

    def after(self, pos: int, keep: Callable[[Mention], bool] | None = None, within: int = 80) -> Mention | None:
        """Return the first actor starting after ``pos`` and within ``within`` characters."""
        for m in self.actors():
            if pos <= m.start <= pos + within and (keep is None or keep(m)):
                return m
        return None

    def places(self) -> list[Mention]:
        """Return the mentions of regions and places."""
        return [m for m in self.mentions if m.category in _PLACE_CATEGORIES]

    def date_near(self, pos: int, end: int, span: int = 40) -> DateMention | None:
        """Return the date written just after ``end`` (within ``span``), else the one just before ``pos``."""
        following = [d for d in self.dates if end <= d.start <= end + span]
        if following:
            return following[0]
        preceding = [d for d in self.dates if pos - span <= d.end <= pos]
        return preceding[-1] if preceding else None


_GAP = re.compile(
    r"[\s,;:–-]*(?:(?:et|and|ou|or|ainsi que)\s+)?(?:l[ae']\s*|les\s+|the\s+)?"
    r"(?:\([^)]*\)[\s,;–-]*)?(?:[a-zà-ÿ][^A-ZÀ-Ý.;:()]{0,70},\s*)?(?:(?:et|and)\s+)?"
    r"(?:(?:de la|de l['’]|du|des|de)\s*)?"
    r"(?:l[ae'’]\s*|les\s+|the\s+)?(?:(?:association|société|entreprise|biocluster|cluster|pôle|start-up|agence|fondation"
    r"|université|réseau|groupe|company|agency|university)\s+)?"
)


def enumeration(sentence: Sentence, pos: int, stop: int | None = None) -> list[Mention]:
    """Return the actors listed from ``pos``: names separated by commas, "et", "and", dashes, short appositions."""
    listed: list[Mention] = []
    cursor = pos
    for m in sentence.actors():
        if m.start < pos or (stop is not None and m.start >= stop):
            continue
        gap = sentence.text[cursor - sentence.start : m.start - sentence.start]
        if listed and not _GAP.fullmatch(gap):
            break
        if not listed and len(gap) > 60:
            break
        listed.append(m)
        cursor = m.end
    return listed


_LIST_GAP = re.compile(  # case matters: an apposition is lower-case words
    r"[\s,;:()–-]*(?i:(?:et|ou|and|or|et/ou|and/or)\s+)?(?i:(?:par|by|de|du|des)\s+)?(?i:l[ae'’]\s*|les\s+|the\s+)?"
    r"(?:[a-zà-ÿ][^A-ZÀ-Ý.;:()]{0,50}[,(]\s*)?(?i:l[ae'’]\s*|les\s+|the\s+)?"
)
_ASIDE = re.compile(r"\([^()]*\)")
_FIRST_LIST_GAP = 40


def listing(sentence: Sentence, pos: int) -> list[Mention]:
    """Return the actors listed from ``pos``, with those in asides and after "et/ou par" ("A (B, C), et de D")."""
    listed: list[Mention] = []
    cursor = pos
    for m in sentence.actors():
        if m.start < pos:
            continue
        gap = _ASIDE.sub(" ", sentence.text[cursor - sentence.start : m.start - sentence.start])
        if m.origin in ("caps", "model") and gap.count("(") > gap.count(")"):
            continue  # an unknown name in an aside ("(ex-Grand Emprunt)")
        if (listed and not _LIST_GAP.fullmatch(gap)) or (not listed and len(gap) > _FIRST_LIST_GAP):
            break
        listed.append(m)
        cursor = m.end
    return listed


@dataclass
class Context:
    """A document ready for the patterns: text, article date, language, sentences and the main actor."""

    text: str
    date: str | None
    lang: str
    sentences: list[Sentence]
    topic: Mention | None = None
    found: list[Candidate] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        text: str,
        date: str | None,
        lang: str,
        spans: Iterable[tuple[int, int]],
        mentions: list[Mention],
        dates: list[DateMention],
    ) -> Context:
        """Group mentions and dates by sentence; the topic is the most mentioned linked organisation."""
        sentences: list[Sentence] = []
        paragraph = 0
        for index, (start, end) in enumerate(spans):
            if sentences and "\n" in text[sentences[-1].end : start]:
                paragraph += 1
            sentence = Sentence(index, start, end, text[start:end], paragraph)
            sentence.mentions = [m for m in mentions if start <= m.start and m.end <= end]
            sentence.dates = [d for d in dates if start <= d.start and d.end <= end]
            sentences.append(sentence)
        counts = Counter(m.ref for m in mentions if m.category == "entity" and not m.is_person)
        topic = None
        if counts:
            ref = counts.most_common(1)[0][0]
            topic = next(m for m in mentions if m.ref == ref)
        return cls(text, date, lang, sentences, topic)

    def main_before(self, sentence: Sentence, pos: int) -> tuple[Mention | None, float]:
        """Return the first actor of the sentence the graph knows (before ``pos``), else as ``subject_before``."""
        linked = [m for m in sentence.actors() if m.end <= pos and not m.is_person and m.target is not None]
        if linked:
            return linked[0], 1.0
        return self.subject_before(sentence, pos)

    def subject_before(self, sentence: Sentence, pos: int) -> tuple[Mention | None, float]:
        """Return the actor a clause at ``pos`` is about and a confidence: in the sentence, else the topic."""
        found = sentence.before(pos, lambda m: not m.is_person)
        if found is not None:
            return found, 1.0
        if self.topic is not None and FIRST_PERSON.search(sentence.text[: pos - sentence.start]):
            return self.topic, 0.8
        if sentence.index > 0 and _PARTICIPLE.match(sentence.text):
            last = [m for m in self.sentences[sentence.index - 1].actors() if not m.is_person]
            if last:
                return last[-1], 0.9
        for earlier in self.sentences[: sentence.index]:
            if earlier.paragraph == sentence.paragraph:
                first = [m for m in earlier.actors() if not m.is_person]
                if first:
                    return first[0], 0.8
        return self.topic, 0.7


_LINK_WEIGHT = {"graph": 1.0, "fuzzy": 0.92, "cue": 0.85, "model": 0.75, "caps": 0.6, "anaphora": 0.9, "group": 0.75}


def confidence(base: float, *mentions: Mention | None) -> float:
    """Return ``base`` lowered for each mention the graph does not know (or knows only by a near match)."""
    score = base
    for mention in mentions:
        if mention is not None:
            score *= _LINK_WEIGHT.get(mention.origin, 0.7) * (1.0 if not mention.alternatives else 0.8)
    return score


def make(
    kind: str,
    sentence: Sentence,
    span: tuple[int, int],
    rule: str,
    score: float,
    values: dict[str, str],
    names: dict[str, Mention | str | None],
    relation: str = "",
) -> Candidate:
    """Return a candidate of ``sentence`` covering ``span``, naming its parties by at most a few words."""
    shown = {k: (v.surface if isinstance(v, Mention) else v)[:80] for k, v in names.items() if v}
    start, end = max(span[0], sentence.start), min(span[1], sentence.end)
    return Candidate(kind, values, start, max(start, end), sentence.index, rule, score, shown, relation)
