from __future__ import annotations

from decimal import Decimal

import pytest

from healthgraph.sources.articles.amounts import find_amounts, find_numbers, parse_number
from healthgraph.sources.articles.dates import find_dates


@pytest.mark.parametrize(
    ("text", "value"),
    [("1 300", "1300"), ("1\u00a0300", "1300"), ("1\u202f300", "1300"), ("1\u2009300", "1300"), ("2,5", "2.5"),
     ("20.000", "20000"), ("12 500 000", "12500000")],
)  # fmt: skip
def test_numbers_with_spaces(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("une enveloppe de 60 M€ pour la région", "60000000", None),
        ("près de 5 milliards d'euros de projets", "5000000000", "about"),
        ("un fonds de 1,2 Md€", "1200000000", None),
        ("une aide de 43 millions d’euros", "43000000", None),
        ("jusqu'à 3\u202f000\u00a0€ par start-up", "3000", "up-to"),
        ("environ 250\u00a0000 euros", "250000", "about"),
        ("more than €150M raised", "150000000", "more-than"),
        ("a grant of EUR 2.5 million", "2500000", None),
    ],
)
def test_amounts(text: str, value: str, qualifier: str | None) -> None:
    (amount,) = find_amounts(text)
    assert (amount.value, amount.qualifier, amount.currency) == (Decimal(value), qualifier, "EUR")


def test_plain_numbers_leave_years_and_money_out() -> None:
    numbers = find_numbers("En 2019, plus de 450 membres et 12 M€ ; près de 1 000 PME")
    assert [(str(n.value), n.qualifier) for n in numbers] == [("450", "more-than"), ("1000", "about")]


@pytest.mark.parametrize(
    ("text", "article", "value", "since"),
    [
        ("créée le 3 mars 2022", None, "2022-03-03", False),
        ("lancé en avril 2015", None, "2015-04", False),
        ("depuis 2014", None, "2014", True),
        ("en 2020", None, "2020", False),
        ("en avril dernier", "2018-09", "2018-04", False),
        ("en novembre dernier", "2023-01-04", "2022-11", False),
        ("l'an dernier", "2023-01-04", "2022", False),
        ("l’année dernière", "2016", "2015", False),
        ("on March 3, 2022", None, "2022-03-03", False),
        ("since June 2019", None, "2019-06", True),
        ("le 22 juin", "2022-06-30", "2022-06-22", False),
    ],
)
def test_dates_keep_their_precision(text: str, article: str | None, value: str, since: bool) -> None:
    (date,) = find_dates(text, article)
    assert (date.value, date.since) == (value, since)


def test_relative_dates_are_never_invented() -> None:
    assert find_dates("en avril dernier, l'an dernier, le 22 juin", None) == []
    assert find_dates("le 22 juin", "2022") == []  # a year alone does not say which 22 June


def test_ranges() -> None:
    (date,) = find_dates("le plan 2024-2026")
    assert (date.value, date.end_value, date.precision) == ("2024", "2026", "year")
