"""`git_head` starts git only where git could find a repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from strangler.adapters import git
from strangler.adapters.git import git_head, may_be_in_repository


@pytest.fixture
def no_git_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR"):
        monkeypatch.delenv(name, raising=False)


def _outside_any_repository(path: Path) -> bool:
    return not any((folder / ".git").exists() for folder in [path, *path.parents])


@pytest.mark.usefixtures("no_git_variables")
def test_no_repository_no_git_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not _outside_any_repository(tmp_path):
        pytest.skip("the temporary folder is inside a git repository")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("git was started")

    monkeypatch.setattr(subprocess, "run", refuse)
    project = tmp_path / "project" / "src"
    project.mkdir(parents=True)
    assert not may_be_in_repository(str(project))
    assert git_head(str(project)) is None


@pytest.mark.usefixtures("no_git_variables")
@pytest.mark.parametrize("layout", ["folder", "file", "bare"])
def test_repository_markers_above_the_folder(tmp_path: Path, layout: str) -> None:
    top = tmp_path / "repo"
    inner = top / "a" / "b"
    inner.mkdir(parents=True)
    if layout == "folder":
        (top / ".git").mkdir()
    elif layout == "file":  # a worktree or submodule: `.git` is a file naming the real one
        (top / ".git").write_text("gitdir: /elsewhere\n")
    else:  # the project sits inside a bare repository
        (top / "HEAD").write_text("ref: refs/heads/main\n")
        (top / "objects").mkdir()
    assert may_be_in_repository(str(inner))


def test_git_variables_always_ask_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere.git"))
    assert may_be_in_repository(str(tmp_path))


@pytest.mark.usefixtures("no_git_variables")
def test_head_of_a_real_repository(tmp_path: Path) -> None:
    if git._git(str(tmp_path), "--version") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "a.py").write_text("x = 1\n")
    subprocess.run(["git", "-C", str(tmp_path), "add", "a.py"], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t",
                    "commit", "-q", "-m", "one"], check=True)
    head = git_head(str(tmp_path / "."))
    assert head is not None and len(head) == 40
