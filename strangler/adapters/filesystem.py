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


SkipDir = Callable[[str, str], bool]  # (relative parent folder, folder name) -> skip it?


class FileSystem(Protocol):
    """What discovery and parsing need; `LocalFileSystem` is the real one."""

    def walk_python(self, root: str, skip_dir: SkipDir) -> Iterator[FileEntry | WalkIssue]: ...

    def read_bytes(self, root: str, path: str) -> bytes: ...


class LocalFileSystem:
    """Walks with `os.scandir`; follows directory symlinks once and reports loops."""

    def walk_python(self, root: str, skip_dir: SkipDir) -> Iterator[FileEntry | WalkIssue]:
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
                    if not skip_dir(relative, entry.name):
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
