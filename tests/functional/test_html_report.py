"""The HTML report in a real headless Chromium: renders, clicks, no console errors, escaped."""

from __future__ import annotations

import json
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


# What Cytoscape drew, read from the page: [name, kind, colour, classes] per node.
NODES = ("() => stranglerCy.nodes().map(n => [n.data('name'), n.data('kind'), n.data('color'), "
         "n.classes()])")
# Pairs of nodes whose drawn boxes (node and label) overlap.
COLLISIONS = """() => {
    const boxes = stranglerCy.nodes().map(n => [n.data('name'),
                                                n.boundingBox({includeLabels: true})]);
    const hits = [];
    boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
        if (p.x1 < q.x2 && q.x1 < p.x2 && p.y1 < q.y2 && q.y1 < p.y2) hits.push([a, b]); }));
    return hits; }"""


def _node_point(page, selector: str) -> tuple[float, float, str]:  # type: ignore[no-untyped-def]
    """Where a drawn node is on the screen, for a real mouse click."""
    x, y, name = page.evaluate(f"""() => {{
        const n = stranglerCy.nodes({json.dumps(selector)})[0];
        const box = document.getElementById('graph').getBoundingClientRect();
        const p = n.renderedPosition();
        return [box.left + p.x, box.top + p.y, n.data('name')]; }}""")
    return x, y, name


