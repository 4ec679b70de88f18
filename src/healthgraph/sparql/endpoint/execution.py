"""Execution: each query in a worker process with no network, killed at the deadline, its result serialised."""

from __future__ import annotations

import ctypes
import errno
import multiprocessing
import os
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from healthgraph.namespaces import PREFIXES, bind_prefixes
from healthgraph.sparql.endpoint.replies import Reply
from healthgraph.sparql.endpoint.screening import MAX_QUERY_CHARS, ScreeningError, screen, services_in_algebra
from healthgraph.sparql.query import SAFE_IRI, Result
from healthgraph.sparql.results import GRAPH_TYPES, SOLUTION_TYPES, UnrepresentableError, negotiate, serialise_solutions
from healthgraph.terms import from_oxigraph

__all__ = ["DatasetSpec", "Endpoint", "Limits", "StoreFactory", "cut_network", "memory_store"]

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
StoreFactory = Callable[[], ox.Store]
STATIC_PAGES = ("/", "/index.html")  # pages that do not read the store


def memory_store(nquads: bytes) -> ox.Store:
    """Return an in-memory Oxigraph store holding ``nquads``."""
    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    return store


def cut_network() -> bool:
    """Move this process into a network namespace of its own, with no interface up; True if it worked.

    Called in a query worker (a single-threaded child) when no SERVICE is allowed: whatever the query
    says, the engine then has no network to reach. Root can do it directly; other users through a user
    namespace where the kernel allows them.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        unshare = libc.unshare
    except (OSError, AttributeError):
        return False
    return any(unshare(flags) == 0 for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET))


def _prefix_map() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _refused_services(targets: list[str | None], allowed: tuple[str, ...]) -> Reply | None:
    for iri in targets:
        if iri is None:
            return Reply.text(403, "SERVICE with a variable, relative or unresolved endpoint is not allowed")
        if iri not in allowed:
            return Reply.text(403, f"SERVICE <{iri[:200]}> is not on this endpoint's allow-list")
    return None


NO_NETWORK = Reply.text(403, "SERVICE is not allowed on this endpoint: its query workers have no network")


def _network_failure(exc: OSError) -> bool:
    return (
        isinstance(exc, ConnectionError)
        or exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH)
        or ("unreachable" in str(exc).lower())
    )


def _confine(query: str, allowed: tuple[str, ...], base: str | None) -> Reply | None:
    """In the worker: cut the network off, or, where it must stay, decide SERVICE from the algebra.

    Returns a refusal, :data:`NO_NETWORK` when the network is cut (the query may run), or None.
    """
    if not allowed and cut_network():
        return NO_NETWORK
    try:
        return _refused_services(services_in_algebra(query, _prefix_map(), base), allowed)
    except ScreeningError as exc:
        return Reply.text(403, f"{exc}; SERVICE calls are only run for queries that can be screened")


@dataclass(frozen=True)
class Limits:
    """What one query may take: time, rows, result bytes, worker memory; and how many run at once."""

    timeout: float = 30.0
    max_rows: int = 100_000
    max_bytes: int = 64 * 1024 * 1024
    worker_memory_mb: int = 1024
    max_workers: int = max(2, (os.cpu_count() or 1) * 2)


def _start_worker(limits: Limits) -> None:
    """Make this forked process a worker: default signal handling, and its memory limit."""
    # the worker inherits the server's Python signal handlers, which cannot run while Oxigraph computes:
    # restore the defaults so that terminate() and Ctrl-C end it at once
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _limit_memory(limits.worker_memory_mb)


def _limit_memory(megabytes: int) -> None:
    """Cap this worker's address space at what it has now plus ``megabytes``: a query beyond it fails here."""
    size = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    limit = size + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _too_large(limits: Limits) -> Reply:
    return Reply.text(400, f"result larger than {limits.max_bytes:,} bytes (--max-result-mb): add a LIMIT")


def _serialise(result: Any, accept: str | None, limits: Limits) -> Reply:
    if isinstance(result, ox.QueryTriples):
        return _graph_reply(result, accept, limits)
    return _solutions_reply(result, accept, limits)


