"""What a new user meets first: --help, --format choices, exit codes, the analyze summary,
the pre-commit hook and the CI example."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from typer.testing import CliRunner

from strangler.cli.app import app
from strangler.cli.exit_codes import EXIT_CODES, markdown_table
from strangler.report.overview import first_step

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "legacy_monolith"


def _commands() -> dict[str, Any]:
    """Every leaf command of the CLI by its full name ("analyze", "route set", ...)."""
    found: dict[str, Any] = {}

    def walk(command: Any, prefix: str) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            if getattr(sub, "commands", None):
                walk(sub, f"{prefix}{name} ")
            else:
                found[prefix + name] = sub

    walk(typer.main.get_command(app), "")
    return found


def _help(name: str) -> str:
    result = CliRunner().invoke(app, [*name.split(), "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_help_keeps_square_brackets_for_every_command() -> None:
    commands = _commands()
    assert {"analyze", "check", "extract", "proxy", "diff", "chaos", "route set",
            "export nginx"} <= set(commands)
    assert "[seams]" in _help("check") and "[seams]" in _help("analyze")
    assert "[tool.strangler]" in _help("analyze")
    bracketed = 0
    for name, command in commands.items():
        output = _squeezed(_help(name))
        texts = [command.help or ""] + [p.help or "" for p in command.params]
        for token in re.findall(r"\[[^\]\s]+\]", " ".join(texts)):
            bracketed += 1
            assert _squeezed(token) in output, (name, token)
    assert bracketed >= 3


def test_format_lists_its_choices_and_refuses_others() -> None:
    choices = {"analyze": "[text|json]", "check": "[text|json|sarif]",
               "extract": "[text|json]", "diff": "[text|json]"}
    for name, listed in choices.items():
        assert listed in _help(name), name
    result = CliRunner().invoke(app, ["check", str(EXAMPLE), "--format", "xml"])
    assert result.exit_code == 2 and "'xml' is not one of" in result.output


def test_every_command_documents_its_exit_codes_in_help_and_readme() -> None:
    assert set(EXIT_CODES) == set(_commands())
    for name, codes in EXIT_CODES.items():
        help_text = _help(name)
        assert "Exit codes:" in help_text
        for code, text in codes:
            assert f"{code}  {text}" in help_text, (name, code)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme


def test_documented_exit_codes_are_the_real_ones(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["analyze", str(tmp_path / "missing")]).exit_code == 2
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--out", str(blocker), "--no-cache",
                                 "--no-svg", "-q"])
    assert result.exit_code == 3
    root = tmp_path / "mono"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    assert runner.invoke(app, ["check", str(root), "--no-cache"]).exit_code == 2  # no [seams]
    assert runner.invoke(app, ["analyze", str(root), "--out", str(tmp_path / "out"),
                               "--no-cache", "--no-svg", "--write-config", "-q"]).exit_code == 0
    result = runner.invoke(app, ["check", str(root), "--no-cache", "--update-baseline",
                                 "--baseline", str(blocker / "baseline.json")])
    assert result.exit_code == 3 and "cannot write the baseline" in result.output


def test_analyze_names_the_services_and_the_first_step(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--out", str(tmp_path / "out"),
                                      "--cache-dir", str(tmp_path / "cache"), "--no-svg"])
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "out" / "analysis.json").read_text())
    lines = result.output.splitlines()
    services = next(line for line in lines if line.startswith("services, in migration order:"))
    in_order = [step["seam"] for step in document["plan"]]
    named = re.findall(r"(\w+) \(\d+ modules?, [\d,]+ code lines\)", services)
    assert named == in_order and len(named) == len(document["seams"]) >= 3
    first = first_step(document)
    assert first is not None
    assert f"first step: extract {first['seam']}: {first['why']}" in lines
    command = next(line for line in lines if "strangler extract" in line).split(": ", 1)[1]
    argv = shlex.split(command)
    assert argv[:3] == ["strangler", "extract", first["seam"]]
    dry_run = CliRunner().invoke(app, [*argv[1:], "--cache-dir", str(tmp_path / "cache")])
    assert dry_run.exit_code == 0 and "dry run: nothing written" in dry_run.output


def test_pre_commit_hook_runs_a_real_command(tmp_path: Path) -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and [h["id"] for h in hooks] == ["strangler-check"]
    hook = hooks[0]
    assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"
    assert hook["pass_filenames"] is False  # check takes the project's root, not file names
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    program, command, *options = shlex.split(hook["entry"])
    assert program in scripts and command in _commands()
    root = tmp_path / "mono"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    assert CliRunner().invoke(app, ["analyze", str(root), "--out", str(tmp_path / "out"),
                                    "--no-cache", "--no-svg", "--write-config",
                                    "-q"]).exit_code == 0
    # pre-commit runs the entry with the hook's args in the repository's root.
    argv = [sys.executable, "-m", "strangler", command, *options, *hook["args"], "--no-cache"]
    assert subprocess.run(argv, cwd=root, capture_output=True, timeout=120).returncode == 0
    playback = root / "streamflix" / "playback" / "routes.py"
    playback.write_text(playback.read_text() + "\nfrom streamflix.billing.audit import record\n")
    run = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "streamflix/playback/routes.py" in run.stdout


def test_github_actions_example_uploads_the_sarif_check_writes(tmp_path: Path) -> None:
    workflow = yaml.safe_load((REPO / "docs" / "ci" / "github-actions-strangler.yml")
                              .read_text(encoding="utf-8"))
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["seams"]["steps"]
    check = next(s for s in steps if "strangler check" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith(
        "github/codeql-action/upload-sarif@"))
    command, _, target = check["run"].partition(" > ")
    assert target == upload["with"]["sarif_file"]
    assert steps.index(check) < steps.index(upload)
    program, *argv = shlex.split(command)
    assert program == "strangler" and argv[:2] == ["check", "."] and "sarif" in argv
    root = tmp_path / "mono"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    assert CliRunner().invoke(app, ["analyze", str(root), "--out", str(tmp_path / "out"),
                                    "--no-cache", "--no-svg", "--write-config",
                                    "-q"]).exit_code == 0
    playback = root / "streamflix" / "playback" / "routes.py"
    playback.write_text(playback.read_text() + "\nfrom streamflix.billing.audit import record\n")
    run = subprocess.run([sys.executable, "-m", "strangler", *argv], cwd=root,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1  # the job's last step fails on it
    sarif = json.loads(run.stdout)
    assert sarif["version"] == "2.1.0"
    assert any("streamflix.billing.audit" in r["message"]["text"]
               for r in sarif["runs"][0]["results"])


@pytest.mark.parametrize("text", ["pipx install strangler", "pip install strangler",
                                  "pip install 'strangler[proxy]'", "make demo", "make test"])
def test_readme_opens_with_install_and_keeps_the_quick_start(text: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert text in readme
    if text.startswith("pip"):  # before any section: the first thing a visitor reads
        assert readme.index(text) < readme.index("\n## ")
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    assert "proxy" in extras
    targets = re.findall(r"^(\w+):", (REPO / "Makefile").read_text(), re.MULTILINE)
    assert {"demo", "test"} <= set(targets)
