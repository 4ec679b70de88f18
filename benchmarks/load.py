"""Load test of `healthgraph serve` on loopback: concurrent lookup clients, with and without a heavy client.

Usage: ``python benchmarks/load.py [--seconds 60] [--clients 4,16] [--with-anr]``. Every request goes to
127.0.0.1 only; loops are bounded by ``--seconds``. Reports throughput, p50/p95/p99 latency, errors, server
memory before and after, and checks that the triple count and a fixed CONSTRUCT checksum are unchanged.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

LOOKUP = """SELECT ?partnerName ?relation ?source WHERE {
  VALUES ?org { <https://w3id.org/healthgraph/id/medicen> }
  ?fact ?role ?org ; a ?relation ; prov:wasDerivedFrom ?source ; ?other ?partner .
  FILTER(?partner != ?org && isIRI(?partner)) ?partner rdfs:label ?partnerName . FILTER(lang(?partnerName) = "en")
} LIMIT 200"""
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
CHECK = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/healthgraph/Pole> ; ?p ?o }"


def request(url: str, query: str, accept: str = "application/sparql-results+json") -> tuple[int, float, bytes]:
    started = time.perf_counter()
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(url, data=data, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            body = response.read()
            return response.status, time.perf_counter() - started, body
    except urllib.error.HTTPError as error:
        return error.code, time.perf_counter() - started, error.read()
    except OSError:
        return 0, time.perf_counter() - started, b""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def fingerprint(url: str) -> tuple[str, str]:
    count = request(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")[2].decode().split()[-1]
    body = request(url, CHECK, "application/n-triples")[2].decode()
    return count, hashlib.sha256("\n".join(sorted(body.splitlines())).encode()).hexdigest()[:16]


def run(url: str, clients: int, seconds: float, heavy: bool) -> dict[str, float]:
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
    if heavy:
        threads.append(threading.Thread(target=heavy_client))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else float("nan")

    return {
        "requests": len(ordered),
        "errors": errors,
        "throughput": len(ordered) / seconds,
        "p50": statistics.median(ordered) * 1000 if ordered else float("nan"),
        "p95": pct(0.95),
        "p99": pct(0.99),
    }


def main() -> None:
    """Start the server, run the load scenarios, print the table, stop the server."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", default="4,16")
    parser.add_argument("--with-anr", action="store_true", help="serve the curated graph plus the ANR import")
    parser.add_argument("--timeout", type=float, default=5)
    args = parser.parse_args()
    folder = Path(tempfile_dir())
    store = folder / "store"
    build = [sys.executable, "-m", "healthgraph", "build", "--out", str(folder / "out"), "--store", f"oxigraph:{store}"]
    if args.with_anr:
        build += ["--with", "anr-dgpie"]
    subprocess.run(build, check=True, capture_output=True)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "healthgraph",
            "serve",
            "--port",
            "0",
            "--store",
            f"oxigraph:{store}",
            "--timeout",
            str(args.timeout),
            "--log",
            str(folder / "serve.log"),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stderr is not None
    url = server.stderr.readline().split()[1]
    try:
        before = fingerprint(url)
        memory_before = rss_mb(server.pid)
        print(f"graph: {before[0]} triples; lookup query on {url}; {args.seconds:g} s per scenario")
        print(f"{'scenario':28s} {'req':>6s} {'err':>4s} {'req/s':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s}")
        baseline = run(url, 1, min(args.seconds, 10), heavy=False)
        scenarios = [("1 client, unloaded", baseline)]
        for clients in (int(c) for c in args.clients.split(",")):
            scenarios.append((f"{clients} clients", run(url, clients, args.seconds, heavy=False)))
        scenarios.append(("1 client + 1 heavy client", run(url, 1, args.seconds, heavy=True)))
        for name, figures in scenarios:
            print(
                f"{name:28s} {figures['requests']:6.0f} {figures['errors']:4.0f} {figures['throughput']:7.1f} "
                f"{figures['p50']:8.1f} {figures['p95']:8.1f} {figures['p99']:8.1f}"
            )
        after = fingerprint(url)
        print(f"server memory: {memory_before:.0f} MB before, {rss_mb(server.pid):.0f} MB after")
        print(f"triple count and CONSTRUCT checksum unchanged: {before == after} ({after[0]}, {after[1]})")
        ratio = scenarios[-1][1]["p95"] / baseline["p95"]
        print(f"lookup p95 with a heavy client / unloaded: {ratio:.2f}x")
    finally:
        server.terminate()
        server.wait(10)


def tempfile_dir() -> str:
    """Return a fresh temporary folder."""
    import tempfile

    return tempfile.mkdtemp(prefix="healthgraph-load-")


if __name__ == "__main__":
    main()
