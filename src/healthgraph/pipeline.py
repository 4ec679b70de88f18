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
from healthgraph.curation.summaries import add_summaries
from healthgraph.curation.validate import Report, load_shapes, validate_graph
from healthgraph.errors import DataError, DataErrors
from healthgraph.namespaces import GRAPH_ANR, GRAPH_CURATED
from healthgraph.sources.anr import AnrImport, import_anr_folder
from healthgraph.sources.rdf_files import read_rdf

__all__ = ["Checked", "Imports", "accept_review", "add_anr", "build_and_validate", "build_graph", "parse_imports"]

IMPORT_SPECS = "anr-dgpie[:DIR], ror[:FILE], finess[:FILE], extracted:REVIEW.csv|DIR or rdf:FILE"


@dataclass(frozen=True)
class Imports:
    """The datasets added to the curated graph, each as its own named graph.

    ``anr``: a folder holding the two ANR DGPIE tables; ``ror``: the ROR records (JSON lines); ``finess``: the
    Eurostat/FINESS hospitals table; ``extracted``: review files (or folders of them) whose unreviewed
    candidates are added, marked as such; ``rdf``: RDF files read strictly.
    """

    anr: Path | None = None
    rdf: tuple[Path, ...] = ()
    ror: Path | None = None
    finess: Path | None = None
    extracted: tuple[Path, ...] = ()

    def names(self) -> list[str]:
        """Name the imports as the user does (``anr-dgpie``, ``rdf:FILE``...), for notices."""
        named = [name for name, path in (("anr-dgpie", self.anr), ("ror", self.ror), ("finess", self.finess)) if path]
        named += [f"extracted:{path} (unreviewed candidates)" for path in self.extracted]
        return named + [f"rdf:{path}" for path in self.rdf]


def parse_imports(specs: list[str] | None, shared: Path | None = None) -> Imports:
    """Read ``--with`` values (``anr-dgpie[:DIR]``, ``ror[:FILE]``, ``extracted:REVIEW.csv``...) into :class:`Imports`.

    A registry or dataset without a path is read from ``shared`` (default ``../shared``). Raise ``ValueError``
    naming an unknown dataset.
    """
    from healthgraph.sources.finess import FINESS_FILE
    from healthgraph.sources.ror_records import ROR_FILE

    folder = (shared or settings.shared_dir()) / "data"
    found: dict[str, Path | None] = {"anr-dgpie": None, "ror": None, "finess": None}
    defaults = {"anr-dgpie": folder, "ror": folder / ROR_FILE, "finess": folder / FINESS_FILE}
    rdf: list[Path] = []
    extracted: list[Path] = []
    for spec in specs or []:
        name, _, where = spec.partition(":")
        if name in found:
            found[name] = Path(where) if where else defaults[name]
        elif name in ("rdf", "extracted") and where:
            (rdf if name == "rdf" else extracted).append(Path(where))
        else:
            raise ValueError(f"unknown dataset '{spec}' in --with: use {IMPORT_SPECS}")
    return Imports(found["anr-dgpie"], tuple(rdf), found["ror"], found["finess"], tuple(extracted))


@dataclass
class Checked:
    """A build together with its validation report."""

    build: Build
    report: Report


def build_graph(data: Path | None = None, shared: Path | None = None, imports: Imports | None = None) -> Build:
    """Build the curated dataset from ``data`` (default ``data/``) and ``shared`` (default ``../shared``).

    Each dataset of ``imports`` is added as its own named graph: the unreviewed candidates of review files, the
    ANR import (``add_anr``), the ROR and FINESS registries, and each RDF file, read strictly
    (``healthgraph.sources.rdf_files``). The registry identifiers of the crosswalks' ``same`` rows (ROR,
    Wikidata, GRID, ISNI, FINESS ids, name variants) are applied in every build, in their own named graph.
    """
    from healthgraph.sources.finess import add_finess
    from healthgraph.sources.registry_identifiers import apply_registry_identifiers
    from healthgraph.sources.ror import add_ror

    imports = imports or Imports()
    folder, shared = data or settings.data_dir(), shared or settings.shared_dir()
    build = build_curated(folder, settings.ontology_dir() / "healthgraph.ttl", shared, settings.PROJECT_ROOT)
    if imports.extracted:
        from healthgraph.sources.articles.unreviewed import add_extracted

        extracted = add_extracted(build, imports.extracted, folder, shared)
        build.notes.append(
            f"extracted (unreviewed, graph/extracted): {extracted.facts} facts from {extracted.candidates} candidates"
            f" of {len(extracted.files)} review file(s); {len({(e.path, e.line) for e in extracted.left_out})}"
            " candidate(s) left out"
        )
        build.notes.extend(f"  left out: {error}" for error in extracted.left_out)
    if imports.anr is not None:
        add_anr(build, imports.anr, folder)
    if imports.ror is not None:
        add_ror(build, imports.ror, folder)
    if imports.finess is not None:
        add_finess(build, imports.finess, folder)
    apply_registry_identifiers(build, folder, shared)  # the identifiers of the crosswalks' `same` rows, always
    for path in imports.rdf:
        graph = read_rdf(path)
        target = build.graph(URIRef(f"https://w3id.org/healthgraph/graph/import/{quote(path.stem)}"))
        target.addN((s, p, o, target) for s, p, o in graph)
    add_summaries(build)  # the counts of graph/summary, over every graph added above
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
    from healthgraph.curation.canonical import tidy
    from healthgraph.files import atomic_write, locked
    from healthgraph.sources.articles.acceptance import plan_additions
    from healthgraph.sources.articles.review import ReviewError, read_rows
    from healthgraph.sources.articles.staging import stage

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
        origin = stage(folder, copy, additions)
        _check_copy(copy, shared, origin, review)
        tidy(copy)  # the tables stay in canonical form: the new rows take their sorted places
        for table in additions:
            atomic_write(folder / f"{table}.csv", partial(shutil.copyfile, copy / f"{table}.csv"))
    return {table: len(addition.rows) for table, addition in additions.items()}


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
