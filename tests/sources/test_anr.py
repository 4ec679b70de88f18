"""ANR DGPIE import: a small fixture in the real format, then the real tables in the shared folder."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from tests.conftest import undated_figures
from typer.testing import CliRunner

from healthgraph import settings
from healthgraph.cli import app
from healthgraph.curation.validate import load_shapes, validate_graph
from healthgraph.errors import DataErrors
from healthgraph.namespaces import GRAPH_ANR, GRAPH_CURATED, PREFIXES
from healthgraph.pipeline import Imports, build_graph
from healthgraph.sources.anr import PARTNERS_FILE, PROJECTS_FILE, import_anr_folder
from healthgraph.sources.reconcile import Crosswalk, Decision, normalise_name, propose, read_crosswalk

FIXTURE = Path(__file__).parent / "fixtures" / "anr"
ID = "https://w3id.org/healthgraph/id/"
HGID_SATT = URIRef(ID + "satt-nord")


@pytest.fixture(scope="module")
def fixture_graph() -> Graph:
    return build_graph(imports=Imports(anr=FIXTURE)).graph(GRAPH_ANR)


def rows(graph: Graph, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in graph.query(query, initNs=PREFIXES)]


def test_fixture_projects_fundings_and_dates(fixture_graph: Graph) -> None:
    fundings = rows(
        fixture_graph,
        """SELECT ?p ?date ?programme WHERE { ?f a hg:Funding ; hg:beneficiary ?p ;
        dcterms:date ?date ; hg:programme ?programme ; hg:funder hgid:anr } ORDER BY ?p""",
    )
    assert fundings == [
        (ID + "anr/project/ANR-10-TEST-0001", "2011-01-01", ID + "anr/action/labx"),
        (ID + "anr/project/ANR-21-TEST-0002", "2021", ID + "anr/action/rhus"),
    ]
    amounts = rows(fixture_graph, "SELECT ?a WHERE { ?f hg:amount ?a ; hg:currency 'EUR' }")
    assert amounts == [("1000000.0",)], "a zero amount means unknown and is not stated"


def test_fixture_partners_roles_kinds_regions_and_reconciliation(fixture_graph: Graph) -> None:
    project = f"<{ID}anr/project/ANR-10-TEST-0001>"
    partners = rows(
        fixture_graph, f"SELECT ?org ?role WHERE {{ ?i hg:target {project} ; hg:agent ?org ; hg:role ?role }}"
    )
    assert (ID + "aphp", ID + "role/participant") in partners, "AP-HP is the curated entity"
    university = ID + "anr/org/universite-fictive-de-test"
    assert (university, ID + "role/coordinator") in partners
    assert rows(fixture_graph, f"SELECT ?r WHERE {{ <{university}> hg:region ?r }}") == [(ID + "region/84",)]
    assert bool(fixture_graph.query(f"ASK {{ <{university}> a hg:University }}", initNs=PREFIXES).askAnswer)
    # same normalised name in both projects -> one organisation
    assert len(rows(fixture_graph, f"SELECT ?p WHERE {{ <{university}> hg:isInvolvedIn ?p }}")) == 2


def test_fixture_crosswalk_decision_merges_a_site() -> None:
    build = build_graph()
    plain = import_anr_folder(build.graph(GRAPH_CURATED), FIXTURE, settings.data_dir())
    assert plain.organisations == 4 and plain.curated_matches == 1 and plain.unnamed_partner_rows == 1
    assert plain.unmatched_regions == {"DOM/TOM": 1}


def test_reconcile_proposes_and_keeps_decisions() -> None:
    names = {"AP-HP": "Paris", "AP-HP Hôpital Fictif": "Paris", "Université Fictive": "Lyon"}
    curated = {normalise_name("AP-HP"): "aphp"}
    first = {d.name: d for d in propose(names, curated)}
    assert first["AP-HP"].method == "curated" and first["AP-HP"].decision == "same"
    assert first["AP-HP Hôpital Fictif"].method == "fuzzy" and first["AP-HP Hôpital Fictif"].decision == ""
    decided = Decision(**{**first["AP-HP Hôpital Fictif"].__dict__, "decision": "same"})
    again = {d.name: d for d in propose(names, curated, Crosswalk([decided]))}
    assert again["AP-HP Hôpital Fictif"].decision == "same"
    assert Crosswalk([decided]).resolve("AP-HP Hôpital Fictif") == ("aphp", True)


def test_bad_tables_are_refused_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / PROJECTS_FILE).write_text((FIXTURE / PROJECTS_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    partners = (
        (FIXTURE / PARTNERS_FILE)
        .read_text(encoding="utf-8")
        .replace("ANR-21-TEST-0002,2021,BETA,ANR-21-TEST-0002-03", "ANR-99-NONE-0000,2021,BETA,ANR-21-TEST-0002-03")
    )
    (tmp_path / PARTNERS_FILE).write_text(partners, encoding="utf-8")
    with pytest.raises(DataErrors, match=r"sans_personnes.csv:7: field 'Projet.Code_Decision_ANR': unknown project"):
        build_graph(imports=Imports(anr=tmp_path))
    (tmp_path / PROJECTS_FILE).write_text("Projet.Code_Decision_ANR\nX\n", encoding="utf-8")
    with pytest.raises(DataErrors, match="required column is missing"):
        build_graph(imports=Imports(anr=tmp_path))


def test_crosswalk_decisions_are_valid() -> None:
    crosswalk = read_crosswalk(settings.data_dir() / "anr_crosswalk.csv")
    assert len(crosswalk.rows) > 1000
    assert crosswalk.rows["AP-HP Hôpital Bichat Claude Bernard"].decision == "same"
    assert crosswalk.rows["Sanofi Pasteur"].decision == "different"


def test_real_tables_counts_match(shared: Path) -> None:
    folder = shared / "data"
    with (folder / PROJECTS_FILE).open(encoding="utf-8") as handle:
        projects = list(csv.DictReader(handle))
    with (folder / PARTNERS_FILE).open(encoding="utf-8") as handle:
        partners = list(csv.DictReader(handle))
    imported = import_anr_folder(build_graph().graph(GRAPH_CURATED), folder, settings.data_dir())
    assert imported.projects == len(projects) == 1379
    assert imported.partner_rows == len(partners) == 7581
    total = sum(Decimal(p["Projet.Aide_allouee"] or "0") for p in projects)
    assert imported.funded_amount == total
    graph = imported.graph
    stated = sum(Decimal(str(v)) for v in graph.objects(None, graph.namespace_manager.expand_curie("hg:amount")))
    assert stated == total
    names = {
        normalise_name(p["Projet.Partenaire.Nom_organisme"])
        for p in partners
        if p["Projet.Partenaire.Nom_organisme"] != "Non renseigné"
    }
    assert imported.organisations < len(names)  # spellings were reconciled
    assert imported.curated_matches >= 25


def test_cli_import_and_build_with(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "import",
            "anr-dgpie",
            "--projects",
            str(FIXTURE / PROJECTS_FILE),
            "--partners",
            str(FIXTURE / PARTNERS_FILE),
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "projects: 2" in result.output and "organisations: 4 (of which 1 curated entities)" in result.output
    assert len(Graph().parse(tmp_path / "anr-dgpie.ttl")) > 50
    built = runner.invoke(app, ["build", "--out", str(tmp_path / "b"), "--with", f"anr-dgpie:{FIXTURE}"])
    assert built.exit_code == 0, built.output
    assert "graph/anr-dgpie" in built.output and "validation: conforms" in built.output
    turbo = runner.invoke(app, ["validate", "--with", f"anr-dgpie:{FIXTURE}", "--engine", "turbo"])
    assert turbo.exit_code == 0 and "0 violation(s)" in turbo.output and "validated by turbo" in turbo.output
    bad = runner.invoke(app, ["build", "--out", str(tmp_path / "c"), "--with", "nothing"])
    assert bad.exit_code == 1 and "unknown dataset" in bad.output


def test_real_import_conforms_and_both_engines_agree(shared: Path) -> None:
    build = build_graph(imports=Imports(anr=shared / "data"))
    shapes = load_shapes(settings.ontology_dir() / "shapes.ttl")
    auto = validate_graph(build.dataset, shapes, None, build.locations)
    assert auto.engine == "turbo" and auto.conforms  # 88,000 triples: above the pySHACL threshold
    reference = validate_graph(build.dataset, shapes, None, build.locations, engine="pyshacl")
    assert reference.violations == auto.violations and len(auto.warnings) == undated_figures()


def test_reconcile_command_reports_a_missing_or_broken_table(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from healthgraph.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["reconcile", "anr-dgpie", "--partners", str(tmp_path / "nonexistent.csv")])
    assert missing.exit_code == 1 and "nonexistent.csv" in missing.output and "Traceback" not in missing.output
    broken = tmp_path / "partners.csv"
    broken.write_text("Projet.Code_Decision_ANR;Ville\nx;y\n", encoding="utf-8")
    wrong = runner.invoke(
        app, ["reconcile", "anr-dgpie", "--partners", str(broken), "--crosswalk", str(tmp_path / "c.csv")]
    )
    assert wrong.exit_code == 1 and "Projet.Partenaire.Nom_organisme" in wrong.output
    assert "required column is missing" in wrong.output and not (tmp_path / "c.csv").exists()


def test_reconcile_matches_a_curated_name_spelt_with_other_spacing_and_reproposes_automatic_rows() -> None:
    curated = {normalise_name("Lyonbiopôle"): "lyonbiopole"}
    automatic = Decision("Lyon biopôle", "lyon biopole", "Lyon", "", "normalised", "", "same", "")
    row = propose({"Lyon biopôle": "Lyon"}, curated, Crosswalk([automatic]))[0]
    assert (row.target, row.method, row.decision) == ("curated:lyonbiopole", "curated", "same")
    refused = Decision("Lyon biopôle", "lyon biopole", "Lyon", "", "normalised", "", "different", "not the pôle")
    assert propose({"Lyon biopôle": "Lyon"}, curated, Crosswalk([refused]))[0].decision == "different"
    assert read_crosswalk(settings.data_dir() / "anr_crosswalk.csv").resolve("Lyon biopôle") == ("lyonbiopole", True)


def test_analysis_commands_take_the_anr_import_and_name_the_projects(shared: Path) -> None:
    runner = CliRunner()
    found = runner.invoke(
        app, ["path", "Institut Curie", "Lyonbiopôle", "--with", "anr-dgpie", "--view", "organisations"]
    )
    assert found.exit_code == 0, found.output
    assert "# graph: curated records with anr-dgpie" in found.output
    step = next(line for line in found.output.splitlines() if "both in a programme or project" in line)
    assert "(PIA / France 2030 action" in step and " EUR)" in step and "[source: anr-dgpie-" in step
    curated_only = runner.invoke(app, ["path", "Institut Curie", "Lyonbiopôle", "--view", "organisations"])
    assert "anr-dgpie" not in curated_only.output
    ranked = runner.invoke(app, ["centrality", "--with", "anr-dgpie", "--top", "3", "--measure", "degree"])
    assert ranked.exit_code == 0 and "nodes=" in ranked.output
    assert int(ranked.output.split("nodes=")[1].split()[0]) > 1000


def test_analysis_from_a_store_reads_what_the_build_loaded(tmp_path: Path) -> None:
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'store'}"
    built = runner.invoke(
        app, ["build", "--out", str(tmp_path / "out"), "--store", store, "--with", f"anr-dgpie:{FIXTURE}"]
    )
    assert built.exit_code == 0, built.output
    ego = runner.invoke(app, ["ego", "Medicen", "--store", store])
    assert ego.exit_code == 0, ego.output
    assert f"# graph: the store {store}" in ego.output and "neighbours within 1 step" in ego.output
    both = runner.invoke(app, ["ego", "Medicen", "--store", store, "--with", "anr-dgpie"])
    assert both.exit_code == 1 and "give one of them" in both.output
    missing = runner.invoke(app, ["communities", "--store", f"oxigraph:{tmp_path / 'none'}"])
    assert missing.exit_code == 1 and "no Oxigraph store at" in missing.output


def test_an_anr_spelling_of_a_curated_entity_finds_it(shared: Path) -> None:
    result = CliRunner().invoke(app, ["ego", "Lyon biopôle", "--with", "anr-dgpie"])
    assert result.exit_code == 0, result.output
    assert "# 'Lyon biopôle' is Lyonbiopôle" in result.output


def test_registry_family_names_are_not_one_entitys_alias() -> None:
    from healthgraph.namespaces import SKOS

    names = {str(o) for o in build_graph().union().objects(HGID_SATT, SKOS.altLabel)}
    assert "SATT" not in names and not any(n.startswith("Société d'Accélération du Transfert") for n in names)
