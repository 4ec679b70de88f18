"""Facts a sentence states without a cue word, proposed with a low score (below 0.8) for a curator to check.

- a theme the graph knows named in an actor's sentence ("Medicen … dans l'imagerie") is a theme of that actor;
- a region named in an actor's sentence is a region it covers (in its own name: that actor's only);
- a category noun opening an actor's name ("Agence nationale de…", "Université de…") is its kind, a person
  beside a role word is a person, pôles that form a network are a network;
- the actors listed after a group and a colon ("les sept pôles : A, B et C") are its members;
- the actors listed after "réunissant", "regroupant", "bringing together" are its members.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.context import Context, Sentence, confidence, enumeration, listing, make
from healthgraph.sources.articles.descriptions import TYPE_WORDS, TYPES_PATTERN
from healthgraph.sources.articles.linking import Mention
from healthgraph.sources.articles.patterns import ROLE
from healthgraph.sources.articles.reading import fold

__all__ = ["NAME_KINDS", "cueless"]

# Category nouns that open a name ("Agence de l'innovation en santé") → the records' entity kinds.
NAME_KINDS: dict[str, str] = {
    "agence": "agency", "agency": "agency", "association": "association", "université": "university",
    "university": "university", "universite": "university", "institut": "research", "institute": "research",
    "centre hospitalier": "hospital", "hôpital": "hospital", "chu": "hospital", "fondation": "organisation",
    "région": "local-authority", "conseil régional": "local-authority", "conseil général": "local-authority",
    "conseil départemental": "local-authority", "ville": "local-authority", "communauté d'agglomération":
    "local-authority", "métropole": "local-authority", "ministère": "agency", "direction générale": "agency",
    "fonds": "funder", "banque": "funder", "gie": "organisation", "gip": "organisation", "sem": "company",
    "programme": "programme", "plan": "programme", "pôle": "pole", "réseau": "network", "label": "label",
    "stratégie": "programme", "politique": "programme", "commission": "working-group", "collège": "working-group",
    "groupe de travail": "working-group", "gt": "working-group", "comité": "organisation",
    "working group": "working-group", "committee": "organisation", "strategy": "programme",
}  # fmt: skip
_NAME_HEAD = re.compile(
    r"^(?:l['’]|le |la |les |the )?(?P<noun>"
    + "|".join(sorted((re.escape(w).replace("'", "['’]") for w in NAME_KINDS), key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_FOLDED_KINDS = {fold(w).replace("’", "'"): k for w, k in NAME_KINDS.items()}
_GATHERING = re.compile(
    r"\b(?:réunissant|regroupant|rassemblant|fédérant|associant|composée? de|constituée? de|réunit|regroupe"
    r"|rassemble|bringing together|brings together|gathering|made up of|composed of)\s+",
    re.IGNORECASE,
)
_GROUP_COLON = re.compile(r"^[^.;:()]{0,60}:\s*")
_SCORE = 0.6
_INTRODUCED = re.compile(
    rf"\b(?:un|une|a|an)\s+(?P<type>{TYPES_PATTERN})s?\b[^,.;:()]{{0,40}},\s*(?:le |la |l['’]|the )?$", re.IGNORECASE
)
_OF_MINISTRY = re.compile(r"\s+(?:du|de la|de l['’]|of the|at the)\s+")
_MINISTRY = re.compile(r"(?i:ministère|ministry|secrétariat)")
_ROLE_REACH = 40
# Labels of a list's items ("DAS1", "Axe 2") are not actors.
_HEADING = re.compile(r"(?i:das|axe|axis|domaine|domain|thème|theme|priorité|priority)\s*\d*")
_BACK = 6  # sentences: a list under a heading line ("→ DAS2 : …") is about the actor of the paragraph above
_NETWORKED = re.compile(
    r"^\s*(?:se raccordent|se sont raccordés|forment|constituent|form)\s+(?:en |un |a )?(?:réseau|network)"
    r"|(?:en |un |a )?(?:réseau|network)\s+(?:des|de|of the|of)\s*$",
    re.IGNORECASE,
)


def _subjects(ctx: Context, sentence: Sentence) -> list[Mention]:
    """Return the sentence's organisations, else the last organisation of the two sentences before it."""
    own = [m for m in sentence.actors() if not m.is_person and not _HEADING.fullmatch(m.surface)]
    if own:
        return own
    for earlier in reversed(ctx.sentences[max(0, sentence.index - _BACK) : sentence.index]):
        found = [m for m in earlier.actors() if not m.is_person and not _HEADING.fullmatch(m.surface)]
        if found:
            return found[-1:]
    return []


