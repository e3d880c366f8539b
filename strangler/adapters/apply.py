"""Write an extraction to disk: never over a file it did not generate, never silently.

A manifest (`<service dir>/.strangler-manifest.json`) keeps the hash of every generated file.
A generated file changed by hand since is left alone and reported; a file that exists but is
not in the manifest is not ours and is never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".strangler-manifest.json"


@dataclass
class ApplyReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_hand_edited: list[str] = field(default_factory=list)
    refused_not_ours: list[str] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)
    skipped_rewrites: list[str] = field(default_factory=list)
    previous: dict[str, str | None] = field(default_factory=dict)  # path -> text before (None: new)
    # Folders this run created (the topmost of each new branch): whatever the checks leave
    # in them (a service's data folders, caches) goes with them on a rollback.
    created_dirs: list[str] = field(default_factory=list)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def git_dirty(root: Path) -> str | None:
    """None when `root` is a clean git work tree, else the reason it is not."""
    try:
        result = subprocess.run(["git", "-C", str(root), "status", "--porcelain"],
                                capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"git is not available ({exc})"
    if result.returncode != 0:
        return "not a git repository: the changes could not be reviewed or undone"
    if result.stdout.strip():
        count = len(result.stdout.strip().splitlines())
        return f"the git work tree has {count} uncommitted changes"
    return None


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8",
                                     prefix=f".{path.name}.") as handle:
        handle.write(text)
    if path.exists():
        os.chmod(handle.name, path.stat().st_mode & 0o777)
    os.replace(handle.name, path)


def apply_files(root: Path, manifest_dir: Path, files: list[tuple[str, str]],
                rewrites: list[tuple[str, str, str]]) -> ApplyReport:
    """Write generated `files` (path, text) and `rewrites` (path, before, after) under root."""
    report = ApplyReport()
    manifest_path = manifest_dir / MANIFEST
    try:
        manifest: dict[str, str] = json.loads(manifest_path.read_text())
    except (OSError, ValueError):
        manifest = {}
    for relative, text in files:
        target = root / relative
        if target.exists():
            current = target.read_text(encoding="utf-8", errors="replace")
            if relative not in manifest:
                if current == text:
                    manifest[relative] = digest(text)
                    report.unchanged.append(relative)
                else:
                    report.refused_not_ours.append(relative)
                continue
            if digest(current) != manifest[relative]:
                report.kept_hand_edited.append(relative)
                continue
            if current == text:
                report.unchanged.append(relative)
                continue
        _remember(root, relative, report)
        _write(target, text)
        manifest[relative] = digest(text)
        report.written.append(relative)
    for relative, before, after in rewrites:
        target = root / relative
        current = target.read_text(encoding="utf-8")
        if current != before:
            report.skipped_rewrites.append(relative)  # changed since the dry run's plan
            continue
        _remember(root, relative, report)
        _write(target, after)
        report.rewritten.append(relative)
    text = json.dumps(dict(sorted(manifest.items())), indent=1) + "\n"
    if not manifest_path.exists() or manifest_path.read_text(encoding="utf-8") != text:
        # unchanged: left alone, so a second --apply with nothing new changes no file
        manifest_dir.mkdir(parents=True, exist_ok=True)
        _remember(root, str(manifest_path.relative_to(root)), report)
        _write(manifest_path, text)
    return report


def _remember(root: Path, relative: str, report: ApplyReport) -> None:
    if relative not in report.previous:
        target = root / relative
        new_dir = None
        for parent in target.parents:
            if parent == root or root not in parent.parents or parent.exists():
                break
            new_dir = parent
        if new_dir is not None:
            report.created_dirs.append(str(new_dir.relative_to(root)))
        report.previous[relative] = (target.read_text(encoding="utf-8")
                                     if target.exists() else None)


def rollback(root: Path, report: ApplyReport) -> None:
    """Put every file `apply_files` touched back as it was: new files removed, then their
    folders if they were left empty, and the folders it created with all that the checks
    wrote into them (a booted service's data folders)."""
    for relative, text in sorted(report.previous.items()):
        target = root / relative
        if text is None:
            target.unlink(missing_ok=True)
            parent = target.parent
            while parent != root and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        else:
            _write(target, text)
    for relative in report.created_dirs:
        shutil.rmtree(root / relative, ignore_errors=True)
