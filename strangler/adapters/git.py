"""Read a project's git history (commits and the files each changed), when there is one."""

from __future__ import annotations

import os
from dataclasses import dataclass

# Variables that let git find a repository elsewhere than in a `.git` above the folder.
_REPOSITORY_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR")


@dataclass(frozen=True)
class GitHistory:
    head: str | None  # None: not a git repository (or git is missing)
    commits: tuple[tuple[str, ...], ...]  # paths relative to the analyzed root, per commit
    authors: tuple[str, ...] = ()  # the author (email) of each commit, in the same order


def _git(root: str, *args: str) -> str | None:
    import subprocess  # only here: a project outside git never starts git

    try:
        result = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True,
                                timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def may_be_in_repository(root: str) -> bool:
    """False when git cannot find a repository for `root`: no `.git` (folder or file) in it
    or any folder above it, none of them a bare repository (`HEAD` beside `objects/`), and
    no variable pointing git elsewhere. Then git is not run at
    all (starting it cost a re-analysis a few milliseconds)."""
    if any(os.environ.get(name) for name in _REPOSITORY_VARIABLES):
        return True
    folder = os.path.abspath(root)
    while True:
        if os.path.lexists(os.path.join(folder, ".git")) or (
                os.path.isfile(os.path.join(folder, "HEAD"))
                and os.path.isdir(os.path.join(folder, "objects"))):
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent


def git_head(root: str) -> str | None:
    """The commit checked out at `root`, or None outside a git repository."""
    if not may_be_in_repository(root):
        return None
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
