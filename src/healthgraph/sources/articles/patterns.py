"""Patterns for relations between actors: membership, partnership, founders and other involvements, posts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.context import Context, Sentence, confidence, enumeration, make
from healthgraph.sources.articles.linking import Mention

__all__ = ["ROLE", "ROLE_WORDS", "involvements", "memberships", "partnerships", "posts"]

_OF = r"(?:de la |de l'|de l’|des |du |de |d'|d’|of the |of |at |au sein (?:du |de la |de l’|de l'|de ))"
_MEMBER = re.compile(
    rf"\b(?P<founding>membres? fondat(?:eur|rice)s? {_OF})|\b(?:membres?|adhérent(?:e)?s?|members?) {_OF}"
    r"|\b(?:a |ont |have |has )?(?:rejoint|rejoignent|intégré|joined|adhère à|adhèrent à|adhéré à)\s"
    r"|(?P<attached>\brattachée?s? (?:à la |à l['’]|aux |au |à )|\battached to (?:the )?)"
    r"|(?P<part>\bfait partie (?:de la |de l['’]|des |du |de )|\b(?:is |are )?part of (?:the )?"
    r"|\bs['’](?:insère|intègre) dans (?:la |le |l['’]|les )?)",
    re.IGNORECASE,
)
_MEMBER_LIST = re.compile(
    r"\b(?:parmi (?:ses|les) (?:membres|adhérents)|(?:ses|its) members (?:include|are))[ ,:]+", re.I
)
_PARTNER = re.compile(
    rf"\b(?:partenaires? {_OF}|en partenariat avec |partenariat (?:avec|entre) |s['’]associe (?:à|avec) "
    r"|partner(?:s|ed)? (?:of|with) |in partnership with |collabor(?:e|ent|ons|ation) (?:étroitement )?avec "
    r"|travaill(?:e|ent|ons) (?:étroitement |également )?avec |work(?:s|ing)? (?:closely )?with "
    r"|aux côtés (?:de|du|des) |en synergie avec |in synergy with "
    r"|together with |avec le soutien (?:de|du|des|d')\s?|with the support of "
    r"|(?P<co>co-?adhésions? avec |systèmes? de co-?adhésion avec |co-?membership with ))",
    re.IGNORECASE,
)
_PARTNER_LIST = re.compile(
    r"\b(?:les )?partenaires (?:du projet|sont|de ce projet)\s*[-–:]?\s*|\bpartners (?:are|include)[ :]", re.I
)
_INVOLVEMENT_CUES: list[tuple[str, tuple[str, ...], str]] = [
    ("founder", (r"\b(?:co-?)?fondée?s? (?:en \d{4} )?par ", r"\b(?:co-?)?founded (?:in \d{4} )?by ",
                 r"\bcréée?s? (?:en \d{4} )?par ", r"\bcreated (?:in \d{4} )?by ",
                 r"\bconstituée? autour (?:de|du|des) ", r"\bset up by "), "before"),
    ("founder", (r"\blancée?s? par ", r"\binitiée?s? par ", r"\blaunched by "), "before"),
    ("founder", (r"\b(?:a|ont|avait|avaient) (?:initié|lancé|créé|fondé) ",
                 r"\b(?:initiated|launched|founded) (?:the )?"), "after"),
    ("founder", (r"\b(?:have |has )?announced (?:plans )?to create ", r"\b(?:ont|a) annoncé la création (?:de |du |d')",
                 r"\bannoncent la création (?:de |du |d')"), "all-before"),
    ("co-founder", (r"\b(?:co-?fondat(?:eur|rice)|co-?founder)s? (?:de |du |d'|d’|of )",), "after"),
    ("founder", (r"\b(?:fondat(?:eur|rice)|founder)s? (?:de |du |d'|d’|of )",), "after"),
    ("initiator", (r"\bà l['’]initiative (?:de|du|des) ", r"\binitiated by "), "before"),
    ("operator", (r"\b(?:opérée?s?|gérée?s?|exploitée?s?|animée?s?|pilotée?s?) par ",
                  r"\b(?:run|operated|managed) by "), "before"),
    ("coordinator", (r"\bcoordonnée?s? par ", r"\bcoordinated by ", r"\bcoordinat(?:eur|rice|or) (?:de |du |of )"),
     "before"),
    ("lead", (r"\bportée?s? par ", r"\bled by ", r"\b(?:le )?porteur (?:de ce projet|du projet) est "), "before"),
    ("lead", (r"\bporten?t (?:ce|le) projet", r"\bleads? (?:the|this) project"), "self"),
    ("contributor", (r"\b(?:a|ont|avons|avait) (?:activement |largement |notamment )?contribué (?:à|au|aux) "
                     r"(?:la définition (?:de la |du |de l['’]|des )|l['’]élaboration (?:de la |du |de l['’]|des ))?",
                     r"\b(?:contributed|contributes) to (?:the )?"), "after"),
    ("represents", (r"\breprésente (?:l['’]|le |la |les )", r"\brepresents (?:the )?"), "after"),
    ("laureate", (rf"\blauréate?s? {_OF}", r"\b(?:winner|laureate)s? of ", r"\b(?:a |ont )?remporté ", r"\bwon "),
     "after"),
]  # fmt: skip
_COLON_AHEAD = re.compile(r"[^.;:()]{0,120}:\s*")
_INVOLVEMENT = [(role, re.compile("|".join(cues), re.IGNORECASE), where) for role, cues, where in _INVOLVEMENT_CUES]
ROLE_WORDS = {
    "président-directeur général": "president", "président directeur général": "president",
    "présidente": "president", "président": "president", "présidence": "president",
    "direction générale": "director-general", "president": "president", "chairman": "president",
    "chairwoman": "president", "chair": "president",
    "vice-présidente": "vice-president", "vice-président": "vice-president", "vice-president": "vice-president",
    "vice présidente": "vice-president", "vice président": "vice-president", "secrétaire": "secretary",
    "directrice générale déléguée": "deputy-director-general", "directeur général délégué": "deputy-director-general",
    "directrice générale adjointe": "deputy-director-general", "directeur général adjoint": "deputy-director-general",
    "directrice générale": "director-general", "directeur général": "director-general",
    "déléguée générale": "director-general", "délégué général": "director-general", "dg": "director-general",
    "ceo": "director-general", "chief executive officer": "director-general", "managing director": "director-general",
    "director general": "director-general", "director-general": "director-general",
    "directrice": "director", "directeur": "director", "director": "director", "head": "director",
    "responsable": "director", "secrétaire générale": "secretary", "secrétaire général": "secretary",
    "trésorière": "treasurer", "trésorier": "treasurer", "treasurer": "treasurer",
    "ministre": "minister", "minister": "minister",
}  # fmt: skip
ROLE = re.compile(
    r"(?<![\w-])(?P<role>" + "|".join(sorted((re.escape(r) for r in ROLE_WORDS), key=len, reverse=True)) + r")(?![\w-])"
    rf"(?: (?:exécuti(?:f|ve)|délégué(?:e)?|adjoint(?:e)?|opérationnel(?:le)?))?(?P<of>\s+{_OF})?",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"\b(?:son|sa|its|leur)\s*$", re.IGNORECASE)


def _organisation(m: Mention) -> bool:
    return not m.is_person


def memberships(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield memberships: "X, membre de Y", "X a rejoint Y", "X is a member of Y", "parmi ses membres, A, B"."""
    for match in _MEMBER.finditer(sentence.text):
        start, end = sentence.start + match.start(), sentence.start + match.end()
        member, certainty = ctx.subject_before(sentence, start)
        target = sentence.after(end, _organisation, within=50)
        if member is None or target is None or member.ref == target.ref:
            continue
        role = "founding-member" if match.group("founding") else ""
        relation = "attached-to" if match.group("attached") else "part-of" if match.group("part") else "member"
        values = {"relation": relation, "subject": member.ref, "object": target.ref, "role": role}
        score = confidence(0.9 * certainty, member, target)
        yield make("member", sentence, (min(member.start, start), target.end), "member", score, values,
                   {"subject": member, "object": target}, "member_of")  # fmt: skip
    for match in _MEMBER_LIST.finditer(sentence.text):
        whole, _ = ctx.subject_before(sentence, sentence.start + match.start())
        for item in enumeration(sentence, sentence.start + match.end()):
            if whole is not None and item.ref != whole.ref:
                values = {"relation": "member", "subject": item.ref, "object": whole.ref, "role": ""}
                span = (sentence.start + match.start(), item.end)
                score = confidence(0.8, item, whole)
                names: dict[str, Mention | str | None] = {"subject": item, "object": whole}
                yield make("member", sentence, span, "member-list", score, values, names, "member_of")


