"""Read a project's git history (commits and the files each changed), when there is one."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass


@dataclass(frozen=True)
class GitHistory:
    head: str | None  # None: not a git repository (or git is missing)
    commits: tuple[tuple[str, ...], ...]  # paths relative to the analyzed root, per commit
    authors: tuple[str, ...] = ()  # the author (email) of each commit, in the same order


def _git(root: str, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True,
                                timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def git_head(root: str) -> str | None:
    """The commit checked out at `root`, or None outside a git repository."""
    out = _git(root, "rev-parse", "HEAD")
    return out.strip() if out else None


def read_history(root: str, limit: int) -> GitHistory:
    """The last `limit` non-merge commits that touched files under `root`."""
    head = git_head(root)
    top = _git(root, "rev-parse", "--show-toplevel")
    if head is None or top is None:
        return GitHistory(None, ())
    prefix = os.path.relpath(os.path.realpath(root), os.path.realpath(top.strip()))
    prefix = "" if prefix == "." else prefix.replace(os.sep, "/") + "/"
    out = _git(root, "log", f"-n{limit}", "--no-merges", "--name-only", "--format=%x00%ae",
               "--", ".")
    if out is None:
        return GitHistory(head, ())
    commits: list[tuple[str, ...]] = []
    authors: list[str] = []
    for block in out.split("\x00")[1:]:
        author, _, names = block.partition("\n")
        paths = tuple(line[len(prefix):] for line in names.splitlines()
                      if line.startswith(prefix) and line.endswith(".py"))
        if paths:
            commits.append(paths)
            authors.append(author.strip())
    return GitHistory(head, tuple(commits), tuple(authors))
