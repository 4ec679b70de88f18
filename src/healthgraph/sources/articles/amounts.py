"""Numbers, amounts of money and their qualifiers ("plus de 450", "près de 5 milliards d'euros", "1,2 Md€")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["QUALIFIER_WORDS", "Amount", "find_amounts", "find_numbers", "parse_number", "qualifier_before"]

# Spaces inside numbers: plain, non-breaking, narrow non-breaking and thin (the text is normalised, but a
# caller may pass raw text).
_SP = "[ \u00a0\u202f\u2009]"
NUMBER = rf"(?<![\w,.])(?:\d{{1,3}}(?:{_SP}\d{{3}})+(?!\d)|\d{{1,3}}(?:\.\d{{3}})+(?![,\d])|\d+)(?:[,.]\d+)?(?!\d)"
_SCALE_WORDS = {
    "milliard": Decimal(10) ** 9, "milliards": Decimal(10) ** 9, "md": Decimal(10) ** 9, "mds": Decimal(10) ** 9,
    "mrd": Decimal(10) ** 9, "billion": Decimal(10) ** 9, "billions": Decimal(10) ** 9, "bn": Decimal(10) ** 9,
    "million": Decimal(10) ** 6, "millions": Decimal(10) ** 6, "m": Decimal(10) ** 6, "mn": Decimal(10) ** 6,
    "k": Decimal(10) ** 3, "millier": Decimal(10) ** 3, "milliers": Decimal(10) ** 3,
}  # fmt: skip
_SCALE = r"(?P<scale>milliards?|millions?|billions?|bn|Mds?|Mrd|Md|Mn|M|k)"
_CURRENCY = r"(?P<currency>€|euros?|EUR\b|d'euros|d’euros|de dollars|\$)"
_MONEY = re.compile(rf"(?P<pre>€ ?|EUR ?)?(?P<number>{NUMBER}){_SP}?{_SCALE}?\.?{_SP}?(?:{_CURRENCY})?", re.IGNORECASE)
_PLAIN = re.compile(NUMBER + r"(?![\w])")
QUALIFIER_WORDS = {
    "plus de": "more-than", "more than": "more-than", "over": "more-than", "au moins": "more-than",
    "at least": "more-than", "près de": "about", "environ": "about", "quasiment": "about", "presque": "about",
    "about": "about", "around": "about", "nearly": "about", "almost": "about", "approximately": "about",
    "some": "about", "quelque": "about", "jusqu'à": "up-to", "jusqu’à": "up-to", "up to": "up-to",
}  # fmt: skip
_QUALIFIER = re.compile(
    r"(" + "|".join(sorted((re.escape(q) for q in QUALIFIER_WORDS), key=len, reverse=True)) + r")[ ]*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Amount:
    """A number in the text: offsets, value (scaled: 1,2 Md€ is 1200000000), currency and qualifier."""

    start: int
    end: int
    value: Decimal
    currency: str | None = None
    qualifier: str | None = None


def parse_number(text: str) -> Decimal:
    """Return the value of a French or English number (spaces, non-breaking spaces, decimal comma).

    >>> parse_number("1 300"), parse_number("2,2"), parse_number("1.5"), parse_number("20.000")
    (Decimal('1300'), Decimal('2.2'), Decimal('1.5'), Decimal('20000'))
    """
    compact = re.sub(_SP, "", text.strip())
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", compact):
        compact = compact.replace(".", "")
    try:
        return Decimal(compact.replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(f"not a number: {text!r}") from error


def qualifier_before(text: str, start: int) -> str | None:
    """Return the qualifier written just before ``start`` (more-than, about, up-to) or None."""
    match = _QUALIFIER.search(text[max(0, start - 20) : start])
    return QUALIFIER_WORDS[match.group(1).lower()] if match else None


def _scaled(value: Decimal, scale: str | None) -> Decimal:
    if not scale:
        return value
    value = value * _SCALE_WORDS[scale.lower()]
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def find_amounts(text: str) -> list[Amount]:
    """Return the amounts of money of ``text`` ("60 M€", "près de 5 milliards d'euros", "1,2 Md€").

    >>> [(str(a.value), a.qualifier) for a in find_amounts("près de 5 milliards d'euros et 60 M€")]
    [('5000000000', 'about'), ('60000000', None)]
    """
    found: list[Amount] = []
    for match in _MONEY.finditer(text):
        currency = match.group("currency") or match.group("pre")
        scale = match.group("scale")
        if not currency:
            continue
        value = _scaled(parse_number(match.group("number")), scale)
        code = "USD" if currency and ("$" in currency or "dollar" in currency) else "EUR"
        found.append(Amount(match.start(), match.end(), value, code, qualifier_before(text, match.start())))
    return found


def find_numbers(text: str) -> list[Amount]:
    """Return the plain numbers of ``text`` (not years, not amounts of money) with their qualifiers.

    >>> [str(n.value) for n in find_numbers("1 300 adhérents, dont 1 000 PME, en 2018")]
    ['1300', '1000']
    """
    money = find_amounts(text)
    found: list[Amount] = []
    for match in _PLAIN.finditer(text):
        if any(a.start <= match.start() < a.end for a in money):
            continue
        raw = match.group(0)
        if re.fullmatch(r"(?:19|20)\d{2}", raw):
            continue
        value = parse_number(raw)
        found.append(Amount(match.start(), match.end(), value, None, qualifier_before(text, match.start())))
    return found
