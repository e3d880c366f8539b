"""The `strangler` command."""

from __future__ import annotations

import typer

from strangler.cli.analyze import analyze_command
from strangler.cli.check import check_command
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
app.add_typer(route_app, name="route")
app.add_typer(export_app, name="export")


@app.callback()
def _root() -> None:
    """strangler: find the seams of a Python monolith and strangle it safely."""


def main() -> None:
    """Console-script entry point."""
    app()
