"""The topic a category noun carries: "premier cluster de l'industrie pharmaceutique", "biocluster in oncology".

The words after the noun ("pôle de compétitivité agroalimentaire", "pôle … en santé", "cluster of medtech") are a
theme of the actor the noun describes: the name right after it, else the name just before it (an apposition),
else the actor the clause is about. Scored below 0.8: the phrase's end is a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.context import Context, Sentence, confidence, make
from healthgraph.sources.articles.linking import Mention
from healthgraph.sources.articles.text import slug

__all__ = ["topics"]

_NOUN = (
    r"pôles? de compétitivité|pôles? d['’]attractivité et de compétitivité|pôles?|clusters?|bioclusters?"
    r"|tiers[- ]lieux?|competitiveness clusters?|filières?"
)
_TOPIC = re.compile(
    rf"\b(?P<noun>{_NOUN})\s+(?:(?:de l['’]|de la |du |des |de |d['’]|en |dans l['’]|dans la |dans le |in |of |for )"
    r"(?:l['’]|la |le |les |the )?)?(?P<topic>[\wÀ-ÿ’'-]+(?:\s+(?!(?:de|du|des|et|en|à|au|qui|dont|avec|pour|par|sur"
    r"|and|of|in|with|that|which|for)\b)[a-zà-ÿ’'-]+){0,2})",
    re.IGNORECASE,
)
# Words after the noun that are not a topic: places, ranks, sizes, articles, verbs.
_NOT_TOPICS = re.compile(
    r"^(?:français|française|européen|européenne|mondial|mondiale|national|nationale|international|internationale"
    r"|régional|régionale|interrégional|bi-régional|unique|premier|première|le|la|les|un|une|est|a|sont|ont|ce"
    r"|cette|qui|dont|french|european|national|leading|first|is|has|the|a|an|d|l|de|labellisé|labellisés|créé"
    r"|lauréat|lauréats|compétitivité|membre|membres|[a-zà-ÿ-]+(?:ais|aise|ois|oise|ien|ienne)|\d+)$",
    re.IGNORECASE,
)


def _described(ctx: Context, sentence: Sentence, start: int, end: int) -> Mention | None:
    """Return the actor a category noun at ``start``-``end`` describes."""
    after = sentence.after(end, lambda m: not m.is_person and m.origin != "group", within=3)
    if after is not None:
        return after
    before = sentence.before(start, lambda m: not m.is_person)
    if before is not None and start - before.end <= 40:
        return before
    return ctx.subject_before(sentence, start)[0]


def topics(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield the topic of each category noun as a low-score theme of the actor it describes."""
    for match in _TOPIC.finditer(sentence.text):
        topic = match.group("topic").strip(" -’'")
        first = topic.split()[0] if topic else ""
        if (
            not topic
            or _NOT_TOPICS.match(first)
            or (first[:1].isupper() and len(topic.split()) == 1 and "-" not in topic)
        ):
            continue
        start, end = sentence.start + match.start(), sentence.start + match.end()
        subject = _described(ctx, sentence, start, end)
        if subject is None:
            continue
        linked = [
            m
            for m in sentence.mentions
            if m.category == "theme" and sentence.start + match.start("topic") <= m.start < end
        ]
        values = {"relation": "focus", "subject": subject.ref, "object": linked[0].ref if linked else slug(topic),
                  "role": ""}  # fmt: skip
        yield make("theme", sentence, (start, end), "theme-topic", confidence(0.6, subject), values,
                   {"subject": subject, "object": topic}, "works_on")  # fmt: skip
