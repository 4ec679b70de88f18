"""Command-line interface: one command per stage of the data flow."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from healthgraph.errors import DataErrors

__all__ = ["app"]

app = typer.Typer(
    help="healthgraph: the French health-innovation ecosystem as a sourced knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

DataOpt = Annotated[Path | None, typer.Option("--data", help="Folder of curated CSV records (default: data/).")]
SharedOpt = Annotated[Path | None, typer.Option("--shared", help="Shared public-data folder (default: ../shared).")]
OutOpt = Annotated[Path, typer.Option("--out", help="Output folder.")]
WithOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--with",
        help="Add a dataset as its own named graph (repeatable): anr-dgpie[:DIR], ror[:FILE], finess[:FILE], "
        "extracted:REVIEW.csv|DIR (unreviewed candidates) or rdf:FILE.",
    ),
]
StoreOpt = Annotated[
    str | None, typer.Option("--store", help="Analyse the graph of oxigraph:PATH (as built) instead of building.")
]
EngineOpt = Annotated[
    str,
    typer.Option(
        "--engine", help="SHACL engine: auto (pySHACL up to 50,000 triples, then pyshacl-turbo), pyshacl, turbo."
    ),
]


def _fail(message: str) -> typer.Exit:
    typer.secho(message, fg=typer.colors.RED, err=True)
    return typer.Exit(1)


def _imports(specs: list[str] | None, shared: Path | None = None):  # type: ignore[no-untyped-def]
    from healthgraph.pipeline import parse_imports

    try:
        return parse_imports(specs, shared)
    except ValueError as exc:
        raise _fail(str(exc)) from None


def _checked(  # type: ignore[no-untyped-def]
    data: Path | None, shared: Path | None, with_: list[str] | None = None, engine: str = "auto"
):
    from healthgraph.curation.validate import choose_engine
    from healthgraph.pipeline import build_and_validate

    try:
        choose_engine(engine, 0)  # refuse an unknown engine before building
    except ValueError as exc:
        raise _fail(str(exc)) from None
    try:
        return build_and_validate(data, shared, _imports(with_, shared), engine=engine)
    except DataErrors as exc:
        raise _fail(f"build failed: {len(exc.errors)} problem(s) in the curated records\n{exc}") from None


@app.command()
def build(
    out: OutOpt = Path("out"),
    data: DataOpt = None,
    shared: SharedOpt = None,
    store: Annotated[str | None, typer.Option("--store", help="Also load into oxigraph:PATH.")] = None,
    with_: WithOpt = None,
    engine: EngineOpt = "auto",
) -> None:
    """Build and validate the graph, write healthgraph.trig and healthgraph.ttl atomically, print a summary."""
    from healthgraph.curation.counts import graph_stats
    from healthgraph.curation.export import write_outputs
    from healthgraph.curation.summary import format_summary

    checked = _checked(data, shared, with_, engine)
    if not checked.report.conforms:
        lines = "\n".join(str(v) for v in checked.report.errors)
        raise _fail(f"validation failed: {len(checked.report.errors)} violation(s); nothing written\n{lines}")
    if store and (not store.startswith("oxigraph:") or not store.removeprefix("oxigraph:").strip()):
        raise _fail(f"unknown store '{store}': use oxigraph:PATH")
    union = checked.build.union()
    with _writing(out):
        files = write_outputs(checked.build.dataset, union, out)
    typer.echo(format_summary(checked.build, graph_stats(union), checked.report, files))
    if store:
        from healthgraph.errors import HealthgraphError
        from healthgraph.sparql.backends import load_oxigraph

        try:
            count = load_oxigraph(checked.build.dataset, Path(store.removeprefix("oxigraph:")))
        except (HealthgraphError, OSError) as exc:
            raise _fail(str(exc)) from None
        typer.echo(f"loaded {count} quads into {store}")


@contextmanager
def _writing(out: Path) -> Iterator[None]:
    """Hold ``out``'s lock while writing into it; a second writer or a failed write is one clear line."""
    from healthgraph.files import BusyError, locked

    try:
        with locked(out / ".healthgraph.lock", out):
            yield
    except BusyError as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"cannot write into {out}: {exc.strerror or exc}; the files already there are intact") from None


