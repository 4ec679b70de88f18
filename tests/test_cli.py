"""Every CLI command on the real data: build, validate, export, stats; a failed build writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from healthgraph.cli import app

runner = CliRunner()


def test_build_writes_trig_and_turtle_and_prints_summary(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "validation: conforms" in result.output
    assert "facts per source" in result.output and "nodes per class" in result.output
    dataset = Dataset()
    dataset.parse(tmp_path / "healthgraph.trig", format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {"https://w3id.org/healthgraph/graph/ontology", "https://w3id.org/healthgraph/graph/curated"} <= names
    union = Graph().parse(tmp_path / "healthgraph.ttl")
    assert len(union) == sum(len(g) for g in dataset.graphs())
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file is left behind"


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path, data_copy: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", "--out", str(out)]).exit_code == 0
    before = (out / "healthgraph.ttl").read_bytes()
    (data_copy / "figures.csv").write_text("subject,measure,bogus\n", encoding="utf-8")
    result = runner.invoke(app, ["build", "--out", str(out), "--data", str(data_copy)])
    assert result.exit_code == 1
    assert "figures.csv:1" in result.output and "bogus" in result.output
    assert (out / "healthgraph.ttl").read_bytes() == before


def test_shape_violation_stops_build_and_names_record(tmp_path: Path, data_copy: Path) -> None:
    path = data_copy / "labellings.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "medicen,lyonbiopole,,2020,,labelled,,menu2018,,\n", encoding="utf-8"
    )
    line = len(path.read_text(encoding="utf-8").splitlines())
    result = runner.invoke(app, ["build", "--out", str(tmp_path / "o"), "--data", str(data_copy)])
    assert result.exit_code == 1
    assert f"labellings.csv:{line}" in result.output and "hg:LabellingShape" in result.output
    assert not (tmp_path / "o" / "healthgraph.ttl").exists()


def test_validate_command_passes_and_lists_warnings() -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "0 violation(s)" in result.output and "figures.csv:" in result.output


@pytest.mark.parametrize("engine", ["pyshacl", "turbo"])
def test_validate_command_fails_on_violation(data_copy: Path, engine: str) -> None:
    path = data_copy / "posts.csv"
    path.write_text(path.read_text(encoding="utf-8") + "medicen,afpc,president,,,,menu2018,,\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--data", str(data_copy), "--engine", engine])
    assert result.exit_code == 1
    assert "hg:PostShape" in result.output and "posts.csv:" in result.output
    assert f"validated by {engine} in" in result.output


def test_validate_command_auto_engine_and_unknown_engine() -> None:
    result = runner.invoke(app, ["validate"])
    assert "validated by pyshacl in" in result.output  # the curated graph is small: the reference engine
    bad = runner.invoke(app, ["validate", "--engine", "topbraid"])
    assert bad.exit_code == 1 and "unknown validation engine 'topbraid'" in bad.output


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [("turtle", "turtle"), ("nt", "nt"), ("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")],
)
def test_export_each_format_round_trips(tmp_path: Path, fmt: str, rdf_format: str) -> None:
    target = tmp_path / f"graph.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "--output", str(target)])
    assert result.exit_code == 0, result.output
    parsed = Dataset()
    parsed.parse(target, format=rdf_format)
    assert sum(len(g) for g in parsed.graphs()) > 5000


def test_export_unknown_format_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "xml", "--output", str(tmp_path / "x")])
    assert result.exit_code == 1 and "unknown format" in result.output


def test_stats_prints_classes_sources_regions() -> None:
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0
    assert "Pole" in result.output and "Île-de-France" in result.output and "facts per source" in result.output


def test_console_script_runs_as_module(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "healthgraph", "build", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout


def test_cli_centrality_writes_rdf_scores(tmp_path: Path) -> None:
    target = tmp_path / "scores.ttl"
    result = runner.invoke(
        app, ["centrality", "--top", "5", "--measure", "betweenness", "--format", "csv", "--write-rdf", str(target)]
    )
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if line.startswith("https://")]
    assert "Medicen Paris Region" in rows[0]
    assert len(Graph().parse(target)) > 20


def test_cli_path_explains_each_step() -> None:
    result = runner.invoke(app, ["path", "FemTech France", "AIS"])
    assert result.exit_code == 0
    assert "co-membership [source: medicen2025]" in result.output and "Medicen Paris Region" in result.output


def test_cli_path_unknown_name_and_no_path() -> None:
    unknown = runner.invoke(app, ["path", "Femtek", "AIS"])
    assert unknown.exit_code == 1 and "closest names:" in unknown.output and "FemTech France" in unknown.output
    none = runner.invoke(app, ["path", "FemTech France", "AIS", "--avoid", "Medicen"])
    assert none.exit_code == 1 and "no path" in none.output


def test_cli_brokers_communities_ego() -> None:
    brokers_out = runner.invoke(app, ["brokers", "--top", "2", "--format", "json"])
    assert brokers_out.exit_code == 0 and "Network of the health p" in brokers_out.output
    communities_out = runner.invoke(app, ["communities", "--view", "poles", "--format", "csv"])
    assert communities_out.exit_code == 0 and communities_out.output.startswith("community,size")
    ego_out = runner.invoke(app, ["ego", "Medicen", "--compare", "2018"])
    assert ego_out.exit_code == 0 and "Enosis Santé" in ego_out.output and "change since 2018" in ego_out.output
    bad = runner.invoke(app, ["centrality", "--as-of", "2019-13"])
    assert bad.exit_code == 1 and "--as-of" in bad.output


def test_report_writes_tables_and_scores(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    centrality_csv = (tmp_path / "reports" / "centrality.csv").read_text(encoding="utf-8")
    assert centrality_csv.splitlines()[0].startswith("node,label,kind,degree")
    assert "Network of the health pôles" in (tmp_path / "reports" / "brokers-regions.csv").read_text(encoding="utf-8")
    scores = (tmp_path / "reports" / "centrality-scores.ttl").read_text(encoding="utf-8")
    assert len(Graph().parse(data=scores, format="turtle")) > 500
    assert "betweenness exact (igraph); closeness exact (igraph)" in scores  # how each was computed
