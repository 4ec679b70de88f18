"""Patterns for change events: creation, launch, merger, renaming, labelling; each with the date the text gives."""

from __future__ import annotations

import re
from collections.abc import Iterator

from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.context import Context, Sentence, confidence, make

__all__ = ["EVENT_CUES", "events"]

_CUES: list[tuple[str, tuple[str, ...]]] = [
    ("creation", (r"(?:a été |avait été |est |fut )?(?:créée?s?|fondée?s?|née?s?|constituée?s?)",
                  r"création|naissance|fondation|(?:a |ont )?vu le jour|voit le jour",
                  r"(?:was |were )?(?:created|founded|established|set up)|creation|founding",
                  r"f[êe]t(?:e|er|é|ent) (?:ses|son|leurs|its) (?:\d+|dix|vingt|quinze|trente) ans",
                  r"(?:va|vont) (?:prochainement |bientôt )?créer|will (?:soon )?create",
                  r"(?:a été |fut )?initiée?s?(?= en \d{4})|(?:was )?initiated(?= in \d{4})")),
    ("launch", (r"lancée?s?|lance|lancement|inaugurée?|inauguration|launch(?:ed|es)?",)),
    ("merger", (r"fusion(?:ne|nent|né|née|nés)?|fusionner|merger|merged?|merging|rapprochement",)),
    ("renaming", (r"rebaptisée?|renommée?|devien(?:t|nent)|prend le nom|change de nom|renamed",
                  r"became|becomes|nouveau nom|new name")),
    ("labelling", (r"labellisée?s?|labellisation|obtenu le label|label de|labelled|accredited",
                   r"(?:retenue?s?|sélectionnée?s?) par|en co-?label avec|co-?labellisée?s?|selected by",
                   r"certifiée?s? (?:label|par)|certified (?:by|as)")),
    ("announcement", (r"annonce|annoncé(?:e)?|announced?",)),
    ("scope-change", (r"(?:s['’]est |s['’]était )?(?:élargie?|étendue?)(?= (?:en \d{4} )?(?:à|aux?) )",
                      r"s['’]étend (?:à|aux?)|s['’]élargit (?:à|aux?)|(?:extended|expanded|widened) (?:to|its)",)),
]  # fmt: skip
EVENT_CUES = [(kind, re.compile(r"\b(?:" + "|".join(cues) + r")\b", re.IGNORECASE)) for kind, cues in _CUES]
_WEIGHT = {"scope-change": 0.8}  # a newer, broader cue: its candidates stay below 0.8
_DESCRIPTIONS = {
    "creation": "Created (extracted).", "launch": "Launched (extracted).", "merger": "Merger (extracted).",
    "renaming": "Renamed (extracted).", "announcement": "Announced (extracted).",
    "scope-change": "Scope widened (extracted).",
}  # fmt: skip


def _labelling(sentence: Sentence, subject_ref: str, date: str) -> dict[str, str]:
    return {"type": "labelling", "entity": subject_ref, "label": "label-pole", "date": date, "status": "labelled"}


def events(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield change events: the actor before the cue (or just after it: "la création de X") and the date near it."""
    for kind, pattern in EVENT_CUES:
        for match in pattern.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            date = sentence.date_near(start, end, span=45)
            after = sentence.after(end, lambda m: not m.is_person, within=25)
            subject, certainty = ctx.subject_before(sentence, start)
            if (
                kind in ("creation", "launch")
                and after is not None
                and re.search(r"\bde |\bd'|\bof ", match.group(0) + ctx.text[end : after.start])
            ):
                subject, certainty = after, 1.0
            if subject is None or (kind == "renaming" and after is None):
                continue
            others = [m.ref for m in sentence.actors() if m.ref != subject.ref and not m.is_person]
            value = date.value if date else ""
            values: dict[str, str]
            if kind == "labelling":
                values = _labelling(sentence, subject.ref, value)
            else:
                values = {"type": kind, "subject": subject.ref, "date": value, "date_inferred": "",
                          "predecessors": ";".join(others) if kind in ("merger", "renaming") else "",
                          "successors": "", "agents": "", "description_en": _DESCRIPTIONS[kind]}  # fmt: skip
            score = confidence((0.85 if date else 0.45) * certainty * _WEIGHT.get(kind, 1.0), subject)
            span = (min(start, subject.start), max(end, date.end if date else end))
            yield make("event", sentence, span, f"event-{kind}", score, values,
                       {"subject": subject, "object": value or kind}, kind)  # fmt: skip
