"""The notes on where a seam departs from the project's Django apps (`why.apps`, issue 10)
are shown in the HTML report's service panel, as in report.md."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import build_tree, django_app
from typer.testing import CliRunner

from strangler.cli.app import app
from strangler.report.html import render_html, view_model


def _analyzed(tmp_path: Path) -> tuple[dict, str, str]:  # type: ignore[type-arg]
    """A project of three Django apps with two of them pinned into one service: the
    proposal departs from the apps there, and says so."""
    files: dict[str, str] = {}
    for name in ("orders", "books", "shelves"):
        files.update(django_app(name))
    files["books/views.py"] += ("from orders.models import Orders\n"
                                "def order(request):\n    return Orders.objects.all()\n")
    files["strangler.toml"] = '[pin]\nshop = ["orders.**", "books.**"]\n'
    source = build_tree(tmp_path / "p", files)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(source), "--out", str(out), "--no-cache",
                                      "--no-svg", "--quiet"])
    assert result.exit_code == 0, result.output
    return (json.loads((out / "analysis.json").read_text()),
            (out / "index.html").read_text(), (out / "report.md").read_text())


def test_the_html_report_shows_where_a_seam_departs_from_the_django_apps(
        tmp_path: Path) -> None:
    analysis, page, markdown = _analyzed(tmp_path)
    shop = next(s for s in analysis["seams"] if s["name"] == "shop")
    notes = shop["why"]["apps"]
    assert notes and notes[0].startswith("holds the Django apps books and orders")
    # report.md states it; the page carries the same notes to the service panel ...
    assert "- Apart from the Django apps: holds the Django apps books and orders" in markdown
    found = re.search(r'id="strangler-data">(.*?)</script>', page, re.S)
    assert found
    data = json.loads(found.group(1))
    shown = next(s for s in data["seams"] if s["name"] == "shop")
    assert shown["why"]["apps"] == notes
    # ... whose script draws them under their own heading, beside "Why together".
    assert 'section("Apart from the Django apps", seam.why.apps' in page
    assert page == render_html(analysis)
    # A seam that follows its app carries no note, and the panel shows no section.
    assert all("apps" not in s["why"] for s in view_model(analysis)["seams"]
               if s["name"] != "shop")


REPORT_JS = Path(__file__).resolve().parents[3] / "templates" / "report" / "report.js"
PANEL = Path(__file__).with_name("service_panel.js")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_service_panel_code_lists_the_notes(tmp_path: Path) -> None:
    """The page's own panel code, run by node on the rendered page's data: the notes are
    listed under their heading; a seam that follows its app has no such section."""
    analysis, _, _ = _analyzed(tmp_path)
    notes = next(s for s in analysis["seams"] if s["name"] == "shop")["why"]["apps"]
    page = tmp_path / "out" / "index.html"

    def panel(seam: str) -> list[str]:
        return subprocess.run(["node", str(PANEL), str(REPORT_JS), str(page), seam],
                              capture_output=True, text=True, check=True,
                              timeout=60).stdout.splitlines()

    headings, shown = panel("shop")
    assert f"Apart from the Django apps ({len(notes)})" in headings.split(" | ")
    assert headings.index("To cut when extracting") < headings.index("Apart from")
    assert shown == "".join(notes)
    follows = next(s["name"] for s in analysis["seams"] if "apps" not in s["why"])
    headings, shown = panel(follows)
    assert "Apart from" not in headings and shown == "NO seam-apps"
