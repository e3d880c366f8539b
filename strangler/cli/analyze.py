"""`strangler analyze PATH`: facts and coupling graph of a monolith, written as reports."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from strangler.adapters.cache import DiskStore, NullStore, Store, default_cache_dir
from strangler.adapters.filesystem import LocalFileSystem
from strangler.adapters.writer import OutputError, write_outputs
from strangler.cli.progress import ProgressBar
from strangler.parse import DiscoveryOptions, ParseOptions
from strangler.pipeline import AnalyzeRequest, NothingToAnalyze, analyze

EXIT_BAD_INPUT = 2
EXIT_OUTPUT = 3


def analyze_command(
    path: Annotated[Path, typer.Argument(help="Root folder of the monolith.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the reports.")] = Path(
        "strangler-report"),
    exclude: Annotated[list[str] | None, typer.Option(
        "--exclude", help="Glob on relative paths or dotted module names to leave out "
        "(repeatable).")] = None,
    include_tests: Annotated[bool, typer.Option(
        "--include-tests", help="Analyze test files and folders too.")] = False,
    include_migrations: Annotated[bool, typer.Option(
        "--include-migrations", help="Analyze migration folders too.")] = False,
    output_format: Annotated[str, typer.Option(
        "--format", help="`text` summary, or `json` to print analysis.json to stdout.")] = "text",
    cache_dir: Annotated[Path | None, typer.Option(
        "--cache-dir", help="Cache folder (default: $STRANGLER_CACHE_DIR, "
        "$XDG_CACHE_HOME/strangler or ~/.cache/strangler).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the "
                                           "cache.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Parser processes (0: one per "
                                      "core).")] = 0,
    max_file_size: Annotated[float, typer.Option(
        "--max-file-size", help="Skip files larger than this many MB (generated code).")] = 2.0,
    no_svg: Annotated[bool, typer.Option("--no-svg", help="Do not run Graphviz.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no "
                                        "summary.")] = False,
) -> None:
    """Analyze a monolith: modules, imports, symbol uses, routes, tables, cycles."""
    if output_format not in ("text", "json"):
        typer.echo(f"error: --format must be text or json, not {output_format!r}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    started = time.perf_counter()
    store: Store = NullStore() if no_cache else DiskStore(cache_dir or default_cache_dir(), str(
        path.resolve()))
    request = AnalyzeRequest(
        path=path,
        parse=ParseOptions(
            discovery=DiscoveryOptions(tuple(exclude or ()), include_tests, include_migrations),
            max_file_bytes=int(max_file_size * 1_000_000),
            jobs=jobs,
        ),
        svg=not no_svg,
    )
    bar = ProgressBar("parsing") if not quiet and sys.stderr.isatty() else None
    try:
        result = analyze(request, LocalFileSystem(), store, bar)
    except NothingToAnalyze as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    finally:
        if bar:
            bar.close()
    try:
        write_outputs(out, result.files)
    except OutputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_OUTPUT) from None
    if output_format == "json":
        sys.stdout.write(result.files["analysis.json"].decode())
        return
    if quiet:
        return
    s = result.summary
    elapsed = time.perf_counter() - started
    cache_note = "nothing changed, reused the last analysis" if result.from_cache else (
        f"{result.parsed} files parsed, {result.reused} from cache")
    typer.echo(
        f"{s['modules']} modules, {s['lines']:,} lines ({s['loc']:,} code), "
        f"{s['dependencies']} dependencies, {s['routes']} routes"
        + (f" (+{s['unresolved_routes']} unresolved)" if s["unresolved_routes"] else "")
        + f", {s['tables']} tables, {s['cycles']} import cycles, {s['problems']} problems"
    )
    typer.echo(f"analyzed in {elapsed:.2f}s ({cache_note})")
    for note in result.notes:
        typer.echo(f"note: {note}")
    typer.echo(f"report: {out / 'report.md'} (also analysis.json, graph.dot"
               + (", graph.svg" if "graph.svg" in result.files else "") + ")")
