"""Session: one backend plus the stored queries and the name index, as used by the CLI and notebooks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from healthgraph import settings
from healthgraph.errors import QueryError
from healthgraph.sparql.lineage import Lineage, lineage_of, with_lineage_column
from healthgraph.sparql.names import NameIndex
from healthgraph.sparql.query import Backend, Result, StoredQuery, load_queries, run_query

__all__ = ["Session", "open_session"]

UNREVIEWED_QUERY = "SELECT (COUNT(DISTINCT ?fact) AS ?n) WHERE { ?fact hg:reviewStatus hg:Unreviewed }"

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Session:
    """A backend with the stored queries; resolves entity names lazily."""

    backend: Backend
    queries: dict[str, StoredQuery]
    _names: NameIndex | None = field(default=None, repr=False)
    _extracted: int | None = field(default=None, repr=False)

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

    def run(
        self,
        name: str | None = None,
        sparql: str | None = None,
        params: dict[str, str] | None = None,
        predecessors: bool = True,
    ) -> Result:
        """Run a stored query by name with ``params``, or the ad-hoc ``sparql``.

        An entity parameter that names a predecessor (a former name, a merged pôle) adds a note saying who
        succeeded it. With ``predecessors`` (the default), a query about an entity that has predecessors is also
        asked of each of them, and a first column ``PARAM_as`` names which one answered each row, under the
        name it had then.
        """
        if sparql:
            return run_query(self.backend, sparql)
        if not name:
            raise QueryError("give a stored query name, a .rq file or --sparql")
        stored = self.stored(name)
        params = dict(params or {})
        notes: list[str] = []
        lineages: dict[str, Lineage] = {}
        for param in stored.params:
            if param.kind == "entity" and param.name in params:
                asked_name = params[param.name]
                iri = self.names.resolve(asked_name)
                params[param.name] = str(iri)
                lineages[param.name] = lineage_of(self.backend, iri)
                note = lineages[param.name].notice(asked_name, self.names.name_of(iri))
                notes.extend([note] if note else [])
        result = run_query(self.backend, stored, params, self.names.resolve)
        asked = next(((k, v) for k, v in lineages.items() if v.predecessors), None) if predecessors else None
        if asked is not None:
            key, lineage = asked
            parts = [(self.names.name_of(lineage.iri), result)]
            for before in lineage.predecessors:
                parts.append((before.name, run_query(self.backend, stored, {**params, key: str(before.iri)})))
            result = with_lineage_column(f"{key}_as", parts)
            notes.append(f"{key}: also asked of its predecessors {', '.join(b.name for b in lineage.predecessors)}")
        result.notes.extend(notes)
        result.notes.extend(self._unreviewed())
        return result

    def _unreviewed(self) -> list[str]:
        """Say once per session whether the graph holds unreviewed candidates extracted from articles."""
        if self._extracted is None:
            count = run_query(self.backend, UNREVIEWED_QUERY).rows[0][0]
            self._extracted = int(str(count)) if count is not None else 0
        if not self._extracted:
            return []
        return [
            f"the graph includes {self._extracted} unreviewed facts extracted from articles (graph/extracted; "
            "hg:reviewStatus hg:Unreviewed): build without --with extracted for the curated graph only"
        ]

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
