"""What each seam carries: interface, routes, tables, dependencies, why, difficulty (the
plan that orders them: `seams.migration`)."""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, replace

from strangler.graph import CouplingGraph, Dependency
from strangler.model import (
    InterfaceSymbol,
    ProjectIndex,
    Seam,
    SeamEdge,
    SharedTable,
    TableSeams,
    TableSide,
)
from strangler.seams.confidence import ProjectGaps
from strangler.seams.index_facts import served_modules
from strangler.seams.owners import ModelHome, TableOwner, model_homes, table_owner
from strangler.seams.propose import Partition

SHARED = "(shared kernel)"
# Difficulty on an absolute scale of the score (log2 of inbound and outbound uses, plus two
# per shared table and per import cycle across seams): the same seam gets the same label
# in any project.
EASY_BELOW, HARD_FROM = 8.0, 16.0
MAX_CALL_SITES = 20


FOREIGN_MAPPED_SHARE = 0.8  # of a project's tables its models map, for `foreign_tables`
FOREIGN_MAPPED_MIN = 5


def foreign_tables(index: ProjectIndex) -> frozenset[str]:
    """Tables of another database: where the project's models map most of its tables
    (FOREIGN_MAPPED_SHARE, FOREIGN_MAPPED_MIN or more), a table that no model maps, that
    nothing writes and that only raw SQL reads (a data source's catalog read by a query
    runner: `columns`, `Metadata.Dataset`). No seam owns or shares them. Where most tables
    are reached by raw SQL (no ORM), nothing tells them apart, and none is foreign."""
    mapped = sum(1 for table in index.tables if table.models)
    if mapped < FOREIGN_MAPPED_MIN or mapped < FOREIGN_MAPPED_SHARE * len(index.tables):
        return frozenset()
    return frozenset(table.name for table in index.tables
                     if not table.models and not table.writers and table.readers
                     and all(access.via == "sql" for access in table.readers))


def describe_seams(index: ProjectIndex, graph: CouplingGraph, partition: Partition,
                   cross_cycles: dict[str, int], foreign: frozenset[str] | None = None,
                   facts: TableFacts | None = None) -> tuple[Seam, ...]:
    """Build every seam's description from the partition (`foreign`: `foreign_tables`;
    `facts`: `table_facts`, when the caller has them already). A seam owns the tables
    `owners.table_owner` gives it, whoever else uses them."""
    labels = partition.labels()
    paths = {m.name: m.path for m in index.modules}
    loc = {m.name: m.loc for m in index.modules}

    def seam_of(module: str) -> str:
        return labels.get(module, SHARED)

    interface: dict[str, dict[tuple[str, str], list[tuple[str, str, int]]]] = defaultdict(
        lambda: defaultdict(list))
    for use in index.uses:
        target_seam = labels.get(use.target)
        # A use without a name is of the module object itself (`holder.x = module`):
        # `strangler check` needs the whole module in the interface for it.
        if target_seam is None or labels.get(use.source, SHARED) == target_seam \
                or not use.lines:
            continue
        path = paths.get(use.source, "")
        interface[target_seam][(use.target, use.name)].extend(
            [(use.source, path, line) for line in use.lines])

    used_modules = {(u.source, u.target) for u in index.uses}
    for imp in index.imports:  # imported but never called (annotations, re-exports): interface
        target_seam = labels.get(imp.target)
        if target_seam is None or imp.implicit or seam_of(imp.source) == target_seam:
            continue
        if imp.name is None and (imp.source, imp.target) in used_modules:
            continue  # the symbols it uses are listed already
        sites = interface[target_seam][(imp.target, imp.name or "")]
        if not sites:
            sites.append((imp.source, paths.get(imp.source, ""), imp.line))

    depends: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    internal: dict[str, list[Dependency]] = defaultdict(list)
    cut: dict[str, list[Dependency]] = defaultdict(list)
    for dependency in graph.dependencies:
        a, b = labels.get(dependency.source), labels.get(dependency.target)
        if a is not None and a == b:
            internal[a].append(dependency)
        elif a is not None and b is not None:
            depends[a][b] += dependency.weight
            cut[a].append(dependency)
            cut[b].append(dependency)

    def heaviest(edges: list[Dependency], count: int) -> tuple[SeamEdge, ...]:
        # Only the edges shown are made into SeamEdges (thousands of dependencies per edit).
        return tuple(SeamEdge(d.source, d.target, d.weight, paths.get(d.source, ""),
                              d.first_line)
                     for d in sorted(edges, key=lambda d: (-d.weight, d.source, d.target))[:count])

    if foreign is None:
        foreign = foreign_tables(index)
    if facts is None:
        facts = table_facts(index, graph, labels, paths, foreign)
    sides_of = facts.sides
    tables_of_seam: dict[str, list[tuple[str, TableSide, int]]] = defaultdict(list)
    for table_name, sides in sides_of.items():
        real = [side for side in sides if side.seam != SHARED]
        for side in real:
            tables_of_seam[side.seam].append((table_name, side, len(sides) - 1))
    owned_by: dict[str, list[str]] = defaultdict(list)
    for table_name, owner in facts.owners.items():
        owned_by[owner.seam].append(table_name)

    # Each route's handler found once; a seam's routes from its members, in the routes' order.
    routes_of: dict[str, list[int]] = defaultdict(list)
    for number, handler in enumerate(served_modules(index).handler_of):
        routes_of[handler].append(number)
    gaps_of = ProjectGaps(index)
    from strangler.seams.app_notes import app_departures

    app_notes = app_departures(index, graph, labels)
    seams: list[Seam] = []
    for name, members in partition.groups:
        member_set = set(members)
        owned = owned_by[name]
        shared = [SharedTable(table_name, side, others)
                  for table_name, side, others in tables_of_seam[name]
                  if len(sides_of[table_name]) - (sides_of[table_name][-1].seam == SHARED) > 1]
        symbols = tuple(
            InterfaceSymbol(module, symbol, len(sites),
                            tuple(heapq.nsmallest(MAX_CALL_SITES, sites)))
            for (module, symbol), sites in sorted(interface[name].items(),
                                                  key=lambda kv: (-len(kv[1]), kv[0])))
        used_by: dict[str, float] = defaultdict(float)
        for other, targets in depends.items():
            if name in targets:
                used_by[other] += targets[name]
        confidence, gaps = gaps_of.confidence(member_set)
        inbound_uses = sum(s.uses for s in symbols)
        outbound = sum(depends[name].values())
        score = (math.log2(1 + inbound_uses) + 2.0 * len(shared)
                 + math.log2(1 + outbound) + 2.0 * cross_cycles.get(name, 0))
        seams.append(Seam(
            name=name,
            modules=tuple(sorted(members)),
            loc=sum(loc.get(m, 0) for m in members),
            interface=symbols,
            routes=tuple(index.routes[i] for i in sorted(
                i for m in member_set for i in routes_of.get(m, ()))),
            tables_owned=tuple(sorted(owned)),
            tables_shared=tuple(shared),
            depends_on=tuple(sorted(((s, round(w, 3)) for s, w in depends[name].items()),
                                    key=lambda x: (-x[1], x[0]))),
            used_by=tuple(sorted(((s, round(w, 3)) for s, w in used_by.items()),
                                 key=lambda x: (-x[1], x[0]))),
            why_together=heaviest(internal[name], 5),
            cut_edges=heaviest(cut[name], 8),
            difficulty="",
            difficulty_score=round(score, 2),
            pinned=name in partition.pinned,
            confidence=confidence,
            confidence_notes=gaps,
            app_notes=app_notes.get(name, ()),
        ))
    return _rank_difficulty(seams)


