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


MODELS = ["User", "Title", "Episode", "Subscription", "Payment", "Invoice"]


def _edit(root: Path, rng: random.Random, step: int) -> str:
    """One random edit: a comment, shifted lines, a new lazy or top-level import, a star
    import, a new table write, a new column (that may make a table money or identity data),
    a new function, a changed re-export or a class shadowing it in `streamflix.models`, a
    new module, or a deleted one; returns what it did."""
    files = sorted(p for p in (root / "streamflix").rglob("*.py") if p.name != "__init__.py")
    path = rng.choice(files)
    text = path.read_text()
    kind = rng.choice(["comment", "shift", "import", "table", "call", "toplevel", "star",
                       "reexport", "shadow", "new", "delete", "column"])
    models = root / "streamflix" / "models" / "__init__.py"
    if kind in ("reexport", "shadow"):
        path, text = models, models.read_text()
        name = rng.choice(MODELS)
        if kind == "reexport":  # the first binding of a name wins: put it first
            other = rng.choice(["user import User", "content import Title",
                                "billing import Payment"])
            text = f"from streamflix.models.{other} as {name}\n" + text
        else:
            text += f"\n\nclass {name}:\n    pass\n"
    elif kind == "new":
        path = root / "streamflix" / rng.choice(["common", "billing", "catalog"]) / f"e{step}.py"
        name = rng.choice(MODELS)
        text = (f"from streamflix.models import {name}\n\n\n"
                f"def edit_{step}():\n    return {name}.query.all()\n")
    elif kind == "delete":
        path.unlink()
        return f"{kind} {path.relative_to(root)}"
    elif kind == "toplevel":
        text += f"\nfrom streamflix.models import {rng.choice(MODELS)} as _M{step}\n"
    elif kind == "star":
        text += f"\nfrom streamflix.{rng.choice(['billing.plans', 'common.utils'])} import *\n"
    elif kind == "comment":
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
    elif kind == "column":
        table = rng.choice(["subscriptions", "titles", "watch_history", "edit_log"])
        column = rng.choice(["api_key TEXT", "price_cents INTEGER", "note TEXT"])
        text += (f"\n\ndef _edit_{step}(db):\n"
                 f"    db.execute(\"ALTER TABLE {table} ADD COLUMN {column}\")\n")
    else:
        text += f"\n\ndef _edit_{step}():\n    return _edit_{step}\n"
    _write(path, text)
    return f"{kind} {path.relative_to(root)}"


def _files(root: Path, store: MemoryStore) -> dict[str, bytes]:
    return analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), store).files


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
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
    for step in range(8):
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


def test_a_reused_clustering_brings_its_business_contexts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The routes each module serves are stored with the clustering: an edit that keeps
    the graph does not walk the routes again, and the result equals a cold run's."""
    import strangler.seams.signals as signals

    root = tmp_path / "legacy_monolith"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    store = MemoryStore()
    _files(root, store)
    path = root / "streamflix" / "billing" / "payments.py"
    _write(path, path.read_text() + "\n_edited = 1\n")
    before = _files(root, MemoryStore())
    calls = []
    real = signals.business_contexts
    monkeypatch.setattr(signals, "business_contexts",
                        lambda *args: calls.append(1) or real(*args))
    assert _files(root, store) == before
    assert calls == []
    assert _files(root, MemoryStore()) == before  # cold: walked once, with the clustering
    assert calls == [1]


def test_a_new_import_root_renames_modules_as_a_cold_run_does(tmp_path: Path) -> None:
    """A `pyproject.toml` in a sub-folder makes it an import root: no Python byte changes,
    but every module below is renamed and its relative imports resolve anew."""
    root = tmp_path / "proj"
    (root / "svc" / "app").mkdir(parents=True)
    (root / "svc" / "app" / "__init__.py").write_text("")
    (root / "svc" / "app" / "a.py").write_text("from .b import f\n\n\ndef g():\n    return f()\n")
    (root / "svc" / "app" / "b.py").write_text("def f():\n    return 1\n")
    (root / "top.py").write_text("x = 1\n")
    warm = MemoryStore()
    before = _files(root, warm)
    assert b'"svc.app.a"' in before["analysis.json"]
    (root / "svc" / "pyproject.toml").write_text('[project]\nname = "svc"\n')
    after = _files(root, warm)
    assert after == _files(root, MemoryStore())
    assert b'"app.a"' in after["analysis.json"] and b'"svc.app.a"' not in after["analysis.json"]
    (root / "svc" / "pyproject.toml").unlink()
    assert _files(root, warm) == before
