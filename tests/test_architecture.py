"""The tool that guards other teams' seams guards its own layering (analyzed by strangler)."""

from __future__ import annotations

from pathlib import Path

from helpers import index_of

REPO = Path(__file__).resolve().parents[1]

# stage -> the strangler stages it may import (besides itself). Only the wiring modules
# (pipeline, extract) and the CLI may import everything.
ALLOWED = {
    # The extraction plan's types are part of the model, in their own module so that
    # `analyze` does not create them at start-up; strangler.model re-exports them.
    "model": {"model_extraction"},
    "model_extraction": {"model"},
    "adapters": {"model", "seams"},  # adapters.config reads files into seams.config
    "parse": {"model", "adapters"},
    "graph": {"model"},
    "seams": {"model", "graph", "settings"},
    "check": {"model", "seams"},
    "plan": {"model"},
    # report renders and never writes: no adapters (files, caches) among its imports.
    "report": {"model", "graph", "templating"},
    "generate": {"model", "templating"},
    "proxy": {"settings"},  # the one schema of strangler.toml
    "settings": set(),
    "export": {"proxy", "templating"},
    # The shared jinja environment: loads shipped templates, imports no stage.
    "templating": set(),
}
# Stages whose own modules may not import a module that writes files or keeps a cache.
PURE = ("report", "templating")
WRITERS = ("os", "shutil", "tempfile", "sqlite3", "pickle")


def _index() -> object:
    return index_of(REPO, exclude=("tests/*", "examples/*", "bench/*", "templates/*",
                                   "build/*", "setup.py"))


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_stages_import_only_what_the_architecture_allows() -> None:
    index = _index()
    broken = []
    checked = 0
    seen: set[tuple[str, str]] = set()
    for imp in index.imports:
        if not (imp.source.startswith("strangler.") and imp.target.startswith("strangler.")):
            continue
        source, target = _stage(imp.source), _stage(imp.target)
        if source == target or source not in ALLOWED or imp.implicit:
            continue
        checked += 1
        seen.add((source, target))
        if target not in ALLOWED[source]:
            broken.append(f"{imp.source} imports {imp.target} (line {imp.line})")
    assert checked > 40  # the rule really saw the package's imports
    assert {("report", "templating"), ("generate", "templating"),
            ("export", "templating")} <= seen
    assert broken == []


def test_report_and_templating_import_nothing_that_writes() -> None:
    index = _index()
    found = [f"{imp.source} imports {imp.target} (line {imp.line})" for imp in index.imports
             if _stage(imp.source) in PURE and imp.target.startswith("strangler.adapters")]
    found += [f"{module} imports {ext.module} (line {line})" for ext in index.external
              for module, line in ext.importers
              if _stage(module) in PURE and ext.module.split(".")[0] in WRITERS]
    importers = {module for ext in index.external for module, _ in ext.importers}
    assert {"strangler.templating", "strangler.report.html"} <= importers  # really seen
    assert found == []


# The wiring modules: what each may NOT import. The CLI parses options and prints; it reaches
# the stages' work only through the wiring (pipeline, extract, check) or the runtime pieces it
# starts (proxy, export). The pipeline analyzes and never generates, serves or exports;
# extract generates and never serves or reports.
FORBIDDEN_TO_WIRING = {
    "cli": {"graph", "report", "plan", "generate"},
    "pipeline": {"cli", "extract", "generate", "proxy", "export"},
    "extract": {"cli", "pipeline", "proxy", "report", "export", "check"},
}


def test_cli_pipeline_and_extract_keep_to_their_part() -> None:
    index = _index()
    broken = []
    seen: dict[str, set[str]] = {wiring: set() for wiring in FORBIDDEN_TO_WIRING}
    for imp in index.imports:
        if not (imp.source.startswith("strangler.") and imp.target.startswith("strangler.")):
            continue
        source, target = _stage(imp.source), _stage(imp.target)
        if source not in FORBIDDEN_TO_WIRING or source == target or imp.implicit:
            continue
        seen[source].add(target)
        if target in FORBIDDEN_TO_WIRING[source]:
            broken.append(f"{imp.source} imports {imp.target} (line {imp.line})")
    # the rule really saw each wiring module's imports
    assert {"pipeline", "extract", "proxy"} <= seen["cli"]
    assert {"parse", "graph", "seams"} <= seen["pipeline"]
    assert {"parse", "plan", "generate"} <= seen["extract"]
    assert broken == []


def test_no_stage_imports_the_wiring() -> None:
    index = _index()
    broken = [f"{imp.source} imports {imp.target} (line {imp.line})" for imp in index.imports
              if imp.source.startswith("strangler.") and imp.target.startswith("strangler.")
              and _stage(imp.source) in ALLOWED
              and _stage(imp.target) in {"cli", "pipeline", "extract"}]
    assert broken == []
