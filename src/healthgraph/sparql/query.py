"""Query: run stored or ad-hoc SPARQL on rdflib, Oxigraph or a remote endpoint -> the same rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import Literal, URIRef
from rdflib.term import Node

from healthgraph.errors import QueryError
from healthgraph.namespaces import PREFIXES

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Backend",
    "Param",
    "Result",
    "StoredQuery",
    "bind_values",
    "load_queries",
    "prefixed",
    "run_query",
]

HEADER_RE = re.compile(r"^#\s*(\w+):\s*(.*)$")
PARAM_RE = re.compile(r"^(\w+)\s*\((\w+)(?::\s*(.*))?\)$")
SAFE_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+$")


@dataclass(frozen=True)
class Param:
    """A parameter of a stored query: its variable name, kind (entity, date, text) and meaning."""

    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class StoredQuery:
    """A competency query read from ``queries/``, with its header."""

    name: str
    path: Path
    title: str
    question_fr: str
    question_en: str
    params: tuple[Param, ...]
    body: str


@dataclass
class Result:
    """Rows of a SELECT (or the answer of an ASK) as rdflib terms, whatever the backend."""

    variables: list[str]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    notes: list[str] = field(default_factory=list)  # what a reader should know: names resolved, lineage asked

    def python_rows(self) -> list[tuple[Any, ...]]:
        """Return rows as Python values (numbers as Decimal/int, IRIs and strings as str)."""
        return [
            tuple(None if v is None else (v.toPython() if isinstance(v, Literal) else str(v)) for v in row)
            for row in self.rows
        ]

    def to_dataframe(self) -> pd.DataFrame:
        """Return the rows as a pandas DataFrame of Python values."""
        import pandas as pd

        return pd.DataFrame(self.python_rows(), columns=self.variables)


class Backend(Protocol):
    """Anything that can answer a SPARQL query string."""

    def query(self, text: str, bindings: dict[str, Node] | None = None) -> Result:
        """Run ``text`` (already prefixed) with ``bindings`` pre-bound, and return its result."""
        ...


def prefixed(text: str) -> str:
    """Prepend PREFIX declarations for the project's prefixes the query does not declare."""
    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+([\w-]*):", text)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join([*lines, text])


def _term_n3(term: Node) -> str:
    if isinstance(term, URIRef):
        if not SAFE_IRI.match(str(term)):
            raise QueryError(f"refusing to bind an IRI that is not a plain http(s) IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise QueryError(f"cannot bind {term!r}")


def bind_values(text: str, bindings: dict[str, Node]) -> str:
    r"""Insert a ``VALUES`` block built from RDF terms at the start of the first WHERE group.

    Used for Oxigraph and remote endpoints; rdflib takes the same terms as initBindings. The values are
    serialised from rdflib terms (IRIs checked, literals escaped), never pasted as text, so a parameter
    cannot change the shape of the query.

    >>> print(bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": Literal('a" } DROP ALL #')}))
    SELECT ?x WHERE { VALUES (?x) { ("a\" } DROP ALL #") }  ?x ?p ?o }
    """
    if not bindings:
        return text
    match = re.search(r"(?i)\bWHERE\s*\{", text)
    if not match:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(_term_n3(term) for term in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    return text[: match.end()] + block + text[match.end() :]


def _parse_params(text: str, path: Path) -> tuple[Param, ...]:
    if text.strip() in ("", "none"):
        return ()
    params = []
    for part in text.split(";"):
        match = PARAM_RE.match(part.strip())
        if not match:
            raise QueryError(f"{path}: malformed params header {part!r}: write 'name (kind: meaning)'")
        params.append(Param(match.group(1), match.group(2), match.group(3) or ""))
    return tuple(params)


def load_queries(folder: Path) -> dict[str, StoredQuery]:
    """Read every ``*.rq`` file of ``folder`` with its header (title, questions, params)."""
    queries = {}
    for path in sorted(folder.glob("*.rq")):
        header: dict[str, str] = {}
        body_lines: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            match = HEADER_RE.match(line)
            if match and not body_lines:
                header[match.group(1)] = match.group(2).strip()
            else:
                body_lines.append(line)
        missing = {"title", "question_fr", "question_en", "params"} - set(header)
        if missing:
            raise QueryError(f"{path}: header lacks {', '.join(sorted(missing))}")
        queries[path.stem] = StoredQuery(
            path.stem,
            path,
            header["title"],
            header["question_fr"],
            header["question_en"],
            _parse_params(header["params"], path),
            "\n".join(body_lines).strip() + "\n",
        )
    return queries


def _literal_for(param: Param, value: str) -> Node:
    if param.kind == "date":
        from healthgraph.curation.records import parse_date
        from healthgraph.terms import date_literal

        try:
            return date_literal(parse_date(value))
        except ValueError as exc:
            raise QueryError(f"parameter {param.name}: {exc}") from None
    return Literal(value)


def run_query(
    backend: Backend,
    query: StoredQuery | str,
    params: dict[str, str] | None = None,
    resolve: Callable[[str], URIRef] | None = None,
) -> Result:
    """Run a stored query (with its parameters) or an ad-hoc SPARQL string on ``backend``.

    Entity parameters accept an id (``medicen``), a name or acronym (``Medicen``), or an IRI;
    ``resolve(name) -> URIRef`` turns names into IRIs (see ``healthgraph.sparql.names``).
    """
    params = dict(params or {})
    if isinstance(query, str):
        return backend.query(prefixed(query))
    bindings: dict[str, Node] = {}
    known = {p.name: p for p in query.params}
    unknown = set(params) - set(known)
    if unknown:
        raise QueryError(
            f"{query.name}: unknown parameter(s) {', '.join(sorted(unknown))}; it takes: {', '.join(known) or 'none'}"
        )
    for name, param in known.items():
        if name not in params:
            raise QueryError(f"{query.name}: missing parameter {name} ({param.kind}: {param.description})")
        value = params[name]
        if param.kind == "entity":
            bindings[name] = URIRef(value) if SAFE_IRI.match(value) else (resolve(value) if resolve else URIRef(value))
        else:
            bindings[name] = _literal_for(param, value)
    return backend.query(prefixed(query.body), bindings)
