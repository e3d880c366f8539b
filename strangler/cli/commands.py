"""The `strangler` command as a typer app: every command, its options and --help."""

from __future__ import annotations

from typing import Annotated

import typer

from strangler.cli.analyze import analyze_command
from strangler.cli.check import check_command
from strangler.cli.compare import compare_command
from strangler.cli.exit_codes import epilog
from strangler.cli.export import export_app
from strangler.cli.extract import extract_command
from strangler.cli.proxy import chaos_command, diff_command, proxy_command, route_app

app = typer.Typer(
    name="strangler",
    help="Analyze a Python monolith and migrate it to services with the strangler-fig pattern.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: rich markup would eat "[seams]" and "[tool.strangler]" from the text.
    rich_markup_mode=None,
    context_settings={"max_content_width": 100},
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


def _document_exit_codes(typer_app: typer.Typer, prefix: str = "") -> None:
    """Put each command's exit codes (strangler/cli/exit_codes.py) under its --help."""
    for info in typer_app.registered_commands:
        name = info.name or (info.callback.__name__ if info.callback else "")
        info.epilog = epilog(prefix + name)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _document_exit_codes(group.typer_instance, f"{prefix}{group.name} ")


_document_exit_codes(app)


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
