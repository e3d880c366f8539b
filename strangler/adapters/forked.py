"""Forked children that write the cache while the analysis goes on (`cache.deferred`).

After the parse, the analyzer runs in one process on a machine with two or more cores: a
child forked then shares the parent's memory (copy-on-write), so nothing is copied to
start it, and runs on the idle core. Where the platform has no `fork`, there is one core,
or forking fails, the caller does the work inline: the same result, later.
(`seams.parallel` does the same for independent computations of the seams stage, which
may not import adapters.)
"""

from __future__ import annotations

import os


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
