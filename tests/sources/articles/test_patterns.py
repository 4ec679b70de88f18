from __future__ import annotations

from collections.abc import Callable

import pytest

from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.extract import Extraction

Run = Callable[..., Extraction]


def found(extraction: Extraction, kind: str, **values: str) -> list[Candidate]:
    return [c for c in extraction.candidates if c.kind == kind and all(c.values.get(k) == v for k, v in values.items())]


def one(extraction: Extraction, kind: str, **values: str) -> Candidate:
    matches = found(extraction, kind, **values)
    assert len(matches) == 1, [(c.kind, c.values) for c in extraction.candidates]
    return matches[0]


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f", "\u2009"])
def test_figure_with_spaces_in_numbers(run: Run, space: str) -> None:
    result = run(f"Lyonbiopôle rassemble aujourd'hui plus de 1{space}250 adhérents.")
    figure = one(result, "figure", subject="lyonbiopole", measure="member-count")
    assert (figure.values["value"], figure.values["qualifier"]) == ("1250", "more-than")
    assert figure.values["date"] == "2023-05-10" and figure.values["date_inferred"] == "yes"
    assert result.candidates[0].names["subject"] == "Lyonbiopôle"


def test_figure_dont_and_contre_give_figures_with_their_dates(run: Run) -> None:
    result = run("Eurobiomed compte 310 adhérents, dont 240 PME, contre 250 en 2019.")
    assert one(result, "figure", measure="member-count", value="310").values["date_inferred"] == "yes"
    assert one(result, "figure", measure="sme-member-count", value="240")
    assert one(result, "figure", measure="member-count", value="250").values["date"] == "2019"


def test_figure_english(run: Run) -> None:
    result = run("Atlanpole Biotherapies now has nearly 300 members.", lang="en", date="2021-02")
    figure = one(result, "figure", subject="atlanpole-biotherapies", measure="member-count")
    assert (figure.values["value"], figure.values["qualifier"]) == ("300", "about")


def test_offsets_point_at_the_words(run: Run) -> None:
    text = "Selon le rapport, Medicen compte 512 adhérents."
    result = run(text)
    figure = one(result, "figure", value="512")
    assert text[figure.start : figure.end].startswith("512")
    assert figure.sentence == 0
    assert all(len(v.split()) <= 8 for c in result.candidates for v in c.names.values())


def test_money_figure_and_funding(run: Run) -> None:
    result = run(
        "Le projet Orion bénéficiera d'une aide de Bpifrance de 2,4 M€. "
        "Medicen dispose d'un budget de 3 millions d'euros."
    )
    funding = one(result, "funding", funder="bpifrance")
    assert (funding.values["amount"], funding.values["currency"]) == ("2400000", "EUR")
    budget = one(result, "figure", subject="medicen", measure="budget")
    assert budget.values["value"] == "3000000"


def test_membership_french_and_english(run: Run) -> None:
    result = run("La société Vaxolab, membre de Lyonbiopôle, développe un vaccin.")
    member = one(result, "member", object="lyonbiopole")
    assert member.values["subject"] == "vaxolab"
    assert member.names["subject"] == "Vaxolab"
    entity = one(result, "entity", id="vaxolab")
    assert entity.values["kind"] == "company" and entity.status == "new"
    result = run("In 2021 the start-up Cellnova joined Atlanpole Biotherapies.", lang="en")
    assert one(result, "member", object="atlanpole-biotherapies").values["subject"] == "cellnova"


def test_partnership_enumeration(run: Run) -> None:
    result = run("Medicen a signé un accord en partenariat avec Lyonbiopôle et Eurobiomed.")
    assert {c.values["object"] for c in found(result, "partner", subject="medicen")} == {"lyonbiopole", "eurobiomed"}


def test_founders(run: Run) -> None:
    result = run("Le consortium Neurotech a été fondé par Genopole et l'Institut Curie.")
    founders = {c.values["subject"] for c in found(result, "founder", object="neurotech")}
    assert founders == {"genopole", "institut-curie"}