@app.command()
def validate(
    data: DataOpt = None,
    shared: SharedOpt = None,
    with_: WithOpt = None,
    engine: EngineOpt = "auto",
) -> None:
    """Validate the graph against the SHACL shapes; print each violation with its record and the engine used."""
    checked = _checked(data, shared, with_, engine)
    for violation in checked.report.violations:
        typer.echo(str(violation))
    report = checked.report
    typer.echo(
        f"{len(report.errors)} violation(s), {len(report.warnings)} warning(s)"
        f" (validated by {report.engine} in {report.seconds:.1f} s)"
    )
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
    from healthgraph.curation.export import EXPORT_FORMATS, export_graph

    if fmt not in EXPORT_FORMATS:
        raise _fail(f"unknown format '{fmt}': choose one of {', '.join(EXPORT_FORMATS)}")
    checked = _checked(data, shared)
    export_graph(checked.build.dataset, checked.build.union(), fmt, output)
    typer.echo(f"wrote {output}")


@app.command()
def stats(data: DataOpt = None, shared: SharedOpt = None) -> None:
    """Print counts per class, per source and per region."""
    from healthgraph.curation.counts import graph_stats
    from healthgraph.curation.summary import format_counts

    checked = _checked(data, shared)
    typer.echo(format_counts(graph_stats(checked.build.union()), top=None))


@app.command()
def tidy(
    data: DataOpt = None,
    check: Annotated[bool, typer.Option("--check", help="Only list the tables not in canonical form.")] = False,
) -> None:
    """Write the curated tables in canonical form (sorted, normalised, no duplicate row); --check only lists them."""
    from healthgraph import settings
    from healthgraph.curation.canonical import tidy as tidy_tables

    changed = tidy_tables(data or settings.data_dir(), check)
    for path in changed:
        typer.echo(f"{'not canonical' if check else 'rewrote'}: {path}")
    if not changed:
        typer.echo("every table is in canonical form")
    elif check:
        raise typer.Exit(1)