def test_report_opens_on_the_summary_and_every_view_works(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--out", str(out), "--no-cache",
                                      "--no-svg"])
    assert result.exit_code == 0, result.output
    analysis = json.loads((out / "analysis.json").read_text())
    services = [s["name"] for s in analysis["seams"]]
    page, errors = _open(browser, out / "index.html")
    summary = page.locator("#panel-summary").inner_text()
    assert f"{len(services)} services proposed" in summary
    assert "First step" in summary and "Top risks" in summary
    assert "Fact completeness" in summary and "Against one service per package" in summary
    assert page.locator("#metrics abbr[title]").count() == 11  # every metric explained
    # every service is drawn by Cytoscape, once, with its own colour; edges are arrows
    page.click("#tab-graph")
    drawn = page.evaluate(NODES)
    assert sorted(n[0] for n in drawn) == sorted([*services, "shared kernel"])
    assert {n[1] for n in drawn} == {"service"}
    assert len({n[2] for n in drawn}) == len(drawn)
    arrows = page.evaluate("() => stranglerCy.edges().map(e => e.style('target-arrow-shape'))")
    assert arrows and set(arrows) == {"triangle"}
    weights = {(s["name"], d["seam"]): d["weight"] for s in analysis["seams"]
               for d in s["depends_on"]}
    edges = page.evaluate("() => stranglerCy.edges().map(e => [e.source().data('name'), "
                          "e.target().data('name'), e.data('weight'), e.data('tip')])")
    for source, target, weight, tip in edges:  # each drawn edge is a real coupling, counted
        assert abs(weights[(source, target)] - weight) < 1e-6
        assert f"{source} → {target}" in tip and "module dependenc" in tip
    assert page.evaluate(COLLISIONS) == []  # labels do not collide
    x, y, name = _node_point(page, "[name = 'billing']")
    page.mouse.move(x, y)  # hover: the counts
    assert page.locator("#tip").is_visible()
    assert page.locator("#tip").inner_text().startswith("billing: ")
    assert "modules" in page.locator("#tip").inner_text()
    # selection: service, then module. The service is no longer selected, the module is not
    # dim, and no dimming of the service is left over
    page.locator(".seam-item", has_text="billing").first.click()
    assert "Service billing" in page.locator("#detail").inner_text()
    assert page.locator(".seam-item[aria-pressed=true]").count() == 1
    chosen = [n[0] for n in page.evaluate(NODES) if "chosen" in n[3]]
    assert chosen == ["billing"]
    page.click("#drill")
    modules = [n for n in page.evaluate(NODES) if n[1] == "module"]
    assert len(modules) >= 2
    assert page.evaluate(COLLISIONS) == []
    x, y, name = _node_point(page, "[kind = 'module']")
    page.mouse.click(x, y)
    assert page.locator("#detail h2").inner_text() == name
    assert page.locator(".seam-item[aria-pressed=true]").count() == 0
    nodes = page.evaluate(NODES)
    assert [n[0] for n in nodes if "chosen" in n[3]] == [name]
    near = set(page.evaluate(f"""() => stranglerCy.nodes().filter(n => n.data('name') ===
        {json.dumps(name)}).closedNeighborhood('node').map(n => n.data('name'))"""))
    assert {n[0] for n in nodes if "dim" in n[3]} == {n[0] for n in nodes} - near
    # search finds a module in any service and opens it
    page.fill("#search", "payments")
    page.locator("#search-results button", has_text="streamflix.billing.payments").click()
    assert "streamflix.billing.payments" in page.locator("#detail h2").inner_text()
    page.mouse.move(700, 450)
    page.mouse.wheel(0, -300)  # zoom must not raise
    # keyboard in the graph: arrows select the next node, Escape clears
    page.focus("#graph")
    page.keyboard.press("ArrowRight")
    assert len([n for n in page.evaluate(NODES) if "chosen" in n[3]]) == 1
    page.keyboard.press("Escape")
    assert not [n for n in page.evaluate(NODES) if "chosen" in n[3] or "dim" in n[3]]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"))
    # the service DSM shows exactly the analysis' cross-service uses
    page.click("#tab-dsm")
    cells = page.eval_on_selector_all(
        ".dsm td[data-w]", "tds => tds.map(t => [t.dataset.row, t.dataset.col, +t.dataset.w])")
    expected = {(s["name"], d["seam"]): d["weight"] for s in analysis["seams"]
                for d in s["depends_on"]}
    assert expected, "the example has couplings between services"
    between = {(r, c): w for r, c, w in cells if "shared kernel" not in (r, c)}
    assert between.keys() == expected.keys()
    for key, weight in expected.items():
        assert abs(between[key] - weight) < 1e-6, key
    # the data view marks the tables services share
    page.click("#tab-data")
    shared = {t["table"] for t in analysis["shared_tables"]}
    marked = set(page.eval_on_selector_all("#data-table tr.conflict",
                                           "rs => rs.map(r => r.dataset.table)"))
    assert marked == shared
    # keyboard: arrows move through the service list, Enter selects
    page.locator(".seam-item").first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert f"Service {services[1]}" in page.locator("#detail").inner_text()
    # printing draws the graph as a picture (a canvas does not reflow to the page)
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert page.get_attribute("#graph-print", "src").startswith("data:image/png;base64,")
    page.emulate_media(media="print")
    assert page.locator("#graph-print").is_visible()
    assert page.locator("#panel-dsm").is_visible() and page.locator("#panel-summary").is_visible()
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
        "web/models.py": f'''
            from flask_sqlalchemy import SQLAlchemy
            db = SQLAlchemy()

            class Thing(db.Model):
                __tablename__ = "{hostile}"
                id = db.Column(db.Integer, primary_key=True)

            def load():
                return Thing.query.all()
            ''',
    })
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["analyze", str(root), "--out", str(out), "--no-cache",
                                      "--no-svg"])
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    analysis = json.loads((out / "analysis.json").read_text())
    assert hostile in {t["name"] for t in analysis["tables"]}
    page, errors = _open(browser, out / "index.html")
    # the data, the two vendored libraries and the page's script: nothing injected
    assert page.evaluate("() => document.scripts.length") == 4
    assert page.evaluate("() => document.querySelectorAll('img').length") == 1
    page.click("#tab-graph")
    page.fill("#search", "odd")
    page.locator("#search-results button").first.click()
    assert 'web.odd"<b>name' in page.locator("#detail h2").inner_text()
    drawn = [n[0] for n in page.evaluate(NODES)]
    assert 'web.odd"<b>name' in drawn  # drawn as canvas text by Cytoscape, never parsed
    page.click("#tab-data")
    assert hostile in page.eval_on_selector_all("#data-table tr[data-table]",
                                                "rs => rs.map(r => r.dataset.table)")
    assert errors == []


