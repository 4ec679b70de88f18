"""FINESS import: fixture rows (leading zero, Corsica, arrondissement) and a bad file, then the real hospitals."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal

from healthgraph import settings
from healthgraph.curation.validate import load_shapes, validate_graph
from healthgraph.errors import DataErrors
from healthgraph.namespaces import GRAPH_FINESS, GRAPH_REGISTRY_IDENTIFIERS, HG, HGID, SDO
from healthgraph.pipeline import build_graph
from healthgraph.sources.finess import FINESS_FILE, add_finess, finess_number, import_finess, read_finess
from healthgraph.sources.finess import read_finess_records as read_rows
from healthgraph.sources.registry_crosswalk import read_registry_crosswalk
from healthgraph.sources.registry_identifiers import apply_registry_identifiers

FIXTURES = Path(__file__).parent / "fixtures" / "registries"


def test_numbers_get_their_leading_zero() -> None:
    assert [finess_number(n) for n in ("10000024", "590000105", "2A0000022")] == [
        "010000024",
        "590000105",
        "2A0000022",
    ]
    with pytest.raises(ValueError, match="not a FINESS number"):
        finess_number("1234")


def test_fixture_rows() -> None:
    lille, viriat, corsica, lyon = read_rows(FIXTURES / "finess.csv")
    assert (lille.record, viriat.record, corsica.record) == ("590000105", "010000024", "2A0000022")
    assert lille.details["sector"] == "public" and lille.types == ["Centre Hospitalier Régional (C.H.R.)"]
    assert viriat.details["address"] == "900 ROUTE DE PARIS, 01440 VIRIAT" and viriat.details["site"] == "SITE TEST"
    assert lyon.city == "LYON" and lyon.details["sector"] == "", "the arrondissement number is not the commune"
    assert read_rows(FIXTURES / "finess.csv", {"2A0000022"}) == [corsica]


def test_bad_rows_name_file_line_and_rule() -> None:
    with pytest.raises(DataErrors) as caught:
        read_rows(FIXTURES / "finess_bad.csv")
    lines = [e.line for e in caught.value.errors]
    assert lines == [3, 4, 5, 6]
    text = str(caught.value)
    assert "finess_bad.csv:3: '1234' is not a FINESS number" in text
    assert "lat 'north' is not a decimal number" in text and "semi-public" in text
    assert "finess_bad.csv:6: field 'id': FINESS 590000105 also on line 2" in text


def test_fixture_import() -> None:
    imported = import_finess(FIXTURES / "finess.csv", {"590000105": HGID["chu-lille"]})
    g = imported.graph
    assert (imported.establishments, imported.matched) == (4, 1)
    assert (HGID["chu-lille"], HG.finess, Literal("590000105")) in g
    own = HGID["finess/010000024"]
    assert (own, HG.sector, Literal("public")) in g and (own, SDO.latitude, None) in g
    assert (own, HG.facilityType, Literal("Centre Hospitalier (C.H.)", lang="fr")) in g
    assert (own, HG.location, HGID["place/viriat"]) in g


def test_real_file_and_a_chu(shared: Path) -> None:
    records = read_finess(shared)
    assert len(records) == 5368 and all(len(r.record) == 9 for r in records)
    assert sum(r.details["sector"] == "private" for r in records) == 814
    crosswalk = read_registry_crosswalk(settings.data_dir() / "finess_crosswalk.csv")
    assert crosswalk.same()["590000105"] == ["curated:chu-lille"]
    build = build_graph()
    apply_registry_identifiers(build, settings.data_dir(), shared)
    assert (HGID["chu-lille"], HG.finess, Literal("590000105")) in build.graph(GRAPH_REGISTRY_IDENTIFIERS)


def test_real_import_conforms(shared: Path) -> None:
    build = build_graph()
    imported = add_finess(build, shared / "data" / FINESS_FILE, settings.data_dir())
    assert imported.establishments == 5368 and imported.matched >= 1
    assert (HGID["finess/010000024"], HG.finess, Literal("010000024")) in build.graph(GRAPH_FINESS)
    report = validate_graph(build.dataset, load_shapes(settings.ontology_dir() / "shapes.ttl"), None, {}, "auto")
    assert not report.errors, [str(e) for e in report.errors[:5]]
