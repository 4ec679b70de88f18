"""Backends: rdflib in memory, an on-disk Oxigraph store, or a remote SPARQL endpoint, one result shape."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.term import Node

from healthgraph import __version__
from healthgraph.errors import QueryError, RemoteError, StoreError
from healthgraph.sparql.query import Result, bind_values
from healthgraph.sparql.results import parse_json_results
from healthgraph.terms import from_oxigraph

__all__ = [
    "USER_AGENT",
    "OxigraphBackend",
    "RdflibBackend",
    "RemoteBackend",
    "load_oxigraph",
    "open_backend",
    "store_graph",
]

USER_AGENT = f"healthgraph/{__version__} (+https://w3id.org/healthgraph/)"


class RdflibBackend:
    """Queries an rdflib graph held in memory (small graphs; prepare stored queries once)."""

    def __init__(self, graph: Graph) -> None:
        """Wrap ``graph``."""
        self.graph = graph

    def query(self, text: str, bindings: dict[str, Node] | None = None) -> Result:
        """Run ``text`` with rdflib, ``bindings`` given as initBindings."""
        try:
            result = self.graph.query(text, initBindings=bindings or {})  # type: ignore[arg-type]
            if result.type == "ASK":
                return Result([], [], bool(result.askAnswer))
            if result.type != "SELECT":
                raise QueryError("only SELECT and ASK return rows; use CONSTRUCT through the endpoint")
            variables = [str(v) for v in (result.vars or [])]
            return Result(variables, [tuple(row) for row in result])  # type: ignore[arg-type]
        except QueryError:
            raise
        except Exception as exc:  # rdflib raises pyparsing and plain exceptions alike, some while iterating
            if "requiring a dataset" in str(exc):
                raise QueryError(
                    "query failed: GRAPH needs the named graphs, which the in-memory graph merges: run it on a "
                    "store (healthgraph build --store oxigraph:PATH, then query --store oxigraph:PATH)"
                ) from None
            raise QueryError(f"query failed: {exc}") from None


class OxigraphBackend:
    """Queries an on-disk Oxigraph store over the union of its named graphs."""

    def __init__(self, store: ox.Store) -> None:
        """Wrap an open pyoxigraph store."""
        self.store = store

    @classmethod
    def open(cls, path: Path, read_only: bool = True) -> OxigraphBackend:
        """Open the store at ``path``; fail clearly when it is missing, locked or corrupt."""
        if not path.name:
            raise StoreError("give the store's path: oxigraph:PATH")
        if not path.exists():
            raise StoreError(f"no Oxigraph store at {path}: run 'healthgraph build --store oxigraph:{path}' first")
        try:
            real = str(path.resolve())  # the version the link names now, opened whole even if a build switches it
            return cls(ox.Store.read_only(real) if read_only else ox.Store(real))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot open the Oxigraph store at {path}: {exc}") from None

    def query(self, text: str, bindings: dict[str, Node] | None = None) -> Result:
        """Run ``text`` with Oxigraph, ``bindings`` given as a VALUES block of RDF terms.

        (Oxigraph's own substitutions require the variable to be projected, which stored queries need not do.)
        """
        try:
            result = self.store.query(bind_values(text, bindings or {}), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"query failed: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return Result([], [], bool(result))
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only SELECT and ASK return rows; use CONSTRUCT through the endpoint")
        variables = [v.value for v in result.variables]
        rows = [tuple(from_oxigraph(solution[v]) for v in variables) for solution in result]
        return Result(variables, rows)


class RemoteBackend:
    """Queries a remote SPARQL 1.1 endpoint through SPARQLWrapper, with a timeout and a User-Agent."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        """Point at ``url``."""
        self.url, self.timeout = url, timeout

    def query(self, text: str, bindings: dict[str, Node] | None = None) -> Result:
        """Send ``text`` by POST (``bindings`` as a VALUES block) and read SPARQL JSON results."""
        text = bind_values(text, bindings or {})
        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        client = SPARQLWrapper(self.url, agent=USER_AGENT)
        client.setMethod(POST)
        client.setTimeout(int(self.timeout))
        client.setReturnFormat(JSON)
        client.setQuery(text)
        try:
            data = client.queryAndConvert()
        except SPARQLWrapperException as exc:
            raise QueryError(f"endpoint {self.url} refused the query: {str(exc).strip()[:500]}") from None
        except OSError as exc:
            raise RemoteError(f"cannot reach endpoint {self.url}: {exc}") from None
        if not isinstance(data, dict):
            raise RemoteError(f"endpoint {self.url} did not answer with SPARQL JSON results")
        return parse_json_results(data)


def load_oxigraph(dataset: Dataset, path: Path) -> int:
    """Load ``dataset`` as the new version of the Oxigraph store at ``path``; return the quad count.

    The store is built in a new folder beside ``path`` (``path.v<time>``) while a lock file keeps a second
    build out; ``path`` is then switched to it in one step (a symbolic link replaced by rename), so a reader
    opens the old store or the new one, never a half-loaded one, and a build killed midway changes nothing.
    The version before is kept for a server that still has it open; older ones are removed (restart a server that
    has stayed up through two builds).
    """
    from healthgraph.files import BusyError, locked

    path = path.absolute()
    _check_store_path(path)
    data = dataset.serialize(format="nquads", encoding="utf-8")
    try:
        with locked(path.with_name(f".{path.name}.lock"), path):
            return _load_version(data, path)
    except BusyError as exc:
        raise StoreError(str(exc)) from None


def _check_store_path(path: Path) -> None:
    """Refuse a store path that is the current directory, or a folder holding files that are not a store."""
    if Path.cwd().resolve().is_relative_to(path.resolve()) or not path.name:
        raise StoreError(f"the store path {path} is the current directory or holds it: give a folder of its own")
    if path.is_dir() and not path.is_symlink() and any(path.iterdir()) and not (path / "CURRENT").exists():
        raise StoreError(f"{path} holds files that are not an Oxigraph store: give an empty or new folder")


def _load_version(data: bytes, path: Path) -> int:
    version = path.with_name(f"{path.name}.v{time.time_ns()}")
    try:
        store = ox.Store(str(version))
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        store.flush()
        count = len(store)
        del store
    except OSError as exc:
        shutil.rmtree(version, ignore_errors=True)
        raise StoreError(f"cannot write the Oxigraph store at {version}: {exc}") from None
    previous = path.resolve() if path.is_symlink() else None
    if path.exists() and not path.is_symlink():  # a store from before versions: keep it as the previous one
        os.rename(path, path.with_name(f"{path.name}.v0"))
        previous = path.with_name(f"{path.name}.v0")
    link = path.with_name(f".{path.name}.link")
    link.unlink(missing_ok=True)
    link.symlink_to(version.name)
    os.replace(link, path)
    own = re.compile(re.escape(path.name) + r"\.v(?:0|[0-9]{16,})")  # its versions only, not a store named alike
    for old in path.parent.iterdir():
        if own.fullmatch(old.name) and not old.is_symlink() and old not in (version, previous):
            shutil.rmtree(old, ignore_errors=True)
    return count


def store_graph(path: Path) -> Graph:
    """Read every quad of the Oxigraph store at ``path`` into one rdflib graph (the union of its named graphs)."""
    store = OxigraphBackend.open(path).store
    if len(store) == 0:
        raise StoreError(f"the Oxigraph store at {path} is empty: run 'healthgraph build --store oxigraph:{path}'")
    graph = Graph()
    for quad in store:
        subject, predicate, value = (from_oxigraph(t) for t in (quad.subject, quad.predicate, quad.object))
        if subject is not None and predicate is not None and value is not None:
            graph.add((subject, predicate, value))
    return graph


def open_backend(
    spec: str, graph_factory: Callable[[], Graph] | None = None, timeout: float = 30.0
) -> RdflibBackend | OxigraphBackend | RemoteBackend:
    """Open a backend from ``memory``, ``oxigraph:PATH`` or an ``http(s)://`` endpoint URL."""
    if spec.startswith(("http://", "https://")):
        return RemoteBackend(spec, timeout)
    if spec.startswith("oxigraph:"):
        return OxigraphBackend.open(Path(spec.removeprefix("oxigraph:")))
    if spec == "memory":
        if graph_factory is None:
            raise QueryError("the memory store needs a graph to hold")
        return RdflibBackend(graph_factory())
    raise QueryError(f"unknown store '{spec}': use memory, oxigraph:PATH or an endpoint URL")
