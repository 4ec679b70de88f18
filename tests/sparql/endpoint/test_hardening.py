"""What one request could do to the server before: SSRF through SERVICE, a freezing query, an unbounded body.

Each test runs a real server on loopback and talks to it with a real client (urllib or a raw socket).
"""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator

import pytest
from tests.servers import get, start_server, stop_server

from healthgraph.sparql.endpoint import cut_network
from healthgraph.sparql.endpoint.screening import MAX_QUERY_CHARS, ScreeningError, screen, services_in_algebra


class Listener:
    """A TCP listener on loopback that records every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.seen: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            connection.settimeout(2)
            try:
                self.seen.append(connection.recv(4096))
            except OSError:
                self.seen.append(b"")
            connection.close()

    def close(self) -> None:
        self.socket.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    process, url = start_server("--timeout", "5")
    yield url
    stop_server(process)


LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def service_forms(port: int) -> dict[str, str]:
    """Every way we found to name a SERVICE endpoint, each aimed at the listener."""
    target = f"http://127.0.0.1:{port}/sparql"
    return {
        "after an IRI with #": f"SELECT ?l WHERE {{ ?s {LABEL} ?l . SERVICE <{target}> {{ ?a ?b ?c }} }}",
        "lower case, silent": f"select * where {{ service silent <{target}> {{ ?a ?b ?c }} }}",
        "prefixed name": f"PREFIX ex: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE ex:sparql {{ ?a ?b ?c }} }}",
        "codepoint escapes": f"SELECT * WHERE {{ \\u0053ERV\\u0049CE <{target}> {{ ?a ?b ?c }} }}",
        "variable": f"SELECT * WHERE {{ VALUES ?e {{ <{target}> }} SERVICE ?e {{ ?a ?b ?c }} }}",
        "relative to BASE": f"BASE <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?a ?b ?c }} }}",
        "comment on the line before": f"SELECT * WHERE {{ # a comment\n SERVICE <{target}> {{ ?a ?b ?c }} }}",
        # a lexer reads <?x&&'> as an IRI and the rest as a comment; the grammar reads "less than" and a string
        "hidden from a lexer": (
            f"SELECT * WHERE {{ BIND(1 AS ?a) BIND(2 AS ?x) FILTER(?a<?x&&'> # ') SERVICE <{target}> {{ ?s ?p ?o }} }}"
        ),
    }


def test_no_form_of_service_reaches_the_network(server: str, listener: Listener) -> None:
    for name, query in service_forms(listener.port).items():
        status, body = get(server, query)
        assert status in (400, 403), (name, status, body)
        assert "Traceback" not in body
    time.sleep(0.3)
    assert listener.seen == [], "the engine connected to the listener"


def test_the_lexer_alone_is_not_enough_and_the_worker_has_no_network(listener: Listener) -> None:
    hidden = service_forms(listener.port)["hidden from a lexer"]
    assert screen(hidden).services == []  # the lexer is fooled: the worker's isolation must hold
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        isolated = cut_network()
        try:
            socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()
            outcome = b"connected"
        except OSError:
            outcome = b"refused"
        os.write(writer, b"isolated " + outcome if isolated else b"not isolated " + outcome)
        os._exit(0)
    os.close(writer)
    os.waitpid(child, 0)
    assert os.read(reader, 100) == b"isolated refused"
    assert listener.seen == []


def test_the_algebra_sees_what_the_lexer_misses(listener: Listener) -> None:
    forms = service_forms(listener.port)
    assert services_in_algebra(forms["prefixed name"], {}) == [f"http://127.0.0.1:{listener.port}/sparql"]
    assert services_in_algebra(forms["variable"], {}) == [None]
    with pytest.raises(ScreeningError):  # rdflib cannot parse it: refused, never guessed
        services_in_algebra(forms["hidden from a lexer"], {})


def test_an_allowed_service_is_called_and_others_are_not(listener: Listener) -> None:
    allowed = f"http://127.0.0.1:{listener.port}/sparql"
    process, url = start_server("--timeout", "5", "--allow-service", allowed)
    try:
        status, body = get(url, f"SELECT * WHERE {{ SERVICE SILENT <{allowed}> {{ ?a ?b ?c }} }}")
        assert status == 200, body
        time.sleep(0.3)
        assert len(listener.seen) == 1 and listener.seen[0].startswith(b"POST /sparql")
        other = f"http://127.0.0.1:{listener.port}/other"
        hidden = service_forms(listener.port)["hidden from a lexer"].replace(allowed, other)
        status, body = get(url, hidden)
        assert status == 403 and "screened" in body
        status, body = get(url, f"SELECT * WHERE {{ SERVICE <{other}> {{ ?a ?b ?c }} }}")
        assert status == 403 and "allow-list" in body
        time.sleep(0.3)
        assert len(listener.seen) == 1
    finally:
        stop_server(process)


def _post(url: str, body: bytes) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.parametrize(
    "filler",
    [
        '"' + "\\" * 48_000,
        "'" * 48_000,
        "'''" + "\\'" * 24_000,
        "<" * 48_000,
        "#\\" * 24_000,
        '"a' * 24_000,
        "{" * 5_000,
        "<<" * 5_000,
    ],
)
def test_a_long_hostile_query_does_not_hold_up_other_clients(server: str, filler: str) -> None:
    answers: list[tuple[int, str]] = []
    worker = threading.Thread(target=lambda: answers.append(_post(server, f"ASK {{ ?s ?p {filler} }}".encode())))
    worker.start()
    started = time.monotonic()
    assert get(server, "ASK { ?s ?p ?o }")[0] == 200
    assert time.monotonic() - started < 1.0, "another client waited for the hostile query"
    worker.join(30)
    assert answers and answers[0][0] == 400, answers


def test_deep_nesting_is_refused_with_its_limit(server: str) -> None:
    status, body = _post(server, ("ASK " + "{" * 3_000 + "}" * 3_000).encode())
    assert status == 400 and "nested deeper than 256" in body
    assert _post(server, ("ASK " + "{" * 200 + "}" * 200).encode())[0] == 200


def test_a_query_over_the_length_limit_gets_413(server: str) -> None:
    query = "ASK { ?s ?p ?o }" + " " * MAX_QUERY_CHARS
    assert _post(server, query.encode())[0] == 413
    assert get(server, "ASK {}")[0] == 200


def _raw_request(url: str, head: str, body: bytes = b"", read_timeout: float = 5) -> bytes:
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=read_timeout) as connection:
        connection.sendall(head.encode() + b"\r\n" + body)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(4096)
            if not chunk:
                break
            received += chunk
        return received


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ("Content-Length: -1\r\n", b"400"),
        ("Content-Length: +5\r\n", b"400"),
        ("Content-Length: 5\r\nContent-Length: 5\r\n", b"400"),
        ("Content-Length: 5\r\nContent-Length: 900\r\n", b"400"),
        ("Transfer-Encoding: chunked\r\n", b"411"),
        ("", b"411"),
        (f"Content-Length: {10**9}\r\n", b"413"),
    ],
)
def test_untrusted_lengths_are_refused_without_reading_on(server: str, headers: str, status: bytes) -> None:
    path = urllib.parse.urlsplit(server).path
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n{headers}"
    # the body is sent but never ended: a server that reads until the client closes would never answer
    reply = _raw_request(server, head, b"ASK {}" + b" " * 100_000)
    assert reply.split(b" ")[1] == status, reply[:200]


def test_head_and_a_hostile_host_header(server: str) -> None:
    parts = urllib.parse.urlsplit(server)
    reply = _raw_request(server, f"HEAD {parts.path}?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    assert reply.split(b" ")[1] == b"200" and reply.endswith(b"\r\n\r\n")
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as connection:
        connection.sendall(f"GET {parts.path} HTTP/1.0\r\nHost: x> <urn:a> <urn:b\r\n\r\n".encode())
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    assert received.split(b" ")[1] == b"200"
    assert b"urn:a" not in received and f"<http://127.0.0.1:{parts.port}/sparql>".encode() in received


def test_screening_reads_prefixed_from_and_refuses_what_it_cannot_read() -> None:
    found = screen("PREFIX g: <https://w3id.org/healthgraph/graph/> SELECT * FROM NAMED g:curated WHERE { ?s ?p ?o }")
    assert found.from_graphs == ["https://w3id.org/healthgraph/graph/curated"]
    assert screen('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }').services == []
    with pytest.raises(ScreeningError):
        screen('SELECT * WHERE { ?s ?p "unterminated }')


def test_control_characters_in_results_and_entity_addresses(server: str) -> None:
    query = 'SELECT ("a\\u0001b" AS ?x) {}'
    status, body = get(server, query, accept="application/sparql-results+xml")
    assert status == 406 and "U+0001" in body and "JSON" in body
    status, body = get(server, query)
    assert status == 200 and "\\u0001" in body
    base = server.removesuffix("/sparql")
    for bad in ("a%00b", "a%zz", "a%0Ab"):
        assert (
            _raw_request(base, f"GET /entity?iri=https://w3id.org/healthgraph/id/{bad} HTTP/1.1\r\nHost: x\r\n")[9:12]
            == b"400"
        ), bad


def test_pipelined_requests_are_all_answered_in_order(server: str) -> None:
    parts = urllib.parse.urlsplit(server)
    first = urllib.parse.quote('SELECT ("first" AS ?x) {}')
    second = urllib.parse.quote('SELECT ("second" AS ?x) {}')
    requests = (
        f"GET {parts.path}?query={first} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n"
        f"GET {parts.path}?query={second} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(requests.encode())
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    assert received.count(b"HTTP/1.1 200") == 2
    assert received.index(b"first") < received.index(b"second")


@pytest.mark.parametrize(
    "head",
    [
        "POST /elsewhere HTTP/1.1",
        "GET /sparql?query=ASK%7B%7D HTTP/1.1",
        "PUT /sparql HTTP/1.1",
        "OPTIONS /sparql HTTP/1.1",
    ],
)
def test_a_body_a_request_does_not_read_is_never_run_as_the_next_request(server: str, head: str) -> None:
    parts = urllib.parse.urlsplit(server)
    smuggled = f"GET {parts.path}?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    request = f"{head}\r\nHost: x\r\nContent-Length: {len(smuggled)}\r\n\r\n".encode() + smuggled
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    assert received.count(b"HTTP/1.1 ") == 1, received
