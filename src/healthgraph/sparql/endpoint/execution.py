"""Execution: each query in a pooled worker process with no network, killed at the deadline, its result serialised."""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from healthgraph.namespaces import PREFIXES
from healthgraph.sparql.endpoint.pool import ClientGoneError, DeadlineError, Handler, WorkerEndedError, WorkerPool
from healthgraph.sparql.endpoint.replies import Reply
from healthgraph.sparql.endpoint.screening import MAX_QUERY_CHARS, ScreeningError, screen, services_in_algebra
from healthgraph.sparql.endpoint.writers import graph_reply, solutions_reply
from healthgraph.sparql.query import SAFE_IRI
from healthgraph.sparql.results import GRAPH_TYPES, SOLUTION_TYPES, UnrepresentableError, negotiate

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


def _screen_services(query: str, allowed: tuple[str, ...], base: str | None) -> Reply | None:
    """In a worker that has the network (SERVICE allowed, or no namespace to be had): decide from the algebra."""
    try:
        return _refused_services(services_in_algebra(query, _prefix_map(), base), allowed)
    except ScreeningError as exc:
        return Reply.text(403, f"{exc}; SERVICE calls are only run for queries that can be screened")


@dataclass(frozen=True)
class Limits:
    """What one query may take: time, rows, result bytes, worker memory; how many run at once; workers kept warm."""

    timeout: float = 30.0
    max_rows: int = 100_000
    max_bytes: int = 64 * 1024 * 1024
    worker_memory_mb: int = 1024
    max_workers: int = max(2, (os.cpu_count() or 1) * 2)
    warm_workers: int = os.cpu_count() or 1


def _start_worker() -> None:
    """Make this forked process a worker: default signal handling."""
    # the worker inherits the server's Python signal handlers, which cannot run while Oxigraph computes:
    # restore the defaults so that terminate() and Ctrl-C end it at once
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _address_space() -> int:
    """Return this process's address space, in bytes."""
    return int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()


def _limit_memory(megabytes: int) -> None:
    """Cap this worker's address space at what it has now plus ``megabytes``: a job beyond it fails here.

    Only the soft limit is set, so that the next job's limit can start again from what the worker holds then.
    """
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def _serialise(result: Any, accept: str | None, limits: Limits) -> Reply:
    if isinstance(result, ox.QueryTriples):
        media = negotiate(accept, GRAPH_TYPES)
        if media is None:
            return Reply.text(406, f"not acceptable: a graph result is available as {', '.join(GRAPH_TYPES)}")
        return graph_reply(result, GRAPH_TYPES[media], media, limits.max_rows, limits.max_bytes)
    media = negotiate(accept, SOLUTION_TYPES)
    if media is None:
        return Reply.text(406, f"not acceptable: results are available as {', '.join(SOLUTION_TYPES)}")
    return solutions_reply(result, SOLUTION_TYPES[media], media, limits.max_rows, limits.max_bytes)


