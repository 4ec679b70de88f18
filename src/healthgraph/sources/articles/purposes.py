"""Themes stated as verb phrases: missions and objectives ("a pour mission de fédérer…", "aims to foster…").

A cue ("avec pour objectifs de", "créée pour", "vise à", "its mission is to", a list of missions after a colon)
opens a list of infinitive phrases; each phrase is a ``works_on`` theme of the actor the clause is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.context import Context, Sentence, confidence, make
from healthgraph.sources.articles.linking import Mention
from healthgraph.sources.articles.text import slug

__all__ = ["PURPOSE_CUES", "infinitive_phrases", "purposes"]

_NOUNS = r"(?:missions?|objectifs?|vocation|ambition|buts?|finalités?)"
_ENGLISH_NOUNS = r"(?:missions?|goals?|objectives?|aims?|purposes?|ambitions?)"
# Cue → how sure the phrases after it are purposes of the actor.
PURPOSE_CUES: list[tuple[str, float]] = [
    (rf"\b(?:a|ont|avait|avaient|aura|auront|avec|ayant) (?:pour|comme) (?:principales? |grandes? )?{_NOUNS}"
     r"\s*(?:de |d['’]|:\s*)", 0.75),
    (rf"\bs['’]est (?:fixée?|donnée?) (?:comme|pour) {_NOUNS} (?:de |d['’])", 0.75),
    (rf"\b(?:une? |les |ses |leurs |plusieurs |deux |trois |quatre |cinq |double |triple )+{_NOUNS}"
     r"(?: [\wéèêàç'’-]+){0,2}\s*:\s*", 0.7),
    (rf"\b{_NOUNS} (?:principales? )?(?:est|sont|consiste(?:nt)?) (?:de |d['’]|à )", 0.7),
    (r"\b(?:vise|visent|visait|visant|cherche|cherchent|entend|entendent|s['’]attelle|s['’]emploie) à ", 0.7),
    (r"\b(?:créée?s?|destinée?s?|conçue?s?|lancée?s?|mise?s? en place|fondée?s?) (?:en \d{4} )?(?:pour|afin de|à) ",
     0.65),
    (r"\bafin de |\bdans le but de ", 0.5),
    (rf"\b(?:its|their|the) (?:main |key )?{_ENGLISH_NOUNS} (?:is|are|was|were|include) (?:to )?", 0.75),
    (r"\b(?:aims?|aimed|seeks?|intends?|strives?) to ", 0.7),
    (r"\b(?:set up|created|designed|established|launched) to |\bwith the (?:aim|goal|objective) of |\bin order to ",
     0.6),
]  # fmt: skip
_CUES = [(re.compile(pattern, re.IGNORECASE), weight) for pattern, weight in PURPOSE_CUES]

# First words that end like a French infinitive but are nouns or adjectives.
_NOT_VERBS = {
    "leur", "notre", "votre", "premier", "dernier", "entier", "hiver", "cancer", "avenir", "plaisir", "désir",
    "laser", "super", "inter", "chier", "cher", "fier", "amer", "mer", "fer", "hier", "chaire", "libre", "centre",
    "titre", "ordre", "cadre", "nombre", "membre", "autre", "entre", "contre", "outre", "filière",
    "matière", "manière", "barrière", "carrière", "frontière", "lumière", "première", "dernière", "particulier",
    "chantier", "métier", "quartier", "dossier", "pilier", "atelier", "calendrier", "foyer", "loyer", "pouvoir",
    "savoir", "devoir", "espoir", "miroir", "trottoir", "terroir", "territoire", "histoire", "mémoire", "offre",
    "sucre", "genre", "être",
}  # fmt: skip
_FRENCH_VERB = re.compile(r"^(?:(?:s['’]|se |l['’]|les |la |le )?)([a-zéèêëàâîïôûç-]{3,}(?:er|ir|re|oir))\b")
_ENGLISH_STOP = {"the", "a", "an", "its", "their", "this", "these", "which", "that", "who", "it", "they", "we"}
_SPLIT = re.compile(
    r"\s*(?:[;•·▪●]|\.(?=\s)|\s[-–—]\s|,\s*(?:et |and |ainsi que )?|\s(?:et|and|ainsi que|ou|or)\s)\s*", re.I
)
_LEAD = re.compile(r"^(?:(?:et|and|ainsi que|or|ou)\s+)?(?:(?:de|d['’]|à|to)\s*)?", re.IGNORECASE)
_END = re.compile(r"[.!?](?:\s|$)|[«»\"“”()\[\]]|…|\s(?:qui|dont|which|where|while|tout en|but|mais)\s", re.I)
_DETERMINER = re.compile(
    r"^(?:les|la|le|l['’]|des|du|de|d['’]|un|une|son|sa|ses|leur|leurs|notre|nos|the|its|their|our)\b", re.I
)
_BULLET = re.compile(r"^\W{0,3}[•·▪●–—-]\s*")
_MAX_WORDS = 12


def _infinitive(phrase: str, lang: str) -> bool:
    """Say whether ``phrase`` opens with a verb in the infinitive ("fédérer les acteurs", "to foster")."""
    words = phrase.split()
    if not words:
        return False
    if lang == "en":
        return words[0].lower() not in _ENGLISH_STOP and words[0][:1].islower()
    found = _FRENCH_VERB.match(phrase.lower())
    return found is not None and found.group(1) not in _NOT_VERBS


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    """Yield the offsets of the pieces of ``text`` between list separators."""
    cursor = 0
    for part in [*_SPLIT.finditer(text), None]:
        end = part.start() if part else len(text)
        if end > cursor:
            yield cursor, end
        cursor = part.end() if part else len(text)


def infinitive_phrases(text: str, lang: str = "fr") -> list[tuple[int, int]]:
    """Return the offsets of the infinitive phrases listed in ``text``; a lone verb joins the next phrase.

    >>> text = "renforcer et dynamiser la filière, faciliter l'accès aux soins"
    >>> [text[s:e] for s, e in infinitive_phrases(text)]
    ['renforcer et dynamiser la filière', "faciliter l'accès aux soins"]
    """
    found: list[tuple[int, int]] = []
    pending: int | None = None
    closed = False
    for start, end in _pieces(text):
        lead = _LEAD.match(text[start:end])
        start += lead.end() if lead else 0
        phrase = text[start:end]
        if not _infinitive(phrase, lang):
            closed = closed or not _DETERMINER.match(phrase)
            if found and pending is None and not closed:
                found[-1] = (found[-1][0], end)  # "accompagner les PME, les ETI": the list goes on inside the phrase
            continue
        closed = False
        if len(phrase.split()) == 1 and pending is None:
            pending = start  # "renforcer et dynamiser …": the verb shares the next one's object
            continue
        found.append((pending if pending is not None else start, end))
        pending = None
    return found


def _extent(ctx: Context, sentence: Sentence, start: int) -> int:
    """Return where the list after a cue ends: the sentence, or the bullet lines after a colon."""
    end = sentence.end
    if ctx.text[start:end].strip(" :\n"):
        return end
    for later in ctx.sentences[sentence.index + 1 :]:
        if not _BULLET.match(later.text) and "\n" not in ctx.text[end : later.start]:
            break
        if not later.text.strip() or len(later.text) > 400:
            break
        end = later.end
        if "\n\n" in ctx.text[later.end : later.end + 3]:
            break
    return end


def _subject(ctx: Context, sentence: Sentence, cue: int) -> tuple[Mention | None, float]:
    """Return the actor the purpose is about: the one just before the cue, else the sentence's first known actor."""
    actors = [m for m in sentence.actors() if m.end <= cue and not m.is_person]
    if actors and cue - actors[-1].end <= 3:
        return actors[-1], 1.0
    linked = [m for m in actors if m.target is not None or m.origin in ("anaphora", "described")]
    if linked:
        return linked[0], 0.95
    return ctx.subject_before(sentence, cue)


def _cut(text: str) -> str:
    """Return ``text`` up to the end of the clause (a full stop, a relative pronoun, a quote)."""
    stop = _END.search(text)
    return text[: stop.start()] if stop else text


def purposes(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield the missions and objectives of an actor, one theme per infinitive phrase after a cue."""
    for pattern, weight in _CUES:
        for match in pattern.finditer(sentence.text):
            cue, after = sentence.start + match.start(), sentence.start + match.end()
            subject, certainty = _subject(ctx, sentence, cue)
            if subject is None or subject.is_person:
                continue
            end = _extent(ctx, sentence, after)
            window = ctx.text[after:end]
            window = window if end > sentence.end else _cut(window)
            for start, stop in infinitive_phrases(window, ctx.lang):
                words = window[start:stop].split()[:_MAX_WORDS]
                phrase = " ".join(words).strip(" ,;:")
                if len(phrase) < 6:
                    continue
                values = {"relation": "focus", "subject": subject.ref, "object": slug(phrase), "role": ""}
                span = (cue, after + stop)
                yield make("theme", sentence, span, "theme-purpose", confidence(weight * certainty, subject), values,
                           {"subject": subject, "object": " ".join(words[:8])}, "works_on")  # fmt: skip
