"""Stage 2: `ProjectIndex` -> `CouplingGraph`, a weighted module graph (networkx inside).

Edge weight (documented in docs/architecture.md and docs/schema.md):

    weight = import_presence                      1.0 runtime import, 0.5 lazy only,
                                                  0.25 type-only only, 0.1 implied parent only,
                                                  0.5 entry point only (a lazy dynamic import)
           + log2(1 + symbol_score)               symbol_score = sum(count x kind weight)
           + 2.0 x model_relations                ForeignKey / relationship between their models

Tables are not module pairs: `table_access` keeps the bipartite relation module -> table
(reads, writes), one row per (module, table), so a schema shared by N modules costs O(N), not
the O(N^2) of an edge per (accessor, writer) pair. The seams stage reads it directly.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from strangler.model import ProjectIndex

if TYPE_CHECKING:
    import networkx as nx

SYMBOL_WEIGHTS = {
    "call": 1.0,
    "base": 3.0,
    "decorator": 1.0,
    "attribute": 0.5,
    "reference": 0.5,
    "attribute_store": 2.0,
    "located": 1.0,  # a read through a service-locator registry (parse/link/providers.py)
}
IMPORT_PRESENCE = {"import": 1.0, "import_lazy": 0.5, "import_type_only": 0.25,
                   "import_implicit": 0.1, "entry_point": 0.5}
RELATION_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class Dependency:
    """One weighted edge of the coupling graph, with its kinds and symbols."""

    source: str
    target: str
    kinds: tuple[tuple[str, int], ...]  # sorted (kind, count)
    symbols: tuple[tuple[str, int], ...]  # sorted (symbol, uses)
    weight: float
    first_line: int  # first import or use line in the source module


@dataclass(frozen=True, slots=True)
class TableLink:
    """One edge of the bipartite module-table relation: how often `module` reads and writes
    `table`, and the first line that does."""

    module: str
    table: str
    reads: int
    writes: int
    line: int


@dataclass(frozen=True, slots=True)
class Cycle:
    """An import cycle: its modules and the imports inside it."""

    modules: tuple[str, ...]
    edges: tuple[tuple[str, str, int], ...]  # (source, target, line of the import)
    lazy_only: bool  # every import that closes it is inside a function


@dataclass(frozen=True)
class CouplingGraph:
    """The module coupling graph: modules, dependencies, cycles, table links."""

    modules: tuple[str, ...]
    dependencies: tuple[Dependency, ...]
    cycles: tuple[Cycle, ...]
    table_access: tuple[TableLink, ...] = ()  # sorted by (table, module)

    def networkx(self) -> nx.DiGraph:
        """The graph as a networkx DiGraph: one node per module, edges with per-kind counts
        and `weight` (built on demand: most runs never need networkx itself)."""
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_nodes_from(self.modules)
        for dependency in self.dependencies:
            graph.add_edge(dependency.source, dependency.target, weight=dependency.weight,
                           **dict(dependency.kinds))
        return graph


def _import_kind(type_only: bool, lazy: bool, implicit: bool) -> str:
    if implicit:
        return "import_implicit"
    if type_only:
        return "import_type_only"
    if lazy:
        return "import_lazy"
    return "import"


def edge_weight(kinds: dict[str, int]) -> float:
    """The combined weight of one edge from its per-kind counts (see module docstring)."""
    presence = max((IMPORT_PRESENCE[k] for k in kinds if k in IMPORT_PRESENCE), default=0.0)
    symbol_score = sum(SYMBOL_WEIGHTS[k] * n for k, n in kinds.items() if k in SYMBOL_WEIGHTS)
    weight = presence + math.log2(1 + symbol_score)
    weight += RELATION_WEIGHT * kinds.get("model_relation", 0)
    return round(weight, 4)


_IMPORT_KINDS = {(type_only, lazy, implicit): _import_kind(type_only, lazy, implicit)
                 for type_only in (False, True) for lazy in (False, True)
                 for implicit in (False, True)}


def build_graph(index: ProjectIndex) -> CouplingGraph:
    """The module coupling graph of a project.

    Written for speed (it runs on every edit, over every import and use of the project):
    one list per (source, target) of [kind counts, symbol counts, first line], no helper
    calls in the loops, and one weight computed per distinct set of kind counts."""
    edges: dict[tuple[str, str], list[Any]] = {}
    import_lines: dict[tuple[str, str], list[tuple[int, bool]]] = defaultdict(list)
    import_kinds = _IMPORT_KINDS
    # Imports and uses are named tuples: unpacked, not read by attribute (twice as fast).
    for source, target, line, _, type_only, lazy, _, _, _, implicit, entry_point, registry in (
            index.imports):
        key = (source, target)
        edge = edges.get(key)
        if edge is None:
            edges[key] = edge = [{}, {}, line]
        elif line < edge[2]:
            edge[2] = line
        counts = edge[0]
        # loaded by name (an entry-point group, a plugin list of dotted strings), never
        # imported: no import cycle
        if entry_point or registry:
            counts["entry_point"] = counts.get("entry_point", 0) + 1
            continue
        kind = import_kinds[(type_only, lazy, implicit)]
        counts[kind] = counts.get(kind, 0) + 1
        if not type_only and not implicit:
            import_lines[key].append((line, lazy))
    for source, target, name, use_kind, lines in index.uses:
        key = (source, target)
        edge = edges.get(key)
        if edge is None:
            edges[key] = edge = [{}, {}, lines[0]]
        elif lines[0] < edge[2]:
            edge[2] = lines[0]
        counts = edge[0]
        count = len(lines)
        counts[use_kind] = counts.get(use_kind, 0) + count
        if name:
            named = edge[1]
            named[name] = named.get(name, 0) + count
    for relation in index.relations:
        if relation.source_module != relation.target_module:
            key = (relation.source_module, relation.target_module)
            edge = edges.get(key)
            if edge is None:
                edges[key] = edge = [{}, {}, relation.line]
            elif relation.line < edge[2]:
                edge[2] = relation.line
            edge[0]["model_relation"] = edge[0].get("model_relation", 0) + 1

    weights: dict[tuple[tuple[str, int], ...], float] = {}
    dependencies: list[Dependency] = []
    for key in sorted(edges):
        counts, named, first = edges[key]
        kinds = tuple(sorted(counts.items()))
        weight = weights.get(kinds)
        if weight is None:
            weight = weights[kinds] = edge_weight(counts)
        dependencies.append(Dependency(key[0], key[1], kinds, tuple(sorted(named.items())),
                                       weight, first))
    return CouplingGraph(tuple(m.name for m in index.modules), tuple(dependencies),
                         _cycles(import_lines), table_links(index))


def table_links(index: ProjectIndex) -> tuple[TableLink, ...]:
    """The module-table relation: one link per (table, module) that reads or writes it."""
    links: list[TableLink] = []
    for table in sorted(index.tables, key=lambda t: t.name):
        counts: dict[str, list[int]] = {}
        for position, group in ((0, table.readers), (1, table.writers)):
            for access in group:
                entry = counts.setdefault(access.module, [0, 0, access.line])
                entry[position] += 1
                entry[2] = min(entry[2], access.line)
        links.extend(TableLink(module, table.name, reads, writes, line)
                     for module, (reads, writes, line) in sorted(counts.items()))
    return tuple(links)


def strongly_connected(edges: list[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components (iterative Tarjan), each sorted."""
    successors: dict[str, list[str]] = defaultdict(list)
    nodes: dict[str, None] = {}
    for source, target in edges:
        successors[source].append(target)
        nodes.setdefault(source)
        nodes.setdefault(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(successors[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(successors[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def _cycles(import_lines: dict[tuple[str, str], list[tuple[int, bool]]]) -> tuple[Cycle, ...]:
    """Strongly connected components of the import graph (type-only imports left out)."""
    cycles: list[Cycle] = []
    components = [c for c in strongly_connected(list(import_lines)) if len(c) > 1]
    component_of = {module: index for index, c in enumerate(components) for module in c}
    inside: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for (source, target), lines in import_lines.items():
        index = component_of.get(source)
        if index is not None and component_of.get(target) == index:
            inside[index].append((source, target, min(lines)[0]))
    for index, members_list in enumerate(components):
        members = tuple(members_list)
        edges = sorted(inside[index])
        eager = [(s, t) for s, t, _ in edges
                 if any(not lazy for _, lazy in import_lines[(s, t)])]
        lazy_only = not any(len(c) > 1 for c in strongly_connected(eager))
        cycles.append(Cycle(members, tuple(edges), lazy_only))
    cycles.sort(key=lambda c: (-len(c.modules), c.modules))
    return tuple(cycles)
