"""Pipeline: the build-then-validate sequence shared by the CLI, notebooks and tests."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import quote

from rdflib import URIRef

from healthgraph import settings
from healthgraph.curation.build import Build, build_curated
from healthgraph.curation.validate import Report, load_shapes, validate_graph
from healthgraph.errors import DataError, DataErrors
from healthgraph.namespaces import GRAPH_ANR, GRAPH_CURATED
from healthgraph.sources.anr import AnrImport, import_anr_folder
from healthgraph.sources.rdf_files import read_rdf

__all__ = ["Checked", "Imports", "accept_review", "add_anr", "build_and_validate", "build_graph", "parse_imports"]

IMPORT_SPECS = "anr-dgpie[:DIR] or rdf:FILE"


@dataclass(frozen=True)
class Imports:
    """The datasets added to the curated graph, each as its own named graph.

    ``anr``: a folder holding the two ANR DGPIE tables; ``rdf``: RDF files read strictly.
    """

    anr: Path | None = None
    rdf: tuple[Path, ...] = ()

    def names(self) -> list[str]:
        """Name the imports as the user does (``anr-dgpie``, ``rdf:FILE``), for notices."""
        named = ["anr-dgpie"] if self.anr else []
        return named + [f"rdf:{path}" for path in self.rdf]


def parse_imports(specs: list[str] | None, shared: Path | None = None) -> Imports:
    """Read ``--with`` values (``anr-dgpie[:DIR]``, ``rdf:FILE``) into :class:`Imports`.

    A dataset without a path is read from ``shared`` (default ``../shared``). Raise ``ValueError`` naming an
    unknown dataset.
    """
    anr, rdf = None, []
    for spec in specs or []:
        name, _, where = spec.partition(":")
        if name == "anr-dgpie":
            anr = Path(where) if where else (shared or settings.shared_dir()) / "data"
        elif name == "rdf" and where:
            rdf.append(Path(where))
        else:
            raise ValueError(f"unknown dataset '{spec}' in --with: use {IMPORT_SPECS}")
    return Imports(anr, tuple(rdf))


@dataclass
class Checked:
    """A build together with its validation report."""

    build: Build
    report: Report


def build_graph(data: Path | None = None, shared: Path | None = None, imports: Imports | None = None) -> Build:
    """Build the curated dataset from ``data`` (default ``data/``) and ``shared`` (default ``../shared``).

    Each dataset of ``imports`` is added as its own named graph: the ANR import (``add_anr``) and each RDF file,
    read strictly (``healthgraph.sources.rdf_files``).
    """
    imports = imports or Imports()
    build = build_curated(
        data or settings.data_dir(),
        settings.ontology_dir() / "healthgraph.ttl",
        shared or settings.shared_dir(),
        settings.PROJECT_ROOT,
    )
    if imports.anr is not None:
        add_anr(build, imports.anr, data or settings.data_dir())
    for path in imports.rdf:
        graph = read_rdf(path)
        target = build.graph(URIRef(f"https://w3id.org/healthgraph/graph/import/{quote(path.stem)}"))
        target.addN((s, p, o, target) for s, p, o in graph)
    return build


def add_anr(build: Build, folder: Path, data: Path) -> AnrImport:
    """Import the ANR tables of ``folder`` into the build's own ANR named graph; return the import."""
    imported = import_anr_folder(build.graph(GRAPH_CURATED), folder, data)
    target = build.graph(GRAPH_ANR)
    target.addN((s, p, o, target) for s, p, o in imported.graph)
    return imported


def build_and_validate(
    data: Path | None = None,
    shared: Path | None = None,
    imports: Imports | None = None,
    engine: str = "auto",
) -> Checked:
    """Build the dataset and validate the union of its graphs (the ontology included) against the shapes.

    ``engine`` picks the SHACL engine (see ``healthgraph.curation.validate``).
    """
    build = build_graph(data, shared, imports)
    report = validate_graph(
        build.dataset, load_shapes(settings.ontology_dir() / "shapes.ttl"), None, build.locations, engine
    )
    return Checked(build, report)


def accept_review(review: Path, data: Path | None = None, shared: Path | None = None) -> dict[str, int]:
    """Add the accepted rows of ``review`` to the curated tables of ``data``; return the rows added per table.

    The rows are added to a copy of the tables first and the copy is built and validated as ``make run`` would:
    if any added row breaks a rule, :class:`DataErrors` names the review file's line and nothing is written.
    Rows already in their table are not added again.
    """
    from healthgraph.files import atomic_write, locked
    from healthgraph.sources.articles.acceptance import plan_additions
    from healthgraph.sources.articles.review import ReviewError, read_rows

    folder = data or settings.data_dir()
    try:
        source, accepted = read_rows(review)
    except ReviewError as exc:
        raise DataErrors([DataError(exc.path, exc.line, "", exc.rule)]) from None
    additions = plan_additions(folder, source, accepted)
    if not additions:
        return {}
    with locked(folder / ".healthgraph.lock", folder), tempfile.TemporaryDirectory() as temporary:
        copy = Path(temporary) / "data"
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("examples", ".*"))
        origin = {}
        for table, addition in additions.items():
            origin.update(_append(copy / f"{table}.csv", addition.header, addition.rows))
        _check_copy(copy, shared, origin, review)
        for table in additions:
            atomic_write(folder / f"{table}.csv", partial(shutil.copyfile, copy / f"{table}.csv"))
    return {table: len(addition.rows) for table, addition in additions.items()}


def _append(path: Path, header: list[str], rows: list[tuple[int, dict[str, str]]]) -> dict[tuple[str, int], int]:
    """Append ``rows`` to the CSV ``path`` (one line each); return (file name, its line) -> review line."""
    import csv

    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    lines = len(text.splitlines())
    with path.open("a", encoding="utf-8", newline="") as handle:
        if text and not text.endswith("\n"):
            handle.write("\n")
        writer = csv.writer(handle, lineterminator="\n")
        if not text:
            writer.writerow(header)
            lines = 1
        origin = {}
        for number, (line, row) in enumerate(rows, start=lines + 1):
            writer.writerow([row.get(c, "") for c in header])
            origin[(path.name, number)] = line
    return origin


def _check_copy(copy: Path, shared: Path | None, origin: dict[tuple[str, int], int], review: Path) -> None:
    """Build and validate the copy; raise DataErrors naming the review lines of the rows that break a rule."""

    def where(path: str, line: int) -> tuple[str, int]:
        name = Path(path).name
        return (str(review), origin[(name, line)]) if (name, line) in origin else (name, line)

    try:
        checked = build_and_validate(copy, shared)
    except DataErrors as exc:
        raise DataErrors([DataError(*where(e.path, e.line), e.field, e.message) for e in exc.errors]) from None
    problems = []
    for violation in checked.report.errors:
        name, _, line = violation.location.partition(":")
        place = where(name, int(line)) if line.isdigit() else (violation.location or str(review), 0)
        problems.append(DataError(*place, violation.path, f"{violation.message} ({violation.shape})"))
    if problems:
        raise DataErrors(problems)
