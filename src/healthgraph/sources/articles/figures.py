"""Patterns for numbers: dated figures and fundings.

Figures: "plus de 450 adhérents", "dont 1 000 PME", "contre 239 en 2020". Fundings: a named funder, a beneficiary
and an amount ("une aide de l'État de 1,1 M€").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from healthgraph.sources.articles.amounts import Amount, find_amounts, find_numbers
from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.context import Context, Sentence, confidence, make
from healthgraph.sources.articles.linking import Mention
from healthgraph.sources.articles.spelled import find_fractions, find_ranges, find_spelled

__all__ = ["MEASURE_WORDS", "amounts", "figures"]

# Noun after a number → measure id (measures.csv; ids not there yet are proposed) and unit.
MEASURE_WORDS: list[tuple[str, str]] = [
    (r"(?:start-?ups?|jeunes pousses) et (?:PME|TPE)|PME et start-?ups?", "startup-sme-member-count"),
    (r"(?:PME|TPE|SMEs?)(?: et (?:ETI|TPE))?|small and medium|petites et moyennes entreprises", "sme-member-count"),
    (r"(?:entreprises |sociétés |companies )?(?:adhérent(?:e)?s|membres|members)", "member-count"),
    (r"start-?ups?|jeunes pousses", "startup-count"),
    (r"(?:entreprises|sociétés|companies|industriels|firms)(?! créées)", "company-count"),
    (r"(?:entreprises|sociétés|start-?ups?) créées|companies created", "companies-created"),
    (r"projets[^.;,]{0,40}?financés|funded projects|projects funded", "funded-project-count"),
    (r"projets[^.;,]{0,40}?labellisés|labelled projects|projects labelled", "labelled-project-count"),
    (r"projets|projects", "project-count"),
    (r"(?:produits|products)(?: (?:et|and) (?:services))?", "products-marketed"),
    (r"partenaires|partners", "partner-count"),
    (r"pôles(?: de compétitivité)?|competitiveness clusters|clusters", "pole-count"),
    (r"(?:salariés|emplois|collaborateurs|employees|jobs|staff|personnes)", "employee-count"),
    (r"(?:chercheurs|researchers|scientifiques|scientists)", "researcher-count"),
    (r"(?:laboratoires|laboratories|labs|unités de recherche)", "laboratory-count"),
    (r"(?:candidatures|dossiers|applications)", "candidate-count"),
    (r"lauréats|winners|laureates", "retained-count"),
    (r"(?:brevets|patents)", "patent-count"),
    (r"(?:grands groupes|grandes entreprises|large companies)", "large-company-count"),
    (r"(?:acteurs|actors|organisations|structures)", "actor-count"),
    (r"(?:établissements|hôpitaux|hospitals|sites)", "site-count"),
    (r"(?:mois|months)", "duration-months"),
    (r"(?:ans|années|years) d['’]existence|years of existence", "years-of-existence"),
    (r"(?:ans|années|years)", "duration-years"),
    (
        r"(?:ont|have|avaient|had) (?:obtenu|trouvé|reçu|bénéficié d['’]|obtained|received|found)[^.;,]{0,25}?"
        r"(?:financements?|funding)",
        "funded-project-count",
    ),
    (r"(?:plates?-formes?|plateformes?|platforms?)", "platform-count"),
    (r"(?:membres|members)", "member-count"),
]
_ADJECTIVE = r"(?:(?:nouv(?:eaux|elles)|autres|grands?|grandes|jeunes|new|other|large|innovative|innovants?) )?"
_MEASURES = [
    (re.compile(rf"\s*(?:de |d'|d’)?{_ADJECTIVE}(?:{words})\b", re.IGNORECASE), measure)
    for words, measure in MEASURE_WORDS
]
_PERCENT = re.compile(r"\s*(?:%|pour ?cent|per ?cent|percent)", re.IGNORECASE)
_OF = re.compile(r"\s*(?:des |de la |de l['’]|du |de |d['’]|of (?:the )?|of )", re.IGNORECASE)
_AGAINST = re.compile(r"(?:contre|against|vs\.?|versus|après)\s*$", re.IGNORECASE)
_TARGET = re.compile(r"\b(?:d'ici|d’ici|objectif|ambition|vise|by 20\d\d|aims?)\b", re.IGNORECASE)
_MONEY_MEASURES = [
    (re.compile(r"budget", re.I), "budget"),
    (re.compile(r"investi|invest", re.I), "investment-generated"),
    (re.compile(r"lev[ée]e?s?|lève|raised?", re.I), "funds-raised"),
    (re.compile(r"chiffre d.affaires|revenue|turnover", re.I), "revenue"),
    (re.compile(r"projets|projects", re.I), "labelled-project-value"),
    (re.compile(r"aide|financement|subvention|dotation|funding|grant|soutien|enveloppe", re.I), "funding-obtained"),
]
_FUNDER = re.compile(
    r"\b(?:aides?|soutiens?|financements?|subventions?|dotations?|contributions?|appui) (?:financier )?"
    r"(?:de la |de l'|de l’|des |du |de |d'|d’)|\bfinancée?s? (?:[^.;]{0,40} )?par |\bfunded by |\bgrants? from ",
    re.IGNORECASE,
)


def _counted(following: str) -> str | None:
    for pattern, measure in _MEASURES:
        if pattern.match(following):
            return measure
    return None


def _share(following: str, fraction: bool) -> str | None:
    """Return the measure of a share ("75 % des projets", "deux tiers des entreprises"): the counted noun's."""
    percent = _PERCENT.match(following)
    if percent is None and not fraction:
        return None
    rest = following[percent.end() :] if percent else following
    of = _OF.match(rest)
    counted = _counted(" " + rest[of.end() :]) if of else None
    base = (counted or "").removesuffix("-count")
    return f"{base}-share" if base else "share"


