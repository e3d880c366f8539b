"""The report's inlined libraries are kept in the cache under a digest of the vendored files
and of the code that builds them: a kept copy is used, and any change to either rebuilds."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import strangler.pipeline as pipeline
import strangler.report.vendor as vendor
import strangler.templating as templating
from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.pipeline import AnalyzeRequest, analyze

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"
POISON = (("/* a kept copy */", "'sha256-kept'"),)


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "legacy_monolith"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture()
def fresh_templates() -> Iterator[None]:
    """Forget the loaded templates before and after (a test points them elsewhere)."""
    templating.environment.cache_clear()
    vendor.inline_scripts.cache_clear()
    yield
    templating.environment.cache_clear()
    vendor.inline_scripts.cache_clear()


def _html(root: Path, store: MemoryStore) -> str:
    files = analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), store).files
    return files["index.html"].decode()


def _edit(root: Path, step: int) -> None:
    """A comment appended: the whole result is not reused, the report is rendered again."""
    path = root / "streamflix" / "billing" / "payments.py"
    path.write_text(path.read_text() + f"\n# edit {step}\n")


def _poisoned(root: Path) -> MemoryStore:
    """A store whose kept libraries, under the current key, are not the real ones."""
    store = MemoryStore()
    _html(root, store)
    assert store.get("report-libraries") == vendor.inline_libraries()
    store.put("report-libraries", POISON)
    return store


def test_a_kept_copy_is_used_and_equals_a_cold_build(root: Path) -> None:
    store = MemoryStore()
    cold = _html(root, store)
    _edit(root, 1)
    assert _html(root, store) == _html(root, MemoryStore())
    assert "/*! cytoscape 3.35.0" in cold
    poisoned = _poisoned(root)
    _edit(root, 2)
    assert "/* a kept copy */" in _html(root, poisoned)  # the copy is really read


def test_a_changed_vendored_file_rebuilds(root: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          fresh_templates: None) -> None:
    store = _poisoned(root)
    templates = tmp_path / "templates"
    shutil.copytree(templating.templates_dir(), templates)
    for name in ("cytoscape-dagre.min.js", "LICENSE-graphlib"):
        path = templates / "report" / "vendor" / name
        path.write_text(path.read_text() + f"\n/* changed {name} */\n")
        monkeypatch.setattr(templating, "templates_dir", lambda: templates)
        monkeypatch.setattr(vendor, "templates_dir", lambda: templates)
        templating.environment.cache_clear()
        vendor.inline_scripts.cache_clear()
        _edit(root, 3)
        html = _html(root, store)
        assert "/* a kept copy */" not in html and f"/* changed {name} */" in html
        assert html == _html(root, MemoryStore())
        store.put("report-libraries", POISON)


def test_changed_code_rebuilds(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _poisoned(root)
    real = pipeline.code_fingerprint
    monkeypatch.setattr(pipeline, "code_fingerprint",
                        lambda *parts: real(*parts) + ("x" if "report/vendor.py" in parts else ""))
    _edit(root, 4)
    html = _html(root, store)
    assert "/* a kept copy */" not in html and html == _html(root, MemoryStore())
