"""`healthgraph accept` adds the accepted rows and their source to the records, once; a bad row writes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from healthgraph.cli import app
from healthgraph.namespaces import GRAPH_CURATED, HGID
from healthgraph.pipeline import build_graph

runner = CliRunner()
ARTICLE = "07_eurobiomed_eric_vacaresse_2022.txt"


@pytest.fixture()
def review(shared: Path, tmp_path: Path) -> Path:
    target = tmp_path / "review.csv"
    result = runner.invoke(
        app, ["extract", str(shared / "texts" / ARTICLE), "--out", str(target), "--source-id", "tribune-vacaresse"]
    )
    assert result.exit_code == 0, result.output
    return target


def _decide(path: Path, choose: dict[tuple[str, str], str]) -> dict[tuple[str, str], int]:
    """Set decisions on rows picked by (candidate, a cell naming them); return the line of each."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    lines = {}
    for number, row in enumerate(rows, start=2):
        for (kind, name), decision in choose.items():
            if row["candidate"] == kind and name in (row["id"], row["person"], row["measure"]):
                row["decision"] = decision
                lines[(kind, name)] = number
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert set(lines) == set(choose), lines
    return lines


def _tables(data: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in data.glob("*.csv")}


def test_accept_adds_the_rows_and_their_source_once(review: Path, data_copy: Path) -> None:
    _decide(review, {("entity", "michael-danon"): "accept", ("post", "michael-danon"): "accept",
                     ("entity", "pierre-et-marie-curie"): "reject"})  # fmt: skip
    result = runner.invoke(app, ["accept", str(review), "--data", str(data_copy)])
    assert result.exit_code == 0, result.output
    assert "added 1 row(s) to sources.csv" in result.output and "added 1 row(s) to posts.csv" in result.output
    after = _tables(data_copy)
    assert "tribune-vacaresse,article," in after["sources.csv"]
    assert "michael-danon,eurobiomed,president," in after["posts.csv"]
    assert "pierre-et-marie-curie" not in after["entities.csv"]
    again = runner.invoke(app, ["accept", str(review), "--data", str(data_copy)])
    assert again.exit_code == 0 and "nothing to add" in again.output and _tables(data_copy) == after
    graph = build_graph(data_copy).graph(GRAPH_CURATED)
    assert (HGID["michael-danon"], None, None) in graph


def test_a_row_that_breaks_a_rule_is_named_by_its_review_line_and_nothing_is_written(
    review: Path, data_copy: Path
) -> None:
    lines = _decide(review, {("figure", "actor-count"): "accept", ("entity", "michael-danon"): "accept"})
    before = _tables(data_copy)
    result = runner.invoke(app, ["accept", str(review), "--data", str(data_copy)])
    assert result.exit_code == 1
    assert f"{review}:{lines[('figure', 'actor-count')]}: field 'measure': unknown measures id" in result.output
    assert _tables(data_copy) == before


def test_a_bad_decision_names_its_line(review: Path, data_copy: Path) -> None:
    lines = _decide(review, {("entity", "michael-danon"): "maybe"})
    result = runner.invoke(app, ["accept", str(review), "--data", str(data_copy)])
    assert result.exit_code == 1 and f"{review}:{lines[('entity', 'michael-danon')]}:" in result.output
    assert "'maybe'" in result.output


def test_a_proposed_measure_accepted_with_its_figure_lets_the_figure_in(review: Path, data_copy: Path) -> None:
    _decide(review, {("figure", "actor-count"): "accept", ("measure", "actor-count"): "accept"})
    result = runner.invoke(app, ["accept", str(review), "--data", str(data_copy)])
    assert result.exit_code == 0, result.output
    assert "added 1 row(s) to measures.csv" in result.output and "added 1 row(s) to figures.csv" in result.output
    assert "actor-count,actor count,actor count,count" in _tables(data_copy)["measures.csv"]
