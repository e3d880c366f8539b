"""Atomic file replacement (strangler/adapters/atomic.py) and its users: the cache and the
report writer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from strangler.adapters.atomic import replace_file
from strangler.adapters.cache import DiskStore
from strangler.adapters.writer import write_outputs


def test_replace_file_writes_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    replace_file(str(target), lambda handle: handle.write(b"new"))
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin"]


def test_replace_file_keeps_the_target_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")

    def fail(handle: object) -> None:
        raise ValueError("cannot pickle this")

    with pytest.raises(ValueError):
        replace_file(str(target), fail)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin"]


def test_replace_file_sets_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    replace_file(str(target), lambda handle: handle.write(b"x"), mode=0o640)
    assert target.stat().st_mode & 0o777 == 0o640
    replace_file(str(target), lambda handle: handle.write(b"y"))
    assert target.stat().st_mode & 0o777 == 0o600  # as tempfile made them


def test_temporary_names_do_not_collide(tmp_path: Path) -> None:
    for n in range(50):
        replace_file(str(tmp_path / f"f{n}"), lambda handle, n=n: handle.write(bytes([n])))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"f{n}" for n in range(50))


def test_disk_store_round_trip_and_unpicklable_value(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "cache", "/some/root")
    store.put("k", {"a": (1, 2)})
    assert store.get("k") == {"a": (1, 2)}
    with pytest.raises(Exception):  # noqa: B017 - pickle's own error type varies
        store.put("k", lambda: None)
    assert store.get("k") == {"a": (1, 2)}  # the old entry survives a failed write
    assert [p.name for p in store.folder.iterdir()] == ["k.pickle"]


def test_outputs_get_the_umask_mode(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        written = write_outputs(tmp_path / "out", {"report.md": b"# hi\n", "a.json": b"{}"})
    finally:
        os.umask(mask)
    assert [p.read_bytes() for p in written] == [b"# hi\n", b"{}"]
    assert all(p.stat().st_mode & 0o777 == 0o640 for p in written)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.json", "report.md"]