def _themes(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    for theme in (m for m in sentence.mentions if m.category == "theme"):
        for subject in _subjects(ctx, sentence):
            values = {"relation": "focus", "subject": subject.ref, "object": theme.ref, "role": ""}
            yield make("theme", sentence, (min(subject.start, theme.start), max(subject.end, theme.end)),
                       "theme-mentioned", confidence(_SCORE, subject), values,
                       {"subject": subject, "object": theme}, "works_on")  # fmt: skip


def _regions(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    for place in (m for m in sentence.mentions if m.category == "region" or m.origin == "demonym"):
        owner = [m for m in sentence.actors() if m.start <= place.start and place.end <= m.end]
        for subject in owner or _subjects(ctx, sentence):
            region = place.category == "region"
            values = {"id": subject.ref, "regions" if region else "location": place.ref}
            yield make("region", sentence, (min(subject.start, place.start), max(subject.end, place.end)),
                       "region-mentioned", confidence(_SCORE, subject), values,
                       {"subject": subject, "object": place}, "covers_region" if region else "located_in")  # fmt: skip


def _group_kinds(sentence: Sentence) -> Iterator[Candidate]:
    """Yield "projets" standing for a group of projects as a project, pôles that form a network as a network."""
    for group in (m for m in sentence.actors() if m.origin == "group"):
        head = sentence.text[max(0, group.start - sentence.start - 20) : group.start - sentence.start]
        tail = sentence.text[group.end - sentence.start : group.end - sentence.start + 40]
        kind = "project" if group.kind == "project" else ""
        if group.kind == "pole-network" and (_NETWORKED.search(head) or _NETWORKED.match(tail)):
            kind = "pole-network"
        if kind:
            values = {"id": group.ref, "kind": kind, "label_fr": group.surface}
            yield make("type", sentence, (group.start, group.end), "type-group", confidence(_SCORE, group), values,
                       {"subject": group, "object": "réseau" if kind != "project" else "projets"}, "is_a")  # fmt: skip


def _person_kinds(sentence: Sentence) -> Iterator[Candidate]:
    """Yield the people named beside a role word ("son président, X") as persons."""
    roles = [sentence.start + m.start() for m in ROLE.finditer(sentence.text)]
    for person in (m for m in sentence.actors() if m.is_person):
        if any(abs(person.start - r) <= _ROLE_REACH for r in roles):
            values = {"id": person.ref, "kind": "person", "label_fr": person.surface}
            yield make("type", sentence, (person.start, person.end), "type-person", confidence(_SCORE, person),
                       values, {"subject": person, "object": "person"}, "is_a")  # fmt: skip


def _introduced_kinds(sentence: Sentence) -> Iterator[Candidate]:
    """Yield "Une société d'économie mixte, la SEM X": a category introduced before the name in apposition."""
    for mention in sentence.actors():
        match = _INTRODUCED.search(
            sentence.text[max(0, mention.start - sentence.start - 70) : mention.start - sentence.start]
        )
        if match is None or mention.is_person:
            continue
        noun = match.group("type").lower().replace("’", "'")
        values = {"id": mention.ref, "kind": TYPE_WORDS.get(noun, "organisation"), "label_fr": mention.surface}
        yield make("type", sentence, (mention.start, mention.end), "type-introduced", confidence(_SCORE, mention),
                   values, {"subject": mention, "object": match.group(0).split(",")[0].lower()}, "is_a")  # fmt: skip


def _name_kinds(sentence: Sentence) -> Iterator[Candidate]:
    yield from _group_kinds(sentence)
    yield from _person_kinds(sentence)
    yield from _introduced_kinds(sentence)
    for mention in sentence.actors():
        match = _NAME_HEAD.match(mention.surface)
        if match is None or mention.is_person or mention.origin in ("anaphora", "group", "described"):
            continue
        noun = fold(match.group("noun")).replace("’", "'")
        kind = _FOLDED_KINDS.get(noun, "organisation")
        values = {"id": mention.ref, "kind": kind, "label_fr": mention.surface}
        yield make("type", sentence, (mention.start, mention.end), "type-name", confidence(_SCORE, mention), values,
                   {"subject": mention, "object": match.group("noun").lower()}, "is_a")  # fmt: skip


def _member(sentence: Sentence, item: Mention, whole: Mention, span: tuple[int, int], rule: str) -> Candidate:
    values = {"relation": "member", "subject": item.ref, "object": whole.ref, "role": ""}
    return make("member", sentence, span, rule, confidence(_SCORE, item, whole), values,
                {"subject": item, "object": whole}, "member_of")  # fmt: skip


def _inner_parts(sentence: Sentence) -> Iterator[Candidate]:
    """Yield an actor whose name holds another organisation's name after its head as part of it."""
    for inner in (m for m in sentence.mentions if m.origin == "inner" and m.category == "entity"):
        outer = next((m for m in sentence.actors() if m.start < inner.start and inner.end <= m.end), None)
        if outer is not None and outer.ref != inner.ref:
            values = {"relation": "part-of", "subject": outer.ref, "object": inner.ref, "role": ""}
            yield make("member", sentence, (outer.start, outer.end), "part-of-name", confidence(0.5, outer), values,
                       {"subject": outer, "object": inner}, "part_of")  # fmt: skip


def _ministries(sentence: Sentence) -> Iterator[Candidate]:
    """Yield "la Direction générale X du ministère Y": a unit named right before its ministry is part of it."""
    actors = sentence.actors()
    for unit, whole in itertools.pairwise(actors):
        gap = sentence.text[unit.end - sentence.start : whole.start - sentence.start]
        if _OF_MINISTRY.fullmatch(gap) and _MINISTRY.match(whole.surface) and not unit.is_person:
            values = {"relation": "part-of", "subject": unit.ref, "object": whole.ref, "role": ""}
            yield make("member", sentence, (unit.start, whole.end), "part-of-ministry", confidence(_SCORE, unit, whole),
                       values, {"subject": unit, "object": whole}, "part_of")  # fmt: skip


def _labellers(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield the pôle whose labelled projects a group mention stands for ("ses 292 projets labellisés")."""
    for group in (m for m in sentence.actors() if m.origin == "group" and m.kind == "project"):
        pole, _ = ctx.subject_before(sentence, group.start)
        if pole is not None and pole.target is not None and "pole" in pole.target.kinds:
            values = {"relation": "labeller", "subject": pole.ref, "object": group.ref, "role": "labeller"}
            yield make("partner", sentence, (group.start, group.end), "labeller", confidence(_SCORE, pole), values,
                       {"subject": pole, "object": group}, "labelled")  # fmt: skip


def _members(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    for group in (m for m in sentence.actors() if m.origin == "group"):
        colon = _GROUP_COLON.match(sentence.text[group.end - sentence.start :])
        if colon is None:
            continue
        for item in enumeration(sentence, group.end + colon.end()):
            if item.ref != group.ref and item.origin != "group":
                yield _member(sentence, item, group, (group.start, item.end), "member-group-list")
    for match in _GATHERING.finditer(sentence.text):
        whole, _ = ctx.main_before(sentence, sentence.start + match.start())
        for item in listing(sentence, sentence.start + match.end()):
            if whole is not None and item.ref != whole.ref and not item.is_person:
                yield _member(sentence, item, whole, (sentence.start + match.start(), item.end), "member-gathering")


def cueless(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield the low-score themes, regions, kinds and members a sentence states without a cue word."""
    yield from _themes(ctx, sentence)
    yield from _regions(ctx, sentence)
    yield from _name_kinds(sentence)
    yield from _members(ctx, sentence)
    yield from _labellers(ctx, sentence)
    yield from _inner_parts(sentence)
    yield from _ministries(sentence)
