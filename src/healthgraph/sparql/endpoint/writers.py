"""Writers: query results serialised by pyoxigraph's own writers, held to the row and byte limits.

No term is converted to rdflib: the engine writes SPARQL JSON, XML, CSV, TSV, Turtle, N-Triples, JSON-LD and
RDF/XML itself, into an output that stops it once the result passes ``max_bytes``. Rows are counted in what it
wrote, from the structure of each format (a string in the output can never hold what separates two rows).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from healthgraph.namespaces import PREFIXES
from healthgraph.sparql.endpoint.replies import Reply
from healthgraph.sparql.results import UnrepresentableError

__all__ = ["count_rows", "graph_reply", "more_rows_than", "solutions_reply"]

SOLUTION_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
CSV_QUOTED = re.compile(rb'"[^"]*(?:""[^"]*)*"')
XML_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


class _TooLargeError(Exception):
    """The result passed the byte limit: the writer is stopped."""


class _TooManyError(Exception):
    """The graph result passed the row limit: the writer is stopped."""


class _Capped(io.BytesIO):
    """A binary output that keeps what a writer writes and stops it past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: Any, /) -> int:
        """Keep ``data``, or raise once the output would pass the limit."""
        if self.tell() + memoryview(data).nbytes > self.limit:
            raise _TooLargeError
        return super().write(data)


def count_rows(body: bytes, fmt: str) -> int:
    r"""Return the number of rows in a SELECT result written by Oxigraph as ``fmt``, strings skipped.

    >>> count_rows(b'{"results":{"bindings":[{},{"x":{"type":"literal","value":",{}"}}]}}', "json")
    2
    >>> count_rows(b'x\r\n"a\r\nb"\r\n', "csv")
    1
    """
    if fmt == "xml":  # a < in a value is written &lt;
        return body.count(b"<result>") + body.count(b"<result/>")
    if fmt == "tsv":  # a newline in a value is escaped, never written as it is
        return body.count(b"\n") - 1
    if fmt == "csv":
        return CSV_QUOTED.sub(b"", body).count(b"\r\n") - 1
    if b'"bindings":[]' in body:  # a raw quote never occurs inside a JSON string: this is the empty array
        return 0
    return JSON_STRING.sub(b'""', body).count(b",{") + 1


def more_rows_than(body: bytes, fmt: str, limit: int) -> bool:
    """Return whether a SELECT result written as ``fmt`` has more than ``limit`` rows.

    A quick count that can only overstate decides most results; strings are skipped only when it passes the
    limit (a row separator can occur inside a string in CSV and, as ``,{}``, in JSON, never in XML or TSV).
    """
    if fmt == "csv":
        quick = body.count(b"\r\n") - 1
    elif fmt == "json":
        quick = 0 if b'"bindings":[]' in body else body.count(b',{"') + body.count(b",{}") + 1
    else:
        return count_rows(body, fmt) > limit
    return quick > limit and count_rows(body, fmt) > limit


def _too_large(max_bytes: int) -> Reply:
    return Reply.text(400, f"result larger than {max_bytes:,} bytes (--max-result-mb): add a LIMIT")


def _check_xml(body: bytes) -> None:
    """Refuse characters XML 1.0 cannot carry (Oxigraph writes them as they are)."""
    found = XML_FORBIDDEN.search(body)
    if found:
        code = f"U+{ord(found.group(0).decode()):04X}"
        raise UnrepresentableError(f"a value holds {code}, which XML 1.0 cannot carry: ask for SPARQL JSON results")


def solutions_reply(result: Any, fmt: str, media: str, max_rows: int, max_bytes: int) -> Reply:
    """Return a SELECT or ASK ``result`` as ``fmt`` (json, xml, csv, tsv), within the row and byte limits."""
    output = _Capped(max_bytes)
    try:
        result.serialize(output, format=SOLUTION_FORMATS[fmt])
    except _TooLargeError:
        return _too_large(max_bytes)
    body = output.getvalue()
    if not isinstance(result, ox.QueryBoolean) and more_rows_than(body, fmt, max_rows):
        return Reply.text(400, f"result has more than {max_rows} rows (--max-rows): add a LIMIT")
    if fmt == "xml":
        _check_xml(body)
    return Reply(200, f"{media}; charset=utf-8", body)


def _counted(triples: ox.QueryTriples, max_rows: int) -> Iterator[ox.Triple]:
    for count, triple in enumerate(triples, start=1):
        if count > max_rows:
            raise _TooManyError
        yield triple


def graph_reply(result: ox.QueryTriples, fmt: str, media: str, max_rows: int, max_bytes: int) -> Reply:
    """Return a CONSTRUCT or DESCRIBE ``result`` as ``fmt`` (turtle, nt, json-ld, xml), within the limits."""
    output = _Capped(max_bytes)
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    try:
        ox.serialize(_counted(result, max_rows), output, GRAPH_FORMATS[fmt], prefixes=prefixes)
    except _TooManyError:
        return Reply.text(400, f"result has more than {max_rows} triples (--max-rows): add a LIMIT")
    except _TooLargeError:
        return _too_large(max_bytes)
    body = output.getvalue()
    if fmt == "xml":
        _check_xml(body)
    return Reply(200, f"{media}; charset=utf-8", body)
