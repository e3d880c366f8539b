"""The finished result of an analysis is kept for the next run with nothing changed; its seam
proposal is kept once, in the "seams" entry that `strangler extract` also reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.pipeline import AnalyzeRequest, analyze

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "legacy_monolith")
    return tmp_path / "legacy_monolith"


def _run(root: Path, store: MemoryStore):  # type: ignore[no-untyped-def]
    return analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), store)


def test_nothing_changed_reuses_files_and_proposal(root: Path) -> None:
    store = MemoryStore()
    first = _run(root, store)
    assert b"SeamProposal" not in store.items["result"]  # pickled once, in "seams"
    assert b"SeamProposal" in store.items["seams"]
    again = _run(root, store)
    assert again.from_cache
    assert again.files == first.files
    assert again.proposal == first.proposal and again.proposal is not None


def test_a_seams_entry_of_another_run_is_not_taken(root: Path) -> None:
    store = MemoryStore()
    first = _run(root, store)
    # As if another analysis of the project (other options) had written the entry since.
    store.put("seams", {**store.get("seams"), "key": "written by another analysis"})
    again = _run(root, store)
    assert not again.from_cache  # analyzed again rather than given another run's proposal
    assert again.files == first.files
    assert again.proposal == first.proposal


def test_without_seams_no_proposal_is_read(root: Path) -> None:
    store = MemoryStore()
    first = analyze(AnalyzeRequest(path=root, svg=False, seams=None), LocalFileSystem(), store)
    again = analyze(AnalyzeRequest(path=root, svg=False, seams=None), LocalFileSystem(), store)
    assert again.from_cache and again.proposal is None and first.proposal is None
    assert again.files == first.files


def test_an_unreadable_result_is_analyzed_again(root: Path, tmp_path: Path) -> None:
    """The key says "nothing changed" but the payload cannot be read: the facts are loaded
    and the analysis runs (before, it ran on no facts at all and failed)."""
    from strangler.adapters.cache import DiskStore

    store = DiskStore(tmp_path / "cache", str(root))
    first = analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), store)
    (store.folder / "result.pickle").write_bytes(b"not a pickle")
    again = analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), store)
    assert not again.from_cache
    assert again.files == first.files


def test_a_damaged_entry_is_never_used(root: Path, tmp_path: Path) -> None:
    """A flipped byte inside a pickle can still unpickle, into a different value (the
    review saw another analysis.json, exit 0): every entry carries a checksum, and one that
    does not match is ignored, so the run gives what a run without a cache gives."""
    from strangler.adapters.cache import DiskStore, NullStore

    store = DiskStore(tmp_path / "cache", str(root))
    store.put("k", {"seams": ["billing", "catalog"], "n": 12345})
    path = store.folder / "k.pickle"
    raw = bytearray(path.read_bytes())
    spot = raw.index(b"catalog")
    raw[spot] = ord("k")  # still a valid pickle, of another value
    path.write_bytes(bytes(raw))
    assert store.get("k") is None
    store.put("k", [1])
    assert store.get("k") == [1]

    fresh = analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), NullStore())
    analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), store)
    for entry in sorted(store.folder.glob("*.pickle")):
        data = bytearray(entry.read_bytes())
        data[len(data) // 2] ^= 0x5A
        entry.write_bytes(bytes(data))
    again = analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), store)
    assert not again.from_cache
    assert again.files == fresh.files
