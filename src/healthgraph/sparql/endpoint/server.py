"""Server: the HTTP side of the read-only SPARQL 1.1 Protocol endpoint (requests, limits, CORS, pages)."""

from __future__ import annotations

import contextlib
import hashlib
import re
import resource
import select
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from healthgraph.sparql.endpoint.execution import DatasetSpec, Endpoint
from healthgraph.sparql.endpoint.logs import log_fault, log_request
from healthgraph.sparql.endpoint.replies import Reply
from healthgraph.sparql.query import SAFE_IRI

__all__ = ["MAX_BODY", "connection_cap", "make_server", "serve"]

MAX_BODY = 1_000_000
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
    b"Retry-After: 1\r\nContent-Length: 46\r\n\r\ntoo many open connections (--max-connections)\n"
)
HOST_RE = re.compile(
    r"(?:[A-Za-z0-9-]{1,63}\.)*[A-Za-z0-9-]{1,63}(?::[0-9]{1,5})?"  # a name or IPv4 address, a port
    r"|\[[0-9A-Fa-f:.]{2,45}\](?::[0-9]{1,5})?"  # a bracketed IPv6 address, a port
)


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
    protocol_version = "HTTP/1.1"  # keep-alive, and pipelined requests answered in order
    disable_nagle_algorithm = True  # headers and body are two writes: the body's last segment leaves at once

    def log_message(self, format: str, *args: Any) -> None:
        """Leave http.server's own lines out: requests and faults are logged as JSON lines (``logs``)."""

    def _send(self, reply: Reply) -> None:
        if reply.fault:
            log_fault("worker fault", reply.fault, path=urlsplit(self.path).path)
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
        started = getattr(self, "_started", None)
        log_request(
            method=self.command,
            path=urlsplit(self.path).path,
            status=reply.status,
            ms=round((time.perf_counter() - started) * 1000, 1) if started else None,
            query=getattr(self, "_query_hash", None),
            bytes=len(reply.body),
        )

    def do_OPTIONS(self) -> None:
        """Answer CORS preflight requests."""
        self._guarded(self._options)

    def _options(self) -> None:
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
        """Run a request's handler: a fault is logged and answered 500, a body left unread closes the connection."""
        self._started = time.perf_counter()
        self._query_hash: str | None = None
        self._body_read = False
        try:
            handler()
        except ConnectionError:
            self.close_connection = True  # the client went away: nobody to answer
        except Exception as exc:
            log_fault("server fault", path=urlsplit(self.path).path)
            with contextlib.suppress(ConnectionError):
                self._send(Reply.text(500, f"internal error ({type(exc).__name__})"))
        finally:
            declared = self.headers.get("Content-Length", "0").strip() not in ("", "0")
            if not self._body_read and (declared or self.headers.get("Transfer-Encoding")):
                # a body this request did not read must never be parsed as the next request
                self.close_connection = True

    def _get(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path not in ("/sparql", "/sparql/"):
            # pages negotiate on these headers (profiles: RDF or HTML, language); a client's own ?_accept= is replaced
            params["_accept"] = [self.headers.get("Accept") or ""]
            params["_accept_language"] = [self.headers.get("Accept-Language") or ""]
            page = self.endpoint.page_reply(url.path, params, self._client_gone)
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
        self._body_read = True
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
        self._query_hash = hashlib.sha256(queries[0].encode()).hexdigest()[:16]
        self._send(self.endpoint.answer(queries[0], self.headers.get("Accept"), dataset, self._client_gone))

    def _client_gone(self) -> bool:
        """Return whether the client has closed its side of the connection (it will read no answer)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def _refuse_method(self) -> None:
        self._guarded(self._method_not_allowed)

    def _method_not_allowed(self) -> None:
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
    daemon_threads = True
    max_connections = 256

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._open = 0
        self._lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection in a thread, or answer 503 at once when ``max_connections`` are open."""
        with self._lock:
            full = self._open >= self.max_connections
            if not full:
                self._open += 1
        if full:
            with contextlib.suppress(OSError):
                request.sendall(BUSY)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log a fault that escaped a connection as a JSON line (a client that hung up is not one)."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        log_fault("connection fault", client=str(client_address[0]) if client_address else "")

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        """Serve one connection and free its place."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._open -= 1


def connection_cap(requested: int | None = None) -> int:
    """Return how many connections may be open at once: ``requested``, kept below the descriptor limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = max(8, soft - 64) if soft != resource.RLIM_INFINITY else 4096
    return min(requested or 256, ceiling)


def make_server(
    endpoint: Endpoint,
    host: str = "127.0.0.1",
    port: int = 8000,
    idle_timeout: float = 15.0,
    max_connections: int | None = None,
) -> ThreadingHTTPServer:
    """Create (not start) the HTTP server for ``endpoint``.

    A connection that sends nothing for ``idle_timeout`` seconds is closed; at most ``max_connections``
    are open at once (kept below the process's descriptor limit), others get 503 at once.
    """
    endpoint.graphs()  # read the store once now, before any worker is forked
    endpoint.start()  # fork the warm workers before the server's threads exist
    handler = type("Handler", (_Handler,), {"endpoint": endpoint, "timeout": idle_timeout})
    server = _Server((host, port), handler)
    server.max_connections = connection_cap(max_connections)
    return server


def serve(
    endpoint: Endpoint,
    host: str,
    port: int,
    ready: Callable[[str], None] | None = None,
    idle_timeout: float = 15.0,
    max_connections: int | None = None,
) -> None:
    """Serve until SIGTERM or SIGINT, then shut down cleanly."""
    server = make_server(endpoint, host, port, idle_timeout, max_connections)

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
        endpoint.close()
