"""How sure a seam is: the fact-completeness gaps that touch it lower its confidence.

A seam built on files that did not parse, tables no module was seen reading or writing, route
registrations that could not be resolved, imports that could not be followed or models of a
data library the facts do not read (Pony, ormar...) may be missing members, tables or
callers. Gaps in the seam's own modules weigh twice as much as
gaps elsewhere in the project (which can still hide a shared table or a caller)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Literal

from strangler.model import ProjectIndex

Confidence = Literal["high", "medium", "low"]
TABLE_GAP = 0.10  # project-wide: a tenth of the tables without an accessor
ROUTE_GAP = 0.10  # project-wide: unresolved registrations, a tenth of the routes found


def seam_confidence(index: ProjectIndex, members: set[str]) -> tuple[Confidence, tuple[str, ...]]:
    """(confidence, the gaps that lowered it) for a seam made of `members`."""
    return ProjectGaps(index).confidence(members)


class ProjectGaps:
    """A project's fact-completeness gaps, indexed by module once, so that each seam's
    confidence costs the size of the seam, not of the project (it was computed seam by seam
    over every module, table and route: quadratic in a large project)."""

    def __init__(self, index: ProjectIndex) -> None:
        self.facts = facts = index.completeness
        self.routes_found = len(index.routes)
        self.paths = {m.name: m.path for m in index.modules}
        if facts is None:
            return
        self.unparsed = Counter(facts.files_not_parsed)
        self.without = set(facts.tables_without_accessor)
        self.unmapped: dict[str, set[str]] = defaultdict(set)  # module -> its tables, no accessor
        for table in index.tables:
            if table.name in self.without:
                for model in table.models:
                    self.unmapped[model.module].add(table.name)
        self.unresolved = Counter(r.module for r in index.unresolved_routes)
        self.dynamic = Counter(module for module, _ in facts.dynamic_imports_unresolved)
        # the data libraries whose models the facts do not read, and module -> those it imports
        self.unread_libraries = {library for library, _ in facts.unread_data_libraries}
        self.unread: dict[str, set[str]] = defaultdict(set)
        for found in index.external:
            if found.module in self.unread_libraries:
                for module, _ in found.importers:
                    self.unread[module].add(found.module)

    def confidence(self, members: set[str]) -> tuple[Confidence, tuple[str, ...]]:
        """(confidence, the gaps that lowered it) for a seam made of `members`."""
        facts = self.facts
        if facts is None:
            return "high", ()
        own_paths = {self.paths[m] for m in members if m in self.paths}
        local: list[str] = []
        unparsed = sum(self.unparsed[path] for path in own_paths)
        if unparsed:
            local.append(f"{unparsed} of its files not parsed")
        mapped = sorted({t for m in members for t in self.unmapped.get(m, ())})
        if mapped:
            local.append(f"{len(mapped)} of its tables with no accessor ({', '.join(mapped[:3])})")
        routes = sum(self.unresolved[m] for m in members)
        if routes:
            local.append(f"{routes} of its route registrations not resolved")
        imports = sum(self.dynamic[m] for m in members)
        if imports:
            local.append(f"{imports} of its dynamic imports not followed")
        libraries = sorted({lib for m in members for lib in self.unread.get(m, ())})
        if libraries:
            local.append(f"its models in {', '.join(libraries)} not read (tables missing)")
        project: list[str] = []
        elsewhere = sorted(self.unread_libraries - set(libraries))
        if elsewhere:
            project.append(f"models in {', '.join(elsewhere)} not read elsewhere")
        if len(facts.files_not_parsed) > unparsed:
            project.append(f"{len(facts.files_not_parsed) - unparsed} files elsewhere not parsed")
        if facts.tables and len(self.without) >= TABLE_GAP * facts.tables:
            project.append(f"{len(self.without)} of {facts.tables} tables with no accessor")
        if facts.unresolved_routes and facts.unresolved_routes >= ROUTE_GAP * max(
                1, self.routes_found):
            project.append(f"{facts.unresolved_routes} route registrations not resolved "
                           f"({self.routes_found} found)")
        points = 2 * len(local) + len(project)
        level: Confidence = "high" if points == 0 else "medium" if points <= 2 else "low"
        return level, tuple(local + [f"project: {p}" for p in project])
