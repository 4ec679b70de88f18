"""Load test of `healthgraph serve` beside Oxigraph server, on the same on-disk store, in one run, on loopback.

Usage: ``python benchmarks/load.py [--seconds 15] [--clients 1,4,16] [--rounds 3] [--with-anr] [--timeout 5]
[--store PATH]``.

Builds the graph into an Oxigraph store, starts `healthgraph serve` and `oxigraph serve-read-only
--union-default-graph` (so both answer the same rows) on it, and prints for each number of closed-loop
lookup clients both servers' throughput and latency and their ratios; then a 50,000-row SELECT on both, the
runaway-query check (does a three-way cross product end at the deadline, is an ASK answered meanwhile) and
the SERVICE check (does a SERVICE call reach a listener on loopback). Every request goes to 127.0.0.1 only;
every loop is bounded by ``--seconds``. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROLOGUE = """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
LOOKUP = (
    PROLOGUE
    + """SELECT ?partnerName ?relation ?source WHERE {
  VALUES ?org { <https://w3id.org/healthgraph/id/medicen> }
  ?fact ?role ?org ; a ?relation ; prov:wasDerivedFrom ?source ; ?other ?partner .
  FILTER(?partner != ?org && isIRI(?partner)) ?partner rdfs:label ?partnerName . FILTER(lang(?partnerName) = "en")
} LIMIT 200"""
)
LARGE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50000"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
CHECK = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/healthgraph/Pole> ; ?p ?o }"
JSON = "application/sparql-results+json"


def request(url: str, query: str, accept: str = JSON, timeout: float = 60) -> tuple[int, float, bytes]:
    """POST ``query`` (form-encoded) on a new connection; return status, seconds and body (status 0: no answer)."""
    started = time.perf_counter()
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(url, data=data, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            body = response.read()
            return response.status, time.perf_counter() - started, body
    except urllib.error.HTTPError as error:
        return error.code, time.perf_counter() - started, error.read()
    except OSError:
        return 0, time.perf_counter() - started, b""


def rows_in(body: bytes) -> int:
    """Return the number of rows of a SPARQL JSON result."""
    import json

    return len(json.loads(body)["results"]["bindings"])


def fingerprint(url: str) -> tuple[str, str]:
    """Return the triple count and a checksum of a fixed CONSTRUCT (unchanged by any load)."""
    count = request(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")[2].decode().split()[-1]
    body = request(url, CHECK, "application/n-triples")[2].decode()
    return count, hashlib.sha256("\n".join(sorted(body.splitlines())).encode()).hexdigest()[:16]


@dataclass
class Figures:
    """What closed-loop clients saw: latencies (seconds) and errors, over ``seconds`` of load."""

    latencies: list[float]
    errors: int
    seconds: float

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.latencies + other.latencies, self.errors + other.errors, self.seconds + other.seconds)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, share: float) -> float:
        """Return the latency below which ``share`` of the requests were answered, ms."""
        ordered = sorted(self.latencies) or [float("nan")]
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    @property
    def p50(self) -> float:
        return self.percentile(0.5)

    @property
    def p95(self) -> float:
        return self.percentile(0.95)


def run(url: str, clients: int, seconds: float, heavy: bool = False) -> Figures:
    """Run ``clients`` closed-loop lookup clients (and one heavy client) for ``seconds``."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def lookup_client() -> None:
        nonlocal errors
        while time.monotonic() < stop:
            status, elapsed, _ = request(url, LOOKUP)
            with lock:
                latencies.append(elapsed)
                errors += status != 200

    def heavy_client() -> None:
        while time.monotonic() < stop:
            request(url, HEAVY)

    threads = [threading.Thread(target=lookup_client) for _ in range(clients)]
    threads += [threading.Thread(target=heavy_client)] if heavy else []
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Figures(latencies, errors, seconds)


def free_port() -> int:
    """Return a port free on loopback now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(url: str, seconds: float = 30) -> None:
    """Wait until ``url`` answers an ASK."""
    deadline = time.monotonic() + seconds
    while request(url, "ASK {}", timeout=2)[0] != 200:
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not start")
        time.sleep(0.1)


