"""Facts stated without a cue word (low scores), groups of pôles as networks, fundings without an amount."""

from __future__ import annotations

from collections.abc import Callable

from healthgraph.sources.articles.candidates import Candidate
from healthgraph.sources.articles.extract import Extraction

Run = Callable[..., Extraction]


def of_kind(extraction: Extraction, kind: str) -> list[Candidate]:
    return [c for c in extraction.candidates if c.kind == kind]


def test_a_group_of_health_poles_is_the_network(run: Run) -> None:
    result = run("Les pôles de compétitivité en santé forment un réseau. Ensemble, ces pôles comptent 900 adhérents.")
    groups = [m for m in result.mentions if m.origin == "group"]
    assert {m.ref for m in groups} == {"reseau-poles-sante"}
    figures = [c for c in of_kind(result, "figure") if c.values["value"] == "900"]
    assert figures and figures[0].values["subject"] == "reseau-poles-sante"
    assert figures[0].score < 0.8


def test_plain_poles_without_a_topic_stay_unlinked(run: Run) -> None:
    result = run("Les pôles de compétitivité ont été créés en 2004.")
    assert not [m for m in result.mentions if m.origin == "group"]


def test_poles_listed_after_a_group_and_a_colon_are_members(run: Run) -> None:
    result = run("Dans la santé, les pôles de compétitivité en santé sont trois : Medicen, Eurobiomed et Lyonbiopôle.")
    members = {(c.values["subject"], c.values["object"]) for c in of_kind(result, "member")}
    assert {("medicen", "reseau-poles-sante"), ("eurobiomed", "reseau-poles-sante")} <= members
    assert all(c.score < 0.8 for c in of_kind(result, "member"))


def test_funders_without_an_amount_in_french(run: Run) -> None:
    result = run(
        "Le projet Medicen est financé par Bpifrance, l’Agence nationale de la recherche et la Région Île-de-France."
    )
    funders = {c.values["funder"] for c in of_kind(result, "funding") if not c.values["amount"]}
    assert {"bpifrance", "region-idf"} <= funders
    assert all(c.score < 0.8 for c in of_kind(result, "funding"))


def test_labelled_projects_of_a_pole_are_the_beneficiary(run: Run) -> None:
    text = (
        "Medicen Paris Region est un pôle. Ses 120 projets ont été labellisés et financés par Bpifrance (prêts), "
        "et/ou par les collectivités, la Région Île-de-France."
    )
    fundings = of_kind(run(text), "funding")
    assert {c.values["beneficiary"] for c in fundings} == {"medicen-projets-labellises"}
    assert {c.values["funder"] for c in fundings} == {"bpifrance", "region-idf"}


def test_funded_by_in_english(run: Run) -> None:
    result = run("Eurobiomed is funded by Bpifrance and the Région Île-de-France.", lang="en")
    assert {c.values["funder"] for c in of_kind(result, "funding")} >= {"bpifrance"}


def test_a_known_theme_in_an_actors_sentence_is_a_low_score_theme(run: Run) -> None:
    result = run("Lyonbiopôle soutient des entreprises en imagerie.")
    themes = [c for c in of_kind(result, "theme") if c.rule == "theme-mentioned"]
    assert [(c.values["subject"], c.values["object"]) for c in themes] == [("lyonbiopole", "imagerie")]
    assert themes[0].score < 0.8


def test_a_region_in_an_actors_sentence_is_a_covered_region(run: Run) -> None:
    result = run("Pour l’Occitanie, Eurobiomed signe un accord.")
    regions = [c for c in of_kind(result, "region") if c.rule == "region-mentioned"]
    assert [(c.values["id"], c.values["regions"]) for c in regions] == [("eurobiomed", "76")]


def test_a_category_noun_opening_a_name_is_its_kind(run: Run) -> None:
    result = run("Cette année, l’Agence Nationale de Recherche prépare son budget.")
    kinds = {(c.values["id"], c.values["kind"]) for c in of_kind(result, "type") if c.rule == "type-name"}
    assert kinds == {("anr", "agency")}


