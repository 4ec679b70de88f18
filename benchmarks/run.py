"""Benchmark every stage on the curated graph, the graph with the ANR import, and synthetic ecosystems.

Usage: ``python benchmarks/run.py [--datasets curated,anr,20000,200000] [--stage-timeout 300] [--slow-max N]``
(``make bench`` runs the default set). Prints one table, then the ratios of each alternative side by side
(pySHACL/pyshacl-turbo, rdflib/Oxigraph, networkx/igraph); figures also go to ``benchmarks/results/``.
Every stage runs in a forked child with a deadline, so a stage that would take an hour is reported as
"timeout" instead of stalling the run; peak memory is the child's maximum resident set size. Above
``--slow-max`` triples (default 1,000,000) the pure-Python alternatives (pySHACL, rdflib load and queries,
networkx betweenness) and exact betweenness are reported as skipped: their ratio at 20,000 members says
what they would cost. Every query row notes its row count. A synthetic dataset is first built by streaming
(``benchmarks/stream.py``: records -> N-Quads -> on-disk Oxigraph -> pyshacl-turbo -> projection from the
store) in a process of its own, so its peak memory stands beside the rdflib build's; at 200,000 members run
it alone: ``python benchmarks/stream.py 200000``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import PARAMETERS, generate

from healthgraph import network, settings
from healthgraph.curation.build import build_curated

RESULTS = Path(__file__).parent / "results"
STATE: dict[str, Any] = {}


def _child(conn: Any, fn: Callable[[], Any]) -> None:
    started = time.perf_counter()
    try:
        extra = fn()
        status = "ok"
    except Exception as exc:
        extra, status = f"{type(exc).__name__}: {exc}"[:80], "error"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send((status, seconds, peak, extra))


def stage(rows: list[dict[str, Any]], dataset: str, name: str, fn: Callable[[], Any], timeout: float) -> None:
    """Run ``fn`` in a forked child (it sees STATE) and record time, peak memory and its note."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, fn))
    child.start()
    sender.close()
    if receiver.poll(timeout):
        status, seconds, peak, extra = receiver.recv()
    else:
        status, seconds, peak, extra = "timeout", timeout, float("nan"), f"stopped after {timeout:g} s"
    child.kill()
    child.join()
    rows.append(
        {
            "dataset": dataset,
            "stage": name,
            "status": status,
            "seconds": round(seconds, 4),
            "peak_mb": round(peak, 1),
            "note": extra,
        }
    )
    print(f"{dataset:9s} {name:34s} {status:7s} {seconds:9.3f} s {peak:8.0f} MB  {extra}", flush=True)


def in_parent(rows: list[dict[str, Any]], dataset: str, name: str, fn: Callable[[], Any]) -> Any:
    """Run a stage whose result later stages need (build, load, project) in this process."""
    before = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(
        {
            "dataset": dataset,
            "stage": name,
            "status": "ok",
            "seconds": round(seconds, 4),
            "peak_mb": round(peak, 1),
            "note": "peak of the run so far",
        }
    )
    print(f"{dataset:9s} {name:34s} {'ok':7s} {seconds:9.3f} s {peak:8.0f} MB", flush=True)
    return value


def _timed_rows(fn: Callable[[], int], runs: int) -> str:
    """Run ``fn`` (which returns a row count) ``runs`` times: median wall and CPU times and the rows, as a note."""
    times, cpu, counts = [], [], set()
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        counts.add(fn())
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    # the CPU time says what the query costs when other work shares the cores (wall time then grows, CPU not)
    rows = "/".join(str(c) for c in sorted(counts))
    return f"{statistics.median(times):.4f} s median (CPU {statistics.median(cpu):.4f} s), {rows} rows"


# what healthgraph.network.centrality computes for each measure, as its attrs say where it varies by size
METHODS = {"degree": "exact", "pagerank": "networkx power iteration", "eigenvector": "exact (numpy, per component)"}


def _computed(attrs: dict[str, Any], measure: str) -> str:
    """Say how ``measure`` was computed: exact, or estimated from how many sampled nodes."""
    if measure == "closeness":
        return str(attrs["closeness"])
    return str(attrs["method"]) if measure == "betweenness" else METHODS[measure]