@contextlib.contextmanager
def ours(store: Path, folder: Path, timeout: float) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Run `healthgraph serve` on ``store``; yield its URL and process."""
    command = [sys.executable, "-m", "healthgraph", "serve", "--port", "0", "--store", f"oxigraph:{store}"]
    command += ["--timeout", str(timeout), "--log", str(folder / "serve.log")]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert server.stderr is not None
    try:
        yield server.stderr.readline().split()[1], server
    finally:
        server.terminate()
        server.wait(10)


@contextlib.contextmanager
def oxigraph(store: Path, timeout: float) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Run Oxigraph server read-only on ``store`` with the union default graph; yield its URL and process."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if binary is None:
        raise SystemExit("Oxigraph server not found: pip install oxigraph (the dev extras have it)")
    port = free_port()
    command = [binary, "serve-read-only", "--location", str(store.resolve()), "--bind", f"127.0.0.1:{port}"]
    command += ["--union-default-graph", "--timeout-s", f"{timeout:g}"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_for(url)
        yield url, server
    finally:
        server.kill()
        server.wait(10)


def large_select(urls: dict[str, str], repeats: int = 5) -> dict[str, tuple[float, int]]:
    """Return each server's median seconds for the 50,000-row SELECT as SPARQL JSON, and its row count.

    The servers take turns, so that other load on the machine weighs on both alike.
    """
    times: dict[str, list[float]] = {name: [] for name in urls}
    rows: dict[str, int] = {}
    for _ in range(repeats):
        for name, url in urls.items():
            status, elapsed, body = request(url, LARGE)
            rows[name] = rows_in(body) if status == 200 else -status
            times[name].append(elapsed)
    return {name: (statistics.median(times[name]), rows[name]) for name in urls}


def runaway_check(url: str, timeout: float) -> str:
    """Send the three-way cross product; return when it ended and how fast an ASK was answered meanwhile."""
    outcome: dict[str, tuple[int, float, bytes]] = {}
    limit = timeout * 3 + 5
    thread = threading.Thread(target=lambda: outcome.update(heavy=request(url, RUNAWAY, timeout=limit)))
    thread.start()
    time.sleep(0.5)
    status, ask_seconds, _ = request(url, "ASK { ?s ?p ?o }", timeout=limit)
    thread.join()
    heavy_status, seconds, _ = outcome["heavy"]
    ended = f"status {heavy_status} after {seconds:.1f} s" if heavy_status else f"no answer within {limit:g} s"
    return f"{ended}; ASK meanwhile: status {status} in {ask_seconds * 1000:.0f} ms"


def service_check(url: str) -> str:
    """Ask for a SERVICE call to a listener on loopback; return the status and whether the listener was reached."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    seen: list[bytes] = []

    def accept() -> None:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with contextlib.suppress(TimeoutError):
                connection, _ = listener.accept()
                with connection:
                    connection.settimeout(1)
                    with contextlib.suppress(OSError):
                        seen.append(connection.recv(200))

    thread = threading.Thread(target=accept)
    thread.start()
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    status = request(url, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}", timeout=10)[0]
    thread.join()
    listener.close()
    return f"status {status}; the listener was {'reached' if seen else 'not reached'}"


def ratio(mine: float, theirs: float) -> str:
    """Return ``mine / theirs`` as a ratio."""
    return f"{mine / theirs:.2f}" if theirs else "-"


def side_by_side(urls: dict[str, str], clients: list[int], seconds: float, rounds: int) -> None:
    """Print throughput and latency of both servers for each number of clients, and the ratios.

    Each figure is ``rounds`` turns of ``seconds / rounds`` taken in alternation with the other server's, so
    that a change in what else the machine runs weighs on both alike.
    """
    print(f"{'':8s} | {'Oxigraph server':^28s} | {'healthgraph serve':^28s} | ratios (healthgraph / Oxigraph)")
    columns = f"{'req/s':>8s} {'p50 ms':>8s} {'p95 ms':>9s}"
    print(f"{'clients':8s} | {columns} | {columns} |")
    for count in clients:
        theirs, mine = Figures([], 0, 0), Figures([], 0, 0)
        for _ in range(rounds):
            theirs += run(urls["oxigraph"], count, seconds / rounds)
            mine += run(urls["healthgraph"], count, seconds / rounds)
        errors = f"  errors: {theirs.errors} / {mine.errors}" if theirs.errors or mine.errors else ""
        print(
            f"{count:<8d} | {theirs.throughput:8.1f} {theirs.p50:8.1f} {theirs.p95:9.1f} | "
            f"{mine.throughput:8.1f} {mine.p50:8.1f} {mine.p95:9.1f} | "
            f"throughput {ratio(mine.throughput, theirs.throughput)}, p95 {ratio(mine.p95, theirs.p95)}{errors}",
            flush=True,
        )


