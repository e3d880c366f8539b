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


def test_extract_names_a_dozen_carried_modules_and_counts_the_rest(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A seam importing hundreds of shared modules printed every name on one line (658 on
    langflow): the terminal names CARRIED_LISTED of them and counts the rest."""
    from strangler.cli.extract import CARRIED_LISTED

    root = tmp_path / "proj"
    (root / "app" / "billing").mkdir(parents=True)
    (root / "app" / "common").mkdir()
    for init in ("app", "app/billing", "app/common"):
        (root / init / "__init__.py").write_text("")
    helpers = [f"h{i}" for i in range(CARRIED_LISTED + 3)]
    for helper in helpers:
        (root / "app" / "common" / f"{helper}.py").write_text(f"def {helper}(x):\n    return x\n")
    imports = "".join(f"from app.common.{h} import {h}\n" for h in helpers)
    (root / "app" / "billing" / "pay.py").write_text(
        imports + "def pay(x: int) -> int:\n    return h0(x)\n")
    (root / "app" / "main.py").write_text(
        "from app.billing.pay import pay\n" + imports + "print(pay(1))\n")
    result = CliRunner().invoke(app, ["extract", "app.billing", "--path", str(root)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("carried into"))
    carried = len(helpers) + 2  # the helpers, `app` and `app.common`
    assert f"{carried} shared modules (what the seam imports)" in line
    assert line.count("app.common.h") == CARRIED_LISTED - 2
    assert f"… and {carried - CARRIED_LISTED} more" in line
