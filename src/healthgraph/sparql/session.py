"""Session: one backend plus the stored queries and the name index, as used by the CLI and notebooks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from healthgraph import settings
from healthgraph.errors import QueryError
from healthgraph.sparql.names import NameIndex
from healthgraph.sparql.query import Backend, Result, StoredQuery, load_queries, run_query

__all__ = ["Session", "open_session"]

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Session:
    """A backend with the stored queries; resolves entity names lazily."""

    backend: Backend
    queries: dict[str, StoredQuery]
    _names: NameIndex | None = field(default=None, repr=False)

    @property
    def names(self) -> NameIndex:
        """Return the name index of the backend's graph (built on first use)."""
        if self._names is None:
            self._names = NameIndex.from_backend(self.backend)
        return self._names

    def stored(self, name: str) -> StoredQuery:
        """Return a stored query by name (``cq01_health_poles`` or its prefix ``cq01``) or a ``.rq`` path."""
        if name.endswith(".rq") and Path(name).is_file():
            return next(iter(load_queries_from_file(Path(name)).values()))
        matches = [q for key, q in self.queries.items() if key == name or key.split("_", 1)[0] == name]
        if len(matches) != 1:
            raise QueryError(f"unknown query '{name}': see 'healthgraph queries'")
        return matches[0]

    def run(self, name: str | None = None, sparql: str | None = None, params: dict[str, str] | None = None) -> Result:
        """Run a stored query by name with ``params``, or the ad-hoc ``sparql``."""
        if sparql:
            return run_query(self.backend, sparql)
        if not name:
            raise QueryError("give a stored query name, a .rq file or --sparql")
        return run_query(self.backend, self.stored(name), params, self.names.resolve)

    def frame(self, name: str, **params: str) -> pd.DataFrame:
        """Run a stored query and return a pandas DataFrame (for notebooks)."""
        return self.run(name, params=params).to_dataframe()


def load_queries_from_file(path: Path) -> dict[str, StoredQuery]:
    """Read one ``.rq`` file with its header."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(path, folder)
        return load_queries(Path(folder))


def open_session(spec: str = "memory", timeout: float = 30.0) -> Session:
    """Open a session on ``memory`` (built from the curated data), ``oxigraph:PATH`` or an endpoint URL."""
    from healthgraph.pipeline import build_graph
    from healthgraph.sparql.backends import open_backend

    backend = open_backend(spec, lambda: build_graph().union(), timeout)
    return Session(backend, load_queries(settings.queries_dir()))
