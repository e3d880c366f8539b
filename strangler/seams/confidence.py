"""How sure a seam is: the fact-completeness gaps that touch it lower its confidence.

A seam built on files that did not parse, tables no module was seen reading or writing, route
registrations that could not be resolved or imports that could not be followed may be
missing members, tables or callers. Gaps in the seam's own modules weigh twice as much as
gaps elsewhere in the project (which can still hide a shared table or a caller)."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from strangler.model import ProjectIndex

Confidence = Literal["high", "medium", "low"]
TABLE_GAP = 0.10  # project-wide: a tenth of the tables without an accessor
ROUTE_GAP = 0.10  # project-wide: unresolved registrations, a tenth of the routes found


def seam_confidence(index: ProjectIndex, members: set[str]) -> tuple[Confidence, tuple[str, ...]]:
    """(confidence, the gaps that lowered it) for a seam made of `members`."""
    facts = index.completeness
    if facts is None:
        return "high", ()
    paths = {m.name: m.path for m in index.modules}
    own_paths = {paths[m] for m in members if m in paths}
    local: list[str] = []
    unparsed = sum(1 for path in facts.files_not_parsed if path in own_paths)
    if unparsed:
        local.append(f"{unparsed} of its files not parsed")
    without = set(facts.tables_without_accessor)
    mapped = sorted({t.name for t in index.tables if t.name in without
                     and any(model.module in members for model in t.models)})
    if mapped:
        local.append(f"{len(mapped)} of its tables with no accessor ({', '.join(mapped[:3])})")
    routes = sum(1 for r in index.unresolved_routes if r.module in members)
    if routes:
        local.append(f"{routes} of its route registrations not resolved")
    dynamic = Counter(module for module, _ in facts.dynamic_imports_unresolved)
    imports = sum(dynamic[m] for m in members)
    if imports:
        local.append(f"{imports} of its dynamic imports not followed")
    project: list[str] = []
    if len(facts.files_not_parsed) > unparsed:
        project.append(f"{len(facts.files_not_parsed) - unparsed} files elsewhere not parsed")
    if facts.tables and len(without) >= TABLE_GAP * facts.tables:
        project.append(f"{len(without)} of {facts.tables} tables with no accessor")
    if facts.unresolved_routes and facts.unresolved_routes >= ROUTE_GAP * max(
            1, len(index.routes)):
        project.append(f"{facts.unresolved_routes} route registrations not resolved "
                       f"({len(index.routes)} found)")
    points = 2 * len(local) + len(project)
    level: Confidence = "high" if points == 0 else "medium" if points <= 2 else "low"
    return level, tuple(local + [f"project: {p}" for p in project])
