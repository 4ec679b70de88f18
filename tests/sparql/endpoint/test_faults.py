"""Runaway queries end at the deadline, faults give clear errors, and nothing built is lost."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from tests.servers import children, get, start_server, stop_server
from tests.sparql.endpoint.workers import alive, busy_workers

from healthgraph.sparql.endpoint import Limits

RUNAWAY = {
    "cross product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "regex over a cross product": (
        'SELECT * WHERE { ?s ?p ?o . ?a ?b ?c FILTER(REGEX(CONCAT(STR(?o), STR(?c)), "(x+x+)+y")) }'
    ),
    "unbounded property path": "SELECT (COUNT(*) AS ?n) WHERE { ?s (!<urn:p>)* ?o . ?a (!<urn:p>)* ?b }",
}
CHECK = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/healthgraph/Pole> ; ?p ?o }"


def fingerprint(url: str) -> tuple[str, str]:
    count = get(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")[1]
    triples = Graph().parse(data=get(url, CHECK, "application/n-triples")[1], format="nt")
    lines = sorted(line for line in triples.serialize(format="nt").splitlines() if line)
    return count, hashlib.sha256("\n".join(lines).encode()).hexdigest()


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[subprocess.Popen[str], str]]:
    process, url = start_server("--timeout", "2")
    yield process, url
    stop_server(process)


@pytest.mark.parametrize("name", sorted(RUNAWAY))
def test_runaway_query_stops_at_deadline_and_others_are_served(
    server: tuple[subprocess.Popen[str], str], name: str
) -> None:
    process, url = server
    before = fingerprint(url)
    result: dict[str, object] = {}

    def heavy() -> None:
        started = time.monotonic()
        result["status"], result["body"] = get(url, RUNAWAY[name])
        result["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=heavy)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    status, body = get(url, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
    assert time.monotonic() - started < 1.0, "a trivial ASK is answered while the runaway query runs"
    runaway = busy_workers(process.pid, 0.3)
    assert len(runaway) == 1, "one worker runs the runaway query"
    thread.join(30)
    assert result["status"] == 503 and "time limit of 2 s" in str(result["body"])
    assert float(str(result["seconds"])) < 2 + 2
    time.sleep(0.3)
    assert alive(runaway) == set(), "the worker was killed"
    assert busy_workers(process.pid) == set(), "no CPU is left burning"
    deadline = time.monotonic() + 5
    while len(children(process.pid)) < Limits().warm_workers and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(children(process.pid)) >= Limits().warm_workers, "the pool replaced the killed worker"
    assert fingerprint(url) == before


def test_sigterm_during_a_long_query_stops_the_server_quickly() -> None:
    process, url = start_server("--timeout", "60")
    thread = threading.Thread(target=lambda: get(url, RUNAWAY["cross product"], timeout=90), daemon=True)
    thread.start()
    time.sleep(1.0)
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(10)
    assert time.monotonic() - started < 10


def test_corrupt_input_at_startup_gives_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "entities.csv").write_text("id,kind\n", encoding="utf-8")
    env = {**os.environ, "HEALTHGRAPH_DATA": str(data)}
    done = subprocess.run(
        [sys.executable, "-m", "healthgraph", "serve", "--port", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1 and "cannot build the graph to serve" in done.stderr and "missing" in done.stderr
    corrupt = tmp_path / "store"
    corrupt.mkdir()
    (corrupt / "CURRENT").write_text("garbage\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "healthgraph", "serve", "--store", f"oxigraph:{corrupt}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1 and "Oxigraph store" in done.stderr and "Traceback" not in done.stderr


def test_a_store_being_written_by_another_build_gives_a_clear_error(tmp_path: Path) -> None:
    from healthgraph.files import locked

    path = tmp_path / "store"
    with locked(tmp_path / ".store.lock", path):
        done = subprocess.run(
            [sys.executable, "-m", "healthgraph", "build", "--out", str(tmp_path / "o"), "--store", f"oxigraph:{path}"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 1 and f"being written by process {os.getpid()}" in done.stderr
    assert "Traceback" not in done.stderr and not path.exists()


def test_build_killed_mid_write_leaves_previous_output_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "healthgraph", "build", "--out", str(out)], check=True, capture_output=True, timeout=120
    )
    before = len(Graph().parse(out / "healthgraph.ttl"))
    for target in ("healthgraph.trig", "healthgraph.ttl"):
        process = subprocess.Popen(
            [sys.executable, "-m", "healthgraph", "build", "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while not list(out.glob(f".{target}.*.tmp")) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.001)
        writing = list(out.glob(f".{target}.*.tmp"))
        process.kill()
        process.wait()
        assert writing, f"the build ended before it wrote {target}: the kill did not land during a write"
        assert len(Graph().parse(out / "healthgraph.ttl")) == before
        trig = __import__("rdflib").Dataset().parse(out / "healthgraph.trig", format="trig")
        assert sum(len(g) for g in trig.graphs()) == before