@app.command("queries")
def list_queries() -> None:
    """List the stored competency queries with their questions and parameters."""
    from healthgraph import settings
    from healthgraph.sparql.query import load_queries

    for name, stored in load_queries(settings.queries_dir()).items():
        params = ", ".join(f"{p.name} ({p.kind})" for p in stored.params) or "none"
        typer.echo(f"{name}: {stored.title}\n    {stored.question_en}\n    params: {params}")


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="Stored query name (cq01...) or a .rq file.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", help="KEY=VALUE; entities by id, name or IRI.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, tsv or json.")] = "table",
    store: Annotated[str, typer.Option("--store", help="memory or oxigraph:PATH.")] = "memory",
    endpoint: Annotated[str | None, typer.Option("--endpoint", help="Remote SPARQL endpoint URL.")] = None,
    sparql: Annotated[str | None, typer.Option("--sparql", help="An ad-hoc SPARQL query.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds for a remote endpoint.")] = 30.0,
    predecessors: Annotated[
        bool,
        typer.Option(
            "--predecessors/--no-predecessors",
            help="Also ask an entity's predecessors (former names, merged pôles), each row saying which.",
        ),
    ] = True,
) -> None:
    """Run a stored competency query or ad-hoc SPARQL on memory, Oxigraph or a remote endpoint."""
    from healthgraph.errors import HealthgraphError
    from healthgraph.sparql.display import format_result
    from healthgraph.sparql.session import open_session

    try:
        session = open_session(endpoint or store, timeout)
        result = session.run(name, sparql, _params(param or []), predecessors)
        for note in result.notes:
            typer.echo(f"# {note}", err=True)
        typer.echo(format_result(result, fmt))
    except HealthgraphError as exc:
        raise _fail(str(exc)) from None


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise _fail(f"--param takes KEY=VALUE, got '{pair}'")
        params[key.strip()] = value.strip()
    return params


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port (0 picks a free one).")] = 8000,
    store: Annotated[str, typer.Option("--store", help="memory or oxigraph:PATH.")] = "memory",
    timeout: Annotated[float, typer.Option("--timeout", help="Query time limit in seconds.")] = 30.0,
    max_rows: Annotated[int, typer.Option("--max-rows", help="Largest result returned.")] = 100_000,
    allow_service: Annotated[list[str] | None, typer.Option("--allow-service", help="SERVICE IRI allowed.")] = None,
    max_result_mb: Annotated[int, typer.Option("--max-result-mb", help="Largest result in MB.")] = 64,
    worker_memory: Annotated[int, typer.Option("--worker-memory", help="Memory of one query worker, MB.")] = 1024,
    max_workers: Annotated[int | None, typer.Option("--max-workers", help="Queries running at once.")] = None,
    idle_timeout: Annotated[
        float, typer.Option("--idle-timeout", help="Seconds before an idle connection closes.")
    ] = 15.0,
    max_connections: Annotated[int | None, typer.Option("--max-connections", help="Connections open at once.")] = None,
    log: Annotated[str, typer.Option("--log", help="Request and fault log: - (stderr), a file, or off.")] = "-",
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at /sparql, with a query page at /."""
    from healthgraph import settings
    from healthgraph.sparql.endpoint import Endpoint, Limits, memory_store
    from healthgraph.sparql.endpoint import serve as run_server
    from healthgraph.sparql.endpoint.logs import configure
    from healthgraph.sparql.endpoint.pages import Pages
    from healthgraph.sparql.query import load_queries

    if store == "memory":
        from healthgraph.pipeline import build_graph

        try:
            built = build_graph()
            loaded = memory_store(built.dataset.serialize(format="nquads", encoding="utf-8"))
        except DataErrors as exc:
            raise _fail(f"cannot build the graph to serve:\n{exc}") from None
        factory = lambda: loaded  # noqa: E731 - workers inherit the loaded store
        page_store = loaded
        extra = _map_route(built.union())
    elif store.startswith("oxigraph:"):
        import pyoxigraph as ox

        path = Path(store.removeprefix("oxigraph:"))
        if not path.name:
            raise _fail("give the store's path: oxigraph:PATH")
        try:
            page_store = ox.Store.read_only(str(path.resolve()))  # one version, even if a build switches the link
        except (OSError, RuntimeError) as exc:
            raise _fail(f"cannot open the Oxigraph store at {path}: {exc}") from None
        if len(page_store) == 0:
            raise _fail(f"the Oxigraph store at {path} is empty: run 'healthgraph build --store {store}'")
        factory = lambda: page_store  # noqa: E731 - workers inherit the read-only handle (no reopen per query)
        extra = {}  # the map reads an rdflib graph: served for the in-memory graph only (out/map.html otherwise)
    else:
        raise _fail(f"unknown store '{store}': use memory or oxigraph:PATH")
    configure(log)
    limits = Limits(timeout, max_rows, max_result_mb * 1024 * 1024, worker_memory, max_workers or Limits().max_workers)
    from healthgraph.views.profiles.serving import ProfileRoutes
    from healthgraph.views.search import search_box

    profiles = ProfileRoutes.from_store(page_store)  # read now, before the workers are forked

    def routes(path: str, params: dict[str, list[str]]) -> Any:
        return extra.get(path) or profiles(path, params)

    pages = Pages(page_store, load_queries(settings.queries_dir()), routes, lambda lang: search_box(lang, served=True))
    endpoint = Endpoint(factory, limits, tuple(allow_service or ()), pages)

    def ready(url: str) -> None:
        typer.echo(f"serving {url} (query page at {url[:-7]}/)", err=True)

    run_server(endpoint, host, port, ready, idle_timeout, max_connections)


def _map_route(graph: Any) -> dict[str, Any]:
    """Return the map of France by region as the reply to ``/map.html`` (rendered once, before serving)."""
    from healthgraph.sparql.endpoint.replies import Reply
    from healthgraph.views.map import render_map

    return {"/map.html": Reply(200, "text/html; charset=utf-8", render_map(graph).encode())}


@app.command()
def publish(
    update: Annotated[str | None, typer.Option("--update", help="SPARQL 1.1 Update URL of the store.")] = None,
    gsp: Annotated[str | None, typer.Option("--gsp", help="Graph Store Protocol URL of the store.")] = None,
    graph: Annotated[str, typer.Option("--graph", help="Named graph to replace.")] = "",
    data: DataOpt = None,
    shared: SharedOpt = None,
) -> None:
    """Build, validate and load the graph into a triple store, replacing only its own named graph."""
    from healthgraph.errors import HealthgraphError
    from healthgraph.sparql.publish import DEFAULT_GRAPH, publish_graph

    checked = _checked(data, shared)
    if not checked.report.conforms:
        raise _fail("validation failed: nothing published (run 'healthgraph validate')")
    try:
        count = publish_graph(checked.build.union(), update, gsp, graph or DEFAULT_GRAPH)
    except HealthgraphError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"published {count} triples into <{graph or DEFAULT_GRAPH}>")


ViewOpt = Annotated[str, typer.Option("--view", help="full, organisations or poles.")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Keep facts valid at this date (YYYY[-MM[-DD]]).")]
FrameFmt = Annotated[str, typer.Option("--format", help="table, csv or json.")]
TopOpt = Annotated[int, typer.Option("--top", help="How many rows (0: all).")]


def _projected(  # type: ignore[no-untyped-def]
    view: str,
    as_of: str | None,
    data: Path | None = None,
    shared: Path | None = None,
    with_: list[str] | None = None,
    store: str | None = None,
):
    from healthgraph.curation.records import parse_date
    from healthgraph.network.projection import project

    if as_of:
        try:
            parse_date(as_of)
        except ValueError as exc:
            raise _fail(f"--as-of: {exc}") from None
    graph = _analysed_graph(data, shared, with_, store)
    try:
        return project(graph, view, as_of)
    except ValueError as exc:
        raise _fail(str(exc)) from None


def _analysed_graph(data: Path | None, shared: Path | None, with_: list[str] | None, store: str | None):  # type: ignore[no-untyped-def]
    """Return the graph an analysis runs on: built from the records (with imports) or read from a store."""
    from healthgraph.errors import HealthgraphError
    from healthgraph.pipeline import build_graph

    if store:
        if with_:
            raise _fail("--store and --with: the store already holds what its build included; give one of them")
        if not store.startswith("oxigraph:") or not store.removeprefix("oxigraph:").strip():
            raise _fail(f"unknown store '{store}': use oxigraph:PATH")
        from healthgraph.sparql.backends import store_graph

        try:
            graph = store_graph(Path(store.removeprefix("oxigraph:")))
        except (HealthgraphError, OSError) as exc:
            raise _fail(str(exc)) from None
        typer.echo(f"# graph: the store {store} ({len(graph)} triples)", err=True)
        _say_unreviewed(graph)
        return graph
    imports = _imports(with_, shared)
    try:
        graph = build_graph(data, shared, imports).union()
    except DataErrors as exc:
        raise _fail(f"build failed:\n{exc}") from None
    if imports.names():
        typer.echo(f"# graph: curated records with {', '.join(imports.names())}", err=True)
    _say_unreviewed(graph)
    return graph


def _say_unreviewed(graph) -> None:  # type: ignore[no-untyped-def]
    """Say when the graph holds facts extracted from articles that no curator has accepted yet."""
    from healthgraph.namespaces import HG

    count = len(set(graph.subjects(HG.reviewStatus, HG.Unreviewed)))
    if count:
        typer.echo(f"# includes {count} unreviewed facts extracted from articles, marked '(unreviewed)'", err=True)


def _succession(graph, *names: str) -> None:  # type: ignore[no-untyped-def]
    """Tell the user which entity a name resolved to (when not its label), and who succeeded it if anyone."""
    from healthgraph import network

    for name in names:
        note = network.resolution_notice(graph, name, network.find_node(graph, name))
        if note:
            typer.echo(f"# {note}", err=True)


def _frame_out(frame, fmt: str) -> None:  # type: ignore[no-untyped-def]
    shown = frame.drop(columns=[c for c in ("members",) if c in frame.columns])
    if fmt == "csv":
        typer.echo(shown.to_csv(index=False).rstrip("\n"))
    elif fmt == "json":
        typer.echo(shown.to_json(orient="records", force_ascii=False))
    elif fmt == "table":  # for reading: names, not IRIs (csv and json keep the node column)
        readable = shown.drop(columns=[c for c in ("node",) if c in shown.columns])
        typer.echo(readable.to_string(index=False, max_colwidth=70) if len(readable) else "(no rows)")
    else:
        raise _fail(f"unknown format '{fmt}': use table, csv or json")


@app.command()
def centrality(
    view: ViewOpt = "organisations",
    measure: Annotated[list[str] | None, typer.Option("--measure", help="Repeatable; default: all.")] = None,
    top: TopOpt = 20,
    as_of: AsOfOpt = None,
    fmt: FrameFmt = "table",
    sample: Annotated[int | None, typer.Option("--sample", help="Approximate betweenness from N sources.")] = None,
    write_rdf: Annotated[Path | None, typer.Option("--write-rdf", help="Also write scores as RDF.")] = None,
    data: DataOpt = None,
    shared: SharedOpt = None,
    with_: WithOpt = None,
    store: StoreOpt = None,
) -> None:
    """Rank entities by degree, weighted degree, betweenness, closeness, eigenvector and PageRank."""
    from healthgraph import network

    graph = _projected(view, as_of, data, shared, with_, store)
    measures = tuple(measure or network.MEASURES)
    try:
        frame = network.centrality(graph, measures, top or None, sample)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    typer.echo(
        f"# view={view} nodes={graph.number_of_nodes()} edges={graph.number_of_edges()} "
        f"betweenness={frame.attrs['method']}"
        + (f" closeness={frame.attrs['closeness']}" if "closeness" in frame.attrs else "")
        + (f" as-of={as_of}" if as_of else ""),
        err=True,
    )
    _frame_out(frame, fmt)
    if write_rdf:
        from healthgraph.files import atomic_write
        from healthgraph.network.scores import scores_to_rdf

        params = f"measures={','.join(measures)}; top={top}; as-of={as_of or 'all'}; {frame.attrs['method']}"
        if "closeness" in frame.attrs:
            params += f"; closeness {frame.attrs['closeness']}"
        rdf = scores_to_rdf(frame, list(measures), view, params)

        def write(temp: Path) -> None:
            rdf.serialize(destination=temp, format="turtle", encoding="utf-8")

        atomic_write(write_rdf, write)
        typer.echo(f"wrote {write_rdf}", err=True)


@app.command()
def brokers(
    view: ViewOpt = "organisations",
    group: Annotated[str, typer.Option("--group", help="regions, themes or pole.")] = "regions",
    top: TopOpt = 20,
    as_of: AsOfOpt = None,
    fmt: FrameFmt = "table",
    data: DataOpt = None,
    shared: SharedOpt = None,
    with_: WithOpt = None,
    store: StoreOpt = None,
) -> None:
    """List brokers: entities whose neighbours belong to otherwise separate regions, themes or pôles."""
    from healthgraph import network

    if group not in ("regions", "themes", "pole"):
        raise _fail(f"unknown group '{group}': use regions, themes or pole")
    _frame_out(network.brokers(_projected(view, as_of, data, shared, with_, store), group, top or None), fmt)


@app.command()
def communities(
    view: ViewOpt = "organisations",
    as_of: AsOfOpt = None,
    fmt: FrameFmt = "table",
    seed: Annotated[int, typer.Option("--seed", help="Louvain seed (same seed, same result).")] = 42,
    data: DataOpt = None,
    shared: SharedOpt = None,
    with_: WithOpt = None,
    store: StoreOpt = None,
) -> None:
    """Detect communities of collaboration (Louvain, seeded) and describe their regions, kinds and themes."""
    from healthgraph import network

    _frame_out(network.communities(_projected(view, as_of, data, shared, with_, store), seed), fmt)


@app.command()
def path(
    origin: Annotated[str, typer.Argument(help="Start: any name, acronym or id.")],
    destination: Annotated[str, typer.Argument(help="End: any name, acronym or id.")],
    k: Annotated[int, typer.Option("--k", help="How many shortest paths.")] = 1,
    avoid: Annotated[list[str] | None, typer.Option("--avoid", help="Entity to avoid (repeatable).")] = None,
    view: ViewOpt = "full",
    as_of: AsOfOpt = None,
    data: DataOpt = None,
    shared: SharedOpt = None,
    with_: WithOpt = None,
    store: StoreOpt = None,
) -> None:
    """Show the shortest collaboration routes between two entities, with the fact and source of each step."""
    from healthgraph import network

    graph = _projected(view, as_of, data, shared, with_, store)
    try:
        _succession(graph, origin, destination)
        found = network.paths(graph, origin, destination, k, tuple(avoid or ()))
    except (network.UnknownName, network.NoPath, ValueError) as exc:
        raise _fail(str(exc).strip("'\"")) from None
    for number, steps in enumerate(found, start=1):
        typer.echo(f"path {number} ({len(steps)} steps)")
        for step in steps:
            typer.echo("  " + step.explain().replace("\n", "\n  "))


@app.command()
def ego(
    name: Annotated[str, typer.Argument(help="Any name, acronym or id.")],
    radius: Annotated[int, typer.Option("--radius", help="1 or 2 steps.")] = 1,
    as_of: AsOfOpt = None,
    compare: Annotated[str | None, typer.Option("--compare", help="Earlier date to compare with.")] = None,
    predecessors: Annotated[
        bool, typer.Option("--predecessors/--no-predecessors", help="Include the predecessors' ego networks.")
    ] = True,
    view: ViewOpt = "full",
    data: DataOpt = None,
    shared: SharedOpt = None,
    with_: WithOpt = None,
    store: StoreOpt = None,
) -> None:
    """Show an entity's ego network (neighbours and the relations behind them), or how it changed."""
    from healthgraph import network

    graph = _projected(view, as_of, data, shared, with_, store)
    try:
        _succession(graph, name)
        center = network.find_node(graph, name)
        around = network.ego(graph, center, radius, predecessors)
        for before in network.predecessors(graph, center) if predecessors else []:
            typer.echo(f"# includes its predecessor {graph.nodes[before].get('label', before)}", err=True)
    except network.UnknownName as exc:
        raise _fail(str(exc).strip("'\"")) from None
    label = graph.nodes[center].get("label", center)
    typer.echo(
        f"{label}: {around.number_of_nodes() - 1} neighbours within {radius} step(s)"
        + (f" as of {as_of}" if as_of else "")
    )
    lines = sorted(
        (*sorted((str(around.nodes[u]["label"]), str(around.nodes[v]["label"]))), ", ".join(attrs["relations"]))
        for u, v, attrs in around.edges(data=True)
    )
    for first, second, relations in lines:
        typer.echo(f"  {first} -- {second}: {relations}")
    if compare:
        before_graph = _projected(view, compare)
        try:
            before = network.ego(before_graph, center, radius, predecessors)
        except network.UnknownName:
            before = before_graph.subgraph([])
        change = network.ego_change(before, around)
        typer.echo(f"change since {compare}:")
        for key, values in change.items():
            typer.echo(f"  {key.replace('_', ' ')}: {'; '.join(values) or 'none'}")


