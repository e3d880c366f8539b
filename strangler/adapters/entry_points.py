"""The project's entry-point groups as its metadata declares them: `[project.entry-points."G"]`
in pyproject.toml, `[options.entry_points]` in setup.cfg (also pbr's `[entry_points]`, as every
OpenStack project writes it), and `entry_points=` of `setup()` in
setup.py when it is a literal (a dict of lists of strings, or an ini-style string; also a
module-level name bound to one). setup.py is read with `ast`, never run. Unreadable or
malformed files add nothing: this is a signal, it never stops an analysis."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

from strangler.model import EntryPoint


def _entry(group: str, spec: str, source: str) -> EntryPoint | None:
    """`name = pkg.mod:Attr [extra]` as an entry point (None when it is not one)."""
    name, sep, target = spec.partition("=")
    module = target.split(":", 1)[0].split("[", 1)[0].strip()
    if not sep or not name.strip() or not module:
        return None
    return EntryPoint(group.strip(), name.strip(), module, source)


def _ini(text: str, section: str | None, source: str) -> list[EntryPoint]:
    """Groups of an ini text: each key of `section` is a group whose value lists entries
    (setup.cfg), or, with no section, each section is a group (setup.py's string form)."""
    import configparser  # only here: most projects have no ini-style entry points

    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    found: list[EntryPoint] = []
    if section is not None:
        if not parser.has_section(section):
            return []
        for group, value in parser.items(section):
            found += [e for line in value.splitlines() if (e := _entry(group, line, source))]
        return found
    for group in parser.sections():
        found += [e for name, target in parser.items(group)
                  if (e := _entry(group, f"{name}={target}", source))]
    return found


def _pyproject(text: str) -> list[EntryPoint]:
    import tomllib  # only here: a run that reuses the entry points parses no TOML

    try:
        project = tomllib.loads(text).get("project", {})
    except tomllib.TOMLDecodeError:
        return []
    declared = project.get("entry-points", {}) if isinstance(project, dict) else {}
    groups = dict(declared) if isinstance(declared, dict) else {}
    # `[project.scripts]` and `[project.gui-scripts]` are the console_scripts and gui_scripts
    # groups of the other formats.
    for key, group in (("scripts", "console_scripts"), ("gui-scripts", "gui_scripts")):
        if isinstance(project, dict) and isinstance(project.get(key), dict):
            groups.setdefault(group, project[key])
    found: list[EntryPoint] = []
    for group, entries in groups.items() if isinstance(groups, dict) else ():
        for name, target in entries.items() if isinstance(entries, dict) else ():
            if isinstance(target, str) and (e := _entry(group, f"{name}={target}",
                                                        "pyproject.toml")):
                found.append(e)
    return found


def _setup_py(text: str) -> list[EntryPoint]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    constants: dict[str, ast.expr] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
                and isinstance(statement.targets[0], ast.Name):
            constants[statement.targets[0].id] = statement.value
    found: list[EntryPoint] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for item in node.keywords:
            if item.arg != "entry_points":
                continue
            value = item.value
            if isinstance(value, ast.Name):
                value = constants.get(value.id, value)
            try:
                literal = ast.literal_eval(value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                continue
            found += _literal(literal)
    return found


def _literal(value: object) -> list[EntryPoint]:
    if isinstance(value, str):
        return _ini(value, None, "setup.py")
    found: list[EntryPoint] = []
    for group, entries in value.items() if isinstance(value, dict) else ():
        lines: Iterable[object] = entries.splitlines() if isinstance(entries, str) else (
            entries if isinstance(entries, list | tuple) else ())
        found += [e for line in lines
                  if isinstance(line, str) and (e := _entry(str(group), line, "setup.py"))]
    return found


def _setup_cfg(text: str) -> list[EntryPoint]:
    """setuptools' `[options.entry_points]` and pbr's `[entry_points]` (same layout)."""
    return (_ini(text, "options.entry_points", "setup.cfg")
            + _ini(text, "entry_points", "setup.cfg"))


def read_entry_points(root: Path) -> tuple[EntryPoint, ...]:
    """Every entry point `root`'s metadata declares, sorted and without repeats."""
    readers = (("pyproject.toml", _pyproject),
               ("setup.cfg", _setup_cfg),
               ("setup.py", _setup_py))
    found: set[EntryPoint] = set()
    for name, reader in readers:
        try:
            text = (root / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found.update(reader(text))
    return tuple(sorted(found, key=lambda e: (e.group, e.name, e.module, e.source)))
