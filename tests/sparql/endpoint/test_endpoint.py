"""The SPARQL endpoint is a real HTTP server on loopback, queried with SPARQLWrapper for every format."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException
from tests.conftest import normal_rows
from tests.servers import start_server, stop_server

from healthgraph import settings
from healthgraph.sparql.backends import RemoteBackend
from healthgraph.sparql.query import load_queries, run_query

SELECT = (
    "SELECT ?name WHERE { <https://w3id.org/healthgraph/id/medicen> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name"
)


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    process, url = start_server("--timeout", "3", "--max-rows", "5000")
    yield url
    stop_server(process)


def client(url: str, query: str, fmt: str) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(url, agent="healthgraph-tests")
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    return wrapper


def test_select_json(endpoint: str) -> None:
    data = client(endpoint, SELECT, JSON).queryAndConvert()
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == ["Medicen Paris Region"] * 2
    langs = {b["name"]["xml:lang"] for b in data["results"]["bindings"]}
    assert langs == {"fr", "en"}


def test_select_xml(endpoint: str) -> None:
    document = client(endpoint, SELECT, XML).queryAndConvert()
    literals = document.getElementsByTagName("literal")
    assert {node.getAttribute("xml:lang") for node in literals} == {"fr", "en"}


def test_select_csv_and_tsv(endpoint: str) -> None:
    csv_text = client(endpoint, SELECT, CSV).queryAndConvert().decode()
    assert csv_text.splitlines() == ["name", "Medicen Paris Region", "Medicen Paris Region"]
    tsv_text = client(endpoint, SELECT, TSV).queryAndConvert().decode()
    assert tsv_text.splitlines()[0] == "?name" and '"Medicen Paris Region"@en' in tsv_text


def test_ask_json_and_xml(endpoint: str) -> None:
    ask = "ASK { ?s a <https://w3id.org/healthgraph/Pole> }"
    assert client(endpoint, ask, JSON).queryAndConvert()["boolean"] is True
    document = client(endpoint, ask, XML).queryAndConvert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize(("fmt", "rdf_format"), [(TURTLE, "turtle"), (N3, "turtle"), (JSONLD, "json-ld")])
def test_construct_formats(endpoint: str, fmt: str, rdf_format: str) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { BIND(<https://w3id.org/healthgraph/id/medicen> AS ?s) ?s ?p ?o }"
    data = client(endpoint, query, fmt).queryAndConvert()
    graph = data if isinstance(data, Graph) else Graph().parse(data=data, format=rdf_format)
    assert len(graph) > 10


def test_describe_as_ntriples(endpoint: str) -> None:
    request = urllib.request.Request(
        endpoint,
        data=b"DESCRIBE <https://w3id.org/healthgraph/id/afpc>",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("application/n-triples")
        assert len(Graph().parse(data=response.read().decode(), format="nt")) > 3


def test_post_form_and_direct_body(endpoint: str) -> None:
    wrapper = client(endpoint, SELECT, JSON)
    wrapper.setMethod(POST)
    assert len(wrapper.queryAndConvert()["results"]["bindings"]) == 2
    wrapper.setRequestMethod("postdirectly")
    assert len(wrapper.queryAndConvert()["results"]["bindings"]) == 2


def test_malformed_query_gets_400_with_parser_message(endpoint: str) -> None:
    with pytest.raises(QueryBadFormed) as info:
        client(endpoint, "SELECT * WHERE { ?s ?p }", JSON).queryAndConvert()
    assert "malformed query" in str(info.value)


def test_update_is_refused_and_nothing_changes(endpoint: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = client(endpoint, count, JSON).queryAndConvert()["results"]["bindings"][0]["n"]["value"]
    wrapper = client(endpoint, "DELETE WHERE { ?s ?p ?o }", JSON)
    wrapper.setMethod(POST)
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as info:
        wrapper.query()
    assert "403" in str(info.value)
    after = client(endpoint, count, JSON).queryAndConvert()["results"]["bindings"][0]["n"]["value"]
    assert before == after


def test_runaway_query_is_stopped_at_the_deadline(endpoint: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as info:
        client(endpoint, query, JSON).queryAndConvert()
    assert time.monotonic() - started < 3 + 2
    assert info.value.code == 503 and "time limit" in info.value.read().decode()
    assert client(endpoint, "ASK { ?s ?p ?o }", JSON).queryAndConvert()["boolean"] is True


def test_result_size_limit(endpoint: str) -> None:
    with pytest.raises(QueryBadFormed) as info:
        client(endpoint, "SELECT * WHERE { ?s ?p ?o }", JSON).queryAndConvert()
    assert "--max-rows" in str(info.value)


def _raw(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_cors_and_preflight(endpoint: str) -> None:
    status, headers, _ = _raw(endpoint + "?query=ASK%7B%7D")
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = _raw(endpoint, method="OPTIONS")
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]


def test_service_description(endpoint: str) -> None:
    status, headers, body = _raw(endpoint, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert "sd:SPARQL11Query" in body


def test_protocol_errors(endpoint: str) -> None:
    assert _raw(endpoint + "?query=ASK%7B%7D&query=ASK%7B%7D")[0] == 400
    assert _raw(endpoint, b"x", {"Content-Type": "text/plain"})[0] == 415
    assert _raw(endpoint + "?query=ASK%7B%7D", headers={"Accept": "image/png"})[0] == 406
    status, _, body = _raw(endpoint, b"q" * 1_100_000, {"Content-Type": "application/sparql-query"})
    assert status == 413 and "Traceback" not in body


def test_service_to_a_foreign_endpoint_is_refused(endpoint: str) -> None:
    status, _, body = _raw(
        endpoint
        + "?"
        + urllib.parse.urlencode({"query": "SELECT * WHERE { SERVICE <http://169.254.169.254/sparql> { ?s ?p ?o } }"})
    )
    assert status == 403 and "allow-list" in body


def test_query_page_and_entity_page(endpoint: str) -> None:
    base = endpoint.removesuffix("/sparql")
    status, _, page = _raw(base + "/")
    assert status == 200 and "cq01_health_poles" in page and "cdn" not in page.lower()
    status, _, entity = _raw(base + "/entity?iri=https://w3id.org/healthgraph/id/medicen")
    assert status == 200 and "Medicen Paris Region" in entity and "source/medicen2025" in entity
    assert _raw(base + "/entity?iri=https://w3id.org/healthgraph/id/x%3E%20%7B")[0] == 400


def test_stored_queries_through_the_remote_backend(endpoint: str, checked: object) -> None:
    from healthgraph.sparql.backends import RdflibBackend
    from healthgraph.sparql.names import NameIndex

    local = RdflibBackend(checked.build.union())  # type: ignore[attr-defined]
    remote = RemoteBackend(endpoint, timeout=10)
    names = NameIndex.from_backend(remote)
    for name, stored in load_queries(settings.queries_dir()).items():
        params = {p.name: "medicen" for p in stored.params}
        here = run_query(local, stored, params, names.resolve).python_rows()
        there = run_query(remote, stored, params, names.resolve).python_rows()
        assert normal_rows(here) == normal_rows(there), name


def test_cli_query_endpoint_option(endpoint: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "healthgraph",
            "query",
            "cq07",
            "--param",
            "pole=Medicen",
            "--endpoint",
            endpoint,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Enosis" in json.dumps(json.loads(done.stdout))


def test_unreachable_endpoint_is_reported_clearly() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "healthgraph",
            "query",
            "cq01",
            "--endpoint",
            "http://127.0.0.1:9/sparql",
            "--timeout",
            "3",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1 and "cannot reach endpoint" in done.stderr


def test_serve_on_oxigraph_store(tmp_path: object) -> None:
    from pathlib import Path

    store = Path(str(tmp_path)) / "store"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "healthgraph",
            "build",
            "--out",
            str(Path(str(tmp_path)) / "o"),
            "--store",
            f"oxigraph:{store}",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    process, url = start_server("--store", f"oxigraph:{store}")
    try:
        data = client(url, SELECT, JSON).queryAndConvert()
        assert len(data["results"]["bindings"]) == 2
    finally:
        stop_server(process)


def test_serve_refuses_missing_store(tmp_path: object) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "healthgraph", "serve", "--store", f"oxigraph:{tmp_path}/none"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1 and "Oxigraph store" in done.stderr
