"""The cache entries a run writes while it goes on (`DiskStore.deferred`: a forked child
pickles and writes them) are the same entries, in the same order, and every reader sees
them once they are asked for."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from strangler.adapters import cache, forked
from strangler.adapters.cache import DiskStore, MemoryStore, deferred, settle
from strangler.adapters.filesystem import LocalFileSystem
from strangler.pipeline import AnalyzeRequest, analyze

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"
needs_fork = pytest.mark.skipif(not forked.can_fork(), reason="needs fork and two cores")


@needs_fork
def test_deferred_puts_are_written_by_a_child_and_read_back(tmp_path: Path) -> None:
    store = DiskStore(tmp_path, "/some/project")
    parent = os.getpid()
    with store.deferred():
        store.put("facts", {"a.py": ("digest", (1, 2, 3))})
        store.put("facts-delta", {})
        assert not (store.folder / "facts.pickle").exists()  # nothing written in the block
    assert store._writers and store._writers[0][1] == {"facts", "facts-delta"}
    assert store._writers[0][0] != parent
    # a get of a key being written waits for its child
    assert store.get("facts") == {"a.py": ("digest", (1, 2, 3))}
    assert store.get("facts-delta") == {}
    assert store._writers == []


@needs_fork
def test_a_later_put_of_the_same_key_wins(tmp_path: Path) -> None:
    store = DiskStore(tmp_path, "/p")
    with store.deferred():
        store.put("k", "old")
    store.put("k", "new")  # waits for the child first: the child cannot overwrite it
    assert DiskStore(tmp_path, "/p").get("k") == "new"


@needs_fork
def test_settle_waits_for_every_child(tmp_path: Path) -> None:
    store = DiskStore(tmp_path, "/p")
    for n in range(3):
        with store.deferred():
            store.put(f"k{n}", n)
    assert len(store._writers) == 3
    settle(store)
    assert store._writers == []
    other = DiskStore(tmp_path, "/p")  # another reader, with no child to wait for
    assert [other.get(f"k{n}") for n in range(3)] == [0, 1, 2]


def test_without_fork_the_block_writes_inline(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    store = DiskStore(tmp_path, "/p")
    with store.deferred():
        store.put("k", [1, 2])
    assert store._writers == []
    assert (store.folder / "k.pickle").exists()
    assert store.get("k") == [1, 2]


def test_a_store_without_deferred_writes_is_unchanged() -> None:
    store = MemoryStore()
    with deferred(store, 10_000):
        store.put("k", 1)
    assert store.get("k") == 1  # written at once
    settle(store)


@needs_fork
def test_a_few_files_are_written_at_once(tmp_path: Path) -> None:
    """After an edit, the facts' delta is small: forking would cost more than it saves."""
    store = DiskStore(tmp_path, "/p")
    with deferred(store, 3):
        store.put("delta", {"a.py": 1})
        assert (store.folder / "delta.pickle").exists()
    with deferred(store, cache.DEFER_FROM):
        store.put("base", {"a.py": 1})
    assert store._writers  # a big write went to a child
    settle(store)


@needs_fork
def test_an_analysis_leaves_its_cache_complete_and_reusable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "DEFER_FROM", 1)  # the example is small
    forks: list[int] = []
    real = forked.fork_child

    def counted() -> int | None:
        pid = real()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(cache, "fork_child", counted)
    root = tmp_path / "legacy_monolith"
    shutil.copytree(EXAMPLE, root)
    store = DiskStore(tmp_path / "cache", str(root))
    first = analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), store)
    assert len(forks) >= 2  # the facts and the links were written by children
    assert store._writers == []  # the analysis waited for them
    names = {p.name for p in store.folder.iterdir()}
    assert any(n.startswith("facts-") for n in names)
    assert any(n.startswith("link-memo-") for n in names)
    # a new process's store (no children known) reuses everything
    again = analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(),
                    DiskStore(tmp_path / "cache", str(root)))
    assert again.from_cache and again.files == first.files
    (root / "streamflix" / "billing" / "__init__.py").write_text(
        (root / "streamflix" / "billing" / "__init__.py").read_text() + "\n# edited\n")
    edited = analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(),
                     DiskStore(tmp_path / "cache", str(root)))
    assert edited.parsed == 1 and edited.reused > 10  # the stored facts were complete
