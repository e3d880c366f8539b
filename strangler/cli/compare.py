"""`strangler compare`: shadow comparisons behind Envoy (or another proxy that mirrors)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer

from strangler.cli.proxy import EXIT_BAD_INPUT, _load


def _address(value: str, option: str) -> tuple[str, int]:
    from strangler.settings.schema import split_address

    try:
        return split_address(value, option)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def compare_command(
    config: Annotated[Path, typer.Option("--config", help="The route table.")] = Path(
        "strangler.toml"),
    listen: Annotated[str, typer.Option("--listen", help="HOST:PORT where the mirrored "
                                        "copies arrive (`export envoy --compare`).")
                      ] = "127.0.0.1:8090",
    admin: Annotated[str | None, typer.Option("--admin", help="HOST:PORT for "
                                              "/_strangler/metrics (default: none).")
                     ] = None,
) -> None:
    """Receive a proxy's mirrored copies of shadow routes, call legacy and the new service,
    and record the differences for `strangler diff` (Diffy's design)."""
    import asyncio
    import logging

    try:
        from strangler.proxy.compare import start_compare
    except ImportError as exc:  # the proxy's dependencies are an extra
        typer.echo(f"error: compare needs the proxy's extra dependencies ({exc.name} is "
                   "missing): pip install 'strangler[proxy]'", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    table = _load(config)
    where = _address(listen, "--listen")
    admin_at = _address(admin, "--admin") if admin else None
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    async def run() -> None:
        service = await start_compare(table, config, where, admin_at)
        typer.echo(f"compare on http://{where[0]}:{service.port} (diff store: "
                   f"{service.state.store.path if service.state.store else '-'})", err=True)
        try:
            await asyncio.Event().wait()
        finally:
            await service.close()

    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run())
    except OSError as exc:
        typer.echo(f"error: cannot listen on {listen}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
