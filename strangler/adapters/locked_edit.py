"""Change a text file in place, one writer at a time, without ever showing half a file.

A writer takes an exclusive `flock` on the file, then checks that the path still names the file
it locked. Each write replaces the file (a temporary file in the same folder, then
`os.replace`), so a writer that waited on the old file finds it replaced, and locks the new one
before it reads. No lock file is left beside the file: an untracked one would make every git
work tree look dirty (`strangler extract --apply` refuses a dirty tree). A symlink is followed,
so its target is replaced and the link stays a link. The file keeps its permission bits, and
its owner when that is allowed.
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
def file_lock(target: Path) -> Iterator[int]:
    """Hold an exclusive lock on the file `target` names now; yields its open descriptor."""
    while True:
        fd = os.open(target, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            held, named = os.fstat(fd), os.stat(target)
            if (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino):
                yield fd
                return
        finally:
            os.close(fd)  # closing releases the lock
        # replaced while we waited: lock the new file


def edit_locked(path: Path, change: Callable[[str], str], create: bool = False) -> str:
    """Apply `change` to the file's text under the lock and write the result atomically.

    Returns the new text. `change` may raise to leave the file as it is. A missing file is an
    error unless `create` (then `change` gets "", and the file gets the usual umask mode).
    """
    target = Path(os.path.realpath(path))  # write through a symlink, never over it
    created = False
    if create:
        with contextlib.suppress(FileExistsError):
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            created = True
    try:
        with file_lock(target) as fd, open(fd, encoding="utf-8", closefd=False) as handle:
            text = handle.read()
            status = os.fstat(fd)
            updated = change(text)
            if updated != text:
                replace_atomically(target, updated, stat.S_IMODE(status.st_mode),
                                   (status.st_uid, status.st_gid))
            return updated
    except BaseException:
        if created and target.stat().st_size == 0:
            target.unlink()  # nothing was written: leave no empty file behind
        raise


def replace_atomically(target: Path, text: str, mode: int,
                       owner: tuple[int, int] | None = None) -> None:
    """Write `text` to a temporary file beside `target`, then rename it over `target`."""
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
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
