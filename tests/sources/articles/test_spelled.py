"""Numbers in words, fractions, ranges and percentages, and the figures they give."""

from __future__ import annotations

from collections.abc import Callable

from healthgraph.sources.articles.extract import Extraction
from healthgraph.sources.articles.spelled import find_fractions, find_ranges, find_spelled, spelled_value

Run = Callable[..., Extraction]


def figures(extraction: Extraction) -> list[tuple[str, str, str, str]]:
    return [
        (c.values["subject"], c.values["measure"], c.values["value"], c.values["qualifier"])
        for c in extraction.candidates
        if c.kind == "figure"
    ]


def test_spelled_values() -> None:
    assert [spelled_value(w) for w in ("douze", "vingt-deux", "soixante-et-onze", "twenty one")] == [12, 22, 71, 21]
    assert spelled_value("quatre-vingt-quinze") == 95
    assert [str(n.value) for n in find_spelled("un pôle, trente-deux membres et une agence")] == ["32"]


def test_fractions_and_ranges() -> None:
    assert [str(f.value) for f in find_fractions("deux tiers des PME et la moitié des laboratoires")] == [
        "0.6667",
        "0.5000",
    ]
    assert find_fractions("le Tiers lieu et un tiers lieu") == []
    assert [(str(r.value), r.qualifier) for r in find_ranges("de 12 à 15 projets, 4 to 6 jobs")] == [
        ("12", "more-than"),
        ("4", "more-than"),
    ]


def test_figure_in_words(run: Run) -> None:
    result = run("Eurobiomed rassemble quarante-deux membres.")
    assert ("eurobiomed", "member-count", "42", "") in figures(result)


def test_percentage_names_what_it_counts(run: Run) -> None:
    result = run("Chez Medicen, 80 % des projets sont financés.")
    assert ("medicen", "funded-project-share", "80", "") in figures(result)


def test_fraction_figure(run: Run) -> None:
    result = run("Medicen says that two thirds of its members are start-ups.", lang="en")
    assert any(f[1].endswith("share") and f[2] == "0.6667" for f in figures(result))


def test_range_figure(run: Run) -> None:
    result = run("Atlanpole Biotherapies approves 20 to 25 projects a year.", lang="en")
    assert ("atlanpole-biotherapies", "project-count", "20", "more-than") in figures(result)


def test_total_since_creation_is_dated_by_the_article(run: Run) -> None:
    result = run("Depuis sa création en 2005, Lyonbiopôle a accompagné 300 projets.", date="2019")
    figure = next(c for c in result.candidates if c.kind == "figure" and c.values["value"] == "300")
    assert figure.values["date"] == "2019"


def test_unknown_measure_and_role_are_proposed(run: Run) -> None:
    result = run("Medicen compte 40 chercheurs. Jeanne Martin est la trésorière de Medicen.")
    proposed = {(c.kind, c.values["id"]) for c in result.candidates if c.rule.startswith("proposed-")}
    assert proposed == {("measure", "researcher-count"), ("role", "treasurer")}
    assert all(c.table in ("measures", "roles") for c in result.candidates if c.rule.startswith("proposed-"))