def test_constituents_listed_after_a_gathering_verb_are_members(run: Run) -> None:
    result = run("Medicen, réunissant Bpifrance et Eurobiomed, a été créé.")
    members = {(c.values["subject"], c.values["object"]) for c in of_kind(result, "member")}
    assert members == {("bpifrance", "medicen"), ("eurobiomed", "medicen")}


def test_a_region_inside_a_name_is_that_actors_region(run: Run) -> None:
    result = run("La Région Île-de-France soutient Eurobiomed.")
    regions = {(c.values["id"], c.values["regions"]) for c in of_kind(result, "region")}
    assert ("region-idf", "11") in regions
    assert ("eurobiomed", "11") not in regions


def test_first_person_units_and_memberships_are_the_speakers(run: Run) -> None:
    text = (
        "Medicen accompagne les start-up. Medicen anime notre Commission Compétences. "
        "Nous siégeons au sein du Conseil Européen des Biorégions. Nous travaillons avec Bpifrance."
    )
    result = run(text)
    members = {(c.values["subject"], c.values["relation"], c.values["object"]) for c in of_kind(result, "member")}
    assert ("commission-competences-medicen", "part-of", "medicen") in members
    assert ("medicen", "member", "cebr") in members
    partners = {(c.values["subject"], c.values["object"]) for c in of_kind(result, "partner")}
    assert ("medicen", "bpifrance") in partners


def test_our_programme_is_led_by_the_speaker(run: Run) -> None:
    result = run("Medicen soutient les PME. We launched our programme Scale-Up Booster this year.", lang="en")
    leads = {(c.values["subject"], c.values["object"]) for c in of_kind(result, "partner") if c.rule == "speaker-lead"}
    assert leads == {("medicen", "scale-up-booster")}


def test_institutions_named_by_a_lower_case_noun_are_mentions(run: Run) -> None:
    result = run(
        "Le GIP Medicen, réunissant l’État français, les collectivités (conseil général de l’Essonne, ville d’Évry)."
    )
    members = {c.values["subject"] for c in of_kind(result, "member") if c.values["object"] == "medicen"}
    assert {"etat", "conseil-general-de-l-essonne", "ville-d-evry"} <= members


def test_names_with_an_inner_capital_and_every_item_of_a_plural_category(run: Run) -> None:
    result = run("Le projet réunit les industriels bioMérieux, Sanofi et Bpifrance.")
    typed = {c.values["id"] for c in of_kind(result, "type") if c.values["kind"] == "company"}
    assert {"biomerieux", "sanofi", "bpifrance"} <= typed


def test_place_adjectives_name_their_region_or_city(run: Run) -> None:
    result = run("Le programme Scale-Up Booster accompagne des start-up franciliennes.")
    regions = {(c.values["id"], c.values.get("regions", "")) for c in of_kind(result, "region")}
    assert ("scale-up-booster", "11") in regions


def test_kinds_of_working_groups_people_beside_a_role_and_networks(run: Run) -> None:
    text = (
        "Son président, Christian Deleuze, anime la Commission Compétences. "
        "Les sept pôles de compétitivité en santé se raccordent en réseau."
    )
    kinds = {(c.values["id"], c.values["kind"]) for c in of_kind(run(text), "type")}
    assert {("commission-competences-medicen", "working-group"), ("christian-deleuze", "person")} <= kinds
    assert ("reseau-poles-sante", "pole-network") in kinds


def test_selection_anniversary_and_future_creation_are_events(run: Run) -> None:
    result = run(
        "Eurobiomed a été retenu par l’État. Medicen vient de fêter ses dix ans. Il va prochainement créer un fonds."
    )
    kinds = {(c.values.get("subject") or c.values.get("entity"), c.values["type"]) for c in of_kind(result, "event")}
    assert {("eurobiomed", "labelling"), ("medicen", "creation")} <= kinds


def test_represents_and_synergy_are_partnerships(run: Run) -> None:
    result = run("Medicen accompagne les start-up. Elle représente l’Agence Nationale de Recherche en région.")
    partners = {(c.values["subject"], c.values["relation"], c.values["object"]) for c in of_kind(result, "partner")}
    assert ("medicen", "represents", "anr") in partners
    result = run("Eurobiomed travaille en synergie avec Bpifrance.")
    assert ("eurobiomed", "bpifrance") in {
        (c.values["subject"], c.values["object"]) for c in of_kind(result, "partner")
    }


