"""Reports on the practice corpus: sizes, page-ready time and drill-down time in Chromium.

    .venv/bin/python bench/report_bench.py [--projects ckan flaskbb apache-superset]
        [--shots docs/screenshots] [--synthetic 2361 11600]
    .venv/bin/python bench/report_bench.py --projects example --synthetic --shots docs/screenshots
    .venv/bin/python bench/report_bench.py --projects apache-superset --synthetic \
        --baseline a9e4c37 --repeat 7

`--baseline REV` also renders each report with the page of that git revision (its html.py and
templates, from `git archive`, run with `python -P`) from the same analysis.json, and times
both in the same browser, alternating, `--repeat` times each (medians). Figures are in-page:
`ready_ms` is the navigation's DOMContentLoaded end (every inline script has run, the summary
is drawn), `graph_ms` the Graph tab's click until two frames later (laid out and painted),
`drill_ms` the keypress that opens the biggest service (synchronous part), and
`under_2s` whether page ready plus graph stays under issue 13's 2 s.

For each project (`example`: examples/legacy_monolith): `strangler analyze` into a temp
folder, report.md characters, index.html bytes, the time until the page is ready, and the
time to open its biggest service in the graph (median of 3). `--synthetic N` times the
drill-down into one service of N modules (one flat package of N/40 packages), the case
issue 15 measured at 3-4 s and 79 s.
Needs Debian's /usr/bin/chromium and the playwright package (no browser download).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
CORPUS = Path("/work/corpus")
REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "legacy_monolith"
RENDER = ("import json, sys; sys.path.insert(0, sys.argv[1]);"
          "from strangler.report.html import render_html;"
          "open(sys.argv[3], 'w').write(render_html(json.load(open(sys.argv[2]))))")
GRAPH = """async () => {
    const t = performance.now();
    document.getElementById('tab-graph').click();
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t; }"""


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
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    ready = float(page.evaluate(
        "() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
    if shots:
        page.screenshot(path=str(shots / f"{name}-summary.png"))
    graph = float(page.evaluate(GRAPH))
    if shots:
        page.screenshot(path=str(shots / f"{name}-services.png"))
    drill = _drill(page, biggest)
    nodes = page.evaluate("() => window.stranglerCy ? stranglerCy.nodes().length : "
                          "document.querySelectorAll('#nodes .node').length")
    if shots:
        page.screenshot(path=str(shots / f"{name}-drill.png"))
        page.click("#tab-dsm")
        page.screenshot(path=str(shots / f"{name}-dsm.png"))
        page.click("#tab-data")
        page.screenshot(path=str(shots / f"{name}-data.png"))
    page.close()
    return {"ready_ms": ready, "graph_ms": graph, "drill_ms": drill, "drill_nodes": nodes,
            "errors": errors}


def _timed(browser, pages: dict[str, Path], biggest: int, repeat: int,  # type: ignore[no-untyped-def]
           shots: Path | None, name: str) -> dict:
    """Each page `repeat` times, alternating; medians, prefixed by the page's key."""
    runs: dict[str, list[dict]] = {key: [] for key in pages}  # type: ignore[type-arg]
    for attempt in range(repeat):
        for key, html in pages.items():
            keep = shots if attempt == 0 and key == "" else None
            runs[key].append(_measure(browser, html, biggest, keep, name))
    row: dict = {}  # type: ignore[type-arg]
    for key, results in runs.items():
        for field in ("ready_ms", "graph_ms", "drill_ms"):
            row[key + field] = round(statistics.median(r[field] for r in results), 1)
        # the budget: the graph on screen within 2 s of opening the file
        row[key + "graph_on_screen_ms"] = round(row[key + "ready_ms"] + row[key + "graph_ms"], 1)
        row[key + "under_2s"] = row[key + "graph_on_screen_ms"] < 2000
        row[key + "drill_nodes"] = results[0]["drill_nodes"]
        row[key + "index_html_bytes"] = pages[key].stat().st_size
        row[key + "errors"] = sorted({e for r in results for e in r["errors"]})
    return row


def _baseline(revision: str, into: Path) -> Path:
    """The page code of `revision`: its strangler/ and templates/, from git archive."""
    archive = subprocess.run(["git", "archive", revision, "strangler", "templates"], cwd=REPO,
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def _render(code: Path | None, analysis: Path, out: Path) -> Path:
    subprocess.run([sys.executable, "-P", "-c", RENDER, str(code or REPO), str(analysis),
                    str(out)], check=True, cwd=code or REPO)
    return out


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
    parser.add_argument("--baseline", help="a git revision whose page is timed alongside")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    if options.shots:
        options.shots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        base = _baseline(options.baseline, Path(tmp) / "base") if options.baseline else None
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        def pages(analysis: Path, stem: str) -> dict[str, Path]:
            found = {"": _render(None, analysis, Path(tmp) / f"{stem}.html")}
            if base:
                found["baseline_"] = _render(base, analysis, Path(tmp) / f"{stem}-base.html")
            return found

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
                   **_timed(browser, pages(out / "analysis.json", project), biggest,
                            options.repeat, options.shots, project)}
            print(json.dumps(row), flush=True)
        for count in options.synthetic:
            analysis_path = Path(tmp) / f"synthetic-{count}.json"
            analysis_path.write_text(json.dumps(_synthetic(count)))
            row = {"project": f"synthetic, one service of {count} modules",
                   **_timed(browser, pages(analysis_path, f"synthetic-{count}"), 0,
                            options.repeat, None, str(count))}
            print(json.dumps(row), flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
