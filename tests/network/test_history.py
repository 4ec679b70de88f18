"""History followed: a former name says who succeeded it; an entity's ego network and questions include its
predecessors' facts, each under the name it had then (curated records: Alsace BioValley became BioValley
France in 2019; Clubster Santé and the NSL pôle merged into Clubster NSL)."""

from __future__ import annotations

import networkx as nx
import pytest
from typer.testing import CliRunner

from healthgraph import network
from healthgraph.cli import app
from healthgraph.pipeline import build_graph
from healthgraph.sparql.session import Session, open_session

ID = "https://w3id.org/healthgraph/id/"


@pytest.fixture(scope="module")
def full() -> nx.Graph:
    return network.project(build_graph().union(), "full")


@pytest.fixture(scope="module")
def session() -> Session:
    return open_session()


def test_predecessors_and_successors_follow_renamings_and_mergers(full: nx.Graph) -> None:
    assert network.predecessors(full, ID + "biovalley-france") == [ID + "alsace-biovalley"]
    assert network.successors(full, ID + "alsace-biovalley") == [ID + "biovalley-france"]
    assert sorted(network.predecessors(full, ID + "clubster-nsl")) == [ID + "clubster-sante", ID + "nsl"]
    assert network.predecessors(full, ID + "medicen") == []
    note = network.succession_notice(full, "alsace biovalley", ID + "alsace-biovalley")
    assert note == "'alsace biovalley' is Alsace BioValley, succeeded by BioValley France (renamed, 2019-02)"
    assert network.succession_notice(full, "BioValley France", ID + "biovalley-france") is None


def test_ego_includes_the_predecessors_neighbours(full: nx.Graph) -> None:
    around = network.ego(full, "BioValley France")
    alone = network.ego(full, "BioValley France", predecessors=False)
    network_of_poles = ID + "reseau-poles-sante"  # a founding membership of Alsace BioValley, not of its successor
    assert network_of_poles in around and network_of_poles not in alone
    assert around.has_edge(ID + "alsace-biovalley", network_of_poles)  # the fact stays with the name it had then


def test_cli_ego_and_path_tell_who_succeeded_a_former_name() -> None:
    runner = CliRunner()
    ego = runner.invoke(app, ["ego", "Alsace BioValley"])
    assert ego.exit_code == 0, ego.output
    assert "# 'Alsace BioValley' is Alsace BioValley, succeeded by BioValley France (renamed, 2019-02)" in ego.output
    successor = runner.invoke(app, ["ego", "BioValley France"])
    assert "# includes its predecessor Alsace BioValley" in successor.output
    assert "Network of the health pôles" in successor.output
    plain = runner.invoke(app, ["ego", "BioValley France", "--no-predecessors"])
    assert "Network of the health pôles" not in plain.output
    path = runner.invoke(app, ["path", "NSL", "Medicen"])
    assert path.exit_code == 0 and "succeeded by Clubster NSL (merged, 2019)" in path.output


def test_queries_about_an_entity_include_its_predecessors_under_their_names(session: Session) -> None:
    merged = session.run("cq10", params={"subject": "Clubster NSL"})
    assert merged.variables[0] == "subject_as"
    rows = merged.python_rows()
    assert rows and {r[0] for r in rows} == {"Nutrition Health Longevity pôle"}  # NSL's figures, under its name
    assert ("member count", 120.0) in {(r[1], float(r[4])) for r in rows}
    assert merged.notes == ["subject: also asked of its predecessors Clubster Santé, Nutrition Health Longevity pôle"]
    alone = session.run("cq10", params={"subject": "Clubster NSL"}, predecessors=False)
    assert alone.variables[0] == "measure" and alone.rows == []
    former = session.run("cq10", params={"subject": "Pôle NSL"})
    assert former.notes == ["'Pôle NSL' is Nutrition Health Longevity pôle, succeeded by Clubster NSL (merged, 2019)"]
    assert len(former.rows) == 3


def test_cli_query_prints_the_lineage_notes() -> None:
    result = CliRunner().invoke(app, ["query", "cq10", "--param", "subject=Alsace BioValley", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "# 'Alsace BioValley' is Alsace BioValley, succeeded by BioValley France (renamed, 2019-02)" in result.output


def test_a_registry_name_variant_says_what_it_resolved_to(full: nx.Graph, session: Session) -> None:
    # "PSL Research University" is a ROR name variant of the curated PSL University (data/ror_crosswalk.csv)
    assert network.find_node(full, "PSL Research University") == ID + "universite-psl"
    assert network.resolution_notice(full, "PSL Research University", ID + "universite-psl") == (
        "'PSL Research University' is PSL University"
    )
    assert network.resolution_notice(full, "PSL University", ID + "universite-psl") is None
    asked = session.run("cq07", params={"pole": "PSL Research University"})
    assert "'PSL Research University' is PSL University" in asked.notes
    ego = CliRunner().invoke(app, ["ego", "PSL Research University"])
    assert ego.exit_code == 0 and "# 'PSL Research University' is PSL University" in ego.output


def test_a_label_is_valid_for_its_duration_only(full: nx.Graph) -> None:
    later = network.project(build_graph().union(), "full", "2025")
    labelled = {
        str(later.nodes[n].get("label", n)) for n in later.neighbors(ID + "medicen") if "Phase" in str(later.nodes[n])
    }
    assert any("Phase V" in name for name in labelled) and not any("Phase IV" in name for name in labelled)
    assert ID + "phase-iv" in network.ego(full, "Medicen")  # without a date, every labelling is shown


def test_ego_output_is_the_same_on_every_run() -> None:
    outputs = {CliRunner().invoke(app, ["ego", "Inserm"]).output for _ in range(2)}
    assert len(outputs) == 1