def _graph_reply(result: ox.QueryTriples, accept: str | None, limits: Limits) -> Reply:
    media = negotiate(accept, GRAPH_TYPES)
    if media is None:
        return Reply.text(406, f"not acceptable: a graph result is available as {', '.join(GRAPH_TYPES)}")
    graph = bind_prefixes(Graph())
    size = 0
    for count, triple in enumerate(result, start=1):
        if count > limits.max_rows:
            return Reply.text(400, f"result has more than {limits.max_rows} triples (--max-rows): add a LIMIT")
        size += len(triple.subject.value) + len(triple.predicate.value) + len(str(triple.object))
        if size > limits.max_bytes:
            return _too_large(limits)
        graph.add(
            (
                from_oxigraph(triple.subject),
                from_oxigraph(triple.predicate),  # type: ignore[arg-type]
                from_oxigraph(triple.object),
            )
        )
    body = graph.serialize(format=GRAPH_TYPES[media], encoding="utf-8")
    return Reply(200, f"{media}; charset=utf-8", body) if len(body) <= limits.max_bytes else _too_large(limits)


def _solutions_reply(result: Any, accept: str | None, limits: Limits) -> Reply:
    media = negotiate(accept, SOLUTION_TYPES)
    if media is None:
        return Reply.text(406, f"not acceptable: results are available as {', '.join(SOLUTION_TYPES)}")
    if isinstance(result, ox.QueryBoolean):
        solutions = Result([], [], bool(result))
    else:
        variables = [v.value for v in result.variables]
        rows = []
        size = 0
        for count, solution in enumerate(result, start=1):
            if count > limits.max_rows:
                return Reply.text(400, f"result has more than {limits.max_rows} rows (--max-rows): add a LIMIT")
            row = tuple(from_oxigraph(solution[v]) for v in variables)
            size += sum(len(str(term)) for term in row if term is not None)
            if size > limits.max_bytes:
                return _too_large(limits)
            rows.append(row)
        solutions = Result(variables, rows)
    body = serialise_solutions(solutions, SOLUTION_TYPES[media]).encode()
    return Reply(200, f"{media}; charset=utf-8", body) if len(body) <= limits.max_bytes else _too_large(limits)