def skipped(rows: list[dict[str, Any]], dataset: str, name: str, slow_max: int) -> None:
    """Record a pure-Python stage left out above ``slow_max`` triples."""
    note = f"skipped above {slow_max:,} triples"
    row = {"dataset": dataset, "stage": name, "status": "skipped", "seconds": None, "peak_mb": None, "note": note}
    rows.append(row)
    print(f"{dataset:9s} {name:34s} {'skipped':7s} {'':>11s} {'':>11s}  {note}", flush=True)


# one function on purpose: it reads top to bottom in the order of the stage table it prints
def bench_dataset(  # noqa: C901
    dataset: str, rows: list[dict[str, Any]], timeout: float, browser: bool, slow_max: int
) -> None:
    """Run every stage for one dataset."""
    import igraph  # noqa: F401 - imported before forking, so stages time work and not imports
    import networkx as nx
    import pyoxigraph as ox
    import scipy.sparse  # noqa: F401
    from rdflib import Dataset

    from healthgraph.network.projection import project
    from healthgraph.pipeline import Imports, add_anr, build_and_validate
    from healthgraph.sparql.backends import OxigraphBackend, RdflibBackend
    from healthgraph.sparql.query import load_queries, run_query
    from healthgraph.views.pages import render_page

    ontology = settings.ontology_dir() / "healthgraph.ttl"
    if dataset in ("curated", "anr"):
        folder = settings.data_dir()
    else:
        streamed(rows, dataset, timeout)  # first, in a process of its own: its peak memory is its own
        folder = in_parent(rows, dataset, "generate records", lambda: generate(int(dataset), Path(tempfile.mkdtemp())))
    build = in_parent(
        rows, dataset, "build (records -> graph)", lambda: build_curated(folder, ontology, settings.shared_dir(), None)
    )
    if dataset == "anr":
        in_parent(
            rows,
            dataset,
            "import ANR tables",
            lambda: add_anr(build, settings.shared_dir() / "data", settings.data_dir()),
        )
    from healthgraph.curation.summaries import add_summaries

    in_parent(rows, dataset, "summaries (graph/summary)", lambda: add_summaries(build))
    triples = sum(len(g) for g in build.dataset.graphs())
    print(f"{dataset:9s} {'triples':34s} {triples}", flush=True)
    slow = triples <= slow_max

    def unless_large(name: str, fn: Callable[[], Any]) -> None:
        """A stage of a slow alternative: run it, or list it as skipped above ``slow_max`` triples."""
        if slow:
            stage(rows, dataset, name, fn, timeout)
        else:
            skipped(rows, dataset, name, slow_max)

    if dataset in ("curated", "anr"):
        anr = settings.shared_dir() / "data" if dataset == "anr" else None
        for engine in ("pyshacl", "turbo"):
            stage(
                rows,
                dataset,
                f"build + validate ({engine})",
                lambda e=engine: build_and_validate(imports=Imports(anr=anr), engine=e).report.conforms,
                timeout,
            )
    else:
        from healthgraph.curation.validate import load_shapes, validate_graph

        shapes = load_shapes(settings.ontology_dir() / "shapes.ttl")
        unless_large("validate (pyshacl)", lambda: validate_graph(build.dataset, shapes, engine="pyshacl").conforms)

        def turbo() -> bool:
            return validate_graph(build.dataset, shapes, engine="turbo").conforms

        if slow:
            stage(rows, dataset, "validate (turbo)", turbo, timeout)
        else:  # a forked child would copy the whole rdflib graph as it reads it (refcounts)
            in_parent(rows, dataset, "validate (turbo)", turbo)
    nquads = in_parent(
        rows, dataset, "serialise N-Quads", lambda: build.dataset.serialize(format="nquads", encoding="utf-8")
    )
    unless_large("load rdflib (N-Quads)", lambda: len(Dataset().parse(data=nquads, format="nquads")))
    store = in_parent(rows, dataset, "load Oxigraph (N-Quads)", lambda: _ox_load(ox, nquads))
    nquads = b""  # free the serialisation before the analyses
    STATE["store"] = store
    # the union of the named graphs, without a copy: rdflib's memory store indexes every graph together
    union = build.dataset
    union.default_union = True
    queries = load_queries(settings.queries_dir())
    params = {"pole": "medicen", "organisation": "enosis-sante", "subject": "medicen"}
    if dataset not in ("curated", "anr"):
        params = PARAMETERS  # synthetic entities: a curated id would match nothing and time an empty answer
    rdflib_backend, ox_backend = RdflibBackend(union), OxigraphBackend(store)
    for name, stored in queries.items():
        bound = {p.name: "https://w3id.org/healthgraph/id/" + params[p.name] for p in stored.params}
        stage(
            rows,
            dataset,
            f"{name[:4]} Oxigraph (median of 3)",
            lambda s=stored, b=bound: _timed_rows(lambda: len(run_query(ox_backend, s, b).rows), 3),
            timeout,
        )
        unless_large(
            f"{name[:4]} rdflib (1 run)",
            lambda s=stored, b=bound: f"{len(run_query(rdflib_backend, s, b).rows)} rows",
        )
    graph = in_parent(rows, dataset, "project to networkx (organisations)", lambda: project(union, "organisations"))
    print(f"{dataset:9s} {'collaboration graph':34s} {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    for measure in ("degree", "pagerank", "closeness", "eigenvector", "betweenness"):
        stage(
            rows,
            dataset,
            f"{measure} (healthgraph default)",
            lambda m=measure: _computed(network.centrality(graph, (m,), top=5).attrs, m),
            timeout,
        )
    k = min(network.SAMPLED_SOURCES, len(graph))
    unless_large("betweenness exact (networkx)", lambda: nx.betweenness_centrality(graph) and "exact")
    unless_large(
        f"betweenness k={network.SAMPLED_SOURCES} (networkx)",
        lambda: nx.betweenness_centrality(graph, k=k, seed=network.SEED) and f"{k} sources",
    )
    # exact betweenness is O(nodes x edges) in any library: at 200,000 members, hours
    unless_large("betweenness exact (igraph)", lambda: network.to_igraph(graph)[0].betweenness() and "exact")
    stage(
        rows,
        dataset,
        "communities (Louvain, networkx)",
        lambda: f"{len(network.communities(graph))} communities",
        timeout,
    )
    stage(rows, dataset, "100 shortest paths", lambda: _paths(graph), timeout)
    default = graph  # render_page keeps the 1,500 most central nodes of larger graphs, with a note
    stage(
        rows,
        dataset,
        "render default view",
        lambda: f"{len(render_page(default, 'bench', 'degree')) / 1e6:.2f} MB",
        timeout,
    )
    if browser:
        stage(rows, dataset, "draw in Chromium", lambda: _draw(render_page(default, "bench", "degree")), timeout)


def streamed(rows: list[dict[str, Any]], dataset: str, timeout: float) -> None:
    """Run the streamed build (``benchmarks/stream.py``) in a new process and record each of its steps."""
    import subprocess

    command = [sys.executable, str(Path(__file__).parent / "stream.py"), dataset, "--json"]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout * 4, check=False)
    except subprocess.TimeoutExpired:
        skipped(rows, dataset, "streamed build", 0)
        return
    steps = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    for step in steps:
        note = ", ".join(f"{k} {v}" for k, v in step.items() if k not in ("step", "seconds", "peak_mb"))
        row = {"dataset": dataset, "stage": f"streamed: {step['step']}", "status": "ok", **step, "note": note}
        del row["step"]
        rows.append(row)
        print(f"{dataset:9s} {row['stage']:34s} {'ok':7s} {step['seconds']:9.3f} s {step['peak_mb']:8.0f} MB  {note}")
    total = time.perf_counter() - started
    status = "ok" if done.returncode == 0 else "error"
    peak = max((s["peak_mb"] for s in steps), default=float("nan"))
    rows.append(
        {
            "dataset": dataset,
            "stage": "streamed: total",
            "status": status,
            "seconds": round(total, 3),
            "peak_mb": peak,
            "note": done.stderr.strip().splitlines()[-1][:80] if done.returncode else "",
        }
    )
    print(f"{dataset:9s} {'streamed: total':34s} {status:7s} {total:9.3f} s {peak:8.0f} MB", flush=True)


