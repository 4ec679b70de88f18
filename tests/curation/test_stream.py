"""The streamed build writes the quads the rdflib build makes, and its store validates as the graph does."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from healthgraph import settings
from healthgraph.curation.build import build_curated
from healthgraph.curation.stream import Streamed, load_streamed, stream_build
from healthgraph.curation.summaries import add_summaries
from healthgraph.curation.validate import load_shapes, validate_graph
from healthgraph.errors import DataErrors


@pytest.fixture(scope="module")
def streamed(tmp_path_factory: pytest.TempPathFactory) -> Streamed:
    return stream_build(settings.data_dir(), tmp_path_factory.mktemp("stream") / "healthgraph.nq")


def test_streamed_quads_are_the_rdflib_build_quads(streamed: Streamed) -> None:
    build = build_curated(settings.data_dir(), settings.ontology_dir() / "healthgraph.ttl", settings.shared_dir())
    add_summaries(build)
    expected = ox.Store()
    expected.bulk_load(build.dataset.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    loaded = load_streamed(streamed)
    assert set(loaded) == set(expected)
    assert streamed.quads >= len(loaded) > 5000  # a fact stated twice in the records is written twice


def test_streamed_store_validates_like_the_graph(streamed: Streamed) -> None:
    shapes = load_shapes(settings.ontology_dir() / "shapes.ttl")
    report = validate_graph(load_streamed(streamed), shapes, None, streamed.locations)
    assert report.engine == "turbo" and report.conforms
    assert {str(v) for v in report.warnings}  # the undated figures, with their file:line
    assert all("figures.csv:" in v.location for v in report.warnings)


def test_a_store_is_validated_by_turbo_only(streamed: Streamed) -> None:
    with pytest.raises(ValueError, match="pyshacl-turbo"):
        validate_graph(load_streamed(streamed), load_shapes(settings.ontology_dir() / "shapes.ttl"), engine="pyshacl")


def test_a_broken_record_fails_the_stream(data_copy: Path, tmp_path: Path) -> None:
    with (data_copy / "relations.csv").open("a", encoding="utf-8") as handle:
        handle.write("member,medicen,nowhere-at-all,,,,menu2018,,\n")
    with pytest.raises(DataErrors):
        stream_build(data_copy, tmp_path / "broken.nq")
