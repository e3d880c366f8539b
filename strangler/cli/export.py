"""`strangler export nginx|envoy`: the route table for a production proxy."""

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

    table = _load(config)
    try:
        text = render_nginx(table, prefix_dir, listen)
    except ValueError as exc:
        typer.echo(f"error: {config}: {exc}", err=True)
        raise typer.Exit(2) from None
    _write(text, out, "nginx configuration")


def _load(config: Path):  # type: ignore[no-untyped-def]
    from strangler.proxy.config import ProxyConfigError, parse_proxy_config

    try:
        return parse_proxy_config(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ProxyConfigError) as exc:
        typer.echo(f"error: {config}: {exc}", err=True)
        raise typer.Exit(2) from None


def _write(text: str, out: Path | None, what: str) -> None:
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: cannot write {out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{what} written to {out}", err=True)


@export_app.command("envoy")
def export_envoy(
    config: Annotated[Path, typer.Option("--config", help="The route table.")] = Path(
        "strangler.toml"),
    out: Annotated[Path | None, typer.Option("--out", help="Write here (default: "
                                             "stdout).")] = None,
    listen: Annotated[str | None, typer.Option("--listen", help="HOST:PORT Envoy listens "
                                               "on (default: the table's).")] = None,
    admin_port: Annotated[int | None, typer.Option("--admin-port", help="Envoy's admin "
                                                   "port, on 127.0.0.1 (default: the "
                                                   "table's admin port).")] = None,
    compare: Annotated[str | None, typer.Option("--compare", help="URL of `strangler "
                                                "compare`: shadow copies go there and are "
                                                "compared (default: straight to the new "
                                                "service, not compared).")] = None,
    access_log: Annotated[str, typer.Option("--access-log", help="Where Envoy writes its "
                                            "JSON access log.")] = "/dev/stdout",
) -> None:
    """Write a static Envoy bootstrap for the same routes (mirror, sticky canary, fallback
    with outlier detection)."""
    from strangler.export.envoy import render_envoy
    from strangler.settings.schema import check_url

    table = _load(config)
    try:
        if compare is not None:
            check_url(compare, "--compare")
        text = render_envoy(table, listen, admin_port, compare, access_log)
    except ValueError as exc:
        typer.echo(f"error: {config}: {exc}", err=True)
        raise typer.Exit(2) from None
    _write(text, out, "Envoy bootstrap")