def test_posts_with_start_date(run: Run) -> None:
    result = run("Jeanne Martin, présidente de Eurobiomed depuis mars 2021, a présenté le bilan.")
    post = one(result, "post", organisation="eurobiomed", role="president")
    assert (post.values["person"], post.values["start"]) == ("jeanne-martin", "2021-03")
    result = run("Paul Durand est nommé directeur général de Lyonbiopôle.")
    assert one(result, "post", role="director-general").values["organisation"] == "lyonbiopole"


def test_events_with_dates_and_precision(run: Run) -> None:
    result = run("Eurobiomed a été créé en 2009. Le réseau Biomedika a été lancé en avril dernier.", date="2023-09")
    creation = one(result, "event", subject="eurobiomed", type="creation")
    assert (creation.values["date"], creation.status) == ("2009", "known")
    launch = one(result, "event", type="launch")
    assert launch.values["date"] == "2023-04"


def test_creation_without_a_date_keeps_it_empty(run: Run) -> None:
    result = run("Lyonbiopôle a été fondé par plusieurs industriels.", date="2023")
    for c in found(result, "event", type="creation"):
        assert c.values["date"] == ""
        assert c.score < 0.8


def test_conflicting_creation_date(run: Run) -> None:
    result = run("Medicen a été créé en 2011.")
    assert one(result, "event", subject="medicen", type="creation").status == "conflict"


def test_type_region_theme(run: Run) -> None:
    result = run("Le pôle de compétitivité Cardiopôle, basé à Montpellier, est dédié aux maladies cardiovasculaires.")
    assert one(result, "type", id="cardiopole").values["kind"] == "pole"
    assert one(result, "region", id="cardiopole").values["location"] == "montpellier"
    theme = one(result, "theme", subject="cardiopole")
    assert theme.names["object"] == "maladies cardiovasculaires"


def test_region_in_parentheses(run: Run) -> None:
    result = run("La société Biomatix (Lyon) rejoint Medicen.")
    assert one(result, "region", id="biomatix").values["location"] == "lyon"


def test_graph_names_win_and_apostrophes_fold(run: Run) -> None:
    result = run("L'Agence de l’Innovation en Santé travaille avec Bpifrance.")
    refs = {m.ref for m in result.mentions if m.target is not None}
    assert {"ais", "bpifrance"} <= refs
    assert all(m.origin == "graph" for m in result.mentions if m.ref in ("ais", "bpifrance"))


def test_known_figure_and_conflicting_figure(run: Run) -> None:
    known = run("Medicen compte 450 adhérents en 2025.", date="2025")
    assert one(known, "figure", measure="member-count").status == "known"
    other = run("Medicen compte 480 adhérents en 2025.", date="2025")
    assert one(other, "figure", measure="member-count").status == "conflict"


def test_text_with_no_known_entity(run: Run) -> None:
    result = run("Il faisait beau ce jour-là et rien ne s'est passé.")
    assert result.candidates == []
    assert result.summary() == {}


def test_regions_listed_after_a_cue_are_all_covered(run: Run) -> None:
    result = run("Polepharma est présent sur trois régions (Centre, Normandie, Bretagne).")
    covered = {c.names["object"] for c in result.candidates if c.kind == "region" and c.values["id"] == "polepharma"}
    assert covered == {"Centre", "Normandie", "Bretagne"}


def test_regions_listed_in_english(run: Run) -> None:
    result = run("Atlanpole Biotherapies covers the regions: Bretagne, Normandie and Occitanie.", lang="en")
    covered = {c.names["object"] for c in result.candidates if c.kind == "region"}
    assert {"Bretagne", "Normandie", "Occitanie"} <= covered


def test_kinds_of_actors_listed_after_a_plural_noun(run: Run) -> None:
    result = run("Medicen travaille avec deux tiers-lieux franciliens : Alpha Lab et Beta Lab.")
    kinds = {c.names["subject"]: c.values["kind"] for c in result.candidates if c.rule == "type-list"}
    assert kinds == {"Alpha Lab": "tiers-lieu", "Beta Lab": "tiers-lieu"}


def test_kinds_of_actors_listed_in_english(run: Run) -> None:
    result = run("Medicen works with three start-ups: Alpha Bio, Beta Med and Gamma Care.", lang="en")
    assert {c.values["kind"] for c in result.candidates if c.rule == "type-list"} == {"startup"}
