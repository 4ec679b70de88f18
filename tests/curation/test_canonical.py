"""The curated tables are kept in one canonical form (sorted, normalised, no duplicate row, sources that exist)."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from healthgraph import settings
from healthgraph.cli import app
from healthgraph.curation.canonical import canonical_text, tidy
from healthgraph.curation.records import SPECS
from healthgraph.namespaces import GRAPH_CURATED
from healthgraph.pipeline import build_graph


def test_every_curated_table_is_in_canonical_form() -> None:
    data = settings.data_dir()
    for table in SPECS:
        path = data / f"{table}.csv"
        assert path.read_text(encoding="utf-8") == canonical_text(path, table), f"{path}: run 'healthgraph tidy'"


def test_every_row_cites_sources_that_exist() -> None:
    data = settings.data_dir()
    with (data / "sources.csv").open(encoding="utf-8", newline="") as handle:
        sources = {row["id"] for row in csv.DictReader(handle)}
    for table, spec in SPECS.items():
        if "source" not in spec:
            continue
        with (data / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                cited = {s.strip() for s in row["source"].split(";") if s.strip()}
                assert cited and cited <= sources, f"{table}.csv:{line} cites {cited - sources or 'nothing'}"


def test_tidy_sorts_normalises_and_drops_duplicates_without_changing_the_graph(data_copy: Path) -> None:
    before = set(build_graph(data_copy).graph(GRAPH_CURATED))
    relations = data_copy / "relations.csv"
    lines = relations.read_text(encoding="utf-8").splitlines()
    messy = [lines[0], *reversed(lines[1:])]
    messy[1] = messy[1].replace(",", " , ", 1)  # spaces around a cell
    entities = data_copy / "entities.csv"
    entities.write_text("\ufeff" + entities.read_text(encoding="utf-8").replace("Medicen; ", "Medicen ;Medicen;  "))
    relations.write_text("\r\n".join([*messy, messy[2]]) + "\r\n", encoding="utf-8")  # a row twice, CRLF
    runner = CliRunner()
    checked = runner.invoke(app, ["tidy", "--data", str(data_copy), "--check"])
    assert checked.exit_code == 1 and "not canonical" in checked.output and "relations.csv" in checked.output
    assert tidy(data_copy) == [entities, relations]
    assert tidy(data_copy, check=True) == []
    assert "Medicen; Medicen Paris Région" in entities.read_text(encoding="utf-8")
    assert set(build_graph(data_copy).graph(GRAPH_CURATED)) == before
    again = runner.invoke(app, ["tidy", "--data", str(data_copy)])
    assert again.exit_code == 0 and "every table is in canonical form" in again.output
