"""Independent computations of the seams stage run by a forked child, on the idle core.

The seams stage runs in one process after the parse, so on a machine with two or more
cores one core waits. Some of its work reads nothing the rest changes (the Louvain runs
at the later resolutions, the import-graph baseline): a child forked when that work can
start computes it from the parent's memory (copy-on-write: nothing is copied to start it)
and sends back only the answer. Without `fork`, on one core, or when the child fails, the
parent computes it itself: the same value, later. (`adapters.forked` does the same for
the cache's writes; the seams stage may not import adapters.)
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Pending(Generic[T]):
    """The value of `function(*args)`, computed by a forked child (see `in_child`)."""

    def __init__(self, function: Callable[..., T], args: tuple[Any, ...]) -> None:
        self._function, self._args = function, args
        self._pid: int | None = None
        self._read = -1
        self._done = False
        self._value: T | None = None
        if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
            return
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
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
        os.close(write)
        self._pid, self._read = pid, read

    def __del__(self) -> None:
        # Never asked for (an error in between): closing the pipe ends the child (its write
        # fails) rather than leaving it blocked for the rest of the process.
        if self._pid is not None:
            try:
                os.close(self._read)
                os.waitpid(self._pid, 0)
            except OSError:
                pass
            self._pid = None

    def result(self) -> T:
        """The value: read from the child, or computed here when there is no child or it
        failed (killed, out of memory, an exception: raised again here)."""
        if self._done:
            return self._value  # type: ignore[return-value]
        value: Any = None
        ok = False
        if self._pid is not None:
            with open(self._read, "rb", closefd=True) as handle:
                data = handle.read()
            try:
                _, status = os.waitpid(self._pid, 0)
                ok = os.waitstatus_to_exitcode(status) == 0 and bool(data)
            except ChildProcessError:
                ok = False
            self._pid = None
            if ok:
                value = pickle.loads(data)
        if not ok:
            value = self._function(*self._args)
        self._value, self._done = value, True
        return value


def in_child(function: Callable[..., T], *args: Any) -> Pending[T]:
    """Start `function(*args)` in a forked child; `.result()` gives its value. The function
    must not change anything the parent needs (the child's memory is its own) and its
    value must pickle; a seeded, deterministic function gives the parent the same value it
    would have computed."""
    return Pending(function, args)