def test_theme_cues_without_a_list_word(run: Run) -> None:
    result = run("Medicen agit en faveur des medtechs. Nous œuvrons à la compétitivité des entreprises.")
    topics = {c.names["object"] for c in of_kind(result, "theme")}
    assert {"medtechs", "compétitivité des entreprises"} <= topics


def test_a_title_before_a_name_ends_no_sentence(run: Run) -> None:
    result = run("Le président en est M. Jean DURAND, depuis 2019. Medicen compte 400 adhérents.")
    assert len({c.sentence for c in result.candidates if c.kind == "post"}) == 1
    posts = {(c.values["organisation"], c.values["role"]) for c in of_kind(result, "post")}
    assert posts


def test_officers_listed_after_a_plural_role(run: Run) -> None:
    result = run("Medicen a élu son bureau. Les vice-présidents : M. Jean DURAND et Mme Anne MARTIN.")
    officers = {c.values["person"] for c in of_kind(result, "post") if c.values["role"] == "vice-president"}
    assert officers == {"jean-durand", "anne-martin"}


def test_past_jobs_at_an_organisation(run: Run) -> None:
    result = run("Eric Vacaresse a débuté sa carrière chez Sanofi en 1995.")
    jobs = [c for c in of_kind(result, "post") if c.values["role"] == "employee"]
    assert [(c.values["person"], c.values["organisation"], c.values["start"]) for c in jobs] == [
        ("eric-vacaresse", "sanofi", "1995")
    ]


def test_the_topic_of_a_category_noun_is_a_theme(run: Run) -> None:
    result = run("Polepharma, premier cluster de l’industrie pharmaceutique, a réuni ses membres.")
    topics = {(c.values["subject"], c.names["object"]) for c in of_kind(result, "theme") if c.rule == "theme-topic"}
    assert ("polepharma", "industrie pharmaceutique") in topics
    result = run("Eurobiomed is a competitiveness cluster in surgical robotics.", lang="en")
    assert "surgical robotics" in {c.names["object"] for c in of_kind(result, "theme") if c.rule == "theme-topic"}


def test_infobox_seat_site_and_city_after_a_comma(run: Run) -> None:
    text = "Medicen accompagne les start-up.\nSiège Paris\nLe laboratoire Calixar, sur le bioparc Genopole, a ouvert."
    regions = {(c.values["id"], c.names["object"], c.relation) for c in of_kind(run(text), "region")}
    assert ("medicen", "Paris", "located_in") in regions
    assert any(place == "bioparc Genopole" for _, place, _ in regions)
    result = run("Des acteurs comme Eurobiomed, à Montpellier, innovent.")
    assert ("eurobiomed", "Montpellier") in {(c.values["id"], c.names["object"]) for c in of_kind(result, "region")}


def test_scope_changes_initiated_policies_and_contributions(run: Run) -> None:
    result = run("Le périmètre de Cancer-Bio-Santé s’est élargi en 2013 à la nutrition. Medicen a été initiée en 2005.")
    events = {(c.values.get("subject"), c.values["type"], c.values["date"]) for c in of_kind(result, "event")}
    assert {("cancer-bio-sante", "scope-change", "2013"), ("medicen", "creation", "2005")} <= events
    result = run("Medicen soutient les PME. Avec nos partenaires, nous avons contribué à la stratégie SMART Santé.")
    assert ("medicen", "smart-sante") in {(c.values["subject"], c.values["object"]) for c in of_kind(result, "partner")}


def test_list_items_after_a_category_noun_or_de_la(run: Run) -> None:
    text = "Medicen a des systèmes de co-adhésion avec Eurobiomed et l’association FemTech France."
    partners = {c.values["object"] for c in of_kind(run(text), "partner")}
    assert {"eurobiomed", "femtech-france"} <= partners
    text = "Medicen a été créée avec le soutien de Bpifrance et de la Caisse des Dépôts."
    partners = {c.values["object"] for c in of_kind(run(text), "partner")}
    assert {"bpifrance", "caisse-des-depots"} <= partners


