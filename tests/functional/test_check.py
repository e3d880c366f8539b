"""`strangler check`: declared seams, baseline, output formats, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strangler.cli.app import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "mono"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    result = CliRunner().invoke(app, ["analyze", str(root), "--out", str(tmp_path / "out"),
                                      "--no-cache", "--no-svg", "--write-config", "-q"])
    assert result.exit_code == 0, result.output
    return root


def _check(root: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", str(root), "--no-cache", *extra])
    return result.exit_code, result.stdout


def test_accepted_proposal_passes_and_a_new_crossing_fails(project: Path) -> None:
    assert "[seams.billing]" in (project / "strangler.toml").read_text()
    code, out = _check(project)
    assert code == 0, out
    playback = project / "streamflix" / "playback" / "routes.py"
    playback.write_text(playback.read_text()
                        + "\nfrom streamflix.billing.audit import record\n")
    code, out = _check(project)
    assert code == 1
    line = len(playback.read_text().splitlines())
    assert f"streamflix/playback/routes.py:{line}: strangler/seam-interface" in out
    assert "streamflix.billing.audit.record" in out


def test_baseline_freezes_existing_violations_and_reports_fixes(project: Path) -> None:
    playback = project / "streamflix" / "playback" / "routes.py"
    original = playback.read_text()
    playback.write_text(original + "\nfrom streamflix.billing.audit import record\n")
    code, out = _check(project, "--update-baseline")
    assert code == 0 and "1 violations written" in out
    assert json.loads((project / "strangler-baseline.json").read_text())["violations"] == [
        {"source": "streamflix.playback.routes", "target": "streamflix.billing.audit",
         "symbol": "record"}]
    code, out = _check(project)
    assert code == 0 and "0 new violations, 1 known" in out
    playback.write_text(original)  # fixed: the baseline can shrink
    code, out = _check(project)
    assert code == 0 and "1 baseline entries fixed" in out


def test_json_and_sarif_outputs(project: Path) -> None:
    accounts = project / "streamflix" / "accounts" / "routes.py"
    accounts.write_text(accounts.read_text() + "\nfrom streamflix.billing import audit\n"
                        "audit.record(1, 'x', {})\n")
    code, out = _check(project, "--format", "json")
    assert code == 1
    new = json.loads(out)["new"]
    assert new[0]["symbol"] == "record" and new[0]["target_seam"] == "billing"
    code, out = _check(project, "--format", "sarif")
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "strangler/seam-interface"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "streamflix/accounts/routes.py"
    assert location["region"]["startLine"] > 1


def test_no_declared_seams_and_broken_inputs_exit_2(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    (root / "m.py").write_text("x = 1\n")
    code, _ = _check(root)
    assert code == 2
    (root / "strangler.toml").write_text("[seams\n")
    result = CliRunner().invoke(app, ["check", str(root), "--no-cache"])
    assert result.exit_code == 2 and "not valid TOML" in result.output


def test_write_config_never_replaces_declared_seams(project: Path, tmp_path: Path) -> None:
    before = (project / "strangler.toml").read_text()
    result = CliRunner().invoke(app, ["analyze", str(project), "--out", str(tmp_path / "o2"),
                                      "--no-cache", "--no-svg", "--write-config", "-q"])
    assert result.exit_code == 2 and "already declares [seams]" in result.output
    assert (project / "strangler.toml").read_text() == before


def test_write_config_then_check_is_clean_on_a_real_codebase(tmp_path: Path) -> None:
    """Accepting a proposal must never leave violations behind (module imports included)."""
    root = tmp_path / "app"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    extra = root / "streamflix" / "playback" / "uses_module.py"
    extra.write_text("from streamflix.billing import audit  # imported, never called\n")
    result = CliRunner().invoke(app, ["analyze", str(root), "--out", str(tmp_path / "out"),
                                      "--no-cache", "--no-svg", "--write-config", "-q"])
    assert result.exit_code == 0, result.output
    code, out = _check(root)
    assert code == 0, out


def test_write_config_then_check_is_clean_with_a_module_object_used(tmp_path: Path) -> None:
    """A module handed around as an object (`HOLDER.audit = audit`, as CTFd's forms package
    does) is a use without a symbol: the accepted interface must list the whole module."""
    root = tmp_path / "app"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    routes = root / "streamflix" / "playback" / "routes.py"
    routes.write_text(routes.read_text() + "\nfrom streamflix.billing import audit  # noqa\n\n\n"
                      "class _Holder:\n    pass\n\n\nHOLDER = _Holder()\nHOLDER.audit = audit\n")
    result = CliRunner().invoke(app, ["analyze", str(root), "--out", str(tmp_path / "out"),
                                      "--no-cache", "--no-svg", "--write-config", "-q"])
    assert result.exit_code == 0, result.output
    assert '  "streamflix.billing.audit",\n' in (root / "strangler.toml").read_text()
    code, out = _check(root)
    assert code == 0, out
