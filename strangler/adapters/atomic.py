"""Replace a file atomically: write a temporary file beside it, then rename it over the target.

`tempfile` is not used: its import (with `random`) cost every re-analysis a few milliseconds,
for a name that only has to be new in one folder.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import BinaryIO

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_ATTEMPTS = 100


def _create(folder: str, prefix: str, suffix: str) -> tuple[int, str]:
    """A new, empty file in `folder` (mode 0600, as `tempfile` makes them), open for writing."""
    for _ in range(_ATTEMPTS):
        path = os.path.join(folder, f"{prefix}{os.getpid()}-{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(path, _FLAGS, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def replace_file(target: str, write: Callable[[BinaryIO], object], *, prefix: str = ".",
                 suffix: str = ".tmp", mode: int | None = None) -> None:
    """Write `target` through `write(handle)` into a temporary file beside it, then rename it
    over `target` (`mode`: the file's permissions, else 0600). On any error the temporary file
    is removed and `target` is left as it was."""
    descriptor, path = _create(os.path.dirname(target) or ".", prefix, suffix)
    try:
        with open(descriptor, "wb") as handle:
            write(handle)
        if mode is not None:
            os.chmod(path, mode)
        os.replace(path, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
