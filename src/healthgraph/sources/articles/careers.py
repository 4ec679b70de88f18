"""Posts stated without "role of organisation": lists of officers, "le président en est X", past jobs "chez X".

- "les vice-présidents : M. A, …, et M. B": each person listed after a plural role and a colon holds the role in
  the organisation the clause is about;
- "le président en est X": X holds the role in the organisation "en" stands for;
- "il a débuté sa carrière chez X en 1995", "worked at X until 2013": the person the sentence is about was an
  employee of X, with the date written next to it.

These candidates score below 0.8: the organisation or the person is read from the context.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.context import Context, Sentence, confidence, make
from healthgraph.sources.articles.linking import Mention
from healthgraph.sources.articles.patterns import ROLE, ROLE_WORDS

__all__ = ["careers"]

_ROLES = "|".join(sorted((re.escape(r) for r in ROLE_WORDS), key=len, reverse=True))
_OFFICERS = re.compile(rf"(?<![\w-])(?P<role>{_ROLES})s?\s*:\s*", re.IGNORECASE)
_EN_EST = re.compile(rf"(?<![\w-])(?P<role>{_ROLES}) en (?:est|était|sera)\s+", re.IGNORECASE)
_AT = re.compile(r"\b(?:chez|au sein (?:de|du|des|d['’])|worked at|working at|joined)\s+", re.IGNORECASE)
_CAREER = re.compile(
    r"\b(?:carrière|postes?|travaillé|occupé|exercé|débuté|rejoint|career|worked|positions?|held)\b", re.IGNORECASE
)
_PRONOUN = re.compile(r"\b(?:il|elle|he|she)\b", re.IGNORECASE)
_CONTINUED = re.compile(r"^\s*(?:et|ainsi que|and|as well as)\b", re.IGNORECASE)
_APPOSITION = re.compile(r",\s*(?:le |la |l['’]|son |sa |the |its )?$", re.IGNORECASE)
_SCORE = 0.6
_BACK = 3


def _post(
    ctx: Context, sentence: Sentence, person: Mention, organisation: Mention, role: str, span: tuple[int, int]
) -> Candidate:
    date = sentence.date_near(span[0], span[1], span=25)
    values = {"person": person.ref, "organisation": organisation.ref, "role": role,
              "start": date.value if date and not date.end_value else "",
              "end": (date.end_value or "") if date else "", "as_of": ctx.date or ""}  # fmt: skip
    return make("post", sentence, span, f"post-{role}", confidence(_SCORE, person, organisation), values,
                {"subject": person, "object": organisation}, f"{role.replace('-', '_')}_of")  # fmt: skip


def _person(ctx: Context, sentence: Sentence, pos: int) -> Mention | None:
    """Return the person before ``pos`` in the sentence, else the last person named shortly before a pronoun."""
    found = sentence.before(pos, lambda m: m.is_person)
    if found is not None or not _PRONOUN.search(sentence.text[: pos - sentence.start]):
        return found
    for earlier in reversed(ctx.sentences[max(0, sentence.index - _BACK) : sentence.index]):
        people = [m for m in earlier.actors() if m.is_person]
        if people:
            return people[-1]
    return None


def _clause_subject(ctx: Context, sentence: Sentence, pos: int) -> Mention | None:
    """Return the actor of the clause ending at ``pos`` (after the last ';'), else what the sentence is about."""
    clause = sentence.start + sentence.text.rfind(";", 0, pos) + 1
    own = [m for m in sentence.actors() if clause <= m.start and m.end <= sentence.start + pos and not m.is_person]
    if own:
        return own[0]
    if sentence.index > 0 and _CONTINUED.match(sentence.text):  # "…, président de X ; et les vice-présidents : …"
        previous = ctx.sentences[sentence.index - 1]
        return ctx.subject_before(previous, previous.start)[0]
    return ctx.subject_before(sentence, sentence.start)[0]


def _officers(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    for match in _OFFICERS.finditer(sentence.text):
        organisation = _clause_subject(ctx, sentence, match.start())
        stop = sentence.text.find(";", match.end())
        end = sentence.start + (stop if stop >= 0 else len(sentence.text))
        role = ROLE_WORDS[match.group("role").lower()]
        for person in (m for m in sentence.actors() if m.is_person and sentence.start + match.end() <= m.start < end):
            if organisation is not None:
                yield _post(ctx, sentence, person, organisation, role, (sentence.start + match.start(), person.end))
    for match in _EN_EST.finditer(sentence.text):
        whole, _ = ctx.subject_before(sentence, sentence.start + match.start())
        holder = sentence.after(sentence.start + match.end(), lambda m: m.is_person, within=10)
        if whole is not None and holder is not None:
            role = ROLE_WORDS[match.group("role").lower()]
            yield _post(ctx, sentence, holder, whole, role, (sentence.start + match.start(), holder.end))


def _appositions(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield "Florence Martin, la directrice générale du pôle X": an unknown name with a role in apposition."""
    for match in ROLE.finditer(sentence.text):
        if not match.group("of"):
            continue
        head = sentence.text[: match.start()]
        named = sentence.before(sentence.start + match.start())
        apposition = _APPOSITION.search(head)
        if (
            named is None
            or named.target is not None
            or apposition is None
            or named.end != sentence.start + apposition.start()
        ):
            continue
        if len(named.surface.split()) not in (2, 3):  # a first name and one or two surnames
            continue
        organisation = sentence.after(sentence.start + match.end(), lambda m: not m.is_person, within=45)
        if organisation is not None:
            role = ROLE_WORDS[match.group("role").lower()]
            yield _post(ctx, sentence, named, organisation, role, (named.start, organisation.end))


def careers(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield officers listed after a plural role, "le président en est X", and past jobs "chez X"."""
    yield from _officers(ctx, sentence)
    yield from _appositions(ctx, sentence)
    if not _CAREER.search(sentence.text):
        return
    for match in _AT.finditer(sentence.text):
        pos = sentence.start + match.end()
        organisation = sentence.after(pos, lambda m: not m.is_person, within=3)
        person = _person(ctx, sentence, sentence.start + match.start())
        if organisation is not None and person is not None:
            yield _post(ctx, sentence, person, organisation, "employee", (sentence.start + match.start(),
                        organisation.end))  # fmt: skip
