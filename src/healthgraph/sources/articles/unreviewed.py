"""Unreviewed: the candidates of review files that no curator has accepted yet, as their own named graph.

``healthgraph build --with extracted:REVIEW.csv`` (a file or a folder of them) builds every candidate whose
decision is empty (or ``accept`` but not yet merged by ``healthgraph accept``) and that the graph does not
already state, exactly as ``accept`` would add it, then keeps only what it adds to the curated graph in the
named graph ``graph/extracted``, never mixed with the curated one. Each fact made from a candidate is marked
``hg:reviewStatus hg:Unreviewed`` with its score, its offsets in the document's normalised text, the rule that
proposed it and the review file's line. A candidate that would break a rule of the build or of the shapes is
left out and reported (file, line, rule); the curated records are never changed.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.term import Node

from healthgraph import settings
from healthgraph.cells import from_spreadsheet
from healthgraph.curation.build import Build, build_curated
from healthgraph.curation.records import SPECS
from healthgraph.curation.validate import load_shapes, validate_graph
from healthgraph.errors import DataError, DataErrors
from healthgraph.namespaces import GRAPH_CURATED, GRAPH_EXTRACTED, HG, XSD
from healthgraph.sources.articles.acceptance import plan_additions
from healthgraph.sources.articles.review import ReviewError, read_review
from healthgraph.sources.articles.staging import stage

__all__ = ["Extracted", "add_extracted", "review_files"]

PENDING = ("", "accept")


@dataclass
class Extracted:
    """What ``add_extracted`` built: candidates per review file, the facts marked, what was left out and why."""

    files: list[Path] = field(default_factory=list)
    candidates: int = 0
    facts: int = 0
    triples: int = 0
    left_out: list[DataError] = field(default_factory=list)


def review_files(path: Path) -> list[Path]:
    """Return the review file ``path``, or the review CSVs of the folder ``path``; refuse what is neither."""
    if path.is_dir():
        found = sorted(p for p in path.glob("*.csv") if p.is_file())
        if not found:
            raise DataErrors([DataError(str(path), 0, "", "this folder holds no review file (*.csv)")])
        return found
    if path.is_file():
        return [path]
    raise DataErrors([DataError(str(path), 0, "", "no review file or folder of review files here")])


def _pending(path: Path) -> tuple[dict[str, str] | None, list[tuple[int, dict[str, str]]]]:
    """Return the review's source row and its pending candidate rows (decision empty or accept, not known)."""
    try:
        read_review(path)
    except ReviewError as exc:
        raise DataErrors([DataError(exc.path, exc.line, "", exc.rule)]) from None
    source: dict[str, str] | None = None
    pending: list[tuple[int, dict[str, str]]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, cells in enumerate(csv.DictReader(handle), start=2):
            row = {key: from_spreadsheet(value or "") for key, value in cells.items() if key is not None}
            if row.get("candidate") == "source":
                source = row
            elif _is_pending(row):
                pending.append((line, row))
    return source, pending


def _is_pending(row: dict[str, str]) -> bool:
    decision = (row.get("decision") or "").strip().lower()
    return decision in PENDING and row.get("review_status") != "known" and row.get("table") in SPECS


def add_extracted(build: Build, paths: tuple[Path, ...], data: Path, shared: Path) -> Extracted:
    """Build the pending candidates of the review files ``paths`` into the build's extracted named graph."""
    result = Extracted()
    target = build.graph(GRAPH_EXTRACTED)
    curated = build.graph(GRAPH_CURATED)
    for path in (f for p in paths for f in review_files(p)):
        result.files.append(path)
        source, pending = _pending(path)
        meta = {line: row for line, row in pending}
        staged, origin = _staged(path, data, shared, source, pending, result)
        if staged is None:
            continue
        added = [(s, p, o) for s, p, o in staged.graph(GRAPH_CURATED) if (s, p, o) not in curated]
        target.addN((s, p, o, target) for s, p, o in added)
        result.triples += len(added)
        result.candidates += len({origin[k] for k in origin})
        for node, where in staged.locations.items():
            name, _, line = where.rpartition(":")
            review_line = origin.get((Path(name).name, int(line))) if line.isdigit() else None
            if review_line is not None and review_line in meta:
                _mark(target, node, meta[review_line], f"{path.name}:{review_line}")
                result.facts += 1
    return result


def _staged(
    path: Path,
    data: Path,
    shared: Path,
    source: dict[str, str] | None,
    pending: list[tuple[int, dict[str, str]]],
    result: Extracted,
) -> tuple[Build | None, dict[tuple[str, int], int]]:
    """Build a copy of the records with the pending rows; leave out (and report) rows that break a rule."""
    shapes = load_shapes(settings.ontology_dir() / "shapes.ttl")
    while True:
        additions = plan_additions(data, source, pending)
        if not additions:
            return None, {}
        with tempfile.TemporaryDirectory() as temporary:
            copy = Path(temporary) / "data"
            origin = stage(data, copy, additions)
            broken = _broken(copy, shared, origin, shapes)
        if not isinstance(broken, Build):
            broken = [(line, rule.replace(str(copy), str(data))) for line, rule in broken]
        if isinstance(broken, Build):
            return broken, origin
        lines = {line for line, _ in broken}
        result.left_out.extend(DataError(str(path), line, "", rule) for line, rule in broken)
        pending = [(line, row) for line, row in pending if line not in lines]


def _broken(
    copy: Path, shared: Path, origin: dict[tuple[str, int], int], shapes: Graph
) -> Build | list[tuple[int, str]]:
    """Return the staged build, or the review lines of the rows that break a build rule or a shape."""

    def line_of(where: str) -> int | None:
        name, _, line = where.rpartition(":")
        return origin.get((Path(name).name, int(line))) if line.isdigit() else None

    try:
        staged = build_curated(copy, settings.ontology_dir() / "healthgraph.ttl", shared, None)
    except DataErrors as exc:
        broken = [
            (line_of(f"{e.path}:{e.line}"), f"{e.field + ': ' if e.field else ''}{e.message}") for e in exc.errors
        ]
        if any(line is None for line, _ in broken):
            raise  # the curated records themselves are broken: the build says so
        return [(line, rule) for line, rule in broken if line is not None]
    report = validate_graph(staged.dataset, shapes, None, staged.locations)
    found = [(line_of(v.location), f"{v.message} ({v.shape})") for v in report.errors]
    return [(line, rule) for line, rule in found if line is not None] or staged


def _mark(graph: Graph, node: Node, row: dict[str, str], where: str) -> None:
    """Mark ``node`` as an unreviewed candidate: status, score, offsets, rule and review line.

    A fact two review files propose keeps the first one's score and offsets, and names both files.
    """
    graph.add((node, HG.reviewFile, Literal(where)))
    if (node, HG.reviewStatus, HG.Unreviewed) in graph:
        return
    graph.add((node, HG.reviewStatus, HG.Unreviewed))
    graph.add((node, HG.extractionScore, Literal(Decimal(row.get("score") or "0"), datatype=XSD.decimal)))
    graph.add((node, HG.charStart, Literal(int(row["char_start"]), datatype=XSD.integer)))
    graph.add((node, HG.charEnd, Literal(int(row["char_end"]), datatype=XSD.integer)))
    if row.get("rule"):
        graph.add((node, HG.extractionRule, Literal(row["rule"])))
