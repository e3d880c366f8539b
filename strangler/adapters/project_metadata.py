"""The monolith's own dependency metadata: what it declares and pins, so the extracted
service depends on the same distributions at the same versions.

Read, in order of trust: lock files (uv.lock, poetry.lock, Pipfile.lock: exact versions),
then declarations (requirements*.txt, pyproject.toml [project] / [tool.poetry], setup.cfg
install_requires). Import names are matched to distributions by what the analysis resolved
and by the project's declared names; an import that matches nothing is reported, never
guessed.
"""

from __future__ import annotations

import configparser
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")


def normalize(name: str) -> str:
    """PEP 503: `Flask_SQLAlchemy` and `flask-sqlalchemy` are one name."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Metadata:
    """normalized name -> (name as declared, version spec), and the project's Python."""

    requirements: dict[str, tuple[str, str]]
    requires_python: str = ""
    sources: tuple[str, ...] = ()  # the files read, relative to the root


def _requirement(line: str) -> tuple[str, str] | None:
    line = line.split("#", 1)[0].split(";", 1)[0].strip()
    if not line or line.startswith(("-", "git+", "http:", "https:", "file:", ".")):
        return None
    found = _NAME.match(line)
    if found is None:
        return None
    spec = found.group(3).strip()
    if spec.startswith("@"):  # a direct URL reference: no version to pin
        spec = ""
    return found.group(1), spec.replace(" ", "")


def _add(found: dict[str, tuple[str, str]], name: str, spec: str, exact: bool) -> None:
    key = normalize(name)
    if exact or key not in found or (spec and not found[key][1]):
        found[key] = (name, spec)


def read_metadata(root: Path) -> Metadata:
    """Everything `root` declares or locks about its dependencies (unreadable files are
    skipped: this informs pins, it never stops an extraction)."""
    found: dict[str, tuple[str, str]] = {}
    python = ""
    sources: list[str] = []

    def text(relative: str) -> str | None:
        try:
            return (root / relative).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    requirement_files = sorted(p.name for p in root.glob("requirements*.txt"))
    requirement_files += sorted(f"requirements/{p.name}" for p in root.glob("requirements/*.txt"))
    for relative in requirement_files:
        body = text(relative)
        if body is None:
            continue
        sources.append(relative)
        for line in body.splitlines():
            parsed = _requirement(line)
            if parsed:
                _add(found, parsed[0], parsed[1], False)
    body = text("setup.cfg")
    if body is not None:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(body)
            for line in parser.get("options", "install_requires", fallback="").splitlines():
                parsed = _requirement(line)
                if parsed:
                    _add(found, parsed[0], parsed[1], False)
            python = parser.get("options", "python_requires", fallback="").strip()
            sources.append("setup.cfg")
        except configparser.Error:
            pass
    body = text("pyproject.toml")
    if body is not None:
        try:
            data = tomllib.loads(body)
        except tomllib.TOMLDecodeError:
            data = {}
        project = data.get("project", {})
        for line in project.get("dependencies", []) if isinstance(project, dict) else []:
            parsed = _requirement(str(line))
            if parsed:
                _add(found, parsed[0], parsed[1], False)
        python = str(project.get("requires-python", "") if isinstance(project, dict) else
                     "") or python
        poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
        for name, spec in poetry.items() if isinstance(poetry, dict) else []:
            if name == "python":
                python = python or str(spec)
            elif isinstance(spec, str):
                _add(found, name, "" if spec == "*" else _caret(spec), False)
        if data:
            sources.append("pyproject.toml")
    for lock in ("uv.lock", "poetry.lock"):
        body = text(lock)
        if body is None:
            continue
        try:
            packages = tomllib.loads(body).get("package", [])
        except tomllib.TOMLDecodeError:
            continue
        sources.append(lock)
        for package in packages:
            if isinstance(package, dict) and "name" in package and "version" in package:
                if normalize(package["name"]) in found:  # pins what the project declares
                    _add(found, found[normalize(package["name"])][0],
                         f"=={package['version']}", True)
                else:
                    _add(found, package["name"], f"=={package['version']}", False)
    body = text("Pipfile.lock")
    if body is not None:
        try:
            default = json.loads(body).get("default", {})
        except ValueError:
            default = {}
        sources.append("Pipfile.lock")
        for name, entry in default.items():
            if isinstance(entry, dict) and str(entry.get("version", "")).startswith("=="):
                _add(found, name, entry["version"], True)
    return Metadata(found, python, tuple(sources))


def _caret(spec: str) -> str:
    """Poetry's ^1.2 / ~1.2 as a PEP 440 lower bound (the upper bound is the lock's job)."""
    spec = spec.strip()
    if spec[:1] in "^~" and spec[1:2].isdigit():
        return f">={spec[1:]}"
    return spec


def resolve(import_name: str, guess: str | None, metadata: Metadata) -> str | None:
    """The requirement (`Name==1.2` / `Name>=1`) behind a top-level import name: the
    analysis' distribution if the project declares it, else the one declared name that is
    the import name with a usual prefix or suffix (`python-socketio`, `ffmpeg-python`); None
    when nothing the project declares matches."""
    declared = metadata.requirements

    def shown(key: str) -> str:
        name, spec = declared[key]
        return f"{name}{spec}"

    for candidate in (guess, import_name):
        if candidate and normalize(candidate) in declared:
            return shown(normalize(candidate))
    base = normalize(import_name)
    affixed = [f"python-{base}", f"{base}-python", f"py{base}", f"{base}-py",
               f"django-{base}", f"flask-{base}"]
    matches = [key for key in affixed if key in declared]
    if len(matches) == 1:
        return shown(matches[0])
    return None
