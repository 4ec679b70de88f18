from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph

from healthgraph import settings
from healthgraph.sources.articles.extract import Extractor, extract
from healthgraph.sources.articles.reading import DocumentError
from healthgraph.sources.articles.review import REVIEW_COLUMNS, ReviewError, read_review, write_review


def interview(shared: Path) -> Path:
    path = shared / "sources" / "medicen-interview_2025.txt"
    if not path.exists():
        pytest.skip("seed article absent from the shared folder")
    return path


def test_seed_interview_end_to_end(shared: Path, graph: Graph, extractor: Extractor) -> None:
    result = extract(interview(shared), graph, {"date": "2025", "source_id": "medicen2025"}, extractor)
    values = [(c.kind, c.status, c.values) for c in result.candidates]
    # Facts the curated records already hold from this interview are found and marked known.
    assert any(
        k == "figure" and s == "known" and v["subject"] == "medicen" and v["value"] == "450" for k, s, v in values
    )
    assert any(k == "post" and s == "known" and v["person"] == "christian-deleuze" for k, s, v in values)
    assert any(
        k == "event" and s == "known" and v.get("subject") == "medicen" and v["date"] == "2005" for k, s, v in values
    )
    assert result.source["id"] == "medicen2025"
    summary = result.summary()
    assert summary["total"]["total"] == len(result.candidates)
    assert summary["total"].get("known", 0) >= 5
    assert result.seconds < 5


def test_review_round_trip(tmp_path: Path, shared: Path, graph: Graph, extractor: Extractor) -> None:
    result = extract(interview(shared), graph, {"date": "2025"}, extractor)
    path = tmp_path / "review.csv"
    assert write_review(path, result.candidates, result.source["id"]) == len(result.candidates)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == REVIEW_COLUMNS
    assert all(row["source"] == result.source["id"] and row["locator"].startswith("chars ") for row in rows)
    text = result.mentions and Path(result.path).read_text(encoding="utf-8")
    sentences = [s for s in str(text).split(".") if len(s) > 60]
    content = path.read_text(encoding="utf-8")
    assert not any(s.strip() in content for s in sentences), "a sentence of the article was copied"
    back = read_review(path)

    def filled(values: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in values.items() if v and k not in ("source", "locator")}

    assert [filled(r.candidate.values) for r in back] == [filled(c.values) for c in result.candidates]
    assert [(r.candidate.start, r.candidate.end, r.candidate.kind) for r in back] == [
        (c.start, c.end, c.kind) for c in result.candidates
    ]


def test_review_rejects_bad_decisions(tmp_path: Path) -> None:
    path = tmp_path / "review.csv"
    path.write_text(",".join(REVIEW_COLUMNS) + "\n" + "maybe,figure" + "," * (len(REVIEW_COLUMNS) - 2) + "\n")
    with pytest.raises(ReviewError, match=r"review.csv:2: field 'decision'"):
        read_review(path)
    path.write_text("decision,kind\naccept,figure\n")
    with pytest.raises(ReviewError, match="missing columns"):
        read_review(path)


def test_extract_errors_name_the_file(tmp_path: Path, graph: Graph, extractor: Extractor) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("")
    with pytest.raises(DocumentError, match=r"empty\.txt: file is empty"):
        extract(path, graph, extractor=extractor)


def test_html_article_end_to_end(tmp_path: Path, graph: Graph, extractor: Extractor) -> None:
    paragraph = "Le pôle Eurobiomed compte aujourd'hui plus de 400 adhérents, dont 300 PME, dans le Sud de la France."
    html = f"<html><body><header>Menu</header><main><p>{paragraph}</p><p>{paragraph}</p></main></body></html>"
    path = tmp_path / "news.html"
    path.write_text(html, encoding="utf-8")
    result = extract(path, graph, {"date": "2024-02", "lang": "fr"}, extractor)
    assert any(c.kind == "figure" and c.values["value"] == "400" for c in result.candidates)


def test_data_folder_untouched(graph: Graph, extractor: Extractor, tmp_path: Path) -> None:
    before = {p.name: p.stat().st_mtime for p in settings.data_dir().glob("*.csv")}
    path = tmp_path / "a.txt"
    path.write_text("Medicen compte 470 adhérents en 2026.", encoding="utf-8")
    extract(path, graph, extractor=extractor)
    assert before == {p.name: p.stat().st_mtime for p in settings.data_dir().glob("*.csv")}


def test_a_long_file_name_gives_a_source_id_cut_at_a_word(tmp_path: Path) -> None:
    from healthgraph.sources.articles.extract import _short_id

    assert _short_id("15-agence-innovation-sante-lise-alter-2023") == "15-agence-innovation-sante-lise-alter"
    assert _short_id("short-name") == "short-name"
    assert len(_short_id("a" * 60)) == 40
