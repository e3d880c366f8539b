"""Seam configuration from `[tool.strangler]` in pyproject.toml or from strangler.toml
(every key: docs/config.md)."""

from __future__ import annotations

import fnmatch
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from strangler.settings.schema import Document

class ConfigError(Exception):
    """The configuration is not valid TOML or has a wrong value; the message says where."""


@dataclass(frozen=True)
class SignalWeights:
    static: float = 1.0
    data: float = 1.0
    cochange: float = 0.5
    routes: float = 0.5
    package: float = 0.5  # bonus for modules of the same package (the authors' own grouping)
    words: float = 1.0  # layered modules sharing a domain word (`views/persons`, `models/person`)


@dataclass(frozen=True)
class Signals:
    """Which signals to use; each can be switched off."""

    static: bool = True
    data: bool = True
    cochange: bool = True
    routes: bool = True
    package: bool = True
    words: bool = True


@dataclass(frozen=True)
class SeamConfig:
    pins: tuple[tuple[str, tuple[str, ...]], ...] = ()  # service -> module globs
    together: tuple[tuple[str, ...], ...] = ()  # groups of globs kept in one service
    kernels: tuple[str, ...] = ()  # globs of shared-kernel modules
    examples: Literal["exclude", "keep"] = "exclude"  # example/demo/test-support packages
    min_size: int = 2
    max_size: int = 0  # 0: no limit
    services: int = 0  # 0: chosen by the tool
    seed: int = 42
    weights: SignalWeights = field(default_factory=SignalWeights)
    git_commits: int = 500
    huge_commit: int = 30  # commits touching more files than this are ignored
    declared: tuple[tuple[str, tuple[str, ...]], ...] = ()  # accepted seams ([seams] table)
    interfaces: tuple[tuple[str, tuple[str, ...]], ...] = ()  # seam -> allowed module[.symbol]
    tables: tuple[tuple[str, tuple[str, ...]], ...] = ()  # seam -> globs of the tables it owns

    def pinned_service(self, module: str) -> str | None:
        for service, globs in self.pins:
            if matches(module, globs):
                return service
        return None

    def kept_together(self, module: str) -> bool:
        """True when one of the `together` groups' globs names `module`."""
        return any(matches(module, globs) for globs in self.together)


def matches(module: str, globs: tuple[str, ...] | list[str]) -> bool:
    """True when a dotted module name matches one of the globs."""
    return any(fnmatch.fnmatchcase(module, glob) for glob in globs)


def _globs(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def parse_config(text: str, source: str, in_pyproject: bool) -> SeamConfig:
    """Parse configuration text; `in_pyproject` reads `[tool.strangler]`, else the top level.

    The whole table is checked against the one schema of strangler.toml
    (strangler/settings/schema.py): an unknown key anywhere is an error, the proxy's
    included; only the seam keys are kept.
    """
    from strangler.settings.toml import SettingsError, parse_toml

    try:
        data = parse_toml(text)
        label = ""
        if in_pyproject:
            tool = data.get("tool", {})
            data = tool.get("strangler", {}) if isinstance(tool, dict) else {}
            label = "tool.strangler"
            if not isinstance(data, dict):
                raise SettingsError("[tool.strangler]: expected a table")
        if not data:  # nothing configured: the defaults, without loading the schema (msgspec)
            return SeamConfig()
        from strangler.settings.load import load_document

        document = load_document(data, label)
    except SettingsError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    return config_from_document(document)


def config_from_document(document: Document) -> SeamConfig:
    """The seam keys of a checked configuration."""
    weights = document.weights
    seams = sorted(document.seams.items())
    return SeamConfig(
        pins=tuple((name, _globs(globs)) for name, globs in sorted(document.pin.items())),
        together=tuple(_globs(group) for group in document.together),
        kernels=_globs(document.kernels),
        examples=document.examples,
        min_size=document.min_size,
        max_size=document.max_size,
        services=document.services,
        seed=document.seed,
        weights=SignalWeights(static=weights.static, data=weights.data,
                              cochange=weights.cochange, routes=weights.routes,
                              package=weights.package, words=weights.words),
        git_commits=document.git_commits,
        huge_commit=document.huge_commit,
        declared=tuple((name, _globs(value if isinstance(value, str | list) else value.modules))
                       for name, value in seams),
        interfaces=tuple((name, _globs(value.interface)) for name, value in seams
                         if not isinstance(value, str | list)),
        tables=tuple((name, _globs(value.tables)) for name, value in seams
                     if not isinstance(value, str | list) and value.tables),
    )


def _prefixes(name: str) -> list[str]:
    """`a.b.c` -> a, a.b, a.b.c."""
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts) + 1)]


