"""Results for people: CSV cells a spreadsheet would run are neutralised, control characters never reach a terminal."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from healthgraph.cells import for_spreadsheet, from_spreadsheet
from healthgraph.cli import app
from healthgraph.network.tables import _csv
from healthgraph.sources.reconcile import Decision, read_crosswalk, write_crosswalk

runner = CliRunner()
FORMULAS = ['=HYPERLINK("http://x","Inserm")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)", "-2+3", "\t=1"]


def _literal(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _query(sparql: str, fmt: str) -> str:
    result = runner.invoke(app, ["query", "--sparql", sparql, "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.output


def test_query_csv_neutralises_formulas_and_keeps_numbers() -> None:
    values = " ".join(_literal(v) for v in [*FORMULAS[:4], "-12.5", "Medicen"])
    output = _query(f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }} }}", "csv")
    cells = [row[0] for row in csv.reader(io.StringIO(output))][1:]
    assert cells[:4] == ["'" + v for v in FORMULAS[:4]]
    assert cells[4:] == ["-12.5", "Medicen"]


def test_query_output_never_carries_control_characters() -> None:
    sparql = 'SELECT ?x WHERE { VALUES ?x { "a\\u001b]8;;http://evil\\u001b\\\\b" "n\\u0000ul" } }'
    for fmt in ("table", "csv", "tsv"):
        output = _query(sparql, fmt)
        assert "\x1b" not in output and "\x00" not in output, fmt
        assert "\\x1b]8;;http://evil" in output, fmt


def test_crosswalk_round_trips_a_hostile_spelling(tmp_path: Path) -> None:
    target = tmp_path / "crosswalk.csv"
    rows = [Decision(FORMULAS[0], "hyperlink inserm", "Paris", "inserm", "fuzzy", "100", "", "")]
    write_crosswalk(rows, target)
    raw = target.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in raw and "\n=HYPERLINK" not in raw
    assert list(read_crosswalk(target).rows) == [FORMULAS[0]]


def test_report_tables_neutralise_labels(tmp_path: Path) -> None:
    _csv(pd.DataFrame({"label": ["@SUM(A1)", "Medicen"], "degree": [-1.0, 3.0]}), tmp_path / "t.csv")
    lines = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()
    assert lines == ["label,degree", "'@SUM(A1),-1.0", "Medicen,3.0"]


def test_neutralising_is_undone_only_where_it_was_done() -> None:
    for value in [*FORMULAS, "'quoted", "'=x", "'", "plain", "-3"]:
        assert from_spreadsheet(for_spreadsheet(value)) == value