def build_store(folder: Path, with_anr: bool) -> Path:
    """Build the graph into an Oxigraph store under ``folder``; return the store's path."""
    store = folder / "store"
    build = [sys.executable, "-m", "healthgraph", "build", "--out", str(folder / "out"), "--store", f"oxigraph:{store}"]
    subprocess.run([*build, *(["--with", "anr-dgpie"] if with_anr else [])], check=True, capture_output=True)
    return store


def rss_mb(pid: int) -> float:
    """Return the resident memory of ``pid`` and its children (the query workers), MB."""
    tasks = Path(f"/proc/{pid}/task").iterdir()
    pids = [pid, *(int(c) for task in tasks for c in (task / "children").read_text().split())]
    total = 0.0
    for each in pids:
        with contextlib.suppress(OSError):
            status = Path(f"/proc/{each}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024
    return total


def report(urls: dict[str, str], args: argparse.Namespace, process: subprocess.Popen[str]) -> None:
    """Print every figure and check of the run."""
    before = fingerprint(urls["healthgraph"])
    memory = rss_mb(process.pid)
    lookup_rows = {name: rows_in(request(url, LOOKUP)[2]) for name, url in urls.items()}
    print(f"graph: {before[0]} triples; lookup query rows: {lookup_rows}; {args.seconds:g} s per figure")
    side_by_side(urls, [int(c) for c in args.clients.split(",")], args.seconds, args.rounds)
    alone = run(urls["healthgraph"], 1, args.seconds)
    loaded = run(urls["healthgraph"], 1, args.seconds, heavy=True)
    print(f"healthgraph, 1 lookup client beside a heavy one: p95 {loaded.p95:.1f} ms ({ratio(loaded.p95, alone.p95)}x)")
    large = large_select(urls)
    print(
        f"50,000-row SELECT as SPARQL JSON, median of 5 turns each: Oxigraph server {large['oxigraph'][0]:.2f} s, "
        f"healthgraph {large['healthgraph'][0]:.2f} s (ratio {ratio(large['healthgraph'][0], large['oxigraph'][0])}); "
        f"rows {large['oxigraph'][1]} / {large['healthgraph'][1]}"
    )
    print(f"SERVICE to loopback, Oxigraph server: {service_check(urls['oxigraph'])}")
    print(f"SERVICE to loopback, healthgraph: {service_check(urls['healthgraph'])}")
    print(f"runaway query (--timeout {args.timeout:g}), ours: {runaway_check(urls['healthgraph'], args.timeout)}")
    print(f"triple count and CONSTRUCT checksum unchanged: {fingerprint(urls['healthgraph']) == before}")
    print(f"healthgraph memory (server and workers, RSS): {memory:.0f} MB before, {rss_mb(process.pid):.0f} MB after")
    # last: Oxigraph server may go on computing the runaway query until it is killed
    print(f"runaway query (--timeout-s {args.timeout:g}), Oxigraph: {runaway_check(urls['oxigraph'], args.timeout)}")


def main() -> None:
    """Build the store, start both servers, print the figures and checks, stop both servers."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--rounds", type=int, default=3, help="turns per figure, alternating the servers")
    parser.add_argument("--with-anr", action="store_true", help="serve the curated graph plus the ANR import")
    parser.add_argument("--timeout", type=float, default=5, help="query deadline of both servers, seconds")
    parser.add_argument("--store", type=Path, help="an Oxigraph store built before (not rebuilt)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="healthgraph-load-"))
    try:
        store = args.store or build_store(folder, args.with_anr)
        with ours(store, folder, args.timeout) as (mine, process), oxigraph(store, args.timeout) as (theirs, _):
            report({"oxigraph": theirs, "healthgraph": mine}, args, process)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
