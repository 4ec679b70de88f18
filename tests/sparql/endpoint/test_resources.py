"""Resources a client could exhaust: connections, descriptors, worker memory, result size, workers of clients gone."""

from __future__ import annotations

import socket
import time
import urllib.parse

from tests.servers import cpu_seconds, get, start_server, stop_server
from tests.sparql.endpoint.workers import alive, busy_workers

CROSS_CONCAT = (
    "SELECT (STRLEN(GROUP_CONCAT(CONCAT(STR(?a), STR(?b), STR(?c)))) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
)


def _connect(url: str) -> socket.socket:
    parts = urllib.parse.urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=5)


def _closed_by_server(connection: socket.socket) -> bool:
    """Read what the server sent (a 503 for refused connections) until it closes; False if it keeps it open."""
    connection.settimeout(0.5)
    try:
        while connection.recv(4096):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True
    return True


def test_idle_connections_are_closed_and_capped_below_the_descriptor_limit() -> None:
    process, url = start_server("--idle-timeout", "1.5", descriptors=128)
    idle = []
    try:
        idle = [_connect(url) for _ in range(150)]  # more than the 128 descriptors the server has
        time.sleep(0.3)
        spent = cpu_seconds(process.pid)
        started = time.monotonic()
        status, _ = get(url, "ASK {}", timeout=5)
        assert status in (200, 503) and time.monotonic() - started < 2, "a new client must get an answer at once"
        time.sleep(1.0)
        assert cpu_seconds(process.pid) - spent < 0.5, "the server spins on connections it cannot accept"
        time.sleep(1.5)  # past the idle timeout: the server has closed the idle connections it held
        closed = sum(_closed_by_server(connection) for connection in idle)
        assert closed == len(idle), f"{len(idle) - closed} connections are still held open"
        assert get(url, "ASK {}")[0] == 200
    finally:
        for connection in idle:
            connection.close()
        stop_server(process)


def test_a_query_past_its_worker_memory_is_ended_and_others_served() -> None:
    process, url = start_server("--timeout", "60", "--worker-memory", "300")
    try:
        started = time.monotonic()
        status, body = get(url, CROSS_CONCAT, timeout=90)
        assert status == 503 and "--worker-memory" in body, (status, body)
        assert time.monotonic() - started < 60, "the memory limit, not the deadline, ended it"
        assert get(url, "ASK { ?s ?p ?o }")[0] == 200
        assert busy_workers(process.pid) == set(), "the worker past its memory is gone: no CPU is left burning"
    finally:
        stop_server(process)


def test_results_are_limited_in_bytes_as_well_as_rows() -> None:
    process, url = start_server("--max-result-mb", "1", "--max-rows", "1000000")
    try:
        query = "SELECT ?a ?b WHERE { ?a rdfs:label ?x . ?b rdfs:label ?y } LIMIT 30000"
        status, body = get(url, query)
        assert status == 400 and "--max-result-mb" in body, (status, body[:200])
        assert get(url, query.replace("30000", "100"))[0] == 200
    finally:
        stop_server(process)


def test_the_worker_of_a_client_that_hung_up_is_ended() -> None:
    process, url = start_server("--timeout", "60")
    try:
        path = urllib.parse.urlsplit(url).path
        runaway = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        hung_up = []
        for _ in range(4):
            connection = _connect(url)
            connection.sendall(f"GET {path}?query={runaway} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            hung_up.append(connection)
        deadline = time.monotonic() + 10
        running: set[int] = set()
        while len(running) < 4 and time.monotonic() < deadline:
            running |= busy_workers(process.pid, 0.3)
        assert len(running) == 4, "each of the four queries runs in a worker of its own"
        for connection in hung_up:
            connection.close()
        deadline = time.monotonic() + 3
        while alive(running) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert alive(running) == set(), "workers of clients that hung up go on running"
        assert busy_workers(process.pid) == set()
    finally:
        stop_server(process)
