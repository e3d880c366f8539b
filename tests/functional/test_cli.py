from typer.testing import CliRunner

from strangler import __version__
from strangler.cli.app import app


def test_version_and_every_command_has_help() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["--version"]).output.strip() == f"strangler {__version__}"
    for command in (["analyze"], ["check"], ["extract"], ["proxy"], ["diff"], ["chaos"],
                    ["route", "set"], ["export", "nginx"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage" in result.output
