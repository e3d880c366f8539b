"""The fast path of `strangler analyze` (strangler/cli/fast.py) reads what typer reads, or
leaves the command line to typer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import strangler.cli.analyze as analyze_module
from strangler.cli.app import app
from strangler.cli.fast import FLAGS, VALUES, analyze_arguments

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "legacy_monolith"

SAMPLES = {  # one value per option the fast path reads
    "--out": "o1", "-o": "o2", "--cache-dir": "c", "--config": "s.toml", "--exclude": "a/*",
    "--move": "x.y=svc", "--without": "words", "--format": "json", "--jobs": "3", "-j": "2",
    "--services": "4", "--max-file-size": "0.5",
}
COMMAND_LINES = [
    ["analyze", "proj"],
    *[["analyze", "proj", flag] for flag in FLAGS],
    *[["analyze", option, value, "proj"] for option, value in SAMPLES.items()],
    *[["analyze", "proj", f"{option}={value}"] for option, value in SAMPLES.items()
      if option.startswith("--")],
    ["analyze", "--exclude", "a", "proj", "--exclude=b", "--without", "routes", "--without",
     "words", "--move", "a=b", "--move", "c.*=d", "-q", "--no-svg", "-j", "1", "--out", "x",
     "--out", "y"],
]


def _typer_arguments(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: list[dict[str, Any]] = []
    monkeypatch.setattr(analyze_module, "run_analyze", lambda **kw: seen.append(kw))
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output
    assert len(seen) == 1
    return seen[0]


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=lambda argv: " ".join(argv[1:]))
def test_the_fast_path_reads_every_option_as_typer_does(
        argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = analyze_arguments(argv, {})
    assert fast is not None
    expected = _typer_arguments(argv, monkeypatch)
    assert fast == expected
    assert [type(value) for value in fast.values()] == [type(v) for v in expected.values()]


def test_every_option_of_analyze_is_known_to_the_fast_path_or_left_to_typer() -> None:
    from typer.main import get_command

    command = get_command(app).commands["analyze"]  # type: ignore[attr-defined]
    names = {name for param in command.params for name in param.opts}
    assert set(FLAGS) | set(VALUES) <= names
    assert names - set(FLAGS) - set(VALUES) == {"path"}  # the one argument


@pytest.mark.parametrize("argv", [
    ["analyze"], ["analyze", "--help"], ["analyze", "p", "--help"], ["analyze", "a", "b"],
    ["analyze", "p", "--ouT", "x"], ["analyze", "p", "-ox"], ["analyze", "p", "-qj1"],
    ["analyze", "p", "--jobs", "two"], ["analyze", "p", "--jobs"], ["analyze", "p", "--out", ""],
    ["analyze", "p", "--format", "JSON"], ["analyze", "p", "--no-svg=1"], ["analyze", "p", "--"],
    ["analyze", "p", "-"], ["analyze", "p", "--out", "-x"], ["analyze", "p", "-o=x"],
    ["check", "p"], ["--version"], [],
])
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert analyze_arguments(argv, {}) is None


def test_shell_completion_is_left_to_typer() -> None:
    assert analyze_arguments(["analyze", "p"], {"_STRANGLER_COMPLETE": "bash_complete"}) is None


def test_a_fast_run_imports_no_typer_and_writes_what_the_typer_run_writes(
        tmp_path: Path) -> None:
    script = ("import sys; sys.modules['typer'] = None\n"  # importing typer would fail
              "from strangler.cli.app import main; main()")
    fast = subprocess.run(
        [sys.executable, "-c", script, "analyze", str(EXAMPLE), "--out", str(tmp_path / "fast"),
         "--no-cache", "--no-svg", "--quiet"], capture_output=True, text=True, timeout=120)
    assert fast.returncode == 0, fast.stderr
    slow = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--out", str(tmp_path / "typer"),
                                    "--no-cache", "--no-svg", "--quiet"])
    assert slow.exit_code == 0, slow.output
    names = sorted(path.name for path in (tmp_path / "typer").iterdir())
    assert names == sorted(path.name for path in (tmp_path / "fast").iterdir())
    assert "analysis.json" in names and "report.md" in names
    for name in names:
        assert (tmp_path / "fast" / name).read_bytes() == (tmp_path / "typer" / name).read_bytes()


def test_fast_run_errors_keep_their_message_and_exit_code(tmp_path: Path) -> None:
    script = "from strangler.cli.app import main; main()"
    bad = subprocess.run([sys.executable, "-c", script, "analyze", str(EXAMPLE), "--services",
                          "-1"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2  # `-1` is left to typer, which passes it on: same check
    assert "--services must be 0" in bad.stderr
    missing = subprocess.run([sys.executable, "-c", script, "analyze", str(tmp_path / "none"),
                              "--out", str(tmp_path / "o"), "--no-cache"],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2
    assert missing.stderr.startswith("error: ")


def test_a_fast_run_flushes_what_it_prints_before_it_exits(tmp_path: Path) -> None:
    script = "from strangler.cli.app import main; main()"
    done = subprocess.run([sys.executable, "-c", script, "analyze", str(EXAMPLE), "--out",
                           str(tmp_path / "o"), "--no-cache", "--no-svg", "--format", "json",
                           "--timings"], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (tmp_path / "o" / "analysis.json").read_bytes()
    assert done.stderr.decode().startswith("timings: parse ")
