"""Templating renders without writing; compiled templates go only to the chosen cache folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.adapters.template_cache import template_cache
from strangler.parse import ParseOptions
from strangler.pipeline import AnalyzeRequest, analyze
from strangler.templating import environment, shipped_text, templates_dir

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "legacy_monolith"

# Renders the example's reports and compiles every shipped template, in a fresh interpreter.
RENDER = """
import json, sys
from strangler.report import render_dot, render_html, render_markdown
from strangler.templating import environment
document = json.loads(open(sys.argv[1], encoding="utf-8").read())
sizes = [len(render_markdown(document)), len(render_html(document)), len(render_dot(document))]
env = environment()
names = [n for n in env.list_templates() if n.endswith(".jinja")]
for name in names:
    env.get_template(name)
print(len(names), min(sizes))
"""


def _files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_rendering_the_reports_writes_nothing(tmp_path: Path) -> None:
    result = analyze(AnalyzeRequest(path=EXAMPLE, parse=ParseOptions(jobs=1), svg=False),
                     LocalFileSystem(), MemoryStore())
    document = tmp_path / "analysis.json"
    document.write_bytes(result.files["analysis.json"])
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("XDG_CACHE_HOME", "STRANGLER_CACHE_DIR")}
    env.update(HOME=str(home), PYTHONDONTWRITEBYTECODE="1")
    run = subprocess.run([sys.executable, "-c", RENDER, str(document)], cwd=cwd, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    compiled, smallest = map(int, run.stdout.split())
    assert compiled >= 10 and smallest > 1000  # the reports and templates really rendered
    assert _files_under(home) == [] and _files_under(cwd) == []


def test_compiled_templates_go_to_the_given_cache_only(tmp_path: Path) -> None:
    cache = template_cache(tmp_path / "cache")
    assert cache is not None
    env = environment()
    before = env.bytecode_cache
    try:
        env.bytecode_cache = cache
        env.cache.clear()  # type: ignore[union-attr]
        env.get_template("report/report.md.jinja")
    finally:
        env.bytecode_cache = before
    assert [p.suffix for p in (tmp_path / "cache" / "templates").iterdir()] == [".cache"]


def test_template_cache_that_cannot_be_made_is_none(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert template_cache(blocker) is None


def test_shipped_files_are_found_in_the_checkout() -> None:
    assert templates_dir() == REPO / "templates"
    assert "textContent" in shipped_text("report/report.js")


def test_analyze_writes_caches_only_in_its_cache_folder(tmp_path: Path) -> None:
    """Compiled templates and the scan of installed distributions: in --cache-dir, or nowhere
    with --no-cache; never under the user's home (they both were)."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("XDG_CACHE_HOME", "STRANGLER_CACHE_DIR")}
    env["HOME"] = str(home)
    for extra in (["--cache-dir", str(tmp_path / "cache")], ["--no-cache"]):
        run = subprocess.run([sys.executable, "-m", "strangler", "analyze", str(EXAMPLE),
                              "--out", str(tmp_path / "out"), "--no-svg", "-q", *extra],
                             env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
    compiled = _files_under(tmp_path / "cache" / "templates")
    assert compiled and all(name.endswith(".cache") for name in compiled)
    assert (tmp_path / "cache" / "distributions.json").is_file()
    assert _files_under(home) == []