def _measure(sentence: Sentence, number: Amount) -> str | None:
    following = sentence.text[number.end - sentence.start :]
    return _share(following, number.currency == "fraction") or _counted(following)


def _numbers(text: str) -> list[Amount]:
    """Return the numbers of ``text``: digits, ranges (instead of their bounds), words and fractions."""
    ranges = find_ranges(text)
    plain = [n for n in find_numbers(text) if not any(r.start <= n.start < r.end for r in ranges)]
    fractions = [Amount(f.start, f.end, f.value, "fraction", f.qualifier) for f in find_fractions(text)]
    return sorted([*plain, *ranges, *find_spelled(text), *fractions], key=lambda n: n.start)


def _unit(measure: str, number: Amount) -> str:
    if measure.endswith("share"):
        return "share" if number.currency == "fraction" else "percent"
    return "year" if measure.endswith("years") or measure == "years-of-existence" else "count"


_SINCE = re.compile(r"\b(?:depuis|since|création|creation|fondation|founding)\b[^.;]{0,30}$", re.IGNORECASE)


def _date(ctx: Context, sentence: Sentence, number: Amount) -> tuple[str, str]:
    date = sentence.date_near(number.start, number.end, span=25)
    first = sentence.dates[0] if sentence.dates else None
    if date is None and first and first.start - sentence.start < 25 and ctx.text[first.end : first.end + 1] == ",":
        date = first  # "En 2018, le pôle comptait…"
    if date is not None and date.end <= number.start and _SINCE.search(ctx.text[max(0, date.start - 40) : date.start]):
        date = None  # "depuis sa création en 2005, 62 produits": a total as of the article's date
    if date is not None:
        return date.value, ""
    return ctx.date or "", "yes" if ctx.date else ""


_WHOLE = re.compile(r"\b(?:des|sur|parmi|of the|out of|among)\s+$", re.IGNORECASE)
_TARGET_AFTER = re.compile(r"^[^.;]{0,60}\b(?:d['’]ici|by 20\d\d|by the end)\b", re.IGNORECASE)


def _is_target(sentence: Sentence, number: Amount) -> bool:
    """Say whether the number is a target ("objectif de 400 adhérents", "100 de plus d'ici 2018")."""
    offset = number.start - sentence.start
    before = sentence.text[max(0, offset - 40) : offset]
    return bool(_TARGET.search(before) or _TARGET_AFTER.search(sentence.text[number.end - sentence.start :]))


def _doubt(sentence: Sentence, number: Amount, subject: Mention, inferred: str) -> float:
    """Return how much less sure a figure is: an undated one, a whole ("2 des 6 projets"), words, a far subject."""
    factor = 0.9 if inferred else 1.0
    if _WHOLE.search(sentence.text[max(0, number.start - sentence.start - 12) : number.start - sentence.start]):
        factor *= 0.7
    if not sentence.text[number.start - sentence.start].isdigit():
        factor *= 0.85  # written in words, or a fraction
    if number.start - subject.end > 80:
        factor *= 0.85
    return factor


