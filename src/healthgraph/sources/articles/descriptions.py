"""Patterns describing one actor: its kind ("le pôle de compétitivité X"), where it is, what it works on."""

from __future__ import annotations

import re
from collections.abc import Iterator

from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.context import Context, Sentence, confidence, enumeration, make
from healthgraph.sources.articles.linking import Mention
from healthgraph.sources.articles.text import slug

__all__ = ["TYPES_PATTERN", "TYPE_WORDS", "regions", "themes", "types"]

# Category nouns (French and English) → the records' entity kinds.
TYPE_WORDS: dict[str, str] = {
    "pôle de compétitivité": "pole", "pôle d'attractivité et de compétitivité": "pole", "pôle": "pole",
    "competitiveness cluster": "pole", "biocluster": "biocluster", "cluster": "network", "réseau": "network",
    "network": "network", "association loi de 1901": "association", "association loi 1901": "association",
    "association": "association", "agence": "agency", "agency": "agency", "société": "company",
    "entreprise": "company", "company": "company", "groupe": "company", "industriel": "company",
    "start-up": "startup", "startup": "startup", "jeune pousse": "startup", "pme": "sme", "tiers-lieu": "tiers-lieu",
    "tiers lieu": "tiers-lieu",
    "groupement d'intérêt public": "organisation", "gip": "organisation", "consortium": "organisation",
    "fondation": "organisation", "institut": "research", "laboratoire": "research", "université": "university",
    "university": "university", "hôpital": "hospital", "chu": "hospital", "hospital": "hospital",
    "programme": "programme", "plan": "programme", "appel à projets": "funding-programme", "projet": "project",
    "project": "project", "fonds": "funder",
}  # fmt: skip
TYPES_PATTERN = "|".join(sorted((re.escape(w).replace("'", "['’]") for w in TYPE_WORDS), key=len, reverse=True))
_TYPES = TYPES_PATTERN
_BEFORE = re.compile(
    rf"(?:\b(?:le|la|les|l['’]|the|du|au|de la|de l['’])\s*)(?P<type>{_TYPES})s?"
    r"(?:\s+(?!(?:de|du|des|et|en|à|au|aux|d)\b)[a-zéèêà]+)?\s*$",
    re.I,
)
_AFTER = re.compile(
    rf"^(?:,\s*|\s+(?:est|était|is|was|devient|became|becomes)\s+(?:(?:en|in) \d{{4}}\s+)?)"
    rf"(?:(?:le|la|l['’]|un|une|a|an|the)\s+)?"
    rf"(?:premi(?:er|ère)\s+|seul(?:e)?\s+|first\s+|leading\s+)?(?P<type>{_TYPES})s?\b",
    re.IGNORECASE,
)
_LOCATED = re.compile(
    r"\b(?:basée?s?|située?s?|implantée?s?|installée?s?|domiciliée?s?|localisée?s?) (?:à|au|en|dans)\s|"
    r"\bsiège (?:social )?(?:est |se trouve )?(?:situé )?(?:à|au|en)\s|\b(?:based|located|headquartered) in\s",
    re.IGNORECASE,
)
_PAREN_PLACE = re.compile(r"^\s*\((?P<place>[A-ZÀ-Ý][\w'’ -]{1,40}(?:\s*[–/-]\s*[A-ZÀ-Ý][\w'’ -]{1,30})*)\)")
_COVERS = re.compile(
    r"(?:\b(?:en|de la|dans la|dans le|dans les|sur les|sur la|of the|in the|across)\s+(?:régions?\s+|territoires?\s+)?"
    r"|\b(?:d['’]|en\s|in\s)|\br[ée]gions?\s*[(:]\s*|(?:inter|bi-?|tri-?)régional(?:e)?\s*:?\s*|régional\s"
    r"|[–,]\s|\set\s)$",
    re.IGNORECASE,
)
_CITY = re.compile(r"\b(?:à|in|at)\s$")
_THEME = re.compile(
    r"\b(?:dédiée?s? (?:à la |à l['’]|aux |au |à )|spécialisée?s? (?:dans (?:la |le |les |l['’])?|en )|"
    r"consacrée?s? (?:à la |à l['’]|aux |au |à )|(?:axes?|domaines?|thématiques?|DAS|filières?|marchés?"
    r"|areas?|fields?|focus(?:es)?|sectors?|domains?"
    r"|markets?|priorities|themes?)"
    r"(?: stratégiques?| d['’]activités?(?: stratégiques?)?| d['’]excellence| thérapeutiques?)?"
    r"(?: (?:du|de la|de l['’]|of the|of) [^.;:,]{2,50}?)?"
    r"\s*(?:que sont |sont |: |:|suivants ?: |, à savoir |are |include )(?:les |la |le |l['’]|the )?|"
    r"\bvisent? (?:le développement d['’]|le |la )|\bentend proposer |\baims? at |"
    r"(?:s['’]étend|s['’]ouvre|s['’]élargit) (?:au |aux |à la |à l['’]|à )(?:marché (?:du |de la |des )?)?|"
    r"(?:dedicated|devoted) to (?:the )?|speciali[sz]ed in |focus(?:es|ed)? on (?:the )?|works? on (?:the )?|"
    r"\ben faveur (?:des |de la |de l['’]|du )|\bœuvr(?:e|ons|ent) (?:à|pour) (?:la |le |l['’]|les )?|"
    r"\bcentrée?s? sur (?:les |la |le |l['’])?|\bdans les domaines (?:de la |de l['’]|des |du |de )|"
    r"\bin the fields? of (?:the )?)",
    re.IGNORECASE,
)
_SPLIT = re.compile(
    r"\s*(?:,|;|\bet\b|\band\b|\bainsi que\b)\s*(?:à la |à l['’]|aux |au |à )?"
    r"(?:les |la |le |l['’]|des |du |de la |the )?",
    re.I,
)
_STOP = re.compile(
    r"[.;:()\[\]!?]|\s[-–]\s|\b(?:afin|pour|qui|dont|avec|with|which|that|grâce|regroupe|rassemble|compte|réunit"
    r"|est|sont|a|ont|is|are|has|have)\b"
)


