"""Entity pages read the store in workers held to the query limits, page long lists and isolate data text."""

from __future__ import annotations

import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from tests.servers import get, start_server, stop_server

from healthgraph import settings
from healthgraph.sparql.endpoint import memory_store
from healthgraph.sparql.endpoint import pages as pages_module
from healthgraph.sparql.endpoint.pages import Pages
from healthgraph.sparql.query import load_queries

SOURCE = "https://w3id.org/healthgraph/id/source/medicen2025"


@pytest.fixture(scope="module")
def pages(graph: Graph) -> Pages:
    return Pages(memory_store(graph.serialize(format="nt", encoding="utf-8")), load_queries(settings.queries_dir()))


def test_long_fact_lists_are_paged(pages: Pages, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages_module, "PAGE_ROWS", 5)
    first = pages("/entity", {"iri": [SOURCE]})
    assert first is not None and first.status == 200
    text = first.body.decode()
    assert text.count("<tr><td>") - text.split("<h2>Facts")[0].count("<tr><td>") == 5
    assert "Rows 1-5." in text and "offset=5" in text
    second = pages("/entity", {"iri": [SOURCE], "offset": ["5"]})
    assert second is not None and "Rows 6-10." in second.body.decode()
    assert pages("/entity", {"iri": [SOURCE], "offset": ["-1"]}).status == 400  # type: ignore[union-attr]


def test_data_text_is_isolated_from_its_surroundings() -> None:
    store = ox.Store()
    entity = ox.NamedNode("https://w3id.org/healthgraph/id/x")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.add(ox.Quad(entity, label, ox.Literal("\u202eevil\u202c <b>bold</b>")))
    reply = Pages(store, {})("/entity", {"iri": [entity.value]})
    assert reply is not None
    text = reply.body.decode()
    assert "<bdi>\u202eevil\u202c &lt;b&gt;bold&lt;/b&gt;</bdi>" in text and "<b>bold" not in text


def _fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_pages_and_queries_together_on_an_on_disk_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    subprocess.run(
        [sys.executable, "-m", "healthgraph", "build", "--out", str(tmp_path / "o"), "--store", f"oxigraph:{store}"],
        check=True,
        capture_output=True,
        timeout=180,
    )
    process, url = start_server("--store", f"oxigraph:{store}", "--timeout", "10")
    base = url.removesuffix("/sparql")
    statuses: list[int] = []

    def client(number: int) -> None:
        for step in range(12):
            if (number + step) % 2:
                statuses.append(_fetch(base + "/entity?" + urllib.parse.urlencode({"iri": SOURCE})))
            else:
                statuses.append(get(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0])

    try:
        threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert statuses.count(200) == 96, sorted(set(statuses))
    finally:
        stop_server(process)
