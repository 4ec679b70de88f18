"""Output: render query results as a table, CSV, TSV or SPARQL JSON."""

from __future__ import annotations

import csv
import io

from rdflib import URIRef

from healthgraph.cells import for_spreadsheet, for_terminal
from healthgraph.errors import QueryError
from healthgraph.sparql.query import Result
from healthgraph.sparql.results import results_json

__all__ = ["display_cell", "format_result"]

SHORT = {"https://w3id.org/healthgraph/id/": "hgid:"}


def display_cell(value: object, short: bool) -> str:
    r"""Return a result cell as people read it: IRIs shortened (``short``), control characters shown as ``\xNN``."""
    if value is None:
        return ""
    text = str(value)
    if short and isinstance(value, URIRef):
        for long, prefix in SHORT.items():
            if text.startswith(long):
                text = prefix + text[len(long) :]
    return for_terminal(text)


def format_result(result: Result, fmt: str) -> str:
    """Render ``result`` as ``table``, ``csv``, ``tsv`` or ``json``."""
    if fmt == "json":
        return results_json(result)
    if result.boolean is not None:
        return "true" if result.boolean else "false"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([for_spreadsheet(display_cell(v, False)) for v in row] for row in result.rows)
        return buffer.getvalue().rstrip("\n")
    if fmt == "table":
        rows = [[display_cell(v, True) for v in row] for row in result.rows]
        widths = [min(60, max([len(v)] + [len(r[i]) for r in rows])) for i, v in enumerate(result.variables)]

        def line(cells: list[str]) -> str:
            return "  ".join(c[:60].ljust(w) for c, w in zip(cells, widths, strict=True))

        body = [line(result.variables), line(["-" * w for w in widths]), *(line(r) for r in rows)]
        return "\n".join([*body, f"({len(rows)} rows)"])
    raise QueryError(f"unknown format '{fmt}': use table, csv, tsv or json")