_FORM = re.compile(rf"\b(?:sous la|pris la|prend la|took the|takes the) forme d['’](?:une? )?(?P<type>{_TYPES})", re.I)


def _form_types(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield kinds stated as a form: "créé sous la forme d'une association", "a pris la forme d'un GIP"."""
    for match in _FORM.finditer(sentence.text):
        cue = sentence.start + match.start()
        subject, certainty = ctx.main_before(sentence, cue)
        if subject is None:
            subject, certainty = sentence.after(sentence.start + match.end(), within=60), 0.8
        if subject is None:
            continue
        noun = match.group("type").lower().replace("’", "'")
        values = {"id": subject.ref, "kind": TYPE_WORDS.get(noun, "organisation"), "label_fr": subject.surface}
        span = (cue, sentence.start + match.end())
        score = confidence(0.85 * certainty, subject)
        yield make("type", sentence, span, "type-form", score, values, {"subject": subject, "object": noun}, "is_a")


_LISTED = re.compile(
    rf"\b(?:les|des|plusieurs|nos|ses|leurs|the|several|our|its|\d+|deux|trois|quatre|cinq|two|three|four|five)\s+"
    rf"(?P<type>{_TYPES})[sx]?\b[^:.;()]{{0,45}}:\s*",
    re.IGNORECASE,
)


def _listed_types(sentence: Sentence) -> Iterator[Candidate]:
    """Yield the kind of each actor listed after a plural category noun and a colon ("trois tiers-lieux : A, B")."""
    for match in _LISTED.finditer(sentence.text):
        noun = match.group("type").lower().replace("’", "'")
        kind = TYPE_WORDS.get(noun, "organisation")
        for item in enumeration(sentence, sentence.start + match.end()):
            values = {"id": item.ref, "kind": kind, "label_fr": item.surface}
            yield make("type", sentence, (sentence.start + match.start(), item.end), "type-list",
                       confidence(0.75, item), values, {"subject": item, "object": noun}, "is_a")  # fmt: skip


def types(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield an actor's kind from a category noun before its name, in apposition after it, or as its form."""
    yield from _form_types(ctx, sentence)
    yield from _listed_types(sentence)
    for mention in sentence.actors():
        if mention.origin == "anaphora":
            yield from _generic_type(mention, sentence)
            continue
        head = sentence.text[: mention.start - sentence.start]
        tail = sentence.text[mention.end - sentence.start :]
        match = _BEFORE.search(head[-60:]) or _AFTER.match(tail)
        if match is None:
            continue
        noun = match.group("type").lower().replace("’", "'")
        kind = TYPE_WORDS.get(noun, "organisation")
        plural = match.group(0).rstrip().lower().startswith("les") and match.re is _BEFORE
        for item in [mention, *(enumeration(sentence, mention.start)[1:] if plural else [])]:
            values = {"id": item.ref, "kind": kind, "label_fr": item.surface}
            yield make("type", sentence, (item.start, item.end), "type", confidence(0.9, item), values,
                       {"subject": item, "object": noun}, "is_a")  # fmt: skip


def _generic_type(mention: Mention, sentence: Sentence) -> Iterator[Candidate]:
    """Yield the main actor's kind from a generic noun ("le pôle de compétitivité a présenté…": a pôle)."""
    kind = TYPE_WORDS.get(mention.kind)
    if kind is None or mention.kind in ("structure", "groupement"):
        return
    values = {"id": mention.ref, "kind": kind, "label_fr": mention.surface}
    yield make("type", sentence, (mention.start, mention.end), "type-generic", confidence(0.75, mention), values,
               {"subject": mention, "object": mention.kind}, "is_a")  # fmt: skip


def _place_values(ref: str, category: str) -> dict[str, str]:
    return {"regions": ref} if category == "region" else {"location": ref}


def regions(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield where an actor is: "X (Montpellier)", "basée à Y", "siège à Y", "en région Z"."""
    for mention in sentence.actors():
        match = _PAREN_PLACE.match(sentence.text[mention.end - sentence.start :])
        if match is None or mention.is_person or match.group("place").strip().isupper():
            continue
        place = match.group("place").strip()
        inside = [m for m in sentence.mentions if mention.end <= m.start and m.end <= mention.end + match.end() + 1]
        if any(m.category in ("entity", "person", "theme") for m in inside):
            continue
        found = [p for p in inside if p.category in ("region", "place")]
        ref, category = (found[0].ref, found[0].category) if len(found) == 1 else (slug(place), "place")
        values = {"id": mention.ref, **_place_values(ref, category)}
        yield make("region", sentence, (mention.start, mention.end + match.end()), "region-paren",
                   confidence(0.85, mention, found[0] if len(found) == 1 else None), values,
                   {"subject": mention, "object": place}, "located_in")  # fmt: skip
    yield from _place_regions(ctx, sentence)


_REGIONS_CUE = re.compile(r"\br[ée]gions?\s*[(:]\s*$", re.IGNORECASE)
_RUN = re.compile(r"^\s*(?:,|;|et|and|–|-|/|à)?\s*(?:(?:à |et )?(?:la |le |l['’]|les |the ))?$", re.IGNORECASE)


def _place_regions(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield "basée à Y", "en région Z", and each region of a list after the cue ("trois régions (A, B, C)")."""
    previous: tuple[Mention, Mention, float, str] | None = None  # place, subject, certainty, relation
    for place in sentence.places():
        head = sentence.text[max(0, place.start - sentence.start - 30) : place.start - sentence.start]
        located = _LOCATED.search(head) or (place.category == "place" and _CITY.search(head))
        covers = _COVERS.search(head) if place.category == "region" else _REGIONS_CUE.search(head)
        listed = previous is not None and _RUN.match(ctx.text[previous[0].end : place.start])
        subject: Mention | None
        if listed and previous is not None:
            subject, certainty, relation = previous[1], previous[2] * 0.95, previous[3]
        elif located or covers:
            cue = located or covers
            subject, certainty = ctx.subject_before(sentence, place.start - len(head) + (cue.start() if cue else 0))
            relation = "located_in" if located else "covers_region"
        else:
            continue
        if subject is None or subject.is_person:
            continue
        previous = (place, subject, certainty, relation)
        values = {"id": subject.ref, **_place_values(place.ref, place.category)}
        base = 0.85 if relation == "located_in" else 0.6
        yield make("region", sentence, (place.start - len(head), place.end), f"region-{relation}",
                   confidence(base * certainty, subject, place), values,
                   {"subject": subject, "object": place}, relation)  # fmt: skip


_SINGLE = re.compile(
    r"dédi|spéciali|consacr|vise|entend|aim|dedicat|devot|focus|work|étend|ouvre|élargit|faveur|œuvr|centr", re.I
)
_VERB = re.compile(
    r"\s(?:et|and)\s+\w+(?:ant|ing)\b|,\s*(?:il|elle|qui|regroupe|rassemble|compte|réunit|is|has|which)\b", re.I
)


def _phrases(sentence: Sentence, start: int, single: bool, limit: int) -> Iterator[tuple[int, int]]:
    """Yield the offsets of the phrases listed from ``start`` to ``limit`` (the next actor's name)."""
    rest = sentence.text[start - sentence.start : limit - sentence.start]
    stop = _STOP.search(rest)
    rest = rest[: stop.start()] if stop else rest
    cut = _VERB.search(rest) if single else None
    rest = rest[: cut.start()] if cut else rest
    cursor = 0
    for part in [*_SPLIT.finditer(rest), None]:
        end = part.start() if part else len(rest)
        words = rest[cursor:end].strip()
        if len(words) > 2 and len(words.split()) <= 8:
            offset = start + cursor + (len(rest[cursor:end]) - len(rest[cursor:end].lstrip()))
            yield offset, offset + len(words)
        cursor = part.end() if part else len(rest)


def _theme_subject(ctx: Context, sentence: Sentence, cue: int) -> tuple[Mention | None, float]:
    """Return the actor just before the cue ("BOpEx, dédié à…"), else the sentence's main actor."""
    last = sentence.before(cue, lambda m: not m.is_person)
    if last is not None and cue - last.end <= 3:
        return last, 1.0
    return ctx.main_before(sentence, cue)


def themes(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield what an actor works on: the phrases after "dédié à", "spécialisé dans", "ses axes sont"."""
    for match in _THEME.finditer(sentence.text):
        cue = sentence.start + match.start()
        inner = [m for m in sentence.actors() if cue <= m.start and m.end <= sentence.start + match.end()]
        subject, certainty = (inner[0], 1.0) if inner else _theme_subject(ctx, sentence, cue)
        if subject is None:
            continue
        single = bool(_SINGLE.search(match.group(0)))
        after = sentence.start + match.end()
        limit = min([m.start for m in sentence.actors() if m.start >= after] + [sentence.end])
        for start, end in _phrases(sentence, after, single, limit):
            phrase = ctx.text[start:end]
            linked = [m for m in sentence.mentions if m.category == "theme" and start <= m.start and m.end <= end]
            theme = linked[0].ref if linked and len(phrase.split()) <= 6 else ""
            values = {"relation": "focus", "subject": subject.ref, "object": theme or slug(phrase), "role": ""}
            score = confidence((0.85 if theme else 0.7) * certainty, subject)
            yield make("theme", sentence, (cue, end), "theme", score, values,
                       {"subject": subject, "object": " ".join(phrase.split()[:8])}, "works_on")  # fmt: skip
