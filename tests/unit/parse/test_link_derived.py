"""Routes and tables are reused after an edit only when every input they read is unchanged.

Each test poisons the kept routes and tables (same key, empty result): an edit that must
recompute them gives the cold run's bytes, one that may reuse them shows the poison."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import strangler.pipeline as pipeline
from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.parse.link.derived import Derived
from strangler.pipeline import AnalyzeRequest, analyze

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "legacy_monolith"
PAYMENTS = "streamflix/billing/payments.py"
UTILS = "streamflix/common/utils.py"


def _files(root: Path, store: MemoryStore) -> dict[str, bytes]:
    return analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), store).files


def _append(root: Path, name: str, text: str, first: bool = False) -> None:
    path = root / name
    path.write_text(text + path.read_text() if first else path.read_text() + text)
    stat = path.stat()  # a later mtime, also on file systems with coarse timestamps
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def _poison(store: MemoryStore) -> None:
    (name,) = [k for k in store.items if k.startswith("link-memo-") and k.endswith("-derived")]
    kept = store.get(name)
    assert isinstance(kept, Derived) and kept.routes and kept.tables
    store.put(name, replace(kept, routes=(), unresolved=(), tables=(), relations=()))


def _routes(files: dict[str, bytes]) -> list[object]:
    return list(json.loads(files["analysis.json"])["routes"])


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "legacy_monolith"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    # payments star-imports utils, and binds `brand_new` lazily (not re-exported)
    _append(copy, PAYMENTS, "\nfrom streamflix.common.utils import *\n\n\n"
            "def _lazy():\n    from streamflix.billing.plans import Plan as brand_new\n"
            "    return brand_new\n")
    return copy


@pytest.mark.parametrize("edit", [
    "# a comment\n",
    "\n\ndef _added():\n    return 1\n",  # a new top-level name, as bench/edit_pair.py adds
    "_pair_edit = 1\n",
])
def test_an_edit_that_changes_no_input_reuses_them(root: Path, edit: str) -> None:
    store = MemoryStore()
    assert _routes(_files(root, store))
    _poison(store)
    _append(root, UTILS, edit)
    assert _routes(_files(root, store)) == []  # the kept (poisoned) result was used


@pytest.mark.parametrize(("name", "text", "first"), [
    # a fact routes read: a new route
    ("streamflix/catalog/routes.py",
     '\n\n@bp.route("/edited", methods=["GET"])\ndef edited():\n    return ""\n', False),
    # a fact tables read: a new table write
    (PAYMENTS, '\n\ndef _edit(db):\n    db.execute("INSERT INTO edit_log VALUES (1)")\n', False),
    # line numbers of the facts read
    (PAYMENTS, "\n\n", True),
    # a binding that comes through a star import (utils' own facts read are unchanged)
    (UTILS, "\n\ndef star_bound():\n    return 1\n", False),
    # a re-export through a star import only: payments binds `brand_new` lazily already
    (UTILS, "\n\ndef brand_new():\n    return 1\n", False),
    # the set of modules
    ("streamflix/common/edited.py", "", False),
    # a GraphQL operation (a field of a root type)
    (UTILS, "\n\nimport graphene\n\n\nclass EditQuery(graphene.ObjectType):\n"
            "    edited = graphene.String()\n", False),
])
def test_an_edit_of_an_input_recomputes_them(root: Path, name: str, text: str,
                                             first: bool) -> None:
    store = MemoryStore()
    _files(root, store)
    _poison(store)
    if not (root / name).exists():
        (root / name).write_text("VALUE = 1\n")
    else:
        _append(root, name, text, first)
    assert _files(root, store) == _files(root, MemoryStore())


def test_changed_code_recomputes_them(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemoryStore()
    _files(root, store)
    _poison(store)
    _append(root, UTILS, "# a comment\n")
    real = pipeline.code_fingerprint
    monkeypatch.setattr(pipeline, "code_fingerprint",
                        lambda *parts: real(*parts) + ("x" if "parse" in parts else ""))
    assert _files(root, store) == _files(root, MemoryStore())