def partnerships(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield partnerships: "X, en partenariat avec Y et Z", "partenaire de Y", "les partenaires du projet : A, B"."""
    for match in _PARTNER.finditer(sentence.text):
        start, end = sentence.start + match.start(), sentence.start + match.end()
        subject, certainty = ctx.subject_before(sentence, start)
        for other in enumeration(sentence, end):
            if subject is not None and other.ref != subject.ref:
                relation = "co-membership" if match.group("co") else "partner"
                values = {"relation": relation, "subject": subject.ref, "object": other.ref, "role": ""}
                yield make("partner", sentence, (min(subject.start, start), other.end), "partner",
                           confidence(0.85 * certainty, subject, other), values,
                           {"subject": subject, "object": other}, "partner_of")  # fmt: skip
    for match in _PARTNER_LIST.finditer(sentence.text):
        project, certainty = ctx.subject_before(sentence, sentence.start + match.start())
        for item in enumeration(sentence, sentence.start + match.end()):
            if project is not None and item.ref != project.ref:
                values = {"relation": "participant", "subject": item.ref, "object": project.ref, "role": ""}
                yield make("partner", sentence, (sentence.start + match.start(), item.end), "partner-list",
                           confidence(0.75 * certainty, item, project), values,
                           {"subject": item, "object": project}, "partner_in")  # fmt: skip


def _involvement(ctx: Context, sentence: Sentence, role: str, where: str, match: re.Match[str]) -> Iterator[Candidate]:
    start, end = sentence.start + match.start(), sentence.start + match.end()
    listed = enumeration(sentence, end)
    colon = _COLON_AHEAD.match(sentence.text[end - sentence.start :])
    if not listed and colon is not None:  # "constituée autour de l'ensemble des forces du territoire : A, B, C"
        listed = enumeration(sentence, end + colon.end())
    pairs: list[tuple[Mention | None, Mention | None]]
    if where == "before":  # "Y, fondé par X et Z": X and Z are the founders of Y
        thing, certainty = ctx.subject_before(sentence, start)
        pairs = [(agent, thing) for agent in listed]
    elif where == "self":  # "X porte ce projet": X leads the project the paragraph is about
        agent = sentence.before(start, _organisation)
        thing, certainty = ctx.subject_before(sentence, sentence.start)
        pairs = [(agent, thing)]
    elif where == "all-before":  # "A, B and C have announced plans to create Y"
        thing, certainty = (listed[0], 1.0) if listed else (None, 0.0)
        pairs = [(agent, thing) for agent in sentence.actors() if agent.end <= start and not agent.is_person]
    else:  # "X, fondateur de Y"; "elle représente Y": the actor the clause is about
        agent, certainty = sentence.before(start), 1.0
        if agent is None:
            agent, certainty = ctx.subject_before(sentence, start)
            certainty *= 0.9
        pairs = [(agent, listed[0])] if listed else []
    for agent, thing in pairs:
        if agent is None or thing is None or agent.ref == thing.ref:
            continue
        relation = "founder" if role == "co-founder" else role
        values = {"relation": relation, "subject": agent.ref, "object": thing.ref, "role": role}
        kind = "founder" if role in ("founder", "co-founder", "initiator") else "partner"
        span = (min(agent.start, thing.start, start), max(agent.end, thing.end))
        score = confidence(0.85 * certainty, agent, thing)
        yield make(kind, sentence, span, role, score, values, {"subject": agent, "object": thing}, role)


def involvements(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield founders, co-founders, initiators, operators, coordinators, project leads and laureates."""
    for role, pattern, where in _INVOLVEMENT:
        for match in pattern.finditer(sentence.text):
            yield from _involvement(ctx, sentence, role, where, match)


def _post_parties(ctx: Context, sentence: Sentence, match: re.Match[str]) -> tuple[Mention | None, Mention | None]:
    start, end = sentence.start + match.start(), sentence.start + match.end()
    person = sentence.before(start, lambda m: m.is_person)
    if person is None or start - person.end > 70:
        person = sentence.after(end, lambda m: m.is_person, within=60)
    if match.group("of"):
        organisation = sentence.after(end, _organisation, within=45)
    else:
        organisation = ctx.subject_before(sentence, start)[0]
    return person, organisation


def posts(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield posts: "X, président de Y", "directrice générale de Y, X", "son président, X"; start date if stated."""
    for match in ROLE.finditer(sentence.text):
        if match.group("role") == "DG" and not match.group("of"):
            continue
        person, organisation = _post_parties(ctx, sentence, match)
        if person is None or organisation is None or person.ref == organisation.ref:
            continue
        role = ROLE_WORDS[match.group("role").lower()]
        start = sentence.start + match.start()
        span = (min(person.start, start), max(person.end, organisation.end))
        date = sentence.date_near(span[0], span[1], span=30)
        if date is not None and "," in ctx.text[min(span[1], date.start) : max(span[1], date.start)]:
            date = None  # a date across a comma belongs to another clause
        values = {"person": person.ref, "organisation": organisation.ref, "role": role,
                  "start": date.value if date else "", "end": (date.end_value or "") if date else "",
                  "as_of": ctx.date or ""}  # fmt: skip
        base = 0.9 if match.group("of") or _POSSESSIVE.search(sentence.text[: match.start()]) else 0.7
        yield make("post", sentence, span, "post", confidence(base, person, organisation), values,
                   {"subject": person, "object": organisation}, f"{role.replace('-', '_')}_of")  # fmt: skip
