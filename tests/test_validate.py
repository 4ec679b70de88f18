"""The shapes pass on the real graph, every valid example conforms, every invalid one breaks its named shape."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from healthgraph import settings
from healthgraph.build import load_ontology
from healthgraph.pipeline import Checked
from healthgraph.validate import load_shapes, validate_graph

EXAMPLES = settings.data_dir() / "examples"
SHAPES = load_shapes(settings.ontology_dir() / "shapes.ttl")
ONTOLOGY = load_ontology(settings.ontology_dir() / "healthgraph.ttl")


def test_real_graph_conforms(checked: Checked) -> None:
    assert checked.report.conforms, "\n".join(str(v) for v in checked.report.errors)


def test_undated_figures_are_warnings_naming_their_record(checked: Checked) -> None:
    warnings = checked.report.warnings
    assert warnings and all(w.shape == "hg:ObservationDateShape" for w in warnings)
    assert all(re.match(r"data/figures\.csv:\d+$", w.location) for w in warnings)


@pytest.mark.parametrize("path", sorted((EXAMPLES / "valid").glob("*.ttl")), ids=lambda p: p.name)
def test_valid_example_conforms(path: Path) -> None:
    report = validate_graph(Graph().parse(path), SHAPES, ONTOLOGY)
    assert report.conforms, [str(v) for v in report.errors]


@pytest.mark.parametrize("path", sorted((EXAMPLES / "invalid").glob("*.ttl")), ids=lambda p: p.name)
def test_invalid_example_breaks_exactly_its_shape(path: Path) -> None:
    expected = re.search(r"violates: (hg:\w+)", path.read_text(encoding="utf-8"))
    assert expected, f"{path.name} must say which shape it violates"
    report = validate_graph(Graph().parse(path), SHAPES, ONTOLOGY)
    assert report.shapes() == {expected.group(1)}


def test_every_node_shape_has_an_invalid_example() -> None:
    shapes = {
        f"hg:{s.rsplit('/', 1)[-1]}"
        for s in SHAPES.subjects(None, None)
        if str(s).startswith("https://w3id.org/healthgraph/") and str(s).endswith("Shape")
    }
    covered = {
        re.search(r"violates: (hg:\w+)", p.read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
        for p in (EXAMPLES / "invalid").glob("*.ttl")
    }
    assert shapes - covered == {"hg:ObservationDateShape"}  # a warning only, covered on the real graph
