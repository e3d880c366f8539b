"""The per-file facts cache: a base plus a small delta, never stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import build_tree

from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.parse import ParseOptions, parse_project
from strangler.parse import project as project_module

OPTIONS = ParseOptions(jobs=1)


def _imports(parsed: project_module.ParsedProject) -> dict[str, list[str]]:
    return {source.module: sorted(i.module for i in facts.imports)
            for source, facts in parsed.files}


def _edit(path: Path, text: str) -> None:
    path.write_text(text)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_an_edit_writes_a_delta_and_keeps_the_base(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {f"pkg/m{i}.py": "import os\n" for i in range(5)}
                      | {"pkg/__init__.py": ""})
    store, fs = MemoryStore(), LocalFileSystem()
    first = parse_project(fs, str(root), store, OPTIONS)
    base = store.items[
        next(k for k in store.items if k.startswith("facts-") and not k.endswith("-delta"))]

    _edit(root / "pkg" / "m1.py", "import json\n")
    (root / "pkg" / "m4.py").unlink()
    second = parse_project(fs, str(root), store, OPTIONS)
    assert second.parsed == 1
    assert store.items[next(k for k in store.items
                            if k.startswith("facts-") and not k.endswith("-delta"))] == base
    assert "pkg.m4" not in _imports(second)
    assert _imports(second)["pkg.m1"] == ["json"]

    # A third run reads base + delta and parses nothing: the facts are the fresh ones.
    third = parse_project(fs, str(root), store, OPTIONS)
    assert third.parsed == 0 and _imports(third) == _imports(second)
    assert _imports(first)["pkg.m1"] == ["os"]


def test_a_big_delta_is_folded_into_the_base(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project_module, "COMPACT_AFTER", 2)
    files = {f"pkg/m{i}.py": "import os\n" for i in range(6)} | {"pkg/__init__.py": ""}
    root = build_tree(tmp_path / "proj", files)
    store, fs = MemoryStore(), LocalFileSystem()
    parse_project(fs, str(root), store, OPTIONS)
    for i in range(4):
        _edit(root / "pkg" / f"m{i}.py", "import sys\n")
    parse_project(fs, str(root), store, OPTIONS)
    delta_key = next(k for k in store.items if k.endswith("-delta"))
    assert store.get(delta_key) == {}
    again = parse_project(fs, str(root), store, OPTIONS)
    assert again.parsed == 0
    assert all(_imports(again)[f"pkg.m{i}"] == ["sys"] for i in range(4))


def test_a_leftover_delta_with_stale_entries_causes_a_parse_not_stale_facts(
        tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {"pkg/__init__.py": "", "pkg/a.py": "import os\n"})
    store, fs = MemoryStore(), LocalFileSystem()
    parse_project(fs, str(root), store, OPTIONS)
    _edit(root / "pkg" / "a.py", "import json\n")
    parse_project(fs, str(root), store, OPTIONS)
    delta_key = next(k for k in store.items if k.endswith("-delta"))
    stale = store.get(delta_key)
    _edit(root / "pkg" / "a.py", "import csv\n")
    parse_project(fs, str(root), store, OPTIONS)
    store.put(delta_key, stale)  # as if the last delta write had been lost
    result = parse_project(fs, str(root), store, OPTIONS)
    assert _imports(result)["pkg.a"] == ["csv"]
