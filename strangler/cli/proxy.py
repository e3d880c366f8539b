"""`strangler proxy`, `strangler route set` and `strangler diff`: the strangler-fig proxy."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

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

    from strangler.proxy.server import start_proxy

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
) -> None:
    """Shadow comparisons per route: match rate, top differing fields, ready to promote?"""
    from strangler.proxy.store import DiffStore

    table = _load(config)
    path = Path(table.diff_db)
    if not path.is_absolute():
        path = config.parent / path
    if not path.exists():
        typer.echo(f"no comparisons yet ({path} does not exist)")
        return
    store = DiffStore(str(path), table.diff_max_rows)
    for summary in store.summary(table.promote_min_samples, table.promote_match_rate):
        verdict = "READY to promote" if summary.ready else "not ready"
        typer.echo(f"{summary.route}: {summary.compared} compared, {summary.match_rate:.1%} "
                   f"match: {verdict} ({summary.reason})")
        for name, raw, noise, legacy, new in summary.top_fields:
            typer.echo(f"  {name}: differs {raw}x (noise {noise}x), e.g. legacy={legacy!r} "
                       f"new={new!r}")
    store.close()
