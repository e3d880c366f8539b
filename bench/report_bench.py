"""Reports on the practice corpus: sizes, page-ready time and drill-down time in Chromium.

    .venv/bin/python bench/report_bench.py [--projects ckan flaskbb apache-superset]
        [--shots docs/screenshots] [--synthetic 2361 11600]
    .venv/bin/python bench/report_bench.py --projects example --synthetic --shots docs/screenshots

For each project (`example`: examples/legacy_monolith): `strangler analyze` into a temp
folder, report.md characters, index.html bytes, the time until the page is ready, and the
time to open its biggest service in the graph (median of 3). `--synthetic N` times the
drill-down into one service of N modules (one flat package of N/40 packages), the case
issue 15 measured at 3-4 s and 79 s.
Needs Debian's /usr/bin/chromium and the playwright package (no browser download).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from strangler.report.html import render_html

ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
CORPUS = Path("/work/corpus")
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "legacy_monolith"


def _drill(page, index: int) -> float:  # type: ignore[no-untyped-def]
    return float(page.evaluate(f"""() => {{
        const item = document.querySelectorAll('.seam-item')[{index}];
        const t = performance.now();
        item.focus();
        item.dispatchEvent(new KeyboardEvent('keydown', {{key: 'd', bubbles: true}}));
        return performance.now() - t; }}"""))


def _measure(browser, html: Path, biggest: int, shots: Path | None, name: str) -> dict:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.perf_counter()
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    ready = time.perf_counter() - started
    if shots:
        page.screenshot(path=str(shots / f"{name}-summary.png"))
    page.click("#tab-graph")
    if shots:
        page.screenshot(path=str(shots / f"{name}-services.png"))
    drills = [_drill(page, biggest) for _ in range(3)]
    nodes = page.locator("#nodes .node").count()
    if shots:
        page.screenshot(path=str(shots / f"{name}-drill.png"))
        page.click("#tab-dsm")
        page.screenshot(path=str(shots / f"{name}-dsm.png"))
        page.click("#tab-data")
        page.screenshot(path=str(shots / f"{name}-data.png"))
    page.close()
    return {"ready_s": round(ready, 3), "drill_ms": round(statistics.median(drills), 1),
            "drill_nodes": nodes, "errors": errors}


def _synthetic(count: int) -> dict:  # type: ignore[type-arg]
    packages = max(1, count // 40)
    names = [f"big.pkg{i % packages}.mod{i}" for i in range(count)]
    modules = [{"name": n, "path": n.replace(".", "/") + ".py", "loc": 20, "lines": 30,
                "package": "big", "is_package": False} for n in names]
    dependencies = [{"source": names[i], "target": names[(i * 7 + 3) % count], "weight": 1.0,
                     "kinds": {"import": 1}} for i in range(count)]
    dependencies += [{"source": names[i], "target": names[(i + 1) % count], "weight": 2.0,
                      "kinds": {"import": 1}} for i in range(count)]
    seam = {"name": "big", "modules": names, "loc": 20 * count, "pinned": False,
            "interface": [], "routes": [], "tables_owned": [], "tables_shared": [],
            "depends_on": [], "used_by": [], "why": {"together": [], "cut": []},
            "difficulty": "hard", "difficulty_score": 1.0}
    return {"root": f"synthetic-{count}", "summary": {"modules": count, "lines": 1, "loc": 1,
                                                       "routes": 0, "tables": 0, "cycles": 0,
                                                       "problems": 0},
            "modules": modules, "dependencies": dependencies, "problems": [], "seams": [seam],
            "plan": [], "metrics": {}, "proposal": {"assignment": dict.fromkeys(names, "big"),
                                                    "kernel": [], "roots": []}}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", nargs="*", default=["ckan", "flaskbb", "apache-superset"])
    parser.add_argument("--shots", type=Path)
    parser.add_argument("--synthetic", nargs="*", type=int, default=[2361, 11600])
    options = parser.parse_args()
    if options.shots:
        options.shots.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for project in options.projects:
            out = Path(tmp) / project
            source = EXAMPLE if project == "example" else CORPUS / project
            subprocess.run([sys.executable, "-m", "strangler", "analyze", str(source),
                            "--out", str(out), "--quiet", "--cache-dir", str(Path(tmp) / "c")],
                           check=True)
            analysis = json.loads((out / "analysis.json").read_text())
            sizes = [len(s["modules"]) for s in analysis["seams"]]
            biggest = sizes.index(max(sizes))
            row = {"project": project, "modules": analysis["summary"]["modules"],
                   "services": len(sizes), "biggest_service": max(sizes),
                   "report_md_chars": len((out / "report.md").read_text()),
                   "index_html_bytes": (out / "index.html").stat().st_size,
                   **_measure(browser, out / "index.html", biggest, options.shots, project)}
            rows.append(row)
            print(json.dumps(row))
        for count in options.synthetic:
            html = Path(tmp) / f"synthetic-{count}.html"
            html.write_text(render_html(_synthetic(count)))
            row = {"project": f"synthetic, one service of {count} modules",
                   "index_html_bytes": html.stat().st_size,
                   **_measure(browser, html, 0, None, str(count))}
            rows.append(row)
            print(json.dumps(row))
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
