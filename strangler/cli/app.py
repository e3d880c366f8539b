"""The `strangler` command."""

from __future__ import annotations

import io
import sys
from typing import Annotated

import typer

from strangler.cli.analyze import analyze_command
from strangler.cli.check import check_command
from strangler.cli.compare import compare_command
from strangler.cli.export import export_app
from strangler.cli.extract import extract_command
from strangler.cli.proxy import chaos_command, diff_command, proxy_command, route_app

app = typer.Typer(
    name="strangler",
    help="Analyze a Python monolith and migrate it to services with the strangler-fig pattern.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("analyze")(analyze_command)
app.command("check")(check_command)
app.command("extract")(extract_command)
app.command("proxy")(proxy_command)
app.command("diff")(diff_command)
app.command("chaos")(chaos_command)
app.command("compare")(compare_command)
app.add_typer(route_app, name="route")
app.add_typer(export_app, name="export")


def _version(value: bool) -> None:
    if value:
        from strangler import __version__

        typer.echo(f"strangler {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """strangler: find the seams of a Python monolith and strangle it safely."""


def main() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        # A file name that is not UTF-8 is printed as `\udcxx` instead of ending the run.
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")
    app()