def test_founders_listed_after_a_colon_and_funders_typed(run: Run) -> None:
    text = "Medicen s’était constituée autour des forces du territoire : Bpifrance, Eurobiomed et Lyonbiopôle."
    founders = {c.values["subject"] for c in of_kind(run(text), "founder")}
    assert {"bpifrance", "eurobiomed", "lyonbiopole"} <= founders
    result = run("Le projet Medicen est financé par Bpifrance.")
    assert ("bpifrance", "funder") in {(c.values["id"], c.values["kind"]) for c in of_kind(result, "type")}


def test_item_labels_of_a_heading_list_are_not_actors(run: Run) -> None:
    text = (
        "Cancer-Bio-Santé anime quatre domaines :\n→ DAS1 : « Prévention Nutrition Environnement »,\n→ DAS2 : imagerie."
    )
    themes = {(c.values["subject"], c.values["object"]) for c in of_kind(run(text), "theme")}
    assert ("cancer-bio-sante", "das-prevention-nutrition-environnement") in themes
    assert not [s for s, _ in themes if s.startswith("das")]


def test_a_generic_programme_and_a_certified_label(run: Run) -> None:
    text = "Medicen a lancé Scale-Up Booster. Ce programme a été initié par Bpifrance. Le pôle est certifié label Gold."
    result = run(text)
    assert ("bpifrance", "scale-up-booster") in {
        (c.values["subject"], c.values["object"]) for c in of_kind(result, "founder")
    }
    assert "medicen" in {c.values.get("entity") for c in of_kind(result, "event") if c.values["type"] == "labelling"}


def test_an_organisation_named_inside_a_name_is_the_whole(run: Run) -> None:
    result = run("La Commission Compétences de Medicen se réunit chaque mois.")
    parts = {(c.values["subject"], c.values["object"]) for c in of_kind(result, "member") if c.rule == "part-of-name"}
    assert parts == {("commission-competences-medicen", "medicen")}


def test_a_group_the_speaker_runs_with_partners(run: Run) -> None:
    result = run(
        "Medicen soutient les PME. Nous participons au GT « IA & Confiance », mené en collaboration avec Polepharma."
    )
    leads = {(c.values["subject"], c.values["object"]) for c in of_kind(result, "partner") if c.rule == "speaker-led"}
    assert leads == {("medicen", "gt-ia-confiance")}


def test_officers_continuing_the_sentence_before_and_a_role_in_apposition(run: Run) -> None:
    text = (
        "Medicen a renouvelé son bureau. Le président en est M. Jean DURAND, président de Bpifrance ; "
        "et les vice-présidents : M. Paul MARTIN."
    )
    posts = {(c.values["person"], c.values["organisation"], c.values["role"]) for c in of_kind(run(text), "post")}
    assert ("paul-martin", "medicen", "vice-president") in posts
    result = run(
        "« Nous avançons », affirme Claire Fontenelle, la directrice générale du pôle de compétitivité Eurobiomed."
    )
    posts = {(c.values["person"], c.values["organisation"], c.values["role"]) for c in of_kind(result, "post")}
    assert ("claire-fontenelle", "eurobiomed", "director-general") in posts


def test_a_unit_of_a_ministry_and_a_category_introduced_before_a_name(run: Run) -> None:
    result = run("Elle a le soutien de la Direction générale des entreprises du ministère de l’Économie.")
    parts = {
        (c.values["subject"], c.values["object"]) for c in of_kind(result, "member") if c.rule == "part-of-ministry"
    }
    assert parts == {("dge", "ministere-de-l-economie")}
    result = run("Une société d’économie mixte, la SEM Calixar, gère le parc.")
    assert "company" in {c.values["kind"] for c in of_kind(result, "type") if c.rule == "type-introduced"}


def test_a_single_word_opening_a_sentence_before_its_category_is_a_name(run: Run) -> None:
    result = run("Les pôles se rapprochent. Vitalix est une association professionnelle du secteur.")
    assert ("vitalix", "association") in {(c.values["id"], c.values["kind"]) for c in of_kind(result, "type")}
