"""`strangler check`: declared seams, baseline, output formats, exit codes."""

from __future__ import annotations

import json
import shutil
import tomllib
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


def _baseline(root: Path) -> list[dict[str, str]]:
    return json.loads((root / "strangler-baseline.json").read_text())["violations"]


def test_baseline_freezes_existing_violations_and_reports_fixes(project: Path) -> None:
    # Accepting the seams wrote today's data coupling (reads and writes of another seam's
    # tables) as the baseline; the interfaces cover every code dependency.
    accepted = _baseline(project)
    assert accepted and all(v["target"].startswith("table:") for v in accepted)
    playback = project / "streamflix" / "playback" / "routes.py"
    original = playback.read_text()
    playback.write_text(original + "\nfrom streamflix.billing.audit import record\n")
    code, out = _check(project, "--update-baseline")
    assert code == 0 and f"{len(accepted) + 1} violations written" in out
    assert [v for v in _baseline(project) if not v["target"].startswith("table:")] == [
        {"source": "streamflix.playback.routes", "target": "streamflix.billing.audit",
         "symbol": "record"}]
    code, out = _check(project)
    assert code == 0 and f"0 new violations, {len(accepted) + 1} known" in out
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


def test_a_new_write_to_another_seams_table_fails_and_a_misspelled_table_is_bad_input(
        project: Path) -> None:
    config = tomllib.loads((project / "strangler.toml").read_text())
    assert "billing_audit_log" in config["seams"]["billing"]["tables"]
    assert "billing_audit_log" not in config["seams"]["playback"].get("tables", [])
    code, out = _check(project)
    assert code == 0, out
    playback = project / "streamflix" / "playback" / "routes.py"
    playback.write_text(playback.read_text() + "\n\ndef audit(db):\n"
                        "    db.execute(\"INSERT INTO billing_audit_log VALUES (1)\")\n")
    line = len(playback.read_text().splitlines())
    code, out = _check(project)
    assert code == 1, out
    assert (f"streamflix/playback/routes.py:{line}: strangler/table-owner: seam playback writes "
            "table billing_audit_log, which seam billing owns") in out
    code, out = _check(project, "--format", "sarif")
    rules = {r["ruleId"] for r in json.loads(out)["runs"][0]["results"]}
    assert rules == {"strangler/table-owner"}
    toml = project / "strangler.toml"
    toml.write_text(toml.read_text().replace('"billing_audit_log"', '"billing_audit_logs"'))
    result = CliRunner().invoke(app, ["check", str(project), "--no-cache"])
    assert result.exit_code == 2
    assert "'billing_audit_logs' matches no table (did you mean billing_audit_log" in \
        result.output


def test_write_config_with_tests_included_leaves_check_green(tmp_path: Path) -> None:
    """`check` parses with the default options: a table only the tests use (analyzed with
    --include-tests) is no table to it, and must not be written as a seam's table (check
    would stop with exit 2 right after --write-config)."""
    root = tmp_path / "app"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    tests = root / "streamflix" / "billing" / "tests"
    tests.mkdir()
    (tests / "__init__.py").write_text("")
    (tests / "test_scratch.py").write_text(
        "from streamflix import db\n\n\ndef test_scratch():\n"
        "    db.execute(\"INSERT INTO scratch_rows VALUES (1)\")\n")
    result = CliRunner().invoke(app, ["analyze", str(root), "--out", str(tmp_path / "out"),
                                      "--no-cache", "--no-svg", "--write-config", "-q",
                                      "--include-tests"])
    assert result.exit_code == 0, result.output
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text())
    assert "scratch_rows" in {t["name"] for t in analysis["tables"]}
    assert "scratch_rows" not in (root / "strangler.toml").read_text()
    assert "billing_audit_log" in (root / "strangler.toml").read_text()
    code, out = _check(root)
    assert code == 0, out


def test_write_config_adds_the_seams_to_the_pyproject_that_holds_the_configuration(
        tmp_path: Path) -> None:
    """A project configured in pyproject.toml's [tool.strangler]: a new strangler.toml would
    take its place (its settings, and seams it declares, silently ignored from then on)."""
    root = tmp_path / "app"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    pyproject = root / "pyproject.toml"
    pyproject.write_text('[project]\nname = "streamflix"\n\n[tool.strangler]\n'
                         'examples = "exclude"\n')
    args = ["analyze", str(root), "--out", str(tmp_path / "out"), "--no-cache", "--no-svg",
            "--write-config", "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert not (root / "strangler.toml").exists()
    config = tomllib.loads(pyproject.read_text())["tool"]["strangler"]
    assert config["examples"] == "exclude" and "billing" in config["seams"]
    assert "billing_audit_log" in config["seams"]["billing"]["tables"]
    code, out = _check(root)
    assert code == 0, out
    before = pyproject.read_text()
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "already declares [seams]" in result.output
    assert pyproject.read_text() == before and not (root / "strangler.toml").exists()


def test_write_config_writes_into_the_config_file_the_run_read(tmp_path: Path) -> None:
    """`--config PATH --write-config`: the seams go into PATH, the file the analysis read,
    not a strangler.toml beside the code that `strangler check --config PATH` never reads;
    the baseline of today's data coupling is taken with that configuration too."""
    root = tmp_path / "app"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    team = tmp_path / "team.toml"
    team.write_text('examples = "exclude"\n')
    result = CliRunner().invoke(app, ["analyze", str(root), "--out", str(tmp_path / "out"),
                                      "--no-cache", "--no-svg", "--write-config", "-q",
                                      "--config", str(team)])
    assert result.exit_code == 0, result.output
    assert f"seams written to {team}" in result.output
    assert not (root / "strangler.toml").exists()
    config = tomllib.loads(team.read_text())
    assert config["examples"] == "exclude" and "billing" in config["seams"]
    assert _baseline(root)  # taken with team.toml's seams: the example shares tables
    code, out = _check(root, "--config", str(team))
    assert code == 0, out