@app.command()
def report(
    out: OutOpt = Path("out"),
    data: DataOpt = None,
    shared: SharedOpt = None,
    with_: WithOpt = None,
    store: StoreOpt = None,
) -> None:
    """Write the analyses (OUT/reports), the interactive views (OUT/views) and the explorer (OUT/index.html)."""
    from healthgraph.network.tables import write_reports
    from healthgraph.views.explorer import write_explorer

    graph = _analysed_graph(data, shared, with_, store)

    with _writing(out):
        files = write_reports(graph, out)
        explorer = write_explorer(graph, out)
    for name, path in files.items():
        typer.echo(f"{name:17s} {path}")
    typer.echo(f"{'explorer':17s} {explorer}")
    typer.echo(f"{'map':17s} {explorer.parent / 'map.html'}")


@app.command()
def site(
    out: Annotated[Path, typer.Option("--out", help="Folder of the static site (replaced as a whole).")] = Path(
        "out/site"
    ),
    data: DataOpt = None,
    shared: SharedOpt = None,
    with_: WithOpt = None,
    store: StoreOpt = None,
) -> None:
    """Write the static site: a profile per entity and a page per source, in English and French, with search."""
    from healthgraph.views.site import write_site

    graph = _analysed_graph(data, shared, with_, store)
    try:
        written = write_site(graph, out)
    except OSError as exc:
        raise _fail(f"cannot write the site into {out}: {exc}") from None
    typer.echo(
        f"site: {written.entities} profiles and {written.sources} source pages (English and French) "
        f"in {written.seconds:.1f} s; open {out.resolve() / 'index.html'}"
    )


