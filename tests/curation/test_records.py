"""Bad curated input stops the build with file, line, field and rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthgraph.curation.records import parse_date
from healthgraph.errors import DataErrors
from healthgraph.namespaces import GRAPH_CURATED
from healthgraph.pipeline import build_graph


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def _errors(data: Path) -> list[str]:
    with pytest.raises(DataErrors) as info:
        build_graph(data)
    return [str(e) for e in info.value.errors]


def test_unknown_column_names_file_and_column(data_copy: Path) -> None:
    _edit(data_copy / "figures.csv", "subject,measure,", "subject,mesure,")
    errors = _errors(data_copy)
    assert any("figures.csv:1" in e and "'mesure'" in e and "unknown column" in e for e in errors), errors


def test_missing_source_names_line_and_field(data_copy: Path) -> None:
    path = data_copy / "posts.csv"
    _edit(
        path,
        "jean-luc-beylat,afpc,president,2013,2024-06-17,,aeromorning-afpc,",
        "jean-luc-beylat,afpc,president,2013,2024-06-17,,,",
    )
    line = _line_of(path, "jean-luc-beylat,afpc")
    errors = _errors(data_copy)
    assert any(f"posts.csv:{line}" in e and "'source'" in e and "required" in e for e in errors), errors


def test_unknown_entity_reference_suggests_closest(data_copy: Path) -> None:
    path = data_copy / "relations.csv"
    _edit(path, "partner,medicen,bopex,", "partner,medicne,bopex,")
    line = _line_of(path, "partner,medicne,bopex")
    errors = _errors(data_copy)
    assert any(f"relations.csv:{line}" in e and "'medicne'" in e and "closest: medicen" in e for e in errors), errors


def test_malformed_date_is_rejected(data_copy: Path) -> None:
    path = data_copy / "events.csv"
    _edit(path, "creation,enosis-sante,2022-05-19,", "creation,enosis-sante,19/05/2022,")
    line = _line_of(path, "creation,enosis-sante,")
    errors = _errors(data_copy)
    assert any(f"events.csv:{line}" in e and "'date'" in e and "not a date" in e for e in errors), errors


def test_impossible_calendar_date_is_rejected() -> None:
    with pytest.raises(ValueError, match="valid calendar date"):
        parse_date("2023-02-30")


def test_malformed_number_is_rejected(data_copy: Path) -> None:
    path = data_copy / "figures.csv"
    _edit(path, "lyonbiopole,member-count,270,", "lyonbiopole,member-count,270 members,")
    line = _line_of(path, "lyonbiopole,member-count")
    errors = _errors(data_copy)
    assert any(f"figures.csv:{line}" in e and "'value'" in e and "not a number" in e for e in errors), errors


def test_duplicate_id_names_both_lines(data_copy: Path) -> None:
    path = data_copy / "places.csv"
    path.write_text(path.read_text(encoding="utf-8") + "paris,Paris bis,Paris again\n", encoding="utf-8")
    errors = _errors(data_copy)
    assert any("places.csv" in e and "duplicate id 'paris'" in e and "first at" in e for e in errors), errors


def test_duplicate_fact_is_rejected(data_copy: Path) -> None:
    path = data_copy / "relations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "partner,medicen,htc,,,,medicen2025,,\n", encoding="utf-8")
    errors = _errors(data_copy)
    assert any("relations.csv" in e and "duplicate fact" in e for e in errors), errors


def test_focus_on_an_organisation_is_rejected(data_copy: Path) -> None:
    path = data_copy / "relations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "focus,medicen,lyonbiopole,,,,medicen2025,,\n", encoding="utf-8")
    errors = _errors(data_copy)
    assert any("relations.csv" in e and "needs a theme" in e for e in errors), errors


def test_unsafe_url_is_rejected(data_copy: Path) -> None:
    _edit(data_copy / "entities.csv", "https://www.medicen.org", "javascript:alert(1)")
    errors = _errors(data_copy)
    assert any("entities.csv" in e and "'website'" in e for e in errors), errors


def test_unknown_region_code_is_rejected(data_copy: Path) -> None:
    _edit(
        data_copy / "entities.csv",
        "Medicen Paris Région; pôle d'attractivité et de compétitivité en santé d'Île-de-France,11,",
        "Medicen Paris Région; pôle d'attractivité et de compétitivité en santé d'Île-de-France,99,",
    )
    errors = _errors(data_copy)
    assert any("entities.csv" in e and "unknown regions id '99'" in e for e in errors), errors


def test_missing_shared_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DataErrors, match="HEALTHGRAPH_SHARED"):
        build_graph(shared=tmp_path)


def test_a_byte_order_mark_is_accepted(data_copy: Path) -> None:
    path = data_copy / "entities.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(build_graph(data_copy).graph(GRAPH_CURATED)) > 1000


@pytest.mark.parametrize(
    ("char", "code"), [("\x00", "U+0000"), ("\x1b]8;;http://x\x1b\\", "U+001B"), ("\x85", "U+0085")]
)
def test_control_characters_are_refused_with_file_line_and_column(data_copy: Path, char: str, code: str) -> None:
    path = data_copy / "entities.csv"
    _edit(path, "Lyonbiopôle,Lyonbiopôle,", f"Lyon{char}biopôle,Lyonbiopôle,")
    line = _line_of(path, "lyonbiopole,pole")
    errors = _errors(data_copy)
    assert any(f"entities.csv:{line}" in e and "'label_fr'" in e and code in e for e in errors), errors


def test_an_oversized_cell_reports_its_line(data_copy: Path) -> None:
    path = data_copy / "entities.csv"
    line = _line_of(path, "lyonbiopole,pole")
    _edit(path, "One-stop shop for health", "x" * 1_000_000)
    errors = _errors(data_copy)
    assert any(f"entities.csv:{line}:" in e and "field larger than field limit" in e for e in errors), errors
