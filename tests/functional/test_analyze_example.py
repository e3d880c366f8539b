"""`strangler analyze` end to end on the example monolith, through the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strangler.cli.app import app

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "legacy_monolith"


def _analyze(tmp_path: Path, *extra: str, out: str = "out") -> tuple[dict, Path]:  # type: ignore[type-arg]
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--out", str(tmp_path / out),
                                      "--cache-dir", str(tmp_path / "cache"), *extra])
    assert result.exit_code == 0, result.output
    return json.loads((tmp_path / out / "analysis.json").read_text()), tmp_path / out


@pytest.fixture(scope="module")
def analysis(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    document, _ = _analyze(tmp_path_factory.mktemp("example"))
    return document


def test_schema_and_summary(analysis: dict) -> None:  # type: ignore[type-arg]
    assert analysis["schema_version"] == "2.2"
    for key in ("modules", "dependencies", "routes", "tables", "cycles", "external",
                "problems", "seams"):
        assert key in analysis
    assert analysis["summary"]["modules"] == len(analysis["modules"]) >= 30
    assert analysis["problems"] == []
    assert {"billing", "accounts", "catalog"} <= {s["name"] for s in analysis["seams"]}
    assert set(analysis["metrics"]) == {"proposal", "packages", "import_louvain"}
    assert analysis["plan"][0]["order"] == 1


def test_concrete_import_and_lazy_import(analysis: dict) -> None:  # type: ignore[type-arg]
    imports = {(i["source"], i["target"], i["line"], tuple(i["flags"]))
               for i in analysis["imports"]}
    assert ("streamflix.billing.payments", "streamflix.notifications.email", 9, ()) in imports
    assert ("streamflix.playback.service", "streamflix.billing.subscriptions", 41,
            ("lazy",)) in imports
    assert any(s == "streamflix.notifications.email" and f == ("type_only",)
               for s, _, _, f in imports)


def test_concrete_routes_with_full_paths(analysis: dict) -> None:  # type: ignore[type-arg]
    routes = {(tuple(r["methods"]), r["path"], r["handler"]) for r in analysis["routes"]}
    assert (("GET",), "/billing/plans", "streamflix.billing.routes.list_plans") in routes
    assert (("POST",), "/billing/payments/<int:payment_id>/refund",
            "streamflix.billing.routes.refund_payment") in routes
    assert (("GET",), "/billing/audit", "streamflix.billing.routes.audit_log") in routes
    assert (("GET",), "/catalog/titles", "streamflix.catalog.routes.list_titles") in routes
    assert (("GET",), "/recommendations/popular",
            "streamflix.recommendations.routes.popular") in routes
    assert len(routes) == 40
    assert analysis["unresolved_routes"] == []


def test_concrete_tables_with_writers(analysis: dict) -> None:  # type: ignore[type-arg]
    tables = {t["name"]: t for t in analysis["tables"]}
    audit_writers = {w["module"] for w in tables["billing_audit_log"]["writers"]}
    assert "streamflix.billing.audit" in audit_writers
    subscription_writers = {w["module"] for w in tables["subscriptions"]["writers"]}
    assert "streamflix.billing.subscriptions" in subscription_writers
    subscription_readers = {r["module"] for r in tables["subscriptions"]["readers"]}
    assert {"streamflix.playback.service", "streamflix.accounts.service"} <= subscription_readers
    assert [m["name"] for m in tables["users"]["models"]] == ["streamflix.models.user.User"]


def test_cycle_between_billing_and_notifications(analysis: dict) -> None:  # type: ignore[type-arg]
    cycles = [set(c["modules"]) for c in analysis["cycles"]]
    assert any({"streamflix.billing.payments", "streamflix.notifications.email"} <= c
               for c in cycles)


def test_god_module_is_the_most_imported(analysis: dict) -> None:  # type: ignore[type-arg]
    importers: dict[str, set[str]] = {}
    for dependency in analysis["dependencies"]:
        importers.setdefault(dependency["target"], set()).add(dependency["source"])
    most = max(importers, key=lambda m: len(importers[m]))
    assert most == "streamflix.common.utils"


def test_same_input_gives_byte_identical_json_and_markdown(tmp_path: Path) -> None:
    _, first = _analyze(tmp_path, "--no-cache", out="a")
    _, second = _analyze(tmp_path, out="b")  # through the cache, cold
    _, third = _analyze(tmp_path, out="c")  # through the cache, warm
    for name in ("analysis.json", "report.md", "graph.dot"):
        content = (first / name).read_bytes()
        assert content == (second / name).read_bytes() == (third / name).read_bytes(), name


def test_format_json_prints_the_analysis(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--out", str(tmp_path / "o"),
                                      "--no-cache", "--format", "json", "--no-svg"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["routes"] == 40


def test_cache_reparses_only_changed_files(tmp_path: Path) -> None:
    project = tmp_path / "copy"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    runner = CliRunner()
    args = ["analyze", str(project), "--out", str(tmp_path / "o"), "--cache-dir",
            str(tmp_path / "cache"), "--no-svg"]
    first = runner.invoke(app, args)
    assert "39 files parsed, 0 from cache" in first.output
    assert "reused the last analysis" in runner.invoke(app, args).output
    target = project / "streamflix" / "billing" / "plans.py"
    target.write_text(target.read_text() + "\nfrom streamflix.catalog import pricing\n")
    third = runner.invoke(app, args)
    assert "1 files parsed, 38 from cache" in third.output
    imports = json.loads((tmp_path / "o" / "analysis.json").read_text())["imports"]
    assert any(i["source"] == "streamflix.billing.plans" and i["target"] ==
               "streamflix.catalog.pricing" for i in imports)


def test_report_md_has_the_sections(tmp_path: Path) -> None:
    _, out = _analyze(tmp_path, "--no-cache")
    report = (out / "report.md").read_text()
    for heading in ("## Summary", "## Services", "## Couplings between services",
                    "## Migration plan", "## Data ownership conflicts", "## Import cycles",
                    "## Routes", "## Tables", "## Problems"):
        assert heading in report
    # the summary comes first, before any long list
    assert report.index("## Summary") < report.index("## Import cycles")
    assert "**First step:** extract **" in report
    assert "| `billing_audit_log` |" in report or "billing\\_audit\\_log" in report


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed")
def test_graph_svg_is_rendered_when_graphviz_is_installed(tmp_path: Path) -> None:
    _, out = _analyze(tmp_path, "--no-cache")
    svg = (out / "graph.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "streamflix.billing.payments" in svg


def test_example_monolith_own_tests_pass() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "tests"], cwd=EXAMPLE, capture_output=True, text=True, env=env,
                            timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_a_file_name_that_is_not_utf8_is_analyzed_and_reported(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    (project / "pkg").mkdir(parents=True)
    (project / "pkg" / "__init__.py").write_text("")
    (project / "pkg" / "main.py").write_text("import os\n")
    with open(os.fsencode(project / "pkg") + b"/caf\xe9.py", "wb") as handle:
        handle.write(b"from pkg import main\n")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}  # a terminal that refuses them
    command = [sys.executable, "-m", "strangler", "analyze", str(project), "--out",
               str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache")]
    for _ in range(2):  # cold, then through the cache
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr[-2000:]
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_bytes())
    name = b"pkg/caf\xe9.py".decode("utf-8", "surrogateescape")
    assert name in [m["path"] for m in analysis["modules"]]
    for report in ("report.md", "graph.dot", "index.html"):
        (tmp_path / "out" / report).read_bytes().decode("utf-8")  # valid UTF-8
