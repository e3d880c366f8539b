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


def test_the_proxy_without_its_extra_says_how_to_install_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    table = tmp_path / "strangler.toml"
    table.write_text('[proxy]\nlegacy = "http://127.0.0.1:9"\n')
    script = ("import sys; sys.modules['httptools'] = None; from strangler.cli.app import main;"
              f" sys.argv = ['strangler', 'proxy', '--config', {str(table)!r}]; main()")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "pip install 'strangler[proxy]'" in result.stderr and "httptools" in result.stderr
