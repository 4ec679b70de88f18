"""Time and peak memory of the streamed build of a synthetic ecosystem, in a process of its own.

Usage: ``python benchmarks/stream.py 200000 [--store DIR] [--skip-validation]`` (``make bench`` runs it at
20,000 from ``benchmarks/run.py``). Steps: generate the records, stream them to N-Quads
(``healthgraph.curation.stream``), bulk-load an on-disk Oxigraph store, validate the store with
pyshacl-turbo, project the organisations network from the store (no rdflib graph); with ``--queries``, time
every competency query on the store after loading it. Each step prints one
line and, with ``--json``, one JSON object per step: seconds and the process's peak resident memory so far.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import generate

from healthgraph import settings

__all__ = ["StoreTriples", "main", "run"]


class StoreTriples:
    """The two triple lookups ``healthgraph.network.projection`` makes, answered from an Oxigraph store."""

    def __init__(self, store: Any) -> None:
        """Read from ``store`` (the union of its named graphs)."""
        self.store = store

    def _pairs(self, predicate: Any, value: Any = None) -> Iterator[tuple[Any, Any]]:
        import pyoxigraph as ox

        from healthgraph.terms import from_oxigraph

        found = self.store.quads_for_pattern(
            None, ox.NamedNode(str(predicate)), None if value is None else ox.NamedNode(str(value)), None
        )
        for quad in found:
            yield from_oxigraph(quad.subject), from_oxigraph(quad.object)

    def subject_objects(self, predicate: Any) -> Iterator[tuple[Any, Any]]:
        """Every (subject, object) pair of ``predicate``, once each as a graph gives them."""
        yield from dict.fromkeys(self._pairs(predicate))

    def subjects(self, predicate: Any, value: Any) -> Iterator[Any]:
        """Every subject of ``predicate`` with ``value``."""
        yield from dict.fromkeys(s for s, _ in self._pairs(predicate, value))


def _step(
    name: str, fn: Callable[[], Any], log: list[dict[str, Any]], emit: bool, tell: Callable[[Any], dict[str, Any]]
) -> Any:
    started = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log.append({"step": name, "seconds": round(seconds, 3), "peak_mb": round(peak, 1), **tell(value)})
    if emit:
        print(json.dumps(log[-1]), flush=True)
    else:
        extra = ", ".join(f"{k} {v}" for k, v in tell(value).items())
        print(f"streamed  {name:34s} {seconds:9.3f} s {peak:8.0f} MB  {extra}", flush=True)
    return value


def time_queries(store: Any, log: list[dict[str, Any]], emit: bool) -> None:
    """Time every competency query on ``store`` (median of 3 runs, wall and CPU) with its row count."""
    import statistics

    from synthetic import PARAMETERS

    from healthgraph.sparql.backends import OxigraphBackend
    from healthgraph.sparql.query import load_queries, run_query

    backend = OxigraphBackend(store)
    for name, stored in load_queries(settings.queries_dir()).items():
        bound = {p.name: "https://w3id.org/healthgraph/id/" + PARAMETERS[p.name] for p in stored.params}
        wall, cpu, rows = [], [], 0
        for _ in range(3):
            started, used = time.perf_counter(), time.process_time()
            rows = len(run_query(backend, stored, bound).rows)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
        entry = {"step": f"{name[:4]} Oxigraph", "median_s": round(statistics.median(wall), 4)}
        entry |= {"cpu_s": round(statistics.median(cpu), 4), "rows": rows}
        log.append(entry)
        print(json.dumps(entry) if emit else f"streamed  {name:34s} {entry}", flush=True)


def run(
    members: int, store_dir: Path, validate: bool = True, emit: bool = False, queries: bool = False
) -> list[dict[str, Any]]:
    """Run every step for ``members`` synthetic members with the store in ``store_dir``; return the log."""
    from healthgraph.curation.stream import load_streamed, stream_build
    from healthgraph.curation.validate import load_shapes, validate_graph
    from healthgraph.network.projection import project

    log: list[dict[str, Any]] = []

    def nothing(_: Any) -> dict[str, Any]:
        return {}

    folder = _step("generate records", lambda: generate(members, store_dir / "records"), log, emit, nothing)
    streamed = _step(
        "stream to N-Quads",
        lambda: stream_build(folder, store_dir / "graph.nq"),
        log,
        emit,
        lambda s: {"quads": s.quads},
    )
    store = _step(
        "load on-disk Oxigraph",
        lambda: load_streamed(streamed, store_dir / "store"),
        log,
        emit,
        lambda s: {"quads": len(s)},
    )
    if queries:  # before the longer steps: a large run stopped midway still says what the queries cost
        time_queries(store, log, emit)
    if validate:
        shapes = load_shapes(settings.ontology_dir() / "shapes.ttl")
        _step(
            "validate store (turbo)",
            lambda: validate_graph(store, shapes, None, streamed.locations),
            log,
            emit,
            lambda r: {"conforms": r.conforms},
        )
    _step(
        "project from store",
        lambda: project(cast(Any, StoreTriples(store)), "organisations"),
        log,
        emit,
        lambda g: {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()},
    )
    return log


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("members", type=int)
    parser.add_argument("--store", type=Path, help="folder for the records, N-Quads and store (default: temporary)")
    parser.add_argument("--skip-validation", action="store_true")
    parser.add_argument("--json", action="store_true", help="one JSON object per step")
    parser.add_argument("--queries", action="store_true", help="also time every competency query on the store")
    args = parser.parse_args()
    folder = args.store or Path(tempfile.mkdtemp(prefix="hg-stream-"))
    started = time.perf_counter()
    try:
        run(args.members, folder, not args.skip_validation, args.json, args.queries)
    finally:
        if args.store is None:
            shutil.rmtree(folder, ignore_errors=True)
    if not args.json:
        print(f"streamed  {'total':34s} {time.perf_counter() - started:9.3f} s")


if __name__ == "__main__":
    main()
