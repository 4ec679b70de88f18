"""Themes stated as verb phrases (missions, objectives) and actors described without a name."""

from __future__ import annotations

from collections.abc import Callable

from healthgraph.sources.articles.extract import Extraction
from healthgraph.sources.articles.purposes import infinitive_phrases

Run = Callable[..., Extraction]


def themes(extraction: Extraction, subject: str) -> list[str]:
    return [
        c.names["object"]
        for c in extraction.candidates
        if c.kind == "theme" and c.values["subject"] == subject and c.rule != "theme-mentioned"
    ]


def test_infinitive_phrases_split_lists_and_keep_shared_objects() -> None:
    text = "soutenir et relier les start-up, de former des talents et d'ouvrir des marchés"
    assert [text[s:e] for s, e in infinitive_phrases(text)] == [
        "soutenir et relier les start-up",
        "former des talents",
        "ouvrir des marchés",
    ]


def test_infinitive_phrases_english() -> None:
    text = "foster open innovation and to train young engineers"
    assert [text[s:e] for s, e in infinitive_phrases(text, "en")] == ["foster open innovation", "train young engineers"]


def test_mission_cue_in_french(run: Run) -> None:
    result = run("Medicen a pour missions de fédérer les chercheurs et d'accompagner les jeunes entreprises.")
    assert themes(result, "medicen") == ["fédérer les chercheurs", "accompagner les jeunes entreprises"]


def test_objectives_after_a_colon(run: Run) -> None:
    result = run("Eurobiomed s'est donné trois objectifs : créer des emplois, attirer des investisseurs.")
    assert themes(result, "eurobiomed") == ["créer des emplois", "attirer des investisseurs"]


def test_created_for_a_purpose(run: Run) -> None:
    result = run("Lyonbiopôle, fondé en 2005 pour rapprocher la recherche et l'industrie, compte 250 membres.")
    assert "rapprocher la recherche et l'industrie" in themes(result, "lyonbiopole")


def test_aims_to_in_english(run: Run) -> None:
    result = run("Medicen aims to speed up access to care and to support young companies.", lang="en")
    assert themes(result, "medicen") == ["speed up access to care", "support young companies"]


def test_nouns_ending_like_verbs_are_no_purpose(run: Run) -> None:
    result = run("Medicen a pour vocation : le centre de la filière.")
    assert themes(result, "medicen") == []


def test_actor_introduced_without_a_name(run: Run) -> None:
    result = run(
        "L'État a retenu un biocluster dédié aux maladies rares. "
        "Ce biocluster aura pour objectifs de soigner les patients et de former les médecins."
    )
    assert {"soigner les patients", "former les médecins"} <= set(themes(result, "biocluster"))
    assert any(c.kind == "entity" and c.values["id"] == "biocluster" for c in result.candidates)


def test_actor_described_by_a_place_adjective(run: Run) -> None:
    result = run("Le pôle nantais vise à développer les biothérapies.")
    assert themes(result, "pole-nantais") == ["développer les biothérapies"]