def _ox_load(ox: Any, nquads: bytes) -> Any:
    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    return store


def _paths(graph: Any) -> str:
    import networkx as nx

    rng = random.Random(1)
    nodes = list(graph.nodes)
    found = 0
    for _ in range(100):
        a, b = rng.sample(nodes, 2)
        try:
            nx.shortest_path(graph, a, b)
            found += 1
        except nx.NetworkXNoPath:
            pass
    return f"{found} connected pairs of 100"


def _draw(page: str) -> str:
    sys.path.insert(0, str(Path(__file__).parents[1]))
    from tests.browser import browser_page

    path = Path(tempfile.mkdtemp()) / "page.html"
    path.write_text(page, encoding="utf-8")
    with browser_page() as (browser, _):
        started = time.perf_counter()
        browser.goto(path.as_uri())
        browser.locator("body[data-drawn=true]").wait_for(timeout=120_000)
        return f"first drawn after {time.perf_counter() - started:.2f} s"


RATIOS = (
    ("validate", "pySHACL / pyshacl-turbo", "validate (pyshacl)", "validate (turbo)"),
    ("validate", "pySHACL / pyshacl-turbo (with build)", "build + validate (pyshacl)", "build + validate (turbo)"),
    ("load", "rdflib / Oxigraph load", "load rdflib (N-Quads)", "load Oxigraph (N-Quads)"),
    (
        "build",
        "rdflib build (no summaries) / streamed (with)",
        "build (records -> graph)",
        "streamed: stream to N-Quads",
    ),
    ("betweenness", "networkx exact / igraph exact", "betweenness exact (networkx)", "betweenness exact (igraph)"),
    (
        "betweenness",
        "networkx k=256 / healthgraph default",
        "betweenness k=256 (networkx)",
        "betweenness (healthgraph default)",
    ),
)


