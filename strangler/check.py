"""Guard accepted seams: find dependencies across seams that bypass a seam's interface,
and reads and writes of a table by another seam than its owner.

A dependency from seam A into seam B is allowed when it uses something B declares in its
interface (a module, or `module.symbol`); modules in no seam (the shared kernel) are free to
use and to be used. A table a seam declares (`tables`) is its data: a module of another
seam that reads or writes it is a violation too (data first: the others call the owner).
Violations are compared with a reviewed baseline (packwerk's todo files): only new ones fail
the check, and fixed ones are reported so the baseline can shrink.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from strangler.model import ProjectIndex
from strangler.seams.config import SeamConfig, matches
from strangler.seams.owners import table_owners

BASELINE_VERSION = 1
RULE_ID = "strangler/seam-interface"
TABLE_RULE_ID = "strangler/table-owner"
TABLE = "table:"  # prefix of a table in a violation's target (never a module name)
ViolationKind = Literal["interface", "table_read", "table_write"]


@dataclass(frozen=True)
class Violation:
    source_seam: str
    target_seam: str
    source: str  # module
    target: str  # module
    symbol: str  # '' when a module is imported without a symbol use
    file: str
    lines: tuple[int, ...]
    kind: ViolationKind = "interface"

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity kept in the baseline: no line numbers, which move with every edit."""
        return (self.source, self.target, self.symbol)

    @property
    def rule(self) -> str:
        return RULE_ID if self.kind == "interface" else TABLE_RULE_ID

    @property
    def message(self) -> str:
        if self.kind != "interface":
            verb = "writes" if self.kind == "table_write" else "reads"
            return (f"seam {self.source_seam} {verb} table {self.target.removeprefix(TABLE)}, "
                    f"which seam {self.target_seam} owns: go through {self.target_seam}'s "
                    "interface" + (" (or keep a read model)" if verb == "reads" else ""))
        used = f"{self.target}.{self.symbol}" if self.symbol else self.target
        return (f"seam {self.source_seam} uses {used} of seam {self.target_seam}, which is not "
                f"in {self.target_seam}'s declared interface")


@dataclass(frozen=True)
class CheckResult:
    violations: tuple[Violation, ...]  # every violation found
    new: tuple[Violation, ...]  # not covered by the baseline
    fixed: tuple[tuple[str, str, str], ...]  # baseline entries no longer found
    seams: int

    @property
    def failed(self) -> bool:
        return bool(self.new)


def find_violations(index: ProjectIndex, config: SeamConfig) -> list[Violation]:
    """Every dependency across declared seams that is not through the target's interface."""
    seam_of: dict[str, str] = {}
    for module in index.modules:
        for name, globs in config.declared:
            if matches(module.name, globs):
                seam_of[module.name] = name
                break
    interfaces = {name: set(entries) for name, entries in config.interfaces}
    paths = {m.name: m.path for m in index.modules}
    found: dict[tuple[str, str, str], list[int]] = defaultdict(list)

    def allowed(target_seam: str, target: str, symbol: str) -> bool:
        entries = interfaces.get(target_seam, set())
        return target in entries or (bool(symbol) and f"{target}.{symbol}" in entries)

    used_modules: set[tuple[str, str]] = set()
    for use in index.uses:
        a, b = seam_of.get(use.source), seam_of.get(use.target)
        if a is None or b is None or a == b:
            continue
        used_modules.add((use.source, use.target))
        if not allowed(b, use.target, use.name):
            found[(use.source, use.target, use.name)].extend(use.lines)
    for imp in index.imports:
        a, b = seam_of.get(imp.source), seam_of.get(imp.target)
        if a is None or b is None or a == b or imp.implicit:
            continue
        if imp.name:  # `from b import name`: checked as a symbol
            if not allowed(b, imp.target, imp.name):
                found[(imp.source, imp.target, imp.name)].append(imp.line)
        elif (imp.source, imp.target) not in used_modules and not allowed(b, imp.target, ""):
            found[(imp.source, imp.target, "")].append(imp.line)
    violations = [
        Violation(seam_of[source], seam_of[target], source, target, symbol,
                  paths.get(source, ""), tuple(sorted(set(lines))))
        for (source, target, symbol), lines in found.items()
    ]
    violations.extend(_table_violations(index, config, seam_of, paths))
    violations.sort(key=lambda v: (v.file, v.lines[0] if v.lines else 0, v.key))
    return violations


