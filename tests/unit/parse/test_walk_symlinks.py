"""The walk computes a folder's real path from its parent's unless it is a symlink: the same
files and the same issues as resolving every folder with `realpath`."""

from __future__ import annotations

import os
from pathlib import Path

from strangler.adapters.filesystem import FileEntry, LocalFileSystem, WalkIssue


def _walk(root: Path) -> tuple[list[str], list[tuple[str, str]]]:
    found = list(LocalFileSystem().walk_python(str(root), lambda parent, name, package: False))
    files = [item.path for item in found if isinstance(item, FileEntry)]
    issues = [(item.path, item.message) for item in found if isinstance(item, WalkIssue)]
    return files, issues


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in ("app/__init__.py", "app/core/__init__.py", "app/core/deep/x.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("A = 1\n")
    outside = tmp_path / "vendor" / "lib"
    outside.mkdir(parents=True)
    (outside / "v.py").write_text("B = 2\n")
    (outside / "sub").mkdir()
    (outside / "sub" / "w.py").write_text("C = 3\n")
    os.symlink(outside, root / "app" / "first", target_is_directory=True)
    os.symlink(outside, root / "app" / "second", target_is_directory=True)  # same folder again
    os.symlink(root / "app" / "core", root / "alias", target_is_directory=True)  # in the tree
    os.symlink("..", outside / "sub" / "up", target_is_directory=True)  # loop outside the tree
    return root


def test_a_folder_outside_reached_twice_is_walked_once(tmp_path: Path) -> None:
    files, issues = _walk(_tree(tmp_path))
    assert files == ["app/__init__.py", "app/core/__init__.py", "app/core/deep/x.py",
                     "app/first/v.py", "app/first/sub/w.py"]
    real = os.path.realpath(tmp_path / "vendor" / "lib")
    assert ("app/first/sub/up", f"symlink loop or second path to {real}: skipped") in issues
    assert ("app/second", f"symlink loop or second path to {real}: skipped") in issues
    assert len(issues) == 2


def test_a_root_given_through_a_symlink_walks_the_same(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    link = tmp_path / "link"
    os.symlink(root, link, target_is_directory=True)
    assert _walk(link) == _walk(root)
