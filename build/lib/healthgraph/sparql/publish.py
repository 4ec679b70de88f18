"""Publish: load the graph into an existing triple store, replacing only the named graph it owns."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from rdflib import Graph, URIRef

from healthgraph.errors import QueryError, RemoteError
from healthgraph.sparql.backends import USER_AGENT
from healthgraph.sparql.query import SAFE_IRI

__all__ = ["DEFAULT_GRAPH", "publish_graph"]

DEFAULT_GRAPH = "https://w3id.org/healthgraph/graph/published"


def _request(url: str, data: bytes, method: str, content_type: str) -> urllib.request.Request:
    # every URL reaching here was checked against SAFE_IRI: http(s) only, no file: or custom schemes
    return urllib.request.Request(url, data=data, method=method, headers={"Content-Type": content_type})  # noqa: S310


def _send(request: urllib.request.Request, timeout: float) -> None:
    request.add_header("User-Agent", USER_AGENT)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked by caller
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", errors="replace").strip()[:300]
        raise RemoteError(f"{request.full_url} answered {exc.code}: {detail}") from None
    except OSError as exc:
        raise RemoteError(f"cannot reach {request.full_url}: {exc}") from None


def _by_graph_store(ntriples: bytes, gsp: str, graph: str, timeout: float) -> None:
    url = f"{gsp}{'&' if '?' in gsp else '?'}{urllib.parse.urlencode({'graph': graph})}"
    _send(_request(url, ntriples, "PUT", "application/n-triples"), timeout)


def _by_update(lines: list[str], update: str, graph: str, timeout: float, batch: int) -> None:
    statements = [f"DROP SILENT GRAPH <{graph}>"]
    statements += [
        f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines[i : i + batch]) + "\n} }"
        for i in range(0, len(lines), batch)
    ]
    for statement in statements:
        body = urllib.parse.urlencode({"update": statement}).encode()
        _send(_request(update, body, "POST", "application/x-www-form-urlencoded"), timeout)


def publish_graph(
    graph: Graph,
    update: str | None = None,
    gsp: str | None = None,
    target: str = DEFAULT_GRAPH,
    timeout: float = 120.0,
    batch: int = 2000,
) -> int:
    """Replace the named graph ``target`` of a remote store by ``graph``; return the number of triples sent.

    With ``gsp`` (a SPARQL 1.1 Graph Store Protocol URL) the graph is replaced in one HTTP PUT; otherwise
    ``update`` (a SPARQL 1.1 Update URL) receives ``DROP SILENT GRAPH`` then ``INSERT DATA`` in batches.
    Other graphs of the store are never touched.
    """
    for url in (update, gsp, target):
        if url is not None and not SAFE_IRI.match(url):
            raise QueryError(f"not an http(s) URL or IRI: {url!r}")
    if not (update or gsp):
        raise QueryError("give --update URL (SPARQL Update) or --gsp URL (Graph Store Protocol)")
    URIRef(target)
    ntriples = graph.serialize(format="nt", encoding="utf-8")
    lines = [line for line in ntriples.decode("utf-8").splitlines() if line.strip()]
    if gsp:
        _by_graph_store(ntriples, gsp, target, timeout)
    else:
        assert update is not None
        _by_update(lines, update, target, timeout, batch)
    return len(lines)