def _subtree_sizes(names: Iterable[str]) -> Counter[str]:
    """How many of `names` lie under each package (itself included): linear in the names,
    so accepting the seams of a 20k-module project does not compare every pair."""
    return Counter(prefix for name in names for prefix in _prefixes(name))


def member_globs(members: list[str] | tuple[str, ...], project: set[str]) -> list[str]:
    """A seam's members, a whole package written as `pkg` and `pkg.*` when the seam holds
    every module of the project under it (two or more), so a module added there later
    belongs to the seam too; the rest one by one."""
    mine = set(members)
    in_project, in_seam = _subtree_sizes(project), _subtree_sizes(mine & project)
    owned: set[str] = set()

    def under_owned(name: str) -> bool:
        return any(prefix in owned for prefix in _prefixes(name))

    for package in sorted({m.rsplit(".", 1)[0] for m in mine if "." in m} | mine,
                          key=lambda p: (p.count("."), p)):
        if not under_owned(package) and in_project[package] >= 2 \
                and in_seam[package] == in_project[package]:
            owned.add(package)
    globs: list[str] = []
    for package in sorted(owned):
        globs.extend((package, f"{package}.*") if package in project else (f"{package}.*",))
    globs.extend(m for m in sorted(mine) if not under_owned(m))
    return globs


def seams_config_text(proposal: Any, project: set[str] | None = None,
                      tables: frozenset[str] | None = None) -> str:
    """A `[seams]` section accepting a proposal: members and interface of every seam.
    `project`: every analyzed module, to write whole packages as globs; `tables`: the tables
    `strangler check` sees, when the analysis saw others (a table it cannot find is bad
    input to it)."""
    lines = ["# Accepted seams (strangler analyze --write-config). `strangler check` keeps",
             "# every dependency across seams going through the target seam's interface,",
             "# and every table read and written by the seam that owns it.", ""]
    for seam in proposal.seams:
        lines.append(f"[seams.{_toml_key(seam.name)}]")
        lines.append("modules = [")
        members = member_globs(seam.modules, project) if project else list(seam.modules)
        lines.extend(f'  "{module}",' for module in members)
        lines.append("]")
        lines.append("interface = [")
        lines.extend(f'  "{symbol.module}.{symbol.name}",' if symbol.name
                     else f'  "{symbol.module}",' for symbol in seam.interface)
        lines.append("]")
        owned = [t for t in seam.tables_owned if tables is None or t in tables]
        if owned:
            lines.append("tables = [")
            lines.extend(f"  {_toml_string(table)}," for table in owned)
            lines.append("]")
        lines.append("")
    return "\n".join(lines)


def _toml_string(text: str) -> str:
    """A TOML basic string of any text (a table name may hold any character): JSON's
    escapes of quotes, backslashes and control characters are TOML's; other characters stay
    as they are (JSON writes those beyond the BMP as surrogate pairs, which TOML rejects),
    but DEL, which TOML wants escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_key(name: str) -> str:
    """A seam's name as a TOML key: bare when it can be (`billing`, `billing-v2`), else
    quoted (a pinned service may be named `core.ui`)."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml_string(name)