def _table_violations(index: ProjectIndex, config: SeamConfig, seam_of: dict[str, str],
                      paths: dict[str, str]) -> list[Violation]:
    owners = table_owners(index, config)
    found: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for table in index.tables:
        owner = owners.get(table.name)
        if owner is None:
            continue
        for verb, accesses in (("write", table.writers), ("read", table.readers)):
            for access in accesses:
                seam = seam_of.get(access.module)
                if seam is not None and seam != owner:
                    found[(access.module, TABLE + table.name, verb)].append(access.line)
    return [Violation(seam_of[source], owners[target.removeprefix(TABLE)], source, target,
                      verb, paths.get(source, ""), tuple(sorted(set(lines))),
                      "table_write" if verb == "write" else "table_read")
            for (source, target, verb), lines in found.items()]


def compare_with_baseline(violations: list[Violation], baseline: set[tuple[str, str, str]],
                          seams: int) -> CheckResult:
    """Split violations into known (in the baseline) and new; list baseline entries fixed."""
    keys = {v.key for v in violations}
    return CheckResult(
        violations=tuple(violations),
        new=tuple(v for v in violations if v.key not in baseline),
        fixed=tuple(sorted(baseline - keys)),
        seams=seams,
    )


def baseline_text(violations: list[Violation] | tuple[Violation, ...]) -> str:
    """The baseline file: sorted, one violation per line, for review in a pull request."""
    entries = sorted({v.key for v in violations})
    lines = [json.dumps({"source": s, "target": t, "symbol": sym}) for s, t, sym in entries]
    body = ",\n  ".join(lines)
    return (f'{{"version": {BASELINE_VERSION}, "violations": [\n  {body}\n]}}\n' if lines
            else f'{{"version": {BASELINE_VERSION}, "violations": []}}\n')


def parse_baseline(text: str) -> set[tuple[str, str, str]]:
    """Read a baseline file; raises ValueError with the reason when it is broken."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise ValueError(f"not a strangler baseline of version {BASELINE_VERSION}")
    return {(e["source"], e["target"], e["symbol"]) for e in data["violations"]}


def render_text(result: CheckResult) -> str:
    lines = [f"{v.file}:{v.lines[0] if v.lines else 0}: {v.rule}: {v.message}"
             for v in result.new]
    known = len(result.violations) - len(result.new)
    lines.append(f"{len(result.new)} new violations, {known} known in the baseline, "
                 f"{len(result.fixed)} baseline entries fixed ({result.seams} seams)")
    if result.fixed:
        lines.append("fixed since the baseline (run --update-baseline to shrink it): "
                     + ", ".join(f"{s} {sym}s table {t.removeprefix(TABLE)}"
                                 if t.startswith(TABLE)
                                 else f"{s} -> {t}.{sym}" if sym else f"{s} -> {t}"
                                 for s, t, sym in result.fixed))
    return "\n".join(lines) + "\n"


def render_json(result: CheckResult) -> str:
    def item(v: Violation) -> dict[str, Any]:
        return {"rule": v.rule, "source_seam": v.source_seam, "target_seam": v.target_seam,
                "source": v.source, "target": v.target, "symbol": v.symbol, "file": v.file,
                "lines": list(v.lines), "message": v.message}
    document = {"new": [item(v) for v in result.new],
                "known": [item(v) for v in result.violations if v not in result.new],
                "fixed": [{"source": s, "target": t, "symbol": sym}
                          for s, t, sym in result.fixed],
                "failed": result.failed}
    return json.dumps(document, indent=1) + "\n"


def render_sarif(result: CheckResult, version: str) -> str:
    """SARIF 2.1.0 for code-scanning UIs: one result per new violation."""
    results = [{
        "ruleId": v.rule,
        "level": "error",
        "message": {"text": v.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": v.file},
            "region": {"startLine": v.lines[0] if v.lines else 1}}}],
    } for v in result.new]
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "strangler", "version": version, "rules": [{
                "id": RULE_ID,
                "shortDescription": {"text": "Dependencies across seams go through the "
                                             "target seam's declared interface"}}, {
                "id": TABLE_RULE_ID,
                "shortDescription": {"text": "Only the seam that owns a table reads and "
                                             "writes it"}}]}},
            "results": results,
        }],
    }
    return json.dumps(document, indent=1) + "\n"