def _seconds(row: dict[str, Any]) -> float | None:
    if row["status"] != "ok":
        return None
    note = str(row["note"])
    return float(note.split(" s median")[0]) if " s median" in note else float(row["seconds"])


def _rows(row: dict[str, Any] | None) -> str | None:
    """The row count a query stage noted (``N rows``), if any."""
    note = str(row["note"]) if row and row["status"] == "ok" else ""
    return note.rsplit(" ", 2)[-2] if note.endswith(" rows") else None


def print_ratios(rows: list[dict[str, Any]]) -> None:
    """Print slow/fast ratios of each alternative, per dataset, from the rows of the run."""
    by_key = {(r["dataset"], r["stage"]): r for r in rows}
    datasets = list(dict.fromkeys(r["dataset"] for r in rows))
    pairs = [(label, slow, fast) for _, label, slow, fast in RATIOS]
    pairs += [
        (f"{q} rdflib / Oxigraph", f"{q} rdflib (1 run)", f"{q} Oxigraph (median of 3)")
        for q in sorted({r["stage"][:4] for r in rows if r["stage"].startswith("cq")})
    ]
    print("\nratios (slow / fast; '>' when the slow one hit the stage limit):")
    printed = False
    for label, slow, fast in pairs:
        cells = []
        for dataset in datasets:
            a, b = by_key.get((dataset, slow)), by_key.get((dataset, fast))
            if not a or not b or _seconds(b) is None:
                continue
            fast_s = max(_seconds(b) or 0.0, 1e-4)
            if a["status"] == "timeout":
                cells.append(f"{dataset} >{a['seconds'] / fast_s:,.0f}x")
            elif _seconds(a) is not None:
                rows_a, rows_b = _rows(a), _rows(b)
                same = "" if rows_a == rows_b else f" (rows differ: {rows_a} / {rows_b})"
                counted = f", {rows_b} rows" if rows_b is not None and not same else ""
                cells.append(f"{dataset} {(_seconds(a) or 0.0) / fast_s:,.1f}x{counted}{same}")
        if cells:
            printed = True
            print(f"  {label:40s} " + ", ".join(cells))
    if not printed:
        print("  none: the slow side of every pair was skipped (see --slow-max)")


def main() -> None:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", default="curated,anr,20000")
    parser.add_argument("--stage-timeout", type=float, default=300)
    parser.add_argument("--browser", action="store_true", help="also time the first drawing in Chromium")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for the JSON figures")
    parser.add_argument("--slow-max", type=int, default=1_000_000, help="skip pure-Python stages above N triples")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    print(f"machine: {platform.machine()}, {multiprocessing.cpu_count()} cores, Python {platform.python_version()}")
    for dataset in args.datasets.split(","):
        bench_dataset(dataset.strip(), rows, args.stage_timeout, args.browser, args.slow_max)
    print_ratios(rows)
    args.results.mkdir(parents=True, exist_ok=True)
    target = args.results / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    target.write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
    print(f"\nwrote {target}")


if __name__ == "__main__":
    main()
