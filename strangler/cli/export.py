"""`strangler export nginx`: the route table as an nginx configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

export_app = typer.Typer(help="Hand the route table to a production proxy.",
                         no_args_is_help=True)


@export_app.command("nginx")
def export_nginx(
    config: Annotated[Path, typer.Option("--config", help="The route table.")] = Path(
        "strangler.toml"),
    out: Annotated[Path | None, typer.Option("--out", help="Write here (default: "
                                             "stdout).")] = None,
    prefix_dir: Annotated[str, typer.Option("--prefix-dir", help="Folder for nginx's pid and "
                                            "temp files (when not run as a system "
                                            "service).")] = "",
    listen: Annotated[str | None, typer.Option("--listen", help="HOST:PORT nginx listens "
                                               "on (default: the table's).")] = None,
) -> None:
    """Write the nginx configuration for the same routes (mirror, split_clients, backup)."""
    from strangler.export.nginx import render_nginx
    from strangler.proxy.config import ProxyConfigError, parse_proxy_config

    try:
        table = parse_proxy_config(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ProxyConfigError) as exc:
        typer.echo(f"error: {config}: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        text = render_nginx(table, prefix_dir, listen)
    except ValueError as exc:
        typer.echo(f"error: {config}: {exc}", err=True)
        raise typer.Exit(2) from None
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"nginx configuration written to {out}", err=True)
