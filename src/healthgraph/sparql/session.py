"""Session: one backend plus the stored queries and the name index, as used by the CLI and notebooks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from healthgraph import settings
from healthgraph.errors import QueryError
from healthgraph.sparql.lineage import Lineage, lineage_of, with_lineage_column
from healthgraph.sparql.names import NameIndex
from healthgraph.sparql.query import Backend, Result, StoredQuery, load_queries, run_query

__all__ = ["Session", "open_session", "typed_frame"]

UNREVIEWED_QUERY = "SELECT (COUNT(DISTINCT ?fact) AS ?n) WHERE { ?fact hg:reviewStatus hg:Unreviewed }"

if TYPE_CHECKING:
    import pandas as pd

INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger, XSD.positiveInteger}
NUMBERS = INTEGERS | {XSD.decimal, XSD.double, XSD.float}
DATES = {XSD.date: "", XSD.gYearMonth: "-01", XSD.gYear: "-01-01", XSD.dateTime: ""}


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
                if note is None and not self.names.is_own_name(iri, asked_name):
                    note = f"'{asked_name}' is {self.names.name_of(iri)}"
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
        """Run a stored query and return a pandas DataFrame whose columns have the types of their RDF values.

        See ``typed_frame``: numbers are numbers, dates are ``datetime64`` and booleans are booleans.
        """
        return typed_frame(self.run(name, params=params))


def _kind(term: Node) -> str:
    """Name the column type an RDF term asks for: integer, number, date, boolean or text."""
    if not isinstance(term, Literal) or term.datatype is None:
        return "text"
    if term.datatype in INTEGERS:
        return "integer"
    if term.datatype in NUMBERS:
        return "number"
    if term.datatype in DATES:
        return "date"
    return "boolean" if term.datatype == XSD.boolean else "text"


def _date_text(term: Literal) -> str:
    """Return a date literal as an ISO date: a year as its 1 January, a year-month as its first day."""
    return str(term) + DATES.get(term.datatype, "") if isinstance(term.datatype, URIRef) else str(term)


def _column(values: list[Node | None]) -> pd.Series:
    """Return one result column as a pandas Series of the one type its values share (text when they differ)."""
    import pandas as pd

    kinds = {_kind(v) for v in values if v is not None}
    if kinds == {"integer"}:
        return pd.Series([None if v is None else int(str(v)) for v in values], dtype="Int64")
    if kinds and kinds <= {"integer", "number"}:
        return pd.Series([None if v is None else float(str(v)) for v in values], dtype="float64")
    if kinds == {"boolean"}:
        return pd.Series([None if v is None else str(v) in ("true", "1") for v in values], dtype="boolean")
    if kinds == {"date"}:
        texts = [_date_text(v) if isinstance(v, Literal) else None for v in values]
        try:
            return pd.Series(pd.to_datetime(pd.Series(texts, dtype="object"), format="ISO8601"))
        except (ValueError, TypeError, OverflowError):
            pass  # a date pandas cannot hold (a year before 1678, a time zone mix): kept as its text
    return pd.Series([None if v is None else str(v) for v in values])


def typed_frame(result: Result) -> pd.DataFrame:
    """Return the rows of ``result`` as a pandas DataFrame, each column typed by the RDF values it holds.

    - ``xsd:integer`` (and its subtypes) become ``Int64`` (nullable integers); with ``xsd:decimal``,
      ``xsd:double`` or ``xsd:float`` in the column, ``float64``;
    - ``xsd:date`` and ``xsd:dateTime`` become ``datetime64``; an ``xsd:gYear`` (``2018``) becomes 1 January of
      that year and an ``xsd:gYearMonth`` (``2018-05``) the first day of that month: the precision the source
      gave is in ``hg:datePrecision``, which a query can select next to the date;
    - ``xsd:boolean`` becomes ``boolean``;
    - IRIs, strings and language-tagged labels become ``str``; a column that mixes kinds keeps every value as
      its text. Unbound cells are missing values (``<NA>``, ``NaN`` or ``NaT``).
    """
    import pandas as pd

    columns = {name: _column([row[i] for row in result.rows]) for i, name in enumerate(result.variables)}
    return pd.DataFrame(columns, columns=result.variables)


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
