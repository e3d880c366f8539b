"""After any sequence of edits, a warm analysis writes the same bytes as a cold one."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

import strangler.seams as seams_module
from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.pipeline import AnalyzeRequest, analyze

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"


def _write(path: Path, text: str) -> None:
    path.write_text(text)
    stat = path.stat()  # a later mtime, also on file systems with coarse timestamps
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def _edit(root: Path, rng: random.Random, step: int) -> str:
    """One random edit: a comment, shifted lines, a new import, a new table write, or a
    removed function body line; returns what it did."""
    files = sorted(p for p in (root / "streamflix").rglob("*.py") if p.name != "__init__.py")
    path = rng.choice(files)
    text = path.read_text()
    kind = rng.choice(["comment", "shift", "import", "table", "call"])
    if kind == "comment":
        text += f"# edit {step}\n"
    elif kind == "shift":
        text = "\n" * rng.randint(1, 3) + text
    elif kind == "import":
        target = rng.choice(["streamflix.common.utils", "streamflix.billing.payments",
                             "streamflix.catalog.pricing", "streamflix.accounts"])
        text += f"\n\ndef _edit_{step}():\n    import {target}\n    return {target}\n"
    elif kind == "table":
        table = rng.choice(["subscriptions", "users", "titles", "edit_log"])
        text += (f"\n\ndef _edit_{step}(db):\n"
                 f"    db.execute(\"INSERT INTO {table} VALUES (1)\")\n")
    else:
        text += f"\n\ndef _edit_{step}():\n    return _edit_{step}\n"
    _write(path, text)
    return f"{kind} {path.relative_to(root)}"


def _files(root: Path, store: MemoryStore) -> dict[str, bytes]:
    return analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), store).files


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edit_sequences_match_a_cold_run(tmp_path: Path, seed: int,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "legacy_monolith"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    cores = []
    real = seams_module.seam_core
    monkeypatch.setattr(seams_module, "seam_core",
                        lambda *args: cores.append(1) or real(*args))
    rng = random.Random(seed)
    warm = MemoryStore()
    _files(root, warm)
    done = []
    for step in range(6):
        done.append(_edit(root, rng, step))
        computed = len(cores)
        incremental = _files(root, warm)
        cold = _files(root, MemoryStore())
        assert incremental == cold, f"after {done}"
        if done[-1].startswith(("comment", "shift")):  # the graph did not change
            assert len(cores) == computed + 1, f"clustering recomputed after {done[-1]}"


def test_an_edit_that_keeps_the_graph_reuses_the_clustering(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "legacy_monolith"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    store = MemoryStore()
    _files(root, store)
    calls = []
    real = seams_module.seam_core
    monkeypatch.setattr(seams_module, "seam_core",
                        lambda *args: calls.append(1) or real(*args))
    path = root / "streamflix" / "billing" / "payments.py"
    _write(path, "\n\n# moved down two lines\n" + path.read_text())
    before = _files(root, MemoryStore())  # cold: computes the clustering once
    assert len(calls) == 1
    assert _files(root, store) == before  # warm: new lines everywhere, same clustering
    assert len(calls) == 1
