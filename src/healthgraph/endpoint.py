"""Endpoint: a read-only SPARQL 1.1 Protocol server with deadlines, row limits, CORS and a query page."""

from __future__ import annotations

import ctypes
import json
import multiprocessing
import re
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
from rdflib import Graph

from healthgraph.backends import from_oxigraph
from healthgraph.namespaces import PREFIXES, bind_prefixes
from healthgraph.query import SAFE_IRI, Result
from healthgraph.results import GRAPH_TYPES, SOLUTION_TYPES, negotiate, serialise_solutions
from healthgraph.screening import MAX_QUERY_CHARS, ScreeningError, screen, services_in_algebra

__all__ = ["DatasetSpec", "Endpoint", "Reply", "make_server", "memory_store", "serve"]

MAX_BODY = 1_000_000
HOST_RE = re.compile(
    r"(?:[A-Za-z0-9-]{1,63}\.)*[A-Za-z0-9-]{1,63}(?::[0-9]{1,5})?"  # a name or IPv4 address, a port
    r"|\[[0-9A-Fa-f:.]{2,45}\](?::[0-9]{1,5})?"  # a bracketed IPv6 address, a port
)
CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
StoreFactory = Callable[[], ox.Store]


@dataclass
class Reply:
    """An HTTP reply: status, content type and body."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, message: str) -> Reply:
        """Build a plain-text reply (errors never carry stack traces or paths)."""
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


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


def _confine(query: str, allowed: tuple[str, ...], base: str | None) -> Reply | None:
    """In the worker: cut the network off, or, where it must stay, decide SERVICE from the algebra."""
    if not allowed and cut_network():
        return None
    try:
        return _refused_services(services_in_algebra(query, _prefix_map(), base), allowed)
    except ScreeningError as exc:
        return Reply.text(403, f"{exc}; SERVICE calls are only run for queries that can be screened")


def _serialise(result: Any, accept: str | None, max_rows: int) -> Reply:
    if isinstance(result, ox.QueryTriples):
        media = negotiate(accept, GRAPH_TYPES)
        if media is None:
            return Reply.text(406, f"not acceptable: a graph result is available as {', '.join(GRAPH_TYPES)}")
        graph = bind_prefixes(Graph())
        for count, triple in enumerate(result, start=1):
            if count > max_rows:
                return Reply.text(400, f"result has more than {max_rows} triples (--max-rows): add a LIMIT")
            graph.add(
                (
                    from_oxigraph(triple.subject),
                    from_oxigraph(triple.predicate),  # type: ignore[arg-type]
                    from_oxigraph(triple.object),
                )
            )
        body = graph.serialize(format=GRAPH_TYPES[media], encoding="utf-8")
        return Reply(200, f"{media}; charset=utf-8", body)
    media = negotiate(accept, SOLUTION_TYPES)
    if media is None:
        return Reply.text(406, f"not acceptable: results are available as {', '.join(SOLUTION_TYPES)}")
    if isinstance(result, ox.QueryBoolean):
        solutions = Result([], [], bool(result))
    else:
        variables = [v.value for v in result.variables]
        rows = []
        for count, solution in enumerate(result, start=1):
            if count > max_rows:
                return Reply.text(400, f"result has more than {max_rows} rows (--max-rows): add a LIMIT")
            rows.append(tuple(from_oxigraph(solution[v]) for v in variables))
        solutions = Result(variables, rows)
    body = serialise_solutions(solutions, SOLUTION_TYPES[media]).encode()
    return Reply(200, f"{media}; charset=utf-8", body)


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
    max_rows: int,
    dataset: DatasetSpec,
    allowed: tuple[str, ...],
) -> None:
    # the worker inherits the server's Python signal handlers, which cannot run while Oxigraph computes:
    # restore the defaults so that terminate() and Ctrl-C end it at once
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        refused = _confine(query, allowed, dataset.base)
        if refused is not None:
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
        reply = _serialise(result, accept, max_rows)
    except SyntaxError as exc:
        reply = Reply.text(400, f"malformed query: {exc}")
    except Exception as exc:
        reply = Reply.text(500, f"query failed: {type(exc).__name__}")
    conn.send(reply)
    conn.close()


@dataclass
class Endpoint:
    """Answers SPARQL queries from a store factory, each in a worker process killed at the deadline."""

    factory: StoreFactory
    timeout: float = 30.0
    max_rows: int = 100_000
    allow_services: tuple[str, ...] = ()
    page: Callable[[str, dict[str, list[str]]], Reply | None] | None = None
    _graphs: set[str] | None = field(default=None, repr=False)

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
        """Return the names of the store's named graphs (computed once)."""
        if self._graphs is None:
            self._graphs = {g.value for g in self.factory().named_graphs() if isinstance(g, ox.NamedNode)}
        return self._graphs

    def answer(self, query: str, accept: str | None, dataset: DatasetSpec = DatasetSpec()) -> Reply:
        """Run ``query`` under the deadline and return the negotiated reply."""
        refused = self.check(query, dataset)
        if refused:
            return refused
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        worker = context.Process(
            target=_run_in_child,
            args=(sender, self.factory, query, accept, self.max_rows, dataset, self.allow_services),
            daemon=True,
        )
        worker.start()
        sender.close()
        try:
            if receiver.poll(self.timeout):
                reply: Reply = receiver.recv()
                return reply
            return Reply.text(503, f"query exceeded the time limit of {self.timeout:g} s (--timeout) and was stopped")
        except EOFError:
            return Reply.text(500, "query worker ended without an answer")
        finally:
            receiver.close()
            if worker.is_alive():
                worker.kill()
            worker.join(5)


