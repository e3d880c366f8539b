"""Seam confidence and the plan's money-or-identity decision, as both reports show them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strangler.cli.app import app
from strangler.report.html import view_model
from strangler.report.overview import CRITICAL, overview

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"
HOT = re.compile(r"handles money or identity data: (.*?); (?:extract|so does)")
TABLE = re.compile(r"(?:^|, )([\w.]+) \((?:money|identity)")


def analyze_example(tmp_path: Path, broken: bool = False) -> tuple[dict, str]:  # type: ignore[type-arg]
    """The example analyzed; with `broken`, one billing file that does not parse."""
    source = tmp_path / "src"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("__pycache__", ".git"))
    if broken:
        (source / "streamflix" / "billing" / "refunds.py").write_text("def refund(:\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(source), "--out", str(out), "--no-cache",
                                      "--no-svg"])
    assert result.exit_code == 0, result.output
    return json.loads((out / "analysis.json").read_text()), (out / "report.md").read_text()


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:  # type: ignore[type-arg]
    return analyze_example(tmp_path_factory.mktemp("broken"), broken=True)


def test_report_md_shows_each_seams_confidence_and_the_summary(broken) -> None:  # type: ignore[no-untyped-def]
    analysis, text = broken
    levels = {s["name"]: s["confidence"] for s in analysis["seams"]}
    billing = next(s for s in analysis["seams"] if "streamflix.billing.payments" in s["modules"])
    assert billing["confidence"] != "high"  # a file of the project did not parse
    # The unparsed file couples to nothing; it sits in billing's package, so it joins
    # billing's seam (`slices.unit_homes`), which says so.
    assert "streamflix.billing.refunds" in billing["modules"]
    assert "1 of its files not parsed" in billing["confidence_notes"]
    counts = {level: list(levels.values()).count(level) for level in ("high", "medium", "low")}
    assert (f"**Confidence:** {counts['high']} high, {counts['medium']} medium, "
            f"{counts['low']} low (not high: ") in text
    services = text.split("## Services", 1)[1].split("Service graph", 1)[0]
    for name, level in levels.items():  # the services table: confidence in the last column
        row = next(line for line in services.splitlines() if line.startswith(f"| **{name}**"))
        assert row.rstrip().endswith(f"| {level} |")
    note = "project: 1 files elsewhere not parsed"
    assert f"- Confidence: **{billing['confidence']}** ({note}" in text


def test_the_reports_mark_money_and_identity_as_the_plan_decides(tmp_path: Path) -> None:
    analysis, text = analyze_example(tmp_path)
    from_plan = {step["seam"]: sorted(TABLE.findall(HOT.search(step["reason"]).group(1)))
                 for step in analysis["plan"] if HOT.search(step["reason"])}
    assert from_plan  # the example has money and identity data (billing, accounts)
    assert {s["name"]: sorted(s["critical_tables"]) for s in analysis["seams"]
            if s["money_or_identity"]} == from_plan
    critical = {t for tables in from_plan.values() for t in tables}
    summary = overview(analysis)
    marked = {row["table"] for row in summary["tables"] if row["kind"] == CRITICAL}
    assert marked == critical & {t["name"] for t in analysis["tables"]}
    # a table is marked for its columns, whatever its name: the old word list called
    # `subscriptions` (plan_code, status, ...) money; `sessions` holds bearer tokens
    assert "subscriptions" not in marked and "sessions" in marked
    for seam in analysis["seams"]:  # the reason names the columns that decided
        step = next(p for p in analysis["plan"] if p["seam"] == seam["name"])
        assert all(why in step["reason"] for why in seam["critical_why"][:3])
    shown = text.replace("\\_", "_")  # as the Markdown escapes it
    assert "users (identity: password_hash, display_name, email)" in shown
    accounts = next(line for line in shown.splitlines() if line.startswith("- Confidence:")
                    and "sessions (identity: token)" in line)
    assert "users (identity: password_hash" in accounts
    assert sorted(summary["critical"]) == sorted(from_plan)
    page = view_model(analysis)
    assert {t["table"] for t in page["tables"] if t["kind"] == CRITICAL} == marked
    assert page["overview"]["critical"] == summary["critical"]
    line = next(x for x in text.splitlines() if x.startswith("**Money or identity data**"))
    assert all(name in line for name in from_plan)
    shared = [row["table"] for row in summary["tables"] if row["kind"] == CRITICAL
              and row["conflict"]]
    if shared:
        assert f"- {CRITICAL}: " in text
