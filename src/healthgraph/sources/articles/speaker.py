"""First-person statements of the organisation a text speaks for (interviews, press releases): "notre collège PME".

The speaker is the document's main actor. "notre X" names a unit of the speaker (``part-of``) or, for a programme
or a project, something it leads; "nous … au sein du X", "via l'alliance X" state that the speaker is a member of X.
These candidates score below 0.8: the speaker is inferred, not named.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.context import FIRST_PERSON, Context, Sentence, confidence, make
from healthgraph.sources.articles.linking import Mention

__all__ = ["speaker_facts"]

_POSSESSIVE = re.compile(
    r"\b(?:notre|nos|our)\s+(?:(?:programme|projet|initiative|commission|collège|groupe de travail|GT|réseau"
    r"|programme|project|committee|working group)\s+)?[«“\"]?\s*$",
    re.IGNORECASE,
)
_WITHIN = re.compile(
    r"\bau sein (?:du|de la|de l['’]|des)\s*|\bvia (?:l['’]alliance|le réseau|l['’]association)\s+"
    r"|\bvia the (?:alliance|network)\s+|\bwithin the\s+",
    re.IGNORECASE,
)
_LED = re.compile(
    r"^[\s»”\"]*,?\s*(?:mené|menée|conduit|conduite|piloté|pilotée|led|run)\s+(?:en collaboration|en partenariat"
    r"|conjointement|jointly|in partnership|together)\b",
    re.IGNORECASE,
)
_LED_KINDS = ("programme", "project", "funding-programme")
_SCORE = 0.6


def _unit(sentence: Sentence, speaker: Mention, unit: Mention) -> Candidate:
    kinds = unit.target.kinds if unit.target else ()
    span = (unit.start, unit.end)
    if any(k in kinds for k in _LED_KINDS):
        values = {"relation": "lead", "subject": speaker.ref, "object": unit.ref, "role": "lead"}
        return make("partner", sentence, span, "speaker-lead", confidence(_SCORE, unit), values,
                    {"subject": speaker, "object": unit}, "lead")  # fmt: skip
    values = {"relation": "part-of", "subject": unit.ref, "object": speaker.ref, "role": ""}
    return make("member", sentence, span, "speaker-unit", confidence(_SCORE, unit), values,
                {"subject": unit, "object": speaker}, "part_of")  # fmt: skip


def speaker_facts(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield the speaker's units and programmes ("notre collège PME") and its memberships ("au sein du X")."""
    speaker = ctx.topic
    if speaker is None or speaker.target is None:
        return
    for m in sentence.actors():
        head = sentence.text[max(0, m.start - sentence.start - 40) : m.start - sentence.start]
        if m.ref != speaker.ref and not m.is_person and m.origin != "group" and _POSSESSIVE.search(head):
            yield _unit(sentence, speaker, m)
    for m in sentence.actors():
        if (
            m.ref != speaker.ref
            and _LED.match(sentence.text[m.end - sentence.start :])
            and FIRST_PERSON.search(sentence.text[: m.start - sentence.start])
        ):
            values = {"relation": "lead", "subject": speaker.ref, "object": m.ref, "role": "lead"}
            yield make("partner", sentence, (m.start, m.end), "speaker-led", confidence(_SCORE, m), values,
                       {"subject": speaker, "object": m}, "lead")  # fmt: skip
    for match in _WITHIN.finditer(sentence.text):
        if not FIRST_PERSON.search(sentence.text[: match.start()]):
            continue
        target = sentence.after(sentence.start + match.end(), lambda m: not m.is_person, within=5)
        if target is not None and target.ref != speaker.ref:
            values = {"relation": "member", "subject": speaker.ref, "object": target.ref, "role": ""}
            yield make("member", sentence, (sentence.start + match.start(), target.end), "speaker-member",
                       confidence(_SCORE, target), values, {"subject": speaker, "object": target},
                       "member_of")  # fmt: skip