def figures(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield dated figures: a number followed by what it counts; "(contre N en 2020)" repeats the measure."""
    previous: str | None = None
    for number in _numbers(sentence.text):
        number = Amount(number.start + sentence.start, number.end + sentence.start, number.value, number.currency,
                        number.qualifier)  # fmt: skip
        measure = _measure(sentence, number)
        against = _AGAINST.search(sentence.text[: number.start - sentence.start])
        if measure is None and against and previous:
            measure = previous
        if measure is None:
            continue
        if not re.search(r"\b(?:dont|including|of which)\s+$", sentence.text[: number.start - sentence.start]):
            previous = measure
        subject, certainty = ctx.main_before(sentence, number.start)
        if subject is None:
            continue
        date, inferred = _date(ctx, sentence, number)
        target = _is_target(sentence, number)
        unit = _unit(measure, number)
        values = {"subject": subject.ref, "measure": ("target-" if target else "") + measure,
                  "value": str(number.value), "qualifier": number.qualifier or "", "unit": unit,
                  "date": date, "date_inferred": inferred}  # fmt: skip
        score = confidence((0.5 if target else 0.92) * certainty * _doubt(sentence, number, subject, inferred), subject)
        yield make("figure", sentence, (number.start, number.end + 12), "figure", score, values,
                   {"subject": subject, "object": str(number.value)}, measure)  # fmt: skip


def _funder(sentence: Sentence, amount: Amount) -> tuple[Mention | None, int]:
    """Return the funder named by a cue ("aide de X", "financé par X") next to the amount, with nothing between."""
    for match in _FUNDER.finditer(sentence.text):
        cue = sentence.start + match.end()
        funder = sentence.after(cue, lambda m: not m.is_person, within=60)
        if funder is None:
            continue
        between = ctx_text(sentence, min(funder.end, amount.end), max(sentence.start + match.start(), amount.start))
        if len(between) < 70 and not find_amounts(between):
            return funder, sentence.start + match.start()
    return None, -1


def ctx_text(sentence: Sentence, start: int, end: int) -> str:
    """Return the sentence's text between two document offsets (empty when they are reversed)."""
    return sentence.text[max(0, start - sentence.start) : max(0, end - sentence.start)]


def _money_measure(sentence: Sentence, amount: Amount) -> str:
    window = sentence.text[max(0, amount.start - sentence.start - 60) : amount.end - sentence.start + 30]
    for pattern, measure in _MONEY_MEASURES:
        if pattern.search(window):
            return measure
    return "amount"


def amounts(ctx: Context, sentence: Sentence) -> Iterator[Candidate]:
    """Yield fundings (a funder named near the amount) or money figures (budget, investment, funds raised)."""
    for found in find_amounts(sentence.text):
        amount = Amount(found.start + sentence.start, found.end + sentence.start, found.value, found.currency,
                        found.qualifier)  # fmt: skip
        funder, cue = _funder(sentence, amount)
        date, inferred = _date(ctx, sentence, amount)
        if funder is not None:
            beneficiary, certainty = ctx.subject_before(sentence, cue)
            if beneficiary is None or beneficiary.ref == funder.ref:
                continue
            values = {"funder": funder.ref, "beneficiary": beneficiary.ref, "programme": "",
                      "amount": str(amount.value), "qualifier": amount.qualifier or "",
                      "currency": amount.currency or "EUR", "date": date}  # fmt: skip
            yield make("funding", sentence, (min(cue, amount.start), max(funder.end, amount.end)), "funding",
                       confidence(0.85 * certainty, funder, beneficiary), values,
                       {"subject": funder, "object": beneficiary}, "funds")  # fmt: skip
            continue
        subject, certainty = ctx.subject_before(sentence, amount.start)
        if subject is None:
            continue
        measure = _money_measure(sentence, amount)
        values = {"subject": subject.ref, "measure": measure, "value": str(amount.value),
                  "qualifier": amount.qualifier or "", "unit": amount.currency or "EUR", "date": date,
                  "date_inferred": inferred}  # fmt: skip
        yield make("figure", sentence, (amount.start, amount.end), "amount",
                   confidence(0.85 * certainty, subject), values,
                   {"subject": subject, "object": str(amount.value)}, measure)  # fmt: skip
