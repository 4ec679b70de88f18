"""Conformance: the W3C SPARQL 1.1 Protocol tests and the bad-query syntax tests against `healthgraph serve`."""

from __future__ import annotations

import http.client
import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node
from tests.servers import start_server, stop_server

from healthgraph import settings
from healthgraph.pipeline import build_graph
from healthgraph.sparql.backends import load_oxigraph

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")


def _protocol(shared: Path) -> tuple[Graph, list[Node], Path]:
    folder = shared / "w3c" / "sparql" / "sparql11" / "protocol"
    manifest = Graph().parse(folder / "manifest.ttl", format="turtle")
    root = next(manifest.subjects(RDF.type, MF.Manifest))
    return manifest, list(Collection(manifest, manifest.value(root, MF.entries))), folder


@pytest.fixture(scope="module")
def w3c_endpoint(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Our graph plus the protocol suite's data graphs, in an Oxigraph store served read-only."""
    manifest, tests, folder = _protocol(shared)
    path = tmp_path_factory.mktemp("w3c") / "store"
    load_oxigraph(build_graph().dataset, path)
    store = ox.Store(str(path))
    for test in tests:
        for data in manifest.objects(test, UT.graphData):
            name = str(manifest.value(data, __import__("rdflib").RDFS.label))
            source = Path(str(manifest.value(data, UT.graph)).removeprefix("file://"))
            store.load(path=str(folder / source.name), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    store.flush()
    del store
    process, url = start_server("--store", f"oxigraph:{path}")
    yield url
    stop_server(process)


def _send(url: str, request: Node, manifest: Graph) -> tuple[int, str, str]:
    target = urllib.parse.urlsplit(url)
    path = str(manifest.value(request, HT.absolutePath)).replace("/sparql/", "/sparql/", 1)
    headers = {}
    if manifest.value(request, HT.headers) is not None:
        for header in Collection(manifest, manifest.value(request, HT.headers)):
            headers[str(manifest.value(header, HT.fieldName))] = str(manifest.value(header, HT.fieldValue))
    body_node = manifest.value(request, HT.body)
    body = str(manifest.value(body_node, CNT.chars)).encode() if body_node is not None else None
    if "charset=UTF-16" in headers.get("content-type", "") and body is not None:
        body = body.decode().encode("utf-16")
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    connection.request(str(manifest.value(request, HT.methodName)), path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read().decode("utf-8", errors="replace")
    return response.status, response.getheader("Content-Type") or "", content


def _ids(shared_root: Path) -> list[str]:
    _, tests, _ = _protocol(shared_root)
    return [str(t).rsplit("#", 1)[-1] for t in tests]


def test_protocol_suite_has_34_tests(shared: Path) -> None:
    assert len(_ids(shared)) == 34


@pytest.mark.parametrize("number", range(34))
def test_protocol(number: int, w3c_endpoint: str, shared: Path) -> None:
    manifest, tests, _ = _protocol(shared)
    test = tests[number]
    name = str(test).rsplit("#", 1)[-1]
    requests = list(Collection(manifest, manifest.value(manifest.value(test, MF.action), HT.requests)))
    first = requests[0]
    status, content_type, body = _send(w3c_endpoint, first, manifest)
    expected = {str(s).rsplit("#", 1)[-1] for s in manifest.objects(manifest.value(first, HT.resp), MF.expectedStatus)}
    assert "Traceback" not in body and "/work/" not in body, "error bodies carry no trace and no path"
    if name.startswith("update_"):
        assert status == 403 and "read-only" in body, (name, status, body)  # the endpoint is read-only
        return
    if "StatusCode4xx" in expected:
        assert 400 <= status < 500, (name, status, body)
        return
    assert 200 <= status < 400, (name, status, body)
    response = manifest.value(first, HT.resp)
    fmt = str(manifest.value(response, MF.expectedFormat) or "")
    if fmt == "boolean":
        boolean = manifest.value(response, MF.expectedBoolean)
        assert json.loads(body)["boolean"] is (boolean is None or bool(boolean.toPython())), (name, body)
    elif fmt == "tabular":
        assert content_type.startswith("application/sparql-results+json")
    elif fmt == "RDF":
        assert content_type.startswith("text/turtle")


BAD_QUERIES = sorted((settings.shared_dir() / "w3c" / "sparql" / "sparql11" / "syntax-query").glob("*.rq"))


def test_there_are_31_bad_queries(shared: Path) -> None:
    assert len(list((shared / "w3c" / "sparql" / "sparql11" / "syntax-query").glob("*.rq"))) == 31


@pytest.mark.parametrize("name", [p.name for p in BAD_QUERIES] or ["missing"])
def test_bad_query_gets_400_with_parser_message(name: str, w3c_endpoint: str, shared: Path) -> None:
    text = (shared / "w3c" / "sparql" / "sparql11" / "syntax-query" / name).read_text(encoding="utf-8")
    target = urllib.parse.urlsplit(w3c_endpoint)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    connection.request("POST", "/sparql", body=text.encode(), headers={"Content-Type": "application/sparql-query"})
    response = connection.getresponse()
    body = response.read().decode()
    assert response.status == 400, (name, response.status, body)
    assert body.startswith("malformed query: error at"), body
