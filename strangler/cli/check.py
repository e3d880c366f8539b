"""`strangler check PATH`: fail when code adds a dependency across seams outside interfaces."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from strangler import __version__
from strangler.adapters.cache import DiskStore, NullStore, Store, default_cache_dir
from strangler.adapters.filesystem import LocalFileSystem
from strangler.cli.formats import CheckFormat
from strangler.parse import ParseOptions
from strangler.parse.distributions import keep_scan_in
from strangler.pipeline import CheckRequest, NoDeclaredSeams, NothingToAnalyze, check
from strangler.seams import ConfigError

EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_OUTPUT = 3


def check_command(
    path: Annotated[Path, typer.Argument(help="Root folder of the monolith.")],
    output_format: Annotated[CheckFormat, typer.Option(
        "--format", help="text: file:line and the rule; json; sarif: for code scanning "
        "(GitHub, GitLab).")] = CheckFormat.text,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="Baseline of known violations (default: "
        "PATH/strangler-baseline.json).")] = None,
    update_baseline: Annotated[bool, typer.Option(
        "--update-baseline", help="Write the current violations as the baseline and exit 0.")
    ] = False,
    config: Annotated[Path | None, typer.Option(
        "--config", help="Configuration with the [seams] table (default: strangler.toml, else "
        "pyproject.toml, in PATH).")] = None,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", help="Cache folder.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not use the cache.")] = False,
) -> None:
    """Check that dependencies across the declared seams go through their interfaces."""
    from strangler.check import baseline_text, render_json, render_sarif, render_text

    store: Store = NullStore() if no_cache else DiskStore(cache_dir or default_cache_dir(),
                                                          str(path.resolve()))
    keep_scan_in(None if no_cache else cache_dir or default_cache_dir())
    request = CheckRequest(path=path, parse=ParseOptions(), config_path=config,
                           baseline_path=baseline, update_baseline=update_baseline)
    try:
        result = check(request, LocalFileSystem(), store)
    except (NothingToAnalyze, NoDeclaredSeams, ConfigError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if update_baseline:
        target = baseline or path / "strangler-baseline.json"
        try:
            target.write_text(baseline_text(result.violations), encoding="utf-8")
        except OSError as exc:
            typer.echo(f"error: cannot write the baseline {target}: {exc}", err=True)
            raise typer.Exit(EXIT_OUTPUT) from None
        typer.echo(f"baseline: {len({v.key for v in result.violations})} violations written "
                   f"to {target}")
        return
    if output_format == "json":
        typer.echo(render_json(result), nl=False)
    elif output_format == "sarif":
        typer.echo(render_sarif(result, __version__), nl=False)
    else:
        typer.echo(render_text(result), nl=False)
    if result.failed:
        raise typer.Exit(EXIT_VIOLATIONS)
