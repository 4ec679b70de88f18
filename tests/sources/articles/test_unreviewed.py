"""`build --with extracted:REVIEW.csv`: the candidates no curator has accepted go into their own named graph,
marked unreviewed with their score and offsets, never into the curated graph; what includes them says so."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from rdflib import Literal
from typer.testing import CliRunner

from healthgraph.cli import app
from healthgraph.namespaces import GRAPH_CURATED, GRAPH_EXTRACTED, HG, HGID
from healthgraph.pipeline import Imports, build_graph

runner = CliRunner()
ARTICLE = "07_eurobiomed_eric_vacaresse_2022.txt"


@pytest.fixture(scope="module")
def review(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("review") / "vacaresse.csv"
    result = runner.invoke(
        app, ["extract", str(shared / "texts" / ARTICLE), "--out", str(target), "--source-id", "tribune-vacaresse"]
    )
    assert result.exit_code == 0, result.output
    return target


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _rewrite(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_unreviewed_candidates_are_their_own_marked_graph(review: Path) -> None:
    plain = build_graph()
    build = build_graph(imports=Imports(extracted=(review,)))
    curated = set(build.graph(GRAPH_CURATED))
    assert curated == set(plain.graph(GRAPH_CURATED))  # never mixed with the curated graph
    extracted = build.graph(GRAPH_EXTRACTED)
    marked = set(extracted.subjects(HG.reviewStatus, HG.Unreviewed))
    assert len(marked) >= 5
    for fact in marked:
        score = extracted.value(fact, HG.extractionScore)
        start, end = extracted.value(fact, HG.charStart), extracted.value(fact, HG.charEnd)
        assert isinstance(score, Literal) and 0 <= float(score) <= 1
        assert isinstance(start, Literal) and isinstance(end, Literal) and 0 <= int(start) < int(end)
        assert str(extracted.value(fact, HG.reviewFile)).startswith("vacaresse.csv:")
    assert not any((s, p, o) in curated for s, p, o in extracted)  # only what the candidates add
    assert any("unreviewed" in note and "left out" in note for note in build.notes)


def test_rejected_and_accepted_rows_are_not_unreviewed(review: Path, tmp_path: Path, data_copy: Path) -> None:
    copy = tmp_path / "decided.csv"
    shutil.copy(review, copy)
    rows = _rows(copy)
    facts = [r for r in rows if r["candidate"] == "post" and r["role"] == "president"]
    assert facts, "the article names Eurobiomed's new president"
    for row in facts:
        row["decision"] = "reject"
    _rewrite(copy, rows)
    rejected = build_graph(imports=Imports(extracted=(copy,))).graph(GRAPH_EXTRACTED)
    president = HGID["role/president"]
    assert not any(True for _ in rejected.subjects(HG.role, president))  # no post built from a rejected row
    for row in rows:
        row["decision"] = "accept" if row in facts or row["candidate"] == "entity" else ""
    _rewrite(copy, rows)
    accepted = runner.invoke(app, ["accept", str(copy), "--data", str(data_copy)])
    assert accepted.exit_code == 0, accepted.output
    merged = build_graph(data_copy, imports=Imports(extracted=(copy,)))
    assert not any(True for _ in merged.graph(GRAPH_EXTRACTED).subjects(HG.role, president))  # now curated
    assert any(True for _ in merged.graph(GRAPH_CURATED).subjects(HG.role, president))


def test_cli_build_folder_of_reviews_and_the_notices(review: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    shutil.copy(review, folder / review.name)
    bad = _rows(review)
    for row in bad[1:]:
        row["object"] = row["object"] and "no-such-entity"
    _rewrite(folder / "broken.csv", bad)
    store = f"oxigraph:{tmp_path / 'store'}"
    built = runner.invoke(
        app, ["build", "--out", str(tmp_path / "out"), "--with", f"extracted:{folder}", "--store", store]
    )
    assert built.exit_code == 0, built.output
    assert "graph/extracted" in built.output and "of 2 review file(s)" in built.output
    assert f"left out: {folder / 'broken.csv'}:" in built.output and "no-such-entity" in built.output
    asked = runner.invoke(app, ["query", "cq05", "--store", store])
    assert asked.exit_code == 0 and "unreviewed facts extracted from articles" in asked.output
    report = runner.invoke(app, ["report", "--out", str(tmp_path / "r"), "--with", f"extracted:{review}"])
    assert report.exit_code == 0 and "extracted:" in report.output
    assert "unreviewed facts</b> extracted from articles" in (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    plain = runner.invoke(app, ["query", "cq05"])
    assert "unreviewed" not in plain.output
    missing = runner.invoke(
        app, ["build", "--out", str(tmp_path / "m"), "--with", f"extracted:{tmp_path / 'none.csv'}"]
    )
    assert missing.exit_code == 1 and "no review file or folder of review files here" in missing.output


def test_analyses_mark_each_unreviewed_fact(review: Path) -> None:
    result = runner.invoke(app, ["ego", "Eurobiomed", "--with", f"extracted:{review}"])
    assert result.exit_code == 0, result.output
    assert "unreviewed facts extracted from articles, marked '(unreviewed)'" in result.output
    assert "(unreviewed)" in result.output.split("neighbours within", 1)[1]
    empty = review.parent / "empty"
    empty.mkdir(exist_ok=True)
    refused = runner.invoke(app, ["ego", "Eurobiomed", "--with", f"extracted:{empty}"])
    assert refused.exit_code == 1 and "holds no review file" in refused.output
