"""Every competency query returns the rows it must, with sources, and the same rows on rdflib and Oxigraph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import normal_rows
from typer.testing import CliRunner

from healthgraph import settings
from healthgraph.cli import app
from healthgraph.errors import QueryError
from healthgraph.pipeline import Checked
from healthgraph.sparql.backends import OxigraphBackend, RdflibBackend, load_oxigraph
from healthgraph.sparql.query import Result, load_queries
from healthgraph.sparql.session import Session

ID = "https://w3id.org/healthgraph/id/"
QUERIES = load_queries(settings.queries_dir())
PARAMS = {
    "cq02_members_by_kind": {"organisation": "Enosis Santé"},
    "cq07_alliances_of_pole": {"pole": "medicen"},
    "cq08_funders": {"pole": "Medicen"},
    "cq10_figures_over_time": {"subject": "Medicen Paris Region"},
}


@pytest.fixture(scope="module")
def memory(checked: Checked) -> Session:
    return Session(RdflibBackend(checked.build.union()), QUERIES)


@pytest.fixture(scope="module")
def oxigraph(checked: Checked, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    path = tmp_path_factory.mktemp("ox") / "store"
    load_oxigraph(checked.build.dataset, path)
    yield Session(OxigraphBackend.open(path), QUERIES)


def col(result: Result, name: str) -> list[object]:
    index = result.variables.index(name)
    return [row[index] for row in result.python_rows()]


def test_there_is_a_query_per_question_1_to_12() -> None:
    assert [name[:4] for name in QUERIES] == [f"cq{n:02d}" for n in range(1, 13)]
    for stored in QUERIES.values():
        assert stored.title and stored.question_fr and stored.question_en


def test_cq01_health_poles_with_regions_dates_and_renamings(memory: Session) -> None:
    result = memory.run("cq01")
    names = set(col(result, "name"))
    assert {
        "Medicen Paris Region",
        "Lyonbiopôle",
        "Eurobiomed",
        "Atlanpole Biotherapies",
        "BioValley France",
        "Clubster NSL",
        "Alsace BioValley",
        "Cancer-Bio-Santé",
        "Nutrition Health Longevity pôle",
    } == names
    rows = {(r[1], r[5]) for r in result.python_rows() if r[5]}
    assert ("Alsace BioValley", ID + "biovalley-france") in rows
    assert ("Cancer-Bio-Santé", ID + "eurobiomed") in rows
    medicen = [r for r in result.python_rows() if r[1] == "Medicen Paris Region"]
    assert {(str(r[3]), r[2]) for r in medicen} >= {("2005", "Île-de-France")}


def test_cq02_members_of_enosis_by_kind(memory: Session) -> None:
    result = memory.run("cq02", params=PARAMS["cq02_members_by_kind"])
    assert set(col(result, "memberName")) == {"BioValley France", "Eurobiomed", "Lyonbiopôle", "Medicen Paris Region"}
    assert "association" in col(result, "kind") and "competitiveness cluster (pôle de compétitivité)" in col(
        result, "kind"
    )


def test_cq03_medicen_partner_tiers_lieux_are_bopex_santinel_htc(memory: Session) -> None:
    result = memory.run("cq03")
    partners = {r[1] for r in result.python_rows() if r[5] == "Medicen Paris Region"}
    assert partners == {"BOpEx", "SANTINEL", "HTC"}
    runners = {(r[1], r[2]) for r in result.python_rows() if r[2]}
    assert ("BOpEx", "Paris public hospitals (AP-HP)") in runners
    assert ("REALISTIC", "Dijon University Hospital") in runners


def test_cq04_bioclusters_founders_and_wins(memory: Session) -> None:
    rows = memory.run("cq04").python_rows()
    assert ("Paris Saclay Cancer Cluster", "Sanofi", "founder") in {(r[1], r[3], r[4]) for r in rows}
    funded = {(r[1], r[6]) for r in rows if r[4] == "funded"}
    assert ("Biocluster for Innovation in Infectious Diseases", 60000000) in funded
    assert all(r[9] for r in rows), "every row carries its source"


def test_cq05_deleuze_links_two_organisations(memory: Session) -> None:
    rows = memory.run("cq05").python_rows()
    deleuze = [r for r in rows if r[1] == "Christian Deleuze"]
    assert {r[3] for r in deleuze} == {"Medicen Paris Region", "French association of pôles de compétitivité"}
    assert deleuze[0][8] == 2
    beylat = next(r for r in rows if r[1] == "Jean-Luc Beylat")
    assert str(beylat[5]) == "2013" and str(beylat[6]) == "2024-06-17"


def test_cq06_medicen_is_in_several_networks(memory: Session) -> None:
    rows = {r[1]: r[2] for r in memory.run("cq06").python_rows()}
    assert rows["Medicen Paris Region"] == 5


def test_cq07_alliances_of_medicen(memory: Session) -> None:
    result = memory.run("cq07", params=PARAMS["cq07_alliances_of_pole"])
    assert {
        "Enosis Santé",
        "Council of European BioRegions",
        "Network of the health pôles",
        "Paris Saclay Cancer Cluster",
        "FemTech France",
    } <= set(col(result, "networkName"))


def test_cq08_funders_of_medicen_projects(memory: Session) -> None:
    result = memory.run("cq08", params=PARAMS["cq08_funders"])
    funders = set(col(result, "funderName")) | set(col(result, "programmeName"))
    assert {
        "Bpifrance",
        "French National Research Agency",
        "European Regional Development Fund",
        "Single Interministerial Fund",
        "Île-de-France Regional Council",
    } <= funders


def test_cq09_working_groups(memory: Session) -> None:
    rows = {(r[1], r[3]) for r in memory.run("cq09").python_rows()}
    assert ("AI & Trust working group", "Polepharma") in rows
    assert ("AI & Trust working group", "Health Data Institute") in rows
    assert ("Scale-Up Booster", "Medicen SME college") in rows


def test_cq10_medicen_member_counts_two_dates_two_sources(memory: Session) -> None:
    rows = memory.run("cq10", params=PARAMS["cq10_figures_over_time"]).python_rows()
    members = [(str(r[1]), r[3], r[5].rsplit("/", 1)[-1]) for r in rows if r[0] == "member count"]
    assert [(d, float(v), s) for d, v, s in members] == [("2018", 350.0, "menu2018"), ("2025", 450.0, "medicen2025")]


def test_cq11_number_of_poles_disagreement(memory: Session) -> None:
    rows = memory.run("cq11").python_rows()
    counts = {(float(r[2]), r[5].rsplit("/", 1)[-1]) for r in rows if r[1] == "number of pôles de compétitivité"}
    assert {(70.0, "lemoine2018"), (55.0, "medicen2025"), (56.0, "medicen2025")} <= counts


def test_cq12_every_source_states_something(memory: Session) -> None:
    rows = memory.run("cq12").python_rows()
    assert {r[0].rsplit("/", 1)[-1] for r in rows} >= {"menu2018", "lemoine2018", "medicen2025", "vipress-55"}
    assert all(r[4] <= r[3] for r in rows)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_same_rows_on_rdflib_and_oxigraph(memory: Session, oxigraph: Session, name: str) -> None:
    params = PARAMS.get(name)
    here, there = memory.run(name, params=params), oxigraph.run(name, params=params)
    assert normal_rows(here.python_rows()) == normal_rows(there.python_rows())


def test_parameter_injection_returns_no_rows(memory: Session) -> None:
    with pytest.raises(QueryError):
        memory.run("cq10", params={"subject": 'medicen" } . ?s ?p ?o { '})
    result = memory.run("cq10", params={"subject": "https://w3id.org/healthgraph/id/nothing"})
    assert result.rows == []


def test_unknown_name_suggests_closest(memory: Session) -> None:
    with pytest.raises(QueryError, match="closest names: Medicen"):
        memory.run("cq08", params={"pole": "Medicn"})


def test_missing_and_unknown_parameters(memory: Session) -> None:
    with pytest.raises(QueryError, match="missing parameter pole"):
        memory.run("cq08")
    with pytest.raises(QueryError, match="unknown parameter"):
        memory.run("cq01", params={"x": "y"})


def test_dataframe_for_notebooks(memory: Session) -> None:
    frame = memory.frame("cq10", subject="medicen")
    assert list(frame.columns)[:3] == ["measure", "date", "qualifier"] and len(frame) == 9


runner = CliRunner()


def test_cli_queries_lists_questions() -> None:
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == 0 and result.output.count("params:") == 12
    assert "Which experimentation sites" in result.output


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_cli_query_formats(fmt: str) -> None:
    result = runner.invoke(app, ["query", "cq03", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "BOpEx" in result.output


def test_cli_query_on_oxigraph_store_and_adhoc(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert runner.invoke(app, ["build", "--out", str(tmp_path / "o"), "--store", f"oxigraph:{store}"]).exit_code == 0
    result = runner.invoke(
        app, ["query", "cq07", "--param", "pole=Medicen", "--store", f"oxigraph:{store}", "--format", "csv"]
    )
    assert result.exit_code == 0 and "Enosis Santé" in result.output
    adhoc = runner.invoke(
        app,
        [
            "query",
            "--sparql",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s a hg:Pole }",
            "--store",
            f"oxigraph:{store}",
            "--format",
            "csv",
        ],
    )
    assert adhoc.output.split() == ["n", "54"]


def test_cli_query_errors_are_clear(tmp_path: Path) -> None:
    assert "unknown query" in runner.invoke(app, ["query", "cq99"]).output
    assert "no Oxigraph store" in runner.invoke(app, ["query", "cq01", "--store", f"oxigraph:{tmp_path}/none"]).output
    bad = runner.invoke(app, ["query", "--sparql", "SELEC * WHERE {"])
    assert bad.exit_code == 1 and "query failed" in bad.output


def test_a_graph_query_on_the_merged_memory_graph_says_to_use_a_store(memory: Session) -> None:
    with pytest.raises(QueryError, match=r"GRAPH needs the named graphs.*--store oxigraph:PATH"):
        memory.run(sparql="SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1")
