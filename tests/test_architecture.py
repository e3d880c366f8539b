"""The tool that guards other teams' seams guards its own layering (analyzed by strangler)."""

from __future__ import annotations

from pathlib import Path

from helpers import index_of

REPO = Path(__file__).resolve().parents[1]

# stage -> the strangler stages it may import (besides itself). Only the wiring modules
# (pipeline, extract) and the CLI may import everything.
ALLOWED = {
    "model": set(),
    "adapters": {"model", "seams"},  # adapters.config reads files into seams.config
    "parse": {"model", "adapters"},
    "graph": {"model"},
    "seams": {"model", "graph", "settings"},
    "check": {"model", "seams"},
    "plan": {"model"},
    "report": {"model", "graph", "adapters"},
    "generate": {"model", "report"},  # report.templates: the shared jinja environment
    "proxy": {"settings"},  # the one schema of strangler.toml
    "settings": set(),
    "export": {"proxy", "report"},
}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_stages_import_only_what_the_architecture_allows() -> None:
    index = index_of(REPO, exclude=("tests/*", "examples/*", "bench/*", "templates/*",
                                    "build/*"))
    broken = []
    checked = 0
    for imp in index.imports:
        if not (imp.source.startswith("strangler.") and imp.target.startswith("strangler.")):
            continue
        source, target = _stage(imp.source), _stage(imp.target)
        if source == target or source not in ALLOWED or imp.implicit:
            continue
        checked += 1
        if target not in ALLOWED[source]:
            broken.append(f"{imp.source} imports {imp.target} (line {imp.line})")
    assert checked > 40  # the rule really saw the package's imports
    assert broken == []
