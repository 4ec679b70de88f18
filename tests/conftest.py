"""Shared fixtures: the real built graph, a writable copy of the curated data, the shared folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from healthgraph import settings
from healthgraph.pipeline import Checked, build_and_validate


@pytest.fixture(scope="session")
def shared() -> Path:
    path = settings.shared_dir()
    assert (path / "data").is_dir(), f"shared data not found at {path}: set HEALTHGRAPH_SHARED"
    return path


@pytest.fixture(scope="session")
def checked() -> Checked:
    return build_and_validate()


@pytest.fixture(scope="session")
def graph(checked: Checked) -> Graph:
    return checked.build.union()


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(settings.data_dir(), target, ignore=shutil.ignore_patterns("examples"))
    return target


def ask(graph: Graph, query: str) -> bool:
    """Run an ASK query with the project prefixes."""
    from healthgraph.namespaces import PREFIXES

    result = graph.query(query, initNs=PREFIXES)
    return bool(result.askAnswer)


def normal_rows(rows: list[tuple[object, ...]]) -> list[str]:
    """Rows in a backend-independent form: sorted, decimals as floats, GROUP_CONCAT lists sorted."""
    from decimal import Decimal

    def cell(value: object) -> object:
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, str) and "; " in value:
            return "; ".join(sorted(value.split("; ")))
        return value

    return sorted(repr(tuple(cell(v) for v in row)) for row in rows)


def undated_figures() -> int:
    """The curated figures without a date: each is one warning of the shapes (ObservationDateShape)."""
    import csv

    with (settings.data_dir() / "figures.csv").open(encoding="utf-8") as handle:
        return sum(1 for row in csv.DictReader(handle) if not row["date"].strip())
