"""`strangler analyze PATH`: facts and coupling graph of a monolith, written as reports.

The typer command only; the work is strangler/cli/analyze_run.py, which the fast path of
strangler/cli/app.py calls without typer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from strangler.cli.analyze_run import run_analyze
from strangler.cli.formats import TextOrJson


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
        "--include-migrations",
        help="Analyze migrations too: migration folders, and folders of numbered upgrade "
             "scripts (`upgrades/db12.py` defining `do_upgrade`).")] = False,
    output_format: Annotated[TextOrJson, typer.Option(
        "--format",
        help="text: a summary; json: print analysis.json to stdout.")] = TextOrJson.text,
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
    services: Annotated[int, typer.Option(
        "--services", help="Number of services to propose (default: chosen by the tool).")] = 0,
    move: Annotated[list[str] | None, typer.Option(
        "--move", help="What-if: MODULE=SERVICE (glob allowed, repeatable); shows how every "
        "metric changes.")] = None,
    without: Annotated[list[str] | None, typer.Option(
        "--without", help="Switch a seam signal off: static, data, cochange, routes, package, "
        "words "
        "(repeatable).")] = None,
    keep_examples: Annotated[bool, typer.Option(
        "--keep-examples", help="Keep example, demo, fixture and test-support packages in the "
        "proposal (left out by default).")] = False,
    no_seams: Annotated[bool, typer.Option("--no-seams", help="Facts and graph only, no "
                                           "service proposal.")] = False,
    write_config: Annotated[bool, typer.Option(
        "--write-config", help="Accept the proposal: add its [seams] (members, interface, "
        "tables) to PATH/strangler.toml (to pyproject.toml when its [tool.strangler] holds the "
        "configuration), for `strangler check`.")] = False,
    timings: Annotated[bool, typer.Option("--timings", help="Print the time of each stage on "
                                          "stderr.")] = False,
    config: Annotated[Path | None, typer.Option(
        "--config", help="Seam configuration (default: strangler.toml, else [tool.strangler] "
        "in pyproject.toml, in PATH).")] = None,
) -> None:
    """Analyze a monolith: modules, imports, symbol uses, routes, tables, cycles."""
    run_analyze(path=path, out=out, exclude=exclude, include_tests=include_tests,
                include_migrations=include_migrations, output_format=output_format,
                cache_dir=cache_dir, no_cache=no_cache, jobs=jobs, max_file_size=max_file_size,
                no_svg=no_svg, quiet=quiet, services=services, move=move, without=without,
                keep_examples=keep_examples, no_seams=no_seams, write_config=write_config,
                timings=timings, config=config)