def _service_description(base: str) -> str:
    formats = " ".join(
        f"<http://www.w3.org/ns/formats/{n}>"
        for n in (
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
            "JSON-LD",
        )
    )
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        f"<{base}> a sd:Service ; sd:endpoint <{base}> ;\n"
        "  sd:supportedLanguage sd:SPARQL11Query ;\n"
        f"  sd:resultFormat {', '.join(formats.split())} ;\n"
        "  sd:feature sd:UnionDefaultGraph .\n"
    )


class _Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint
    server_version = "healthgraph"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet; requests are not logged."""

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Vary", "Accept")
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def do_OPTIONS(self) -> None:
        """Answer CORS preflight requests."""
        self._send(
            Reply(
                204,
                "text/plain",
                b"",
                {
                    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                    "Access-Control-Allow-Headers": "Content-Type, Accept",
                    "Access-Control-Max-Age": "86400",
                },
            )
        )

    def do_GET(self) -> None:
        """Serve /sparql queries, the service description and the pages."""
        self._guarded(self._get)

    def do_HEAD(self) -> None:
        """Answer as GET would, without the body."""
        self._guarded(self._get)

    def do_POST(self) -> None:
        """Serve form-encoded and direct-body SPARQL queries; refuse updates."""
        self._guarded(self._post)

    def _guarded(self, handler: Callable[[], None]) -> None:
        try:
            handler()
        except Exception as exc:
            self._send(Reply.text(500, f"internal error ({type(exc).__name__})"))

    def _get(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path not in ("/sparql", "/sparql/"):
            page = self.endpoint.page(url.path, params) if self.endpoint.page else None
            self._send(page or Reply.text(404, f"no page at {url.path}"))
            return
        self._dispatch(params)

    def _post(self) -> None:
        url = urlsplit(self.path)
        if url.path not in ("/sparql", "/sparql/"):
            self._send(Reply.text(404, f"no page at {url.path}"))
            return
        length = self._body_length()
        if isinstance(length, Reply):
            self.close_connection = True
            self._send(length)
            return
        body = self.rfile.read(length)
        kind, _, parameters = (self.headers.get("Content-Type") or "").partition(";")
        kind = kind.strip().lower()
        charset = re.search(r"charset\s*=\s*\"?([\w-]+)", parameters, re.IGNORECASE)
        if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
            self._send(Reply.text(415, f"unsupported charset {charset.group(1)!r}: send UTF-8"))
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._send(Reply.text(400, "the request body is not valid UTF-8"))
            return
        params = parse_qs(url.query, keep_blank_values=True)
        if kind == "application/sparql-update":
            self._send(Reply.text(403, "this endpoint is read-only: SPARQL Update is refused"))
            return
        if kind == "application/sparql-query":
            if "query" in params:
                self._send(Reply.text(400, "query given both in the URL and in the body"))
                return
            params["query"] = [text]
        elif kind == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        else:
            self._send(
                Reply.text(
                    415,
                    f"unsupported content type '{kind}': use application/sparql-query "
                    "or application/x-www-form-urlencoded",
                )
            )
            return
        self._dispatch(params)

    def _host(self) -> str:
        """Return the request's Host if it is a plain host[:port], else the address the server listens on."""
        host = (self.headers.get("Host") or "").strip()
        if HOST_RE.fullmatch(host):
            return host
        address = self.server.server_address
        return f"{address[0]!s}:{address[1]!s}" if isinstance(address, tuple) else "localhost"

    def _body_length(self) -> int | Reply:
        """Return the declared body length, or the 4xx reply for a length that cannot be trusted.

        One Content-Length of plain digits is required; chunked or other transfer codings are refused.
        An oversized body is read (and discarded) up to the cap at most, so the client can read the 413.
        """
        if self.headers.get_all("Transfer-Encoding"):
            return Reply.text(411, "Transfer-Encoding is not accepted: send the body with one Content-Length")
        values = self.headers.get_all("Content-Length") or []
        if not values:
            return Reply.text(411, "a POST needs a Content-Length header")
        if len(values) > 1:
            return Reply.text(400, "more than one Content-Length header")
        if not re.fullmatch(r"[0-9]{1,12}", values[0].strip()):
            return Reply.text(400, f"bad Content-Length {values[0][:40]!r}: a number of bytes is required")
        length = int(values[0])
        if length > MAX_BODY:
            self._drain(MAX_BODY)
            return Reply.text(413, f"request body larger than {MAX_BODY} bytes")
        return length

    def _drain(self, limit: int) -> None:
        """Read and drop at most ``limit`` bytes of a refused body (a second without data ends it)."""
        self.connection.settimeout(1.0)
        remaining = limit
        try:
            while remaining > 0:
                chunk = self.rfile.read1(min(remaining, 65536))
                if not chunk:
                    break
                remaining -= len(chunk)
        except OSError:
            pass

    def _dispatch(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._send(Reply.text(403, "this endpoint is read-only: SPARQL Update is refused"))
            return
        base = f"http://{self._host()}/sparql"
        dataset = DatasetSpec(
            tuple(params.get("default-graph-uri", [])),
            tuple(params.get("named-graph-uri", [])),
            base if SAFE_IRI.match(base) else None,
        )
        queries = params.get("query", [])
        if len(queries) > 1:
            self._send(Reply.text(400, "more than one 'query' parameter"))
            return
        if not queries:
            if self.command in ("GET", "HEAD"):
                self._send(Reply(200, "text/turtle; charset=utf-8", _service_description(base).encode()))
            else:
                self._send(Reply.text(400, "missing 'query' parameter"))
            return
        self._send(self.endpoint.answer(queries[0], self.headers.get("Accept"), dataset))

    def _refuse_method(self) -> None:
        self._send(
            Reply(
                405,
                "text/plain; charset=utf-8",
                b"method not allowed: use GET or POST\n",
                {"Allow": "GET, POST, OPTIONS"},
            )
        )

    do_PUT = do_DELETE = do_PATCH = _refuse_method  # noqa: N815


class _Server(ThreadingHTTPServer):
    # the socketserver default backlog of 5 refuses connections under a burst of 16 clients
    request_queue_size = 128


def make_server(endpoint: Endpoint, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """Create (not start) the HTTP server for ``endpoint``."""
    handler = type("Handler", (_Handler,), {"endpoint": endpoint})
    server = _Server((host, port), handler)
    server.daemon_threads = True
    return server


def serve(endpoint: Endpoint, host: str, port: int, ready: Callable[[str], None] | None = None) -> None:
    """Serve until SIGTERM or SIGINT, then shut down cleanly."""
    server = make_server(endpoint, host, port)

    def stop(signum: int, frame: Any) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if ready:
        ready(f"http://{host}:{server.server_address[1]}/sparql")
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


def json_dumps_for_html(value: Any) -> str:
    """Dump JSON safe to embed in an HTML ``<script>`` element."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