@dataclass(frozen=True)
class DatasetSpec:
    """The protocol's dataset: default-graph-uri and named-graph-uri values (graphs of the store only)."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    base: str | None = None  # the endpoint's own URL, against which relative IRIs resolve


def _run_in_child(
    conn: Connection,
    factory: StoreFactory,
    query: str,
    accept: str | None,
    limits: Limits,
    dataset: DatasetSpec,
    allowed: tuple[str, ...],
) -> None:
    isolated = False
    try:
        _start_worker(limits)
        refused = _confine(query, allowed, dataset.base)
        isolated = refused is NO_NETWORK
        if refused is not None and not isolated:
            conn.send(refused)
            conn.close()
            return
        store = factory()
        options: dict[str, Any] = {"prefixes": _prefix_map(), "base_iri": dataset.base}
        if dataset.default or dataset.named:
            options["default_graph"] = [ox.NamedNode(iri) for iri in dataset.default] or ox.DefaultGraph()
            options["named_graphs"] = [ox.NamedNode(iri) for iri in dataset.named] if dataset.named else None
        else:
            options["use_default_graph_as_union"] = True
        result = store.query(query, **options)
        reply = _serialise(result, accept, limits)
    except MemoryError:
        reply = Reply.text(503, f"query needed more than the worker's {limits.worker_memory_mb} MB (--worker-memory)")
    except SyntaxError as exc:
        reply = Reply.text(400, f"malformed query: {exc}")
    except UnrepresentableError as exc:
        reply = Reply.text(406, str(exc))
    except OSError as exc:
        if isolated and _network_failure(exc):  # the engine tried a SERVICE call, and there is no network
            reply = NO_NETWORK
        else:
            reply = Reply.text(500, f"query failed: {type(exc).__name__}")
            reply.fault = traceback.format_exc()
    except Exception as exc:
        reply = Reply.text(500, f"query failed: {type(exc).__name__}")
        reply.fault = traceback.format_exc()
    conn.send(reply)
    conn.close()


def _page_in_child(
    conn: Connection, page: Callable[[str, dict[str, list[str]]], Reply | None], path: str, params: Any, limits: Limits
) -> None:
    """In a worker: render one page that reads the store, held to the same limits as a query."""
    try:
        _start_worker(limits)
        cut_network()
        reply = page(path, params) or Reply.text(404, f"no page at {path}")
    except MemoryError:
        reply = Reply.text(503, f"the page needed more than the worker's {limits.worker_memory_mb} MB")
    except Exception as exc:
        reply = Reply.text(500, f"page failed: {type(exc).__name__}")
        reply.fault = traceback.format_exc()
    conn.send(reply)
    conn.close()


@dataclass
class Endpoint:
    """Answers SPARQL queries from a store factory, each in a worker process held to the :class:`Limits`."""

    factory: StoreFactory
    limits: Limits = field(default_factory=Limits)
    allow_services: tuple[str, ...] = ()
    page: Callable[[str, dict[str, list[str]]], Reply | None] | None = None
    _graphs: set[str] | None = field(default=None, repr=False)
    _slots: threading.BoundedSemaphore | None = field(default=None, repr=False)

    def check(self, query: str, dataset: DatasetSpec = DatasetSpec()) -> Reply | None:
        """Refuse foreign SERVICE calls, and FROM or dataset IRIs that are not http(s) graph names.

        FROM must name a graph of the store: nothing is ever fetched or read from a file.
        """
        if len(query) > MAX_QUERY_CHARS:
            return Reply.text(413, f"query longer than {MAX_QUERY_CHARS:,} characters: this endpoint's limit")
        try:
            screening = screen(query, _prefix_map())
        except ScreeningError as exc:
            return Reply.text(400, str(exc))
        refused = _refused_services(screening.services, self.allow_services)
        if refused is not None:
            return refused
        for iri in (*screening.from_graphs, *dataset.default, *dataset.named):
            if iri is None or not SAFE_IRI.match(iri):
                shown = "" if iri is None else iri[:100]
                return Reply.text(400, f"dataset IRI <{shown}> refused: only http(s) graph names of this store")
        graphs = self.graphs()
        for iri in screening.from_graphs:
            if iri is not None and iri not in graphs:
                return Reply.text(400, f"FROM <{iri[:100]}> is not a graph of this endpoint: nothing is fetched")
        return None

    def graphs(self) -> set[str]:
        """Return the names of the store's named graphs (computed once, before any worker starts)."""
        if self._graphs is None:
            self._graphs = {g.value for g in self.factory().named_graphs() if isinstance(g, ox.NamedNode)}
        return self._graphs

    def answer(
        self,
        query: str,
        accept: str | None,
        dataset: DatasetSpec = DatasetSpec(),
        gone: Callable[[], bool] | None = None,
    ) -> Reply:
        """Run ``query`` under the limits and return the negotiated reply.

        ``gone`` tells whether the client has hung up: its worker is then ended at once.
        """
        refused = self.check(query, dataset)
        if refused:
            return refused
        args = (self.factory, query, accept, self.limits, dataset, self.allow_services)
        return self._limited(_run_in_child, args, gone)

    def page_reply(
        self, path: str, params: dict[str, list[str]], gone: Callable[[], bool] | None = None
    ) -> Reply | None:
        """Return the page at ``path`` (None if there is none); pages that read the store run in a worker."""
        if self.page is None:
            return None
        if path in STATIC_PAGES:
            return self.page(path, params)
        return self._limited(_page_in_child, (self.page, path, params, self.limits), gone)

    def _limited(self, target: Callable[..., None], args: tuple[Any, ...], gone: Callable[[], bool] | None) -> Reply:
        if self._slots is None:
            self._slots = threading.BoundedSemaphore(self.limits.max_workers)
        deadline = time.monotonic() + self.limits.timeout  # one deadline for waiting for a slot and for running
        if not self._slots.acquire(timeout=self.limits.timeout):
            return Reply.text(503, f"{self.limits.max_workers} queries are running (--max-workers): try again")
        try:
            return self._in_worker(target, args, gone or (lambda: False), deadline)
        finally:
            self._slots.release()

    def _in_worker(
        self, target: Callable[..., None], args: tuple[Any, ...], gone: Callable[[], bool], deadline: float
    ) -> Reply:
        """Run ``target(conn, *args)`` in a forked worker under the deadline; return the reply it sends."""
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        worker = context.Process(target=target, args=(sender, *args), daemon=True)
        worker.start()
        sender.close()
        try:
            while not receiver.poll(min(0.25, max(deadline - time.monotonic(), 0))):
                if time.monotonic() >= deadline:
                    return Reply.text(
                        503, f"query exceeded the time limit of {self.limits.timeout:g} s (--timeout) and was stopped"
                    )
                if gone():
                    return Reply.text(499, "the client closed the connection: its query was stopped")
            reply: Reply = receiver.recv()
            return reply
        except EOFError:
            worker.join(5)
            if worker.exitcode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL):
                return Reply.text(
                    503,
                    f"the query worker ended (signal {-(worker.exitcode or 0)}): the query needed more than its "
                    f"{self.limits.worker_memory_mb} MB (--worker-memory), or it is too large to evaluate",
                )
            return Reply.text(500, "query worker ended without an answer")
        finally:
            receiver.close()
            if worker.is_alive():
                worker.kill()
            worker.join(5)
