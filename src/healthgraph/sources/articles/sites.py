"""Where an actor is, stated without a verb: infobox lines, sites, "X, à Limoges".

Infobox lines ("Siège Paris", "Zone d'influence Union européenne") are about the page's main actor; sites
("sur le bioparc Genopole", "au cœur du biodistrict de Gerland") about the sentence's main actor.

Scored below 0.8: the actor is read from the line's page or the sentence, not from a verb.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.context import Context, Sentence, confidence, make
from healthgraph.sources.articles.linking import Mention
from healthgraph.sources.articles.text import slug

__all__ = ["sites"]

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_NAME = rf"[{_UPPER}][\w'’-]*(?:\s+(?:de |d['’]|du |des )?[{_UPPER}][\w'’-]*|\s+[a-zé]+(?=\s*$))*"
_INFOBOX = re.compile(
    rf"^\s*(?:(?P<seat>Siège(?: social)?|Headquarters|Localisation|Location)|(?P<zone>Zone d['’]influence|Area served))"
    rf"\s*:?\s+(?P<place>{_NAME})\s*$",
)
_SITE = re.compile(  # case matters in the name: only the cue words ignore it
    r"\b(?i:sur|dans|au cœur|au sein|on|in|at)\s+(?i:le |la |l['’]|du |de la |the )?"
    r"(?P<place>(?i:bioparc|parc|campus|site|biodistrict|technopole|technopôle|quartier|park|district)"
    rf"\s+(?:de |du |d['’])?{_NAME})"
)
_AT_CITY = re.compile(rf"^,\s*(?:à|in)\s+(?P<place>[{_UPPER}][\w'’-]+)(?=[\s,.;)]|$)")


def _place(sentence: Sentence, start: int, end: int, text: str) -> tuple[str, str]:
    """Return ``(column, ref)`` of a place: a region or place the graph knows inside it, else a new place."""
    known = [m for m in sentence.mentions if m.category in ("region", "place") and start <= m.start and m.end <= end]
    if len(known) == 1 and known[0].end - known[0].start == end - start and known[0].target is not None:
        return ("regions" if known[0].category == "region" else "location"), known[0].ref
    return "location", slug(text)


def _candidate(sentence: Sentence, subject: Mention, span: tuple[int, int], place: str, column: str, ref: str,
               relation: str, rule: str) -> Candidate:  # fmt: skip
    values = {"id": subject.ref, column: ref}
    return make("region", sentence, span, rule, confidence(0.6, subject), values,
                {"subject": subject, "object": place}, relation)  # fmt: skip


def sites(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield infobox seats and zones (about the page's main actor), sites and "X, à Ville"."""
    infobox = _INFOBOX.match(sentence.text)
    if infobox and ctx.topic is not None:
        start, end = sentence.start + infobox.start("place"), sentence.start + infobox.end("place")
        column, ref = _place(sentence, start, end, infobox.group("place"))
        relation = "located_in" if infobox.group("seat") else "covers_region"
        yield _candidate(sentence, ctx.topic, (sentence.start, end), infobox.group("place"), column, ref, relation,
                         "region-infobox")  # fmt: skip
    for match in _SITE.finditer(sentence.text):
        subject, _ = ctx.main_before(sentence, sentence.start + match.start())
        if subject is not None and not subject.is_person:
            start, end = sentence.start + match.start("place"), sentence.start + match.end("place")
            yield _candidate(sentence, subject, (subject.start, end), match.group("place"), "location",
                             slug(match.group("place")), "located_in", "region-site")  # fmt: skip
    for actor in sentence.actors():
        at = _AT_CITY.match(sentence.text[actor.end - sentence.start :])
        if at is not None and not actor.is_person:
            start = actor.end + at.start("place")
            column, ref = _place(sentence, start, actor.end + at.end("place"), at.group("place"))
            yield _candidate(sentence, actor, (actor.start, actor.end + at.end()), at.group("place"), column, ref,
                             "located_in", "region-at")  # fmt: skip