@app.command()
def render(
    output: Annotated[Path, typer.Option("--output", help="HTML file to write.")],
    page_kind: Annotated[str, typer.Option("--page", help="ecosystem, ego, path, community or theme.")] = "ecosystem",
    focus: Annotated[str | None, typer.Option("--focus", help="Entity (or theme) the page is about.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="End of the path view.")] = None,
    radius: Annotated[int, typer.Option("--radius", help="Ego radius.")] = 1,
    size_by: Annotated[str, typer.Option("--size-by", help="Centrality measure for node size.")] = "pagerank",
    as_of: AsOfOpt = None,
    view: ViewOpt = "full",
    max_nodes: Annotated[int, typer.Option("--max-nodes", help="Above this, show the most central nodes.")] = 1500,
    data: DataOpt = None,
    shared: SharedOpt = None,
    with_: WithOpt = None,
    store: StoreOpt = None,
) -> None:
    """Render an interactive, offline HTML view of the ecosystem, an ego network, a path, a community or a theme."""
    from healthgraph import network
    from healthgraph.views.pages import render_page, write_page
    from healthgraph.views.selection import select_view

    graph = _projected(view, as_of, data, shared, with_, store)
    try:
        if page_kind in ("ego", "path") and focus:
            _succession(graph, focus, *([to] if to else []))
        subgraph, title = select_view(graph, page_kind, focus, to, radius)
        page = render_page(subgraph, title + (f" (as of {as_of})" if as_of else ""), size_by, max_nodes)
    except (network.UnknownName, network.NoPath, ValueError) as exc:
        raise _fail(str(exc).strip("'\"")) from None
    write_page(page, output)
    typer.echo(f"wrote {output} ({len(page) / 1e6:.2f} MB, {subgraph.number_of_nodes()} nodes)")


MetaOpt = Annotated[str | None, typer.Option(help="Overrides the document's header.")]


@app.command()
def extract(
    file: Annotated[
        Path, typer.Argument(help="A text (.txt, with an optional SOURCE:/TITLE:/DATE: header), HTML or PDF.")
    ],
    out: Annotated[Path | None, typer.Option("--out", help="Review CSV (default: out/extracted/FILE.csv).")] = None,
    source_id: MetaOpt = None,
    title: MetaOpt = None,
    author: MetaOpt = None,
    publisher: MetaOpt = None,
    date: MetaOpt = None,
    url: MetaOpt = None,
    data: DataOpt = None,
    shared: SharedOpt = None,
) -> None:
    """Extract the facts an article states as reviewable candidates, each with the offsets of its words."""
    from healthgraph.pipeline import build_graph
    from healthgraph.sources.articles.extract import extract as extract_facts
    from healthgraph.sources.articles.reading import DocumentError
    from healthgraph.sources.articles.review import write_review

    given = {"source_id": source_id, "title": title, "author": author, "publisher": publisher, "date": date}
    metadata = {key: value for key, value in {**given, "url": url}.items() if value}
    try:
        graph = build_graph(data, shared).union()
        extraction = extract_facts(file, graph, metadata)
    except DataErrors as exc:
        raise _fail(f"build failed:\n{exc}") from None
    except DocumentError as exc:
        raise _fail(str(exc)) from None
    if not extraction.candidates:
        raise _fail(f"{file}: no fact found (no entity of the graph and no fact pattern matched); nothing written")
    target = out or Path("out") / "extracted" / f"{file.stem}.csv"
    try:
        rows = write_review(target, extraction.candidates, extraction.source["id"], extraction.source)
    except OSError as exc:
        raise _fail(f"cannot write {target}: {exc.strerror or exc}") from None
    typer.echo(
        f"{file}: source '{extraction.source['id']}' ({extraction.source.get('date') or 'undated'}), "
        f"{rows} candidates in {extraction.seconds:.2f} s"
    )
    typer.echo(f"{'kind':10s} {'new':>5s} {'known':>6s} {'conflict':>9s} {'total':>6s}")
    summary = extraction.summary()
    for kind, counts in sorted(summary.items(), key=lambda item: item[0] == "total"):
        typer.echo(
            f"{kind:10s} {counts.get('new', 0):5d} {counts.get('known', 0):6d} {counts.get('conflict', 0):9d} "
            f"{counts['total']:6d}"
        )
    typer.echo(f"wrote {target}: set 'decision' to accept or reject on each row")


@app.command()
def accept(
    review: Annotated[Path, typer.Argument(help="A review CSV written by 'healthgraph extract', with decisions.")],
    data: DataOpt = None,
    shared: SharedOpt = None,
) -> None:
    """Add the rows marked 'accept' (and their source) to the curated records; nothing if one breaks a rule."""
    from healthgraph.pipeline import accept_review

    if not review.is_file():
        raise _fail(f"{review}: no such review file")
    try:
        added = accept_review(review, data, shared)
    except DataErrors as exc:
        raise _fail(f"nothing accepted: {len(exc.errors)} problem(s)\n{exc}") from None
    except OSError as exc:  # data/ being written by another process (BusyError), or not writable
        raise _fail(str(exc)) from None
    if not added:
        typer.echo(f"{review}: nothing to add (no row accepted, or every accepted row is already in the records)")
        return
    for table, count in added.items():
        typer.echo(f"added {count} row(s) to {table}.csv")
    typer.echo("run 'make run' (or 'healthgraph build') to rebuild the graph with them")


ImportSource = Annotated[str, typer.Argument(help="The dataset: anr-dgpie (reconcile also takes ror or finess).")]


def _anr_paths(projects: Path | None, partners: Path | None) -> tuple[Path, Path]:
    from healthgraph import settings
    from healthgraph.sources.anr import PARTNERS_FILE, PROJECTS_FILE

    folder = settings.shared_dir() / "data"
    return projects or folder / PROJECTS_FILE, partners or folder / PARTNERS_FILE


@app.command("import")
def import_dataset(
    source: ImportSource,
    projects: Annotated[Path | None, typer.Option("--projects", help="ANR projects CSV.")] = None,
    partners: Annotated[Path | None, typer.Option("--partners", help="ANR partners CSV.")] = None,
    out: OutOpt = Path("out"),
) -> None:
    """Import an open dataset (the ANR France 2030/PIA projects and partners) into its own named graph."""
    from healthgraph import settings
    from healthgraph.files import atomic_write
    from healthgraph.namespaces import GRAPH_CURATED
    from healthgraph.pipeline import build_graph
    from healthgraph.sources.anr import import_anr_files

    if source != "anr-dgpie":
        raise _fail(f"unknown dataset '{source}': only anr-dgpie is supported")
    projects_file, partners_file = _anr_paths(projects, partners)
    try:
        curated = build_graph().graph(GRAPH_CURATED)
        imported = import_anr_files(curated, projects_file, partners_file, settings.data_dir())
    except (DataErrors, ValueError) as exc:
        raise _fail(f"import failed:\n{exc}") from None
    target = out / "anr-dgpie.ttl"

    def write(temp: Path) -> None:
        imported.graph.serialize(destination=temp, format="turtle", encoding="utf-8")

    atomic_write(target, write)
    typer.echo(
        f"projects: {imported.projects}\npartner rows: {imported.partner_rows} "
        f"({imported.unnamed_partner_rows} without an organisation name)\n"
        f"organisations: {imported.organisations} (of which {imported.curated_matches} curated entities)\n"
        f"allocated amount: {imported.funded_amount:,.2f} EUR\ntriples: {len(imported.graph)}\n"
        f"regions not mapped: {dict(imported.unmatched_regions) or 'none'}\nwrote {target}"
    )


@app.command()
def reconcile(
    source: ImportSource,
    partners: Annotated[Path | None, typer.Option("--partners", help="ANR partners CSV.")] = None,
    crosswalk: Annotated[Path | None, typer.Option("--crosswalk", help="Crosswalk CSV to create or update.")] = None,
) -> None:
    """Propose or update the crosswalk of organisation spellings (decisions already made are kept)."""
    from healthgraph import settings
    from healthgraph.namespaces import GRAPH_CURATED
    from healthgraph.pipeline import build_graph
    from healthgraph.sources.anr import partner_spellings
    from healthgraph.sources.reconcile import curated_names, propose, read_crosswalk, write_crosswalk

    if source in ("ror", "finess"):
        _reconcile_registry(source, crosswalk)
        return
    if source != "anr-dgpie":
        raise _fail(f"unknown dataset '{source}': use anr-dgpie, ror or finess")
    _, partners_file = _anr_paths(None, partners)
    target = crosswalk or settings.data_dir() / "anr_crosswalk.csv"
    try:
        curated = curated_names(build_graph().graph(GRAPH_CURATED))
        names = partner_spellings(partners_file)
    except DataErrors as exc:
        raise _fail(str(exc)) from None
    rows = propose(names, curated, read_crosswalk(target))
    write_crosswalk(rows, target)
    methods = {m: sum(1 for r in rows if r.method == m) for m in ("normalised", "curated", "fuzzy", "acronym")}
    review = sum(1 for r in rows if not r.decision)
    typer.echo(f"{len(rows)} spellings: {methods}; {review} to review; wrote {target}")


def _reconcile_registry(registry: str, crosswalk: Path | None) -> None:
    """Regenerate a registry's crosswalk (ROR or FINESS) against the curated entities and ANR organisations."""
    from healthgraph.sources.registry_reconcile import reconcile_registry

    try:
        done = reconcile_registry(registry, crosswalk=crosswalk)
    except (DataErrors, ValueError, OSError) as exc:
        raise _fail(str(exc)) from None
    typer.echo(
        f"{done.rows} candidates: {done.methods}; {done.same} same, {done.different} different, "
        f"{done.waiting} to review; wrote {done.path}"
    )
