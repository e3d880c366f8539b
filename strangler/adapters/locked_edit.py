"""Change a text file in place, one writer at a time, without ever showing half a file.

Writers take an exclusive `flock` on a lock file beside the file (the file itself is replaced,
so its own lock would not hold across writers), read, change and write a temporary file in the
same folder, then `os.replace` it. A symlink is followed: its target is replaced and the link
stays a link. The file keeps its permission bits (and owner, when allowed).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for `path` (on `.NAME.lock` beside it) until the block ends."""
    lock = path.with_name(f".{path.name}.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock; the file stays (removing it would race)


def edit_locked(path: Path, change: Callable[[str], str], create: bool = False) -> str:
    """Apply `change` to the file's text under the lock and write the result atomically.

    Returns the new text. `change` may raise to leave the file as it is. A missing file is an
    error unless `create` (then `change` gets "").
    """
    target = Path(os.path.realpath(path))  # write through a symlink, never over it
    with file_lock(target):
        try:
            text = target.read_text(encoding="utf-8")
            mode: int | None = stat.S_IMODE(target.stat().st_mode)
            owner = (target.stat().st_uid, target.stat().st_gid)
        except FileNotFoundError:
            if not create:
                raise
            text, mode, owner = "", None, None
        updated = change(text)
        if updated != text or mode is None:
            replace_atomically(target, updated, mode, owner)
        return updated


def replace_atomically(target: Path, text: str, mode: int | None = None,
                       owner: tuple[int, int] | None = None) -> None:
    """Write `text` to a temporary file beside `target`, then rename it over `target`."""
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            if mode is None:  # a new file: the mode a plain open() would give it
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.fchmod(handle.fileno(), mode)
            if owner is not None:
                with contextlib.suppress(PermissionError):
                    os.fchown(handle.fileno(), *owner)
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
