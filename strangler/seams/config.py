"""Seam configuration from `[tool.strangler]` in pyproject.toml or from strangler.toml."""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from typing import Any


class ConfigError(Exception):
    """The configuration is not valid TOML or has a wrong value; the message says where."""


@dataclass(frozen=True)
class SignalWeights:
    static: float = 1.0
    data: float = 1.0
    cochange: float = 0.5
    routes: float = 0.5
    package: float = 0.5  # bonus for modules of the same package (the authors' own grouping)


@dataclass(frozen=True)
class Signals:
    """Which signals to use; each can be switched off."""

    static: bool = True
    data: bool = True
    cochange: bool = True
    routes: bool = True
    package: bool = True


@dataclass(frozen=True)
class SeamConfig:
    pins: tuple[tuple[str, tuple[str, ...]], ...] = ()  # service -> module globs
    together: tuple[tuple[str, ...], ...] = ()  # groups of globs kept in one service
    kernels: tuple[str, ...] = ()  # globs of shared-kernel modules
    min_size: int = 2
    max_size: int = 0  # 0: no limit
    services: int = 0  # 0: chosen by the tool
    seed: int = 42
    weights: SignalWeights = field(default_factory=SignalWeights)
    git_commits: int = 500
    huge_commit: int = 30  # commits touching more files than this are ignored
    declared: tuple[tuple[str, tuple[str, ...]], ...] = ()  # accepted seams ([seams] table)
    interfaces: tuple[tuple[str, tuple[str, ...]], ...] = ()  # seam -> allowed module[.symbol]

    def pinned_service(self, module: str) -> str | None:
        for service, globs in self.pins:
            if matches(module, globs):
                return service
        return None


def matches(module: str, globs: tuple[str, ...] | list[str]) -> bool:
    """True when a dotted module name matches one of the globs."""
    return any(fnmatch.fnmatchcase(module, glob) for glob in globs)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of module globs")
    return tuple(value)


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table")
    return value


def parse_config(text: str, source: str, in_pyproject: bool) -> SeamConfig:
    """Parse configuration text; `in_pyproject` reads `[tool.strangler]`, else the top level."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from exc
    if in_pyproject:
        data = data.get("tool", {}).get("strangler", {})
    section = _table(data, source)
    seams_section = _table(section.get("seams", {}), f"{source}: seams")
    pins = _table(section.get("pin", {}), f"{source}: pin")
    weights = _table(section.get("weights", {}), f"{source}: weights")
    try:
        signal_weights = SignalWeights(**{k: float(v) for k, v in weights.items()})
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: weights: {exc}") from exc
    together = section.get("together", [])
    if not isinstance(together, list):
        raise ConfigError(f"{source}: together: expected a list of lists of globs")

    def integer(key: str, default: int) -> int:
        value = section.get(key, default)
        if not isinstance(value, int) or value < 0:
            raise ConfigError(f"{source}: {key}: expected a non-negative integer")
        return value

    return SeamConfig(
        pins=tuple((name, _strings(globs, f"{source}: pin.{name}"))
                   for name, globs in sorted(pins.items())),
        together=tuple(_strings(group, f"{source}: together") for group in together),
        kernels=_strings(section.get("kernels", []), f"{source}: kernels"),
        min_size=integer("min_size", 2),
        max_size=integer("max_size", 0),
        services=integer("services", 0),
        seed=integer("seed", 42),
        weights=signal_weights,
        git_commits=integer("git_commits", 500),
        huge_commit=integer("huge_commit", 30),
        declared=tuple((name, _seam_modules(value, f"{source}: seams.{name}"))
                       for name, value in sorted(seams_section.items())),
        interfaces=tuple((name, _strings(value.get("interface", []),
                                         f"{source}: seams.{name}.interface"))
                         for name, value in sorted(seams_section.items())
                         if isinstance(value, dict)),
    )


def _seam_modules(value: Any, where: str) -> tuple[str, ...]:
    """`name = ["glob", ...]` or `[seams.name]` with `modules = [...]`."""
    if isinstance(value, dict):
        return _strings(value.get("modules", []), f"{where}.modules")
    return _strings(value, where)


def seams_config_text(proposal: Any) -> str:
    """A `[seams]` section accepting a proposal: members and interface of every seam."""
    lines = ["# Accepted seams (strangler analyze --write-config). `strangler check` keeps",
             "# every dependency across seams going through the target seam's interface.", ""]
    for seam in proposal.seams:
        lines.append(f"[seams.{seam.name}]")
        lines.append("modules = [")
        lines.extend(f'  "{module}",' for module in seam.modules)
        lines.append("]")
        lines.append("interface = [")
        lines.extend(f'  "{symbol.module}.{symbol.name}",' if symbol.name
                     else f'  "{symbol.module}",' for symbol in seam.interface)
        lines.append("]")
        lines.append("")
    return "\n".join(lines)