def test_a_huge_service_is_drawn_in_packages_and_drills_down(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    modules = [{"name": f"big.pkg{p}.mod{m}", "path": f"big/pkg{p}/mod{m}.py", "loc": 10 + m,
                "package": "big", "is_package": False, "lines": 20}
               for p in range(40) for m in range(50)]
    dependencies = [{"source": f"big.pkg{p}.mod{m}", "target": f"big.pkg{(p + m) % 40}.mod0",
                     "weight": 1.0 + m % 3, "kinds": {"import": 1}}
                    for p in range(40) for m in range(1, 6)]
    seam = {"name": "big", "modules": [m["name"] for m in modules], "loc": 1, "pinned": False,
            "interface": [], "routes": [], "tables_owned": [], "tables_shared": [],
            "depends_on": [], "used_by": [], "why": {"together": [], "cut": []},
            "difficulty": "hard", "difficulty_score": 1.0}
    document = {
        "root": "big", "summary": {"modules": 2000, "lines": 40000, "loc": 1, "routes": 0,
                                   "tables": 0, "cycles": 0, "problems": 0},
        "modules": modules, "dependencies": dependencies, "problems": [], "seams": [seam],
        "plan": [], "metrics": {}, "proposal": {
            "assignment": {m["name"]: "big" for m in modules}, "kernel": [], "roots": []},
    }
    path = tmp_path / "index.html"
    path.write_text(render_html(document))
    page, errors = _open(browser, path)
    page.click("#tab-graph")
    x, y, _ = _node_point(page, "[kind = 'service']")
    page.mouse.dblclick(x, y)
    page.wait_for_function("stranglerCy.nodes().length === 40")  # packages, not 2,000 modules
    assert {n[1] for n in page.evaluate(NODES)} == {"group"}
    x, y, _ = _node_point(page, "[kind = 'group']")
    page.mouse.dblclick(x, y)
    page.wait_for_function("stranglerCy.nodes('[kind = \"module\"]').length === 50")
    assert page.evaluate(COLLISIONS) == []
    page.click("#overview")
    assert len(page.evaluate(NODES)) == 1
    assert errors == []


def test_confidence_and_money_or_identity_are_shown(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """One billing file that does not parse lowers every seam's confidence: the list, the
    summary and the service panel say so; the money-or-identity marks are the plan's."""
    source = tmp_path / "src"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("__pycache__"))
    (source / "streamflix" / "billing" / "refunds.py").write_text("def refund(:\n")
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["analyze", str(source), "--out", str(out), "--no-cache",
                                      "--no-svg"])
    assert result.exit_code == 0, result.output
    analysis = json.loads((out / "analysis.json").read_text())
    levels = {s["name"]: s["confidence"] for s in analysis["seams"]}
    assert set(levels.values()) - {"high"}, "the unparsed file lowers confidence"
    page, errors = _open(browser, out / "index.html")
    badges = dict(page.eval_on_selector_all(
        ".seam-item", "bs => bs.filter(b => b.dataset.seam).map(b => "
        "[b.dataset.seam, b.querySelector('.conf').dataset.confidence])"))
    assert badges == levels
    counts = [list(levels.values()).count(x) for x in ("high", "medium", "low")]
    assert (f"Confidence: {counts[0]} high, {counts[1]} medium, {counts[2]} low"
            in page.locator("#summary-confidence").inner_text())
    notes = [n for n in analysis["proposal"]["notes"] if not n.startswith("import cycle")]
    assert notes, "the copy has no git history: the proposal says so in a note"
    shown = page.locator("#summary-notes").inner_text()
    assert all(n in shown for n in notes)
    cells = page.eval_on_selector_all("#services-table tr", "rs => rs.slice(1).map(r => "
                                      "[r.cells[0].innerText.trim(), r.lastChild.innerText])")
    assert dict(cells) == levels
    billing = next(s for s in analysis["seams"] if s["money_or_identity"]
                   and "streamflix.billing.payments" in s["modules"])
    page.locator(f".seam-item[data-seam='{billing['name']}']").click()
    panel = page.locator("#seam-confidence").inner_text()
    assert billing["confidence"] in panel and billing["confidence_notes"][0] in panel
    assert all(t in page.locator("#seam-critical").inner_text()
               for t in billing["critical_tables"])
    critical = sorted(s["name"] for s in analysis["seams"] if s["money_or_identity"])
    assert all(n in page.locator("#summary-critical").inner_text() for n in critical)
    page.click("#tab-data")
    pills = set(page.eval_on_selector_all(
        "#data-table tr", "rs => rs.filter(r => r.querySelector('.pill.critical'))"
        ".map(r => r.dataset.table)"))
    assert pills == {t for s in analysis["seams"] for t in s["critical_tables"]}
    assert errors == []


def test_the_service_panel_says_where_a_seam_departs_from_the_django_apps(  # type: ignore[no-untyped-def]
        browser, tmp_path: Path) -> None:
    """`why.apps` (report.md's "Apart from the Django apps") is shown in the service panel."""
    from tests.unit.report.test_html_app_notes import _analyzed

    analysis, _, _ = _analyzed(tmp_path)
    notes = next(s for s in analysis["seams"] if s["name"] == "shop")["why"]["apps"]
    page, errors = _open(browser, tmp_path / "out" / "index.html")
    page.locator(".seam-item[data-seam='shop']").click()
    shown = page.locator("#seam-apps").inner_text()
    assert notes and all(n in shown for n in notes)
    follows = next(s["name"] for s in analysis["seams"] if "apps" not in s["why"])
    page.locator(f".seam-item[data-seam='{follows}']").click()
    assert page.locator("#seam-apps").count() == 0
    assert errors == []
