"""Publish into real engines (Oxigraph server, Virtuoso), then every competency query gives the local rows there."""

from __future__ import annotations

import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import normal_rows
from tests.engines import oxigraph_server, virtuoso_server

from healthgraph import settings
from healthgraph.pipeline import Checked
from healthgraph.sparql.backends import RdflibBackend, RemoteBackend
from healthgraph.sparql.names import NameIndex
from healthgraph.sparql.publish import DEFAULT_GRAPH
from healthgraph.sparql.query import load_queries, run_query

SENTINEL = 'INSERT DATA { GRAPH <urn:other:graph> { <urn:a> <urn:b> "kept" } }'
COUNT_OURS = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DEFAULT_GRAPH}> {{ ?s ?p ?o }} }}"
COUNT_OTHER = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:other:graph> { ?s ?p ?o } }"


def update(url: str, statement: str) -> None:
    body = urllib.parse.urlencode({"update": statement}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=30) as response:
        response.read()


def publish_cli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "healthgraph", "publish", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def count(query_url: str, query: str) -> int:
    return int(run_query(RemoteBackend(query_url), query).python_rows()[0][0])


def same_answers(checked: Checked, query_url: str) -> None:
    local = RdflibBackend(checked.build.union())
    remote = RemoteBackend(query_url, timeout=60)
    names = NameIndex.from_backend(remote)
    for name, stored in load_queries(settings.queries_dir()).items():
        params = {p.name: "medicen" if p.name != "organisation" else "enosis-sante" for p in stored.params}
        here = normal_rows(run_query(local, stored, params, names.resolve).python_rows())
        there = normal_rows(run_query(remote, stored, params, names.resolve).python_rows())
        assert here == there, name


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-server")) as base:
        yield base


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as url:
        yield url


def test_publish_to_oxigraph_by_update_then_graph_store(oxigraph: str, checked: Checked) -> None:
    update(f"{oxigraph}/update", SENTINEL)
    out = publish_cli("--update", f"{oxigraph}/update")
    triples = len(checked.build.union())
    assert f"published {triples} triples" in out
    assert count(f"{oxigraph}/query", COUNT_OURS) == triples
    publish_cli("--gsp", f"{oxigraph}/store")
    assert count(f"{oxigraph}/query", COUNT_OURS) == triples, "republishing replaces, never duplicates"
    assert count(f"{oxigraph}/query", COUNT_OTHER) == 1, "other graphs are untouched"
    same_answers(checked, f"{oxigraph}/query")


def test_publish_to_virtuoso(virtuoso: str, checked: Checked) -> None:
    update(virtuoso, SENTINEL)
    triples = len(checked.build.union())
    publish_cli("--update", virtuoso)
    publish_cli("--update", virtuoso)
    assert count(virtuoso, COUNT_OURS) == triples
    assert count(virtuoso, COUNT_OTHER) == 1
    same_answers(checked, virtuoso)


def test_publish_errors_are_clear(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "healthgraph", "publish", "--update", "http://127.0.0.1:9/update"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1 and "cannot reach" in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "healthgraph", "publish"], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 1 and "--update" in done.stderr
