"""`healthgraph extract` on a real article writes a review file and a summary; bad input writes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from healthgraph.cli import app

runner = CliRunner()


def test_extract_writes_the_review_file_and_the_summary(shared: Path, tmp_path: Path) -> None:
    article = shared / "texts" / "07_eurobiomed_eric_vacaresse_2022.txt"
    target = tmp_path / "review.csv"
    result = runner.invoke(app, ["extract", str(article), "--out", str(target), "--source-id", "tribune-vacaresse"])
    assert result.exit_code == 0, result.output
    assert "source 'tribune-vacaresse' (2022-06-22)" in result.output and "wrote" in result.output
    with target.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["candidate"] != "source"]
    total = next(line for line in result.output.splitlines() if line.startswith("total"))
    assert int(total.split()[-1]) == len(rows) > 0
    body = article.read_text(encoding="utf-8").split("\n\n", 1)[1]
    people = [row for row in rows if row["candidate"] == "post"]
    assert any(row["person"] == "eric-vacaresse" and row["organisation"] == "eurobiomed" for row in people), people
    for row in rows:  # offsets, never sentences: the quoted words are a few, and the row names its source
        assert int(row["char_end"]) > int(row["char_start"]) >= 0 and row["source"] == "tribune-vacaresse"
        assert len(row["subject_text"]) + len(row["object_text"]) < 200
        assert row["subject_text"] not in ("", body)


def test_extract_refuses_empty_binary_and_unknown_texts_and_writes_nothing(tmp_path: Path) -> None:
    cases = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 4,
        "nothing.txt": b"Il pleut sur la ville depuis ce matin, et le vent souffle fort.\n",
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        target = tmp_path / f"{name}.csv"
        result = runner.invoke(app, ["extract", str(path), "--out", str(target)])
        assert result.exit_code == 1 and name in result.output, (name, result.output)
        assert "Traceback" not in result.output and not target.exists(), name
