"""The shapes pass on the real graph, every valid example conforms, every invalid one breaks its named shape."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from tests.conftest import undated_figures

from healthgraph import settings
from healthgraph.curation.build import load_ontology
from healthgraph.curation.validate import TURBO_ABOVE, choose_engine, load_shapes, validate_graph
from healthgraph.namespaces import GRAPH_CURATED
from healthgraph.pipeline import Checked

EXAMPLES = settings.data_dir() / "examples"
SHAPES = load_shapes(settings.ontology_dir() / "shapes.ttl")
ONTOLOGY = load_ontology(settings.ontology_dir() / "healthgraph.ttl")


def test_real_graph_conforms(checked: Checked) -> None:
    assert checked.report.conforms, "\n".join(str(v) for v in checked.report.errors)


def test_undated_figures_are_warnings_naming_their_record(checked: Checked) -> None:
    warnings = checked.report.warnings
    assert warnings and all(w.shape == "hg:ObservationDateShape" for w in warnings)
    assert all(re.match(r"data/figures\.csv:\d+$", w.location) for w in warnings)


ENGINES = ("pyshacl", "turbo")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", sorted((EXAMPLES / "valid").glob("*.ttl")), ids=lambda p: p.name)
def test_valid_example_conforms(path: Path, engine: str) -> None:
    report = validate_graph(Graph().parse(path), SHAPES, ONTOLOGY, engine=engine)
    assert report.engine == engine
    assert report.conforms, [str(v) for v in report.errors]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", sorted((EXAMPLES / "invalid").glob("*.ttl")), ids=lambda p: p.name)
def test_invalid_example_breaks_exactly_its_shape(path: Path, engine: str) -> None:
    expected = re.search(r"violates: (hg:\w+)", path.read_text(encoding="utf-8"))
    assert expected, f"{path.name} must say which shape it violates"
    report = validate_graph(Graph().parse(path), SHAPES, ONTOLOGY, engine=engine)
    assert report.shapes() == {expected.group(1)}


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*/*.ttl")), ids=lambda p: p.name)
def test_both_engines_report_the_same_results(path: Path) -> None:
    graph = Graph().parse(path)
    reference = validate_graph(graph, SHAPES, ONTOLOGY, engine="pyshacl")
    assert validate_graph(graph, SHAPES, ONTOLOGY, engine="turbo").violations == reference.violations


def test_both_engines_agree_on_the_real_graph(checked: Checked) -> None:
    dataset = checked.build.dataset
    reference = validate_graph(dataset, SHAPES, None, checked.build.locations, engine="pyshacl")
    turbo = validate_graph(dataset, SHAPES, None, checked.build.locations, engine="turbo")
    assert reference.violations == turbo.violations and len(turbo.warnings) == undated_figures()


def test_auto_picks_pyshacl_for_small_graphs_and_turbo_for_large_ones() -> None:
    assert choose_engine("auto", 5_000) == "pyshacl"
    assert choose_engine("auto", TURBO_ABOVE + 1) == "turbo"
    assert choose_engine("pyshacl", 10**7) == "pyshacl"
    with pytest.raises(ValueError, match="unknown validation engine 'shaclex'"):
        choose_engine("shaclex", 1)


def test_a_dataset_is_validated_as_the_union_of_its_graphs(checked: Checked) -> None:
    # sh:class hg:Agent on a pôle needs rdfs:subClassOf from the ontology graph: the curated graph alone
    # breaks it, the dataset (ontology + curated graphs) conforms, with either engine
    curated = checked.build.graph(GRAPH_CURATED)
    for engine in ENGINES:
        assert not validate_graph(curated, SHAPES, engine=engine).conforms
        assert validate_graph(checked.build.dataset, SHAPES, engine=engine).conforms


@pytest.mark.parametrize("engine", ENGINES)
def test_a_name_mixing_scripts_is_a_warning(engine: str) -> None:
    report = validate_graph(
        Graph().parse(EXAMPLES / "valid" / "label-mixed-scripts.ttl"), SHAPES, ONTOLOGY, engine=engine
    )
    assert report.conforms
    assert [(v.shape, v.focus) for v in report.warnings] == [("hg:LabelScriptShape", "hgid:inserm-like")]
