"""The file system as the analyzer sees it: walk a tree, stat and read files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class FileEntry:
    path: str  # posix, relative to the walked root
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class WalkIssue:
    path: str
    message: str


# (relative parent folder, folder name, holds an __init__.py) -> skip it?
SkipDir = Callable[[str, str, bool], bool]


class FileSystem(Protocol):
    """What discovery and parsing need; `LocalFileSystem` is the real one."""

    def walk_python(self, root: str, skip_dir: SkipDir) -> Iterator[FileEntry | WalkIssue]: ...

    def read_bytes(self, root: str, path: str) -> bytes: ...


class LocalFileSystem:
    """Walks with `os.scandir`. A directory symlink into the tree is an alias of a folder that
    is walked anyway, so it is skipped; one pointing outside is followed once (loops reported).
    """

    def walk_python(self, root: str, skip_dir: SkipDir) -> Iterator[FileEntry | WalkIssue]:
        real_root = os.path.realpath(root)
        seen: set[str] = set()
        stack: list[str] = [""]
        while stack:
            relative = stack.pop()
            absolute = os.path.join(root, relative) if relative else root
            real = os.path.realpath(absolute)
            if real in seen:
                yield WalkIssue(relative, f"symlink loop or second path to {real}: skipped")
                continue
            seen.add(real)
            try:
                entries = sorted(os.scandir(absolute), key=lambda e: e.name)
            except OSError as exc:
                yield WalkIssue(relative or ".", f"cannot list directory: {exc.strerror or exc}")
                continue
            subdirs: list[str] = []
            for entry in entries:
                child = f"{relative}/{entry.name}" if relative else entry.name
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    if entry.is_symlink():
                        target = os.path.realpath(entry.path)
                        if target == real_root or target.startswith(real_root + os.sep):
                            if real == target or real.startswith(target + os.sep):
                                yield WalkIssue(child, f"symlink loop to {target}: skipped")
                            continue
                    is_package = os.path.exists(os.path.join(entry.path, "__init__.py"))
                    if not skip_dir(relative, entry.name, is_package):
                        subdirs.append(child)
                    continue
                if not entry.name.endswith(".py"):
                    continue
                try:
                    stat = entry.stat()
                except OSError as exc:
                    yield WalkIssue(child, f"unreadable: {exc.strerror or exc}")
                    continue
                yield FileEntry(child, stat.st_size, stat.st_mtime_ns)
            stack.extend(reversed(subdirs))

    def read_bytes(self, root: str, path: str) -> bytes:
        with open(os.path.join(root, path), "rb") as handle:
            return handle.read()
