"""Command-line interface: one command per stage of the data flow."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from healthgraph.records import DataErrors

__all__ = ["app"]

app = typer.Typer(
    help="healthgraph: the French health-innovation ecosystem as a sourced knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

DataOpt = Annotated[Path | None, typer.Option("--data", help="Folder of curated CSV records (default: data/).")]
SharedOpt = Annotated[Path | None, typer.Option("--shared", help="Shared public-data folder (default: ../shared).")]
OutOpt = Annotated[Path, typer.Option("--out", help="Output folder.")]


def _fail(message: str) -> typer.Exit:
    typer.secho(message, fg=typer.colors.RED, err=True)
    return typer.Exit(1)


def _checked(data: Path | None, shared: Path | None):  # type: ignore[no-untyped-def]
    from healthgraph.pipeline import build_and_validate

    try:
        return build_and_validate(data, shared)
    except DataErrors as exc:
        raise _fail(f"build failed: {len(exc.errors)} problem(s) in the curated records\n{exc}") from None


@app.command()
def build(out: OutOpt = Path("out"), data: DataOpt = None, shared: SharedOpt = None) -> None:
    """Build and validate the graph, write healthgraph.trig and healthgraph.ttl atomically, print a summary."""
    from healthgraph.stats import graph_stats
    from healthgraph.store import write_outputs
    from healthgraph.summary import format_summary

    checked = _checked(data, shared)
    if not checked.report.conforms:
        lines = "\n".join(str(v) for v in checked.report.errors)
        raise _fail(f"validation failed: {len(checked.report.errors)} violation(s); nothing written\n{lines}")
    union = checked.build.union()
    files = write_outputs(checked.build.dataset, union, out)
    typer.echo(format_summary(checked.build, graph_stats(union), checked.report, files))


@app.command()
def validate(data: DataOpt = None, shared: SharedOpt = None) -> None:
    """Validate the curated graph against the SHACL shapes; print each violation with its record."""
    checked = _checked(data, shared)
    for violation in checked.report.violations:
        typer.echo(str(violation))
    report = checked.report
    typer.echo(f"{len(report.errors)} violation(s), {len(report.warnings)} warning(s)")
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="turtle, nt, trig, nquads or jsonld.")],
    output: Annotated[Path, typer.Option("--output", help="File to write.")],
    data: DataOpt = None,
    shared: SharedOpt = None,
) -> None:
    """Export the built graph in an RDF format (quad formats keep the named graphs)."""
    from healthgraph.store import EXPORT_FORMATS, export_graph

    if fmt not in EXPORT_FORMATS:
        raise _fail(f"unknown format '{fmt}': choose one of {', '.join(EXPORT_FORMATS)}")
    checked = _checked(data, shared)
    export_graph(checked.build.dataset, checked.build.union(), fmt, output)
    typer.echo(f"wrote {output}")


@app.command()
def stats(data: DataOpt = None, shared: SharedOpt = None) -> None:
    """Print counts per class, per source and per region."""
    from healthgraph.stats import graph_stats
    from healthgraph.summary import format_counts

    checked = _checked(data, shared)
    typer.echo(format_counts(graph_stats(checked.build.union()), top=None))