@dataclass(frozen=True)
class DatasetSpec:
    """The protocol's dataset: default-graph-uri and named-graph-uri values (graphs of the store only)."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    base: str | None = None  # the endpoint's own URL, against which relative IRIs resolve


@dataclass(frozen=True)
class QueryJob:
    """A query for a worker: its text, the client's Accept header and the protocol's dataset."""

    query: str
    accept: str | None
    dataset: DatasetSpec


@dataclass(frozen=True)
class PageJob:
    """A page that reads the store, for a worker: its path and query parameters."""

    path: str
    params: dict[str, list[str]]


def _failure(exc: Exception, what: str) -> Reply:
    reply = Reply.text(500, f"{what} failed: {type(exc).__name__}")
    reply.fault = traceback.format_exc()
    return reply


@dataclass
class _Worker:
    """What a worker process holds between jobs: its store, whether it has a network, its starting size."""

    endpoint: Endpoint
    store: ox.Store
    isolated: bool
    size: int

    def handle(self, job: QueryJob | PageJob) -> tuple[Reply, bool]:
        """Answer one job under the memory limit; say whether this worker may take another."""
        limits = self.endpoint.limits
        _limit_memory(limits.worker_memory_mb)
        try:
            reply = self._query(job) if isinstance(job, QueryJob) else self._page(job)
        except MemoryError:
            return Reply.text(503, f"the job needed more than the worker's {limits.worker_memory_mb} MB"), False
        # a worker that kept much of what a job allocated, or met a fault, makes way for a fresh one
        grown = _address_space() - self.size > limits.worker_memory_mb * 1024 * 1024 // 4
        return reply, not (grown or reply.status >= 500 or (not self.isolated and isinstance(job, PageJob)))

    def _query(self, job: QueryJob) -> Reply:
        allowed, dataset = self.endpoint.allow_services, job.dataset
        try:
            refused = None if self.isolated else _screen_services(job.query, allowed, dataset.base)
            if refused is not None:
                return refused
            options: dict[str, Any] = {"prefixes": _prefix_map(), "base_iri": dataset.base}
            if dataset.default or dataset.named:
                options["default_graph"] = [ox.NamedNode(iri) for iri in dataset.default] or ox.DefaultGraph()
                options["named_graphs"] = [ox.NamedNode(iri) for iri in dataset.named] if dataset.named else None
            else:
                options["use_default_graph_as_union"] = True
            return _serialise(self.store.query(job.query, **options), job.accept, self.endpoint.limits)
        except MemoryError:
            limit = self.endpoint.limits.worker_memory_mb
            return Reply.text(503, f"query needed more than the worker's {limit} MB (--worker-memory)")
        except SyntaxError as exc:
            return Reply.text(400, f"malformed query: {exc}")
        except UnrepresentableError as exc:
            return Reply.text(406, str(exc))
        except OSError as exc:
            if self.isolated and _network_failure(exc):  # the engine tried a SERVICE call, and there is no network
                return NO_NETWORK
            return _failure(exc, "query")
        except Exception as exc:
            return _failure(exc, "query")

    def _page(self, job: PageJob) -> Reply:
        """Render one page that reads the store (never with a network: cut here if the worker still has one)."""
        assert self.endpoint.page is not None
        if not self.isolated:
            cut_network()
        try:
            return self.endpoint.page(job.path, job.params) or Reply.text(404, f"no page at {job.path}")
        except MemoryError:
            return Reply.text(503, f"the page needed more than the worker's {self.endpoint.limits.worker_memory_mb} MB")
        except Exception as exc:
            return _failure(exc, "page")


@dataclass
class Endpoint:
    """Answers SPARQL queries from a store factory, each in a pooled worker process held to the :class:`Limits`."""

    factory: StoreFactory
    limits: Limits = field(default_factory=Limits)
    allow_services: tuple[str, ...] = ()
    page: Callable[[str, dict[str, list[str]]], Reply | None] | None = None
    _graphs: set[str] | None = field(default=None, repr=False)
    _slots: threading.BoundedSemaphore | None = field(default=None, repr=False)
    _pool: WorkerPool | None = field(default=None, repr=False)

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

    def _prepare(self) -> Handler:
        """In a new worker: default signals, no network unless SERVICE is allowed, the store; its job handler."""
        _start_worker()
        isolated = not self.allow_services and cut_network()
        worker = _Worker(self, self.factory(), isolated, _address_space())
        return worker.handle

    def start(self) -> None:
        """Start the warm workers (the server calls it once, after :meth:`graphs`, before serving)."""
        if self._pool is None:
            self._pool = WorkerPool(self._prepare, self.limits.warm_workers)
        self._pool.start()

    def close(self) -> None:
        """Stop the workers."""
        if self._pool is not None:
            self._pool.close()

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
        return self._limited(QueryJob(query, accept, dataset), gone)

    def page_reply(
        self, path: str, params: dict[str, list[str]], gone: Callable[[], bool] | None = None
    ) -> Reply | None:
        """Return the page at ``path`` (None if there is none); pages that read the store run in a worker."""
        if self.page is None:
            return None
        if path in STATIC_PAGES:
            return self.page(path, params)
        return self._limited(PageJob(path, params), gone)

    def _limited(self, job: QueryJob | PageJob, gone: Callable[[], bool] | None) -> Reply:
        if self._slots is None:
            self._slots = threading.BoundedSemaphore(self.limits.max_workers)
        deadline = time.monotonic() + self.limits.timeout  # one deadline for waiting for a slot and for running
        if not self._slots.acquire(timeout=self.limits.timeout):
            return Reply.text(503, f"{self.limits.max_workers} queries are running (--max-workers): try again")
        try:
            return self._in_worker(job, gone or (lambda: False), deadline)
        finally:
            self._slots.release()

    def _in_worker(self, job: QueryJob | PageJob, gone: Callable[[], bool], deadline: float) -> Reply:
        """Run ``job`` in a pooled worker under the deadline; return the reply it sends."""
        if self._pool is None:
            self.start()
        assert self._pool is not None
        try:
            reply: Reply = self._pool.run(job, deadline, gone)
            return reply
        except DeadlineError:
            return Reply.text(
                503, f"query exceeded the time limit of {self.limits.timeout:g} s (--timeout) and was stopped"
            )
        except ClientGoneError:
            return Reply.text(499, "the client closed the connection: its query was stopped")
        except WorkerEndedError as ended:
            if ended.exitcode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL):
                return Reply.text(
                    503,
                    f"the query worker ended (signal {-(ended.exitcode or 0)}): the query needed more than its "
                    f"{self.limits.worker_memory_mb} MB (--worker-memory), or it is too large to evaluate",
                )
            return Reply.text(500, "query worker ended without an answer")