def table_sides(graph: CouplingGraph, labels: dict[str, str], paths: dict[str, str],
                homes: dict[str, dict[str, ModelHome]] | None = None
                ) -> dict[str, list[TableSide]]:
    """For each table, one side per seam that touches it (the shared kernel, and modules no
    seam holds, last), from the module-table relation: linear in its links. Each side
    counts the models of the table its seam defines (`homes`: `owners.model_homes`); a seam
    that defines a model but never reads or writes the table is no side: moving that class
    is a code change, not a data conflict."""
    found: dict[str, dict[str, list[int]]] = defaultdict(dict)
    first: dict[tuple[str, str], tuple[str, int]] = {}
    for link in graph.table_access:
        seam = labels.get(link.module, SHARED)
        counts = found[link.table].setdefault(seam, [0, 0, 0])
        counts[0] += 1
        counts[1] += link.reads
        counts[2] += link.writes
        where = (paths.get(link.module, ""), link.line)
        if (link.table, seam) not in first or where < first[(link.table, seam)]:
            first[(link.table, seam)] = where
    homes = homes or {}
    return {table: [TableSide(seam, n, reads, writes, *first[(table, seam)],
                              models=homes[table][seam].modules
                              if seam in homes.get(table, {}) else 0)
                    for seam, (n, reads, writes) in sorted(
                        seams.items(), key=lambda item: (item[0] == SHARED, item[0]))]
            for table, seams in sorted(found.items())}


@dataclass(frozen=True)
class TableFacts:
    """Each table's sides (`table_sides`) and owner (`owners.table_owner`), the foreign
    tables left out."""

    sides: dict[str, list[TableSide]]
    owners: dict[str, TableOwner]


def table_facts(index: ProjectIndex, graph: CouplingGraph, labels: dict[str, str],
                paths: dict[str, str], foreign: frozenset[str] = frozenset()) -> TableFacts:
    """Sides and owners of every table but the foreign ones: linear in links and models."""
    homes = model_homes(index, labels)
    sides = {table: found for table, found in table_sides(graph, labels, paths, homes).items()
             if table not in foreign}
    owners = {table.name: owner for table in index.tables if table.name not in foreign
              and (owner := table_owner(sides.get(table.name, []), homes.get(table.name, {}),
                                        SHARED)) is not None}
    return TableFacts(sides, owners)


def shared_tables(facts: TableFacts) -> tuple[TableSeams, ...]:
    """The tables two or more seams access, each once, with every side's counts and the
    table's owner."""
    return tuple(TableSeams(table, tuple(sides), *(
        (owner.seam, owner.basis) if (owner := facts.owners.get(table)) else ("", "")))
                 for table, sides in facts.sides.items()
                 if sum(1 for side in sides if side.seam != SHARED) > 1)


def _rank_difficulty(seams: list[Seam]) -> tuple[Seam, ...]:
    """easy / medium / hard on an absolute scale of the difficulty score."""
    def label(score: float) -> str:
        return "easy" if score < EASY_BELOW else "medium" if score < HARD_FROM else "hard"

    return tuple(replace(seam, difficulty=label(seam.difficulty_score)) for seam in seams)
