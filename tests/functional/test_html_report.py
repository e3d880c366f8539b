"""The HTML report in a real headless Chromium: renders, clicks, no console errors, escaped."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import build_tree
from typer.testing import CliRunner

from strangler.cli.app import app
from strangler.report.html import render_html

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "legacy_monolith"
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI") == "true"

if CHROMIUM is None and not IN_CI:
    pytest.skip("chromium is not installed (apt-get install chromium); CI installs it",
                allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api") if not IN_CI else __import__(
    "playwright.sync_api", fromlist=["sync_playwright"])

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    assert CHROMIUM is not None, "CI must install chromium"
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=60_000)
        yield instance
        instance.close()


def _open(browser, path: Path):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: errors.append(f"dialog opened: {d.message}"))
    page.on("request", lambda r: errors.append(f"network request: {r.url}")
            if not r.url.startswith(("file:", "data:")) else None)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    return page, errors


def test_report_renders_and_a_seam_click_shows_its_detail(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--out", str(out), "--no-cache",
                                      "--no-svg"])
    assert result.exit_code == 0, result.output
    page, errors = _open(browser, out / "index.html")
    assert page.locator("#nodes .node").count() >= 30  # one node per module
    assert page.locator(".seam-item").count() >= 6
    page.locator(".seam-item", has_text="billing").first.click()
    detail = page.locator("#detail")
    assert "Service billing" in detail.inner_text()
    assert "streamflix.billing.payments" in detail.inner_text()
    assert "billing_audit_log" in detail.inner_text()
    page.fill("#search", "payments")
    assert page.locator("#nodes .node.match").count() == 1
    page.locator("#nodes .node.match circle").click()
    assert "streamflix.billing.payments" in page.locator("#detail h2").inner_text()
    page.mouse.wheel(0, -300)  # zoom must not raise
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"))
    assert errors == []


def test_names_from_the_code_are_escaped(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/app.py": f'''
            from flask import Flask
            from web import helpers
            app = Flask(__name__)

            @app.route("/{hostile}")
            def index():
                return helpers.render()
            ''',
        "web/helpers.py": "def render():\n    return 'x'\n",
        'web/odd"<b>name.py': "from web import helpers\nhelpers.render()\n",
    })
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["analyze", str(root), "--out", str(out), "--no-cache",
                                      "--no-svg"])
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    page, errors = _open(browser, out / "index.html")
    page.locator("#nodes .node").first.wait_for()
    page.fill("#search", "odd")
    page.locator("#nodes .node.match circle").click()
    assert 'web.odd"<b>name' in page.locator("#detail h2").inner_text()
    assert errors == []


def test_big_codebase_opens_at_package_level_and_drills_down(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    modules = [{"name": f"big.pkg{p}.mod{m}", "path": f"big/pkg{p}/mod{m}.py", "loc": 10 + m,
                "package": "big", "is_package": False, "lines": 20}
               for p in range(40) for m in range(50)]
    dependencies = [{"source": f"big.pkg{p}.mod{m}", "target": f"big.pkg{(p + m) % 40}.mod0",
                     "weight": 1.0 + m % 3, "kinds": {"import": 1}}
                    for p in range(40) for m in range(1, 6)]
    document = {
        "root": "big", "summary": {"modules": 2000, "lines": 40000, "routes": 0, "tables": 0,
                                   "cycles": 0, "problems": 0},
        "modules": modules, "dependencies": dependencies, "problems": [], "seams": [],
        "plan": [], "metrics": {}, "proposal": {"assignment": {}, "kernel": [], "roots": []},
    }
    path = tmp_path / "index.html"
    path.write_text(render_html(document))
    page, errors = _open(browser, path)
    assert page.locator("#nodes .node").count() == 40  # packages, not 2,000 modules
    page.locator("#nodes .node circle").first.click()
    page.wait_for_function("document.querySelectorAll('#nodes .node').length === 50")
    page.click("#overview")
    assert page.locator("#nodes .node").count() == 40
    assert errors == []
