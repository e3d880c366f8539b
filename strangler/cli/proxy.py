"""`strangler proxy`, `strangler route set` and `strangler diff`: the strangler-fig proxy."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from strangler.cli.formats import TextOrJson

EXIT_BAD_INPUT = 2


def _load(config: Path):  # type: ignore[no-untyped-def]
    from strangler.proxy.config import ProxyConfigError, parse_proxy_config

    try:
        return parse_proxy_config(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ProxyConfigError) as exc:
        typer.echo(f"error: {config}: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def proxy_command(
    config: Annotated[Path, typer.Option("--config", help="The route table.")] = Path(
        "strangler.toml"),
    listen: Annotated[str | None, typer.Option("--listen", help="HOST:PORT (default from the "
                                               "table, 127.0.0.1:8080).")] = None,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log",
                                             help="One JSON line per request on "
                                             "stderr.")] = True,
) -> None:
    """Run the proxy: legacy by default, per-route shadow / canary / new, reloads on change."""
    import asyncio  # here, not at the top: `strangler analyze` need not pay for it
    import logging
    from dataclasses import replace

    try:
        from strangler.proxy.server import start_proxy
    except ImportError as exc:  # the proxy's dependencies are an extra
        typer.echo(f"error: the proxy needs its extra dependencies ({exc.name} is missing): "
                   "pip install 'strangler[proxy]'", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None

    table = _load(config)
    if listen:
        host, _, port = listen.rpartition(":")
        table = replace(table, listen=(host or "127.0.0.1", int(port)))
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    async def run() -> None:
        proxy = await start_proxy(table, config,
                                  access_log=sys.stderr.buffer if access_log else None)
        typer.echo(f"proxy on http://{table.listen[0]}:{proxy.port}, admin on "
                   f"http://{table.admin[0]}:{proxy.admin_port}/_strangler/metrics "
                   f"(default route: {table.legacy})", err=True)
        try:
            await asyncio.Event().wait()
        finally:
            await proxy.close()

    try:
        with contextlib.suppress(KeyboardInterrupt):
            try:
                import uvloop  # optional: about 1.4x the throughput of asyncio's own loop
            except ImportError:
                asyncio.run(run())
            else:
                uvloop.run(run())
    except OSError as exc:
        typer.echo(f"error: cannot listen on {table.listen[0]}:{table.listen[1]} or the admin "
                   f"port {table.admin[0]}:{table.admin[1]}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


route_app = typer.Typer(help="Change the route table.", no_args_is_help=True)


@route_app.command("set")
def route_set(
    prefix: Annotated[str, typer.Argument(help="The route's prefix, e.g. /billing.")],
    mode: Annotated[str, typer.Argument(help="legacy, shadow, canary or new.")],
    percent: Annotated[int | None, typer.Option("--percent", help="Canary share.")] = None,
    config: Annotated[Path, typer.Option("--config", help="The route table.")] = Path(
        "strangler.toml"),
) -> None:
    """Set a route's mode; a running proxy picks it up without a restart."""
    from strangler.proxy.table_edit import set_route_mode

    _edit(config, lambda text: set_route_mode(text, prefix, mode, percent))
    typer.echo(f"{prefix}: {mode}" + (f" {percent}%" if percent is not None else ""))


def chaos_command(
    prefix: Annotated[str, typer.Argument(help="The route's prefix, e.g. /billing.")],
    latency_ms: Annotated[int, typer.Option("--latency-ms", help="Added latency.")] = 0,
    error_rate: Annotated[float, typer.Option("--error-rate", help="Share of requests "
                                              "answered 503 (0-1).")] = 0.0,
    reset_rate: Annotated[float, typer.Option("--reset-rate", help="Share of connections "
                                              "dropped (0-1).")] = 0.0,
    config: Annotated[Path, typer.Option("--config", help="The route table.")] = Path(
        "strangler.toml"),
) -> None:
    """Inject faults on a route's new path (all zero: stop); the proxy reloads it live."""
    from strangler.proxy.table_edit import set_route_chaos

    _edit(config, lambda text: set_route_chaos(text, prefix, latency_ms, error_rate,
                                               reset_rate))
    typer.echo(f"{prefix}: chaos latency {latency_ms} ms, errors {error_rate:.0%}, resets "
               f"{reset_rate:.0%}")


def _edit(config: Path, change: Callable[[str], str]) -> None:
    """Change the table under a lock, atomically, keeping its comments, mode and symlink: a
    running proxy never reads half a file, and concurrent edits all land."""
    from strangler.adapters.locked_edit import edit_locked
    from strangler.proxy.config import ProxyConfigError

    try:
        edit_locked(config, change)
    except (OSError, UnicodeDecodeError, ProxyConfigError) as exc:
        typer.echo(f"error: {config}: {exc}; not changed", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def diff_command(
    config: Annotated[Path, typer.Option("--config", help="The route table.")] = Path(
        "strangler.toml"),
    route: Annotated[list[str] | None, typer.Option(
        "--route", help="Only this route's prefix (repeat for several): the exit code says "
        "whether all of them are ready.")] = None,
    output_format: Annotated[TextOrJson, typer.Option(
        "--format", help="text, or json for CI.")] = TextOrJson.text,
) -> None:
    """Shadow comparisons per route: match rate, copies dropped or failed, top differing
    fields, ready to promote? The exit code answers, for CI."""
    import sqlite3

    from strangler.proxy.diff_report import build_report, render
    from strangler.proxy.store import read_summaries

    table = _load(config)
    named = tuple(r.rstrip("/") or "/" for r in route or ())
    unknown = sorted(set(named) - {r.prefix for r in table.routes})
    if unknown:
        typer.echo(f"error: no route {', '.join(unknown)} in {config} (routes: "
                   f"{', '.join(r.prefix for r in table.routes) or 'none'})", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        path, summaries = read_summaries(table, config)
    except (sqlite3.Error, OSError) as exc:
        typer.echo(f"error: cannot read the diff store: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    report = build_report(str(path), summaries, named)
    typer.echo(render(report, "json" if output_format == "json" else "text"), nl=False)
    raise typer.Exit(report.exit_code)
