"""Numbers the text writes in words ("cinquante-cinq", "douze", "twenty"), fractions ("deux tiers") and ranges.

Each is an :class:`~healthgraph.sources.articles.amounts.Amount` like a number in digits: a fraction is its value
(deux tiers → 0.6667), a range ("de 25 à 30", "25 to 30") its lower bound with the qualifier ``more-than`` (the
records' qualifiers have no range; the review shows the words).
"""

from __future__ import annotations

import re
from decimal import Decimal

from healthgraph.sources.articles.amounts import NUMBER, Amount, parse_number, qualifier_before

__all__ = ["find_fractions", "find_ranges", "find_spelled", "spelled_value"]

_UNITS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "cent": 100,
}  # fmt: skip
_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70,
         "octante": 80, "huitante": 80, "nonante": 90}  # fmt: skip
_WORDS = sorted([*_UNITS, *_TENS, "quatre-vingt", "quatre-vingts"], key=len, reverse=True)
_SPELLED = re.compile(
    r"(?<![\w-])(?:" + "|".join(_WORDS) + r")(?:[- ](?:et[- ])?(?:" + "|".join(_WORDS) + r"))*(?![\w-])", re.IGNORECASE
)
_FRACTIONS = {"moitié": Decimal(1) / 2, "tiers": Decimal(1) / 3, "quart": Decimal(1) / 4, "quarts": Decimal(1) / 4,
              "half": Decimal(1) / 2, "third": Decimal(1) / 3, "thirds": Decimal(1) / 3, "quarter": Decimal(1) / 4,
              "quarters": Decimal(1) / 4}  # fmt: skip
_FRACTION = re.compile(
    r"(?<![\w-])(?P<count>(?i:un|une|deux|trois|one|two|three|a|la))[ -](?P<part>moitié|tiers|quarts?|half"
    r"|thirds?|quarters?)\b(?! lieux?\b)",
)
_RANGE = re.compile(
    rf"(?:\bde |\bfrom |\bbetween |\bentre )?(?P<low>{NUMBER})\s*(?:à|-|–|to|and|et)\s*(?P<high>{NUMBER})\b"
)
# Words that are numbers only in some uses ("un", "une", "one" are articles or pronouns).
_AMBIGUOUS = {"un", "une", "one", "et", "cent"}


def spelled_value(words: str) -> int | None:
    """Return the value of a number written in words, or None.

    >>> spelled_value("cinquante-cinq"), spelled_value("soixante-neuf"), spelled_value("quatre-vingt-dix")
    (55, 69, 90)
    """
    total, parts = 0, [p for p in re.split(r"[- ]", words.lower()) if p and p != "et"]
    for index, part in enumerate(parts):
        if part in ("quatre", "four") and index + 1 < len(parts) and parts[index + 1].startswith("vingt"):
            total += 0  # "quatre-vingt": counted by the next word
        elif part.startswith("vingt") and index > 0 and parts[index - 1] == "quatre":
            total += 80
        elif part in ("cent", "hundred"):
            total = max(total, 1) * 100
        elif part in _TENS:
            total += _TENS[part]
        elif part in _UNITS:
            total += _UNITS[part]
        else:
            return None
    return total or None


def find_spelled(text: str) -> list[Amount]:
    """Return the numbers written in words in ``text`` ("cinquante-cinq pôles", "douze ans")."""
    found: list[Amount] = []
    for match in _SPELLED.finditer(text):
        words = match.group(0)
        if words.lower() in _AMBIGUOUS:
            continue
        value = spelled_value(words)
        if value is not None:
            qualifier = qualifier_before(text, match.start())
            found.append(Amount(match.start(), match.end(), Decimal(value), None, qualifier))
    return found


def find_fractions(text: str) -> list[Amount]:
    """Return fractions ("deux tiers", "la moitié", "a third"), valued to four decimals."""
    found: list[Amount] = []
    for match in _FRACTION.finditer(text):
        count = match.group("count").lower()
        times = _UNITS.get(count, 1)
        value = (_FRACTIONS[match.group("part").lower()] * times).quantize(Decimal("0.0001"))
        found.append(Amount(match.start(), match.end(), value, None, qualifier_before(text, match.start())))
    return found


def find_ranges(text: str) -> list[Amount]:
    """Return ranges ("de 25 à 30", "25 to 30") as their lower bound, qualified ``more-than``, ending at the upper."""
    found: list[Amount] = []
    for match in _RANGE.finditer(text):
        low, high = parse_number(match.group("low")), parse_number(match.group("high"))
        if low < high and not re.fullmatch(r"(?:19|20)\d\d", match.group("low")):
            found.append(Amount(match.start("low"), match.end("high"), low, None, "more-than"))
    return found
