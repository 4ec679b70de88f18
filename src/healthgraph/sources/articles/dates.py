"""Dates in a text, resolved against the article's date, at the precision the text gives (never invented).

``le 3 mars 2022`` → ``2022-03-03``; ``en avril 2015`` → ``2015-04``; ``en 2020`` → ``2020``; ``depuis 2014`` →
``2014`` marked as a start; ``en avril dernier`` and ``l'an dernier`` need the article's date and are left out
without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DateMention", "find_dates", "shift_year"]

MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:er|st|nd|rd|th)?"
_SINCE = r"(?P<since>depuis (?:le |l'|l’|fin |début )?|since |from )?"
_PATTERNS = [
    ("day", re.compile(rf"\b{_SINCE}(?:le )?{_DAY} {_MONTH} {_YEAR}\b", re.IGNORECASE)),
    ("day-en", re.compile(rf"\b{_SINCE}{_MONTH} {_DAY}, {_YEAR}\b", re.IGNORECASE)),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month", re.compile(rf"\b{_SINCE}(?:en |in )?{_MONTH} {_YEAR}\b", re.IGNORECASE)),
    ("relative-day", re.compile(rf"\b(?:le )?{_DAY} {_MONTH} dernier\b", re.IGNORECASE)),
    ("day-no-year", re.compile(rf"\b{_SINCE}(?:le |on )?{_DAY} {_MONTH}\b(?! (?:19|20)\d\d)", re.IGNORECASE)),
    ("relative-month", re.compile(rf"\b{_SINCE}(?:en |in )?{_MONTH} (?:dernier|last)\b", re.IGNORECASE)),
    ("last-month-en", re.compile(rf"\blast {_MONTH}\b", re.IGNORECASE)),
    ("last-year", re.compile(r"\b(?:l'an dernier|l’an dernier|l'année dernière|l’année dernière|last year)\b", re.I)),
    ("this-year", re.compile(r"\b(?:cette année|this year)\b", re.IGNORECASE)),
    (
        "range",
        re.compile(r"\b(?:de |from |entre )?(?P<year>(?:19|20)\d{2}) ?(?:-|–|à|au|et|to) ?(?P<end>(?:19|20)\d{2})\b"),
    ),
    ("year", re.compile(rf"\b{_SINCE}(?:en |in |dès |début |fin |courant )?{_YEAR}\b", re.IGNORECASE)),
]


@dataclass(frozen=True)
class DateMention:
    """A date found in the text: offsets, value (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) and how it was read."""

    start: int
    end: int
    value: str
    since: bool = False
    end_value: str | None = None
    relative: bool = False

    @property
    def precision(self) -> str:
        """Return year, month or day."""
        return {4: "year", 7: "month"}.get(len(self.value), "day")


def shift_year(date: str, years: int) -> str:
    """Return the year of ``date`` moved by ``years``.

    >>> shift_year("2023-01-04", -1)
    '2022'
    """
    return str(int(date[:4]) + years)


def _month_before(article: str, month: int) -> str:
    """Return the last ``month`` not after the article's month (``en avril dernier`` in 2023-01 is 2022-04)."""
    year = int(article[:4])
    if len(article) >= 7 and month >= int(article[5:7]):
        year -= 1
    return f"{year}-{month:02d}"


def _day_without_year(article: str, month: int, day: int) -> tuple[str, None] | None:
    """Return a day and month without a year as the last such day not after the article's date (needs its month)."""
    if len(article) < 7:
        return None
    year = int(article[:4])
    latest = (int(article[5:7]), int(article[8:10]) if len(article) >= 10 else 31)
    if (month, day) > latest:
        year -= 1
    return f"{year}-{month:02d}-{day:02d}", None


def _in_a_name(text: str, match: re.Match[str]) -> bool:
    """Say whether a bare year belongs to a name ("France 2030", "Horizon 2020") rather than being a date."""
    return match.group(0)[0].isdigit() and bool(
        re.search(r"[A-ZÀ-Ý][\w-]*\s$", text[max(0, match.start() - 30) : match.start()])
    )


def _value(rule: str, match: re.Match[str], article: str | None) -> tuple[str, str | None] | None:
    groups = match.groupdict()
    month = MONTHS.get((groups.get("month") or "").lower()) or (int(groups["month"]) if rule == "iso" else 0)
    if rule in ("day", "day-en", "iso"):
        return f"{groups['year']}-{month:02d}-{int(groups['day']):02d}", None
    if rule == "month":
        return f"{groups['year']}-{month:02d}", None
    if rule == "range":
        return groups["year"], groups["end"]
    if rule == "year":
        return groups["year"], None
    if article is None:
        return None
    if rule == "day-no-year":
        return _day_without_year(article, month, int(groups["day"]))
    if rule == "relative-day":
        return f"{_month_before(article, month)}-{int(groups['day']):02d}", None
    if rule in ("relative-month", "last-month-en"):
        return _month_before(article, month), None
    return (shift_year(article, -1) if rule == "last-year" else article[:4]), None


def find_dates(text: str, article: str | None = None) -> list[DateMention]:
    """Return the dates of ``text`` (relative ones resolved against ``article``), without overlaps.

    >>> [d.value for d in find_dates("créé le 3 mars 2022, lancé en avril dernier", "2023-01-04")]
    ['2022-03-03', '2022-04']
    """
    found: list[DateMention] = []
    blocked: list[DateMention] = []
    for rule, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(d.start < match.end() and match.start() < d.end for d in found + blocked):
                continue
            value = _value(rule, match, article)
            if value is not None and rule in ("year", "range") and _in_a_name(text, match):
                blocked.append(DateMention(match.start(), match.end(), value[0]))
                continue
            if value is None:
                continue
            since = bool(match.groupdict().get("since"))
            relative = rule.startswith(("relative", "last", "this"))
            found.append(DateMention(match.start(), match.end(), value[0], since, value[1], relative))
    return sorted(found, key=lambda d: d.start)
