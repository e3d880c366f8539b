"""Work done by a forked child while the parent goes on, on the core the parent leaves idle.

After the parse, the analyzer runs in one process on a machine with two or more cores:
writing the cache and some independent computations can run beside it. A forked child
shares the parent's memory (copy-on-write), so nothing is pickled to start it. Where the
platform has no `fork`, or forking fails, the work is done inline: the same result, later.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether work can go to a forked child here: a POSIX `fork` and a second core."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def fork_child() -> int | None:
    """`os.fork()`, or None when the work should be done inline (no fork, one core, or
    the fork failed)."""
    if not can_fork():
        return None
    try:
        return os.fork()
    except OSError:
        return None


def wait_child(pid: int) -> bool:
    """Wait for a child started by `fork_child`; True if it exited with 0."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return False
    return os.waitstatus_to_exitcode(status) == 0


class Pending(Generic[T]):
    """The value of `function(*args)`, computed by a forked child (`in_child`)."""

    def __init__(self, function: Callable[..., T], args: tuple[Any, ...]) -> None:
        self._function, self._args = function, args
        self._pid: int | None = None
        self._read = -1
        self._done = False
        self._value: T | None = None
        read, write = os.pipe() if can_fork() else (-1, -1)
        pid = fork_child() if read >= 0 else None
        if pid == 0:  # the child: compute, send, and leave without the parent's clean-up
            code = 1
            try:
                os.close(read)
                data = pickle.dumps(function(*args), protocol=pickle.HIGHEST_PROTOCOL)
                with open(write, "wb", closefd=True) as handle:
                    handle.write(data)
                code = 0
            finally:
                os._exit(code)
        if read >= 0:
            os.close(write)
            if pid is None:
                os.close(read)
            else:
                self._pid, self._read = pid, read

    def result(self) -> T:
        """The value: read from the child, or computed here when there is no child or it
        failed (killed, out of memory)."""
        if self._done:
            return self._value  # type: ignore[return-value]
        value: Any = None
        ok = False
        if self._pid is not None:
            with open(self._read, "rb", closefd=True) as handle:
                data = handle.read()
            ok = wait_child(self._pid) and bool(data)
            if ok:
                value = pickle.loads(data)
        if not ok:
            value = self._function(*self._args)
        self._value, self._done = value, True
        return value  # type: ignore[no-any-return]


def in_child(function: Callable[..., T], *args: Any) -> Pending[T]:
    """Start `function(*args)` in a forked child; `.result()` gives its value. The
    function must be deterministic and free of side effects the parent needs (the
    child's changes to memory are lost); its value must pickle."""
    return Pending(function, args)
