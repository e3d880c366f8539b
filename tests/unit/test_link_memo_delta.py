"""The link memo is stored as a base and a delta: an edit writes only the edited files'
links, and the result stays the one a cold run gives."""

from __future__ import annotations

import shutil
from pathlib import Path

from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.parse.link import LinkMemo
from strangler.pipeline import AnalyzeRequest, analyze

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"


def _files(root: Path, store: MemoryStore) -> dict[str, bytes]:
    return analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), store).files


def _memo_key(store: MemoryStore) -> str:
    (name,) = [k for k in store.items if k.startswith("link-memo-") and
               not k.endswith(("-delta", "-derived"))]
    return name


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "legacy_monolith"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_an_edit_writes_only_the_edited_files_links(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    store = MemoryStore()
    _files(root, store)
    name = _memo_key(store)
    base = store.items[name]
    path = root / "streamflix" / "billing" / "payments.py"
    path.write_text(path.read_text() + "\n\ndef _edited():\n    import streamflix.accounts\n")
    assert _files(root, store) == _files(root, MemoryStore())
    assert store.items[name] == base  # the base is not rewritten
    delta = store.get(f"{name}-delta")
    assert set(delta[1]) == {"streamflix.billing.payments"}
    merged = LinkMemo(delta[0], {**store.get(name).files, **delta[1]})
    assert any(row[0] == "streamflix.accounts"
               for row in merged.files["streamflix.billing.payments"].imports)


def test_a_delta_of_another_module_set_is_ignored(tmp_path: Path) -> None:
    """A left-over delta from before a module was added must not be merged into a base of
    the new module set."""
    root = _copy(tmp_path)
    store = MemoryStore()
    _files(root, store)
    name = _memo_key(store)
    path = root / "streamflix" / "billing" / "payments.py"
    path.write_text(path.read_text() + "\nimport streamflix.accounts\n")
    _files(root, store)
    stale = store.items[f"{name}-delta"]
    (root / "streamflix" / "common" / "added.py").write_text("import streamflix.billing\n")
    _files(root, store)  # a new module set: the base is rewritten
    store.items[f"{name}-delta"] = stale
    path.write_text(path.read_text() + "\n# touched\n")
    assert _files(root, store) == _files(root, MemoryStore())
