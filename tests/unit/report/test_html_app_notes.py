"""The notes on where a seam departs from the project's Django apps (`why.apps`, issue 10)
are shown in the HTML report's service panel, as in report.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import build_tree
from typer.testing import CliRunner

from strangler.cli.app import app
from strangler.report.html import render_html, view_model
from tests.unit.seams.test_apps import _app


def _analyzed(tmp_path: Path) -> tuple[dict, str, str]:  # type: ignore[type-arg]
    """A project of three Django apps with two of them pinned into one service: the
    proposal departs from the apps there, and says so."""
    files: dict[str, str] = {}
    for name in ("orders", "books", "shelves"):
        files.update(_app(name))
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
