"""Signals that pull modules together, each a weight on an undirected module graph."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from strangler.graph import CouplingGraph, edge_weight
from strangler.model import ProjectIndex
from strangler.seams.config import Signals, SignalWeights
from strangler.seams.index_facts import served_modules

if TYPE_CHECKING:
    import networkx as nx

STATIC_KINDS = {"import", "import_lazy", "import_type_only", "import_implicit", "call", "base",
                "decorator", "attribute", "reference", "attribute_store", "entry_point",
                "located"}


def static_neighbours(graph: CouplingGraph) -> dict[str, set[str]]:
    """Each module's code neighbours: the modules it uses, or that use it, in code (imports,
    calls, base classes...: the static kinds), not by history or shared data."""
    found: dict[str, set[str]] = defaultdict(set)
    for dependency in graph.dependencies:
        if any(kind in STATIC_KINDS for kind, _ in dependency.kinds):
            found[dependency.source].add(dependency.target)
            found[dependency.target].add(dependency.source)
    return found


def business_contexts(index: ProjectIndex, graph: CouplingGraph, depth: int = 3
                      ) -> dict[str, frozenset[str]]:
    """For each module, the routes (by path) whose handler module reaches it within `depth`
    (`model.serving_module`: a view registered in the root `urls.py` starts from its app)."""
    out: dict[str, list[str]] = defaultdict(list)
    for dependency in graph.dependencies:
        kinds = dict(dependency.kinds)
        if any(k in kinds for k in ("import", "call", "attribute", "base", "decorator")):
            out[dependency.source].append(dependency.target)
    # Routes served by one module reach the same modules: one walk per handler module.
    labels_of: dict[str, list[str]] = defaultdict(list)
    for route, handler in zip(index.routes, served_modules(index).handler_of, strict=True):
        labels_of[handler].append(f"{' '.join(route.methods)} {route.path}")
    contexts: dict[str, set[str]] = defaultdict(set)
    for handler, labels in labels_of.items():
        frontier = {handler}
        seen = set(frontier)
        for _ in range(depth + 1):
            for module in frontier:
                contexts[module].update(labels)
            frontier = {t for m in frontier for t in out.get(m, ()) if t not in seen}
            seen |= frontier
    # Equal contexts are one object: modules reached by the same routes (a package, or
    # copies of one app) then cost one set in memory, and `signal_graph` compares each
    # pair of distinct sets once.
    shared: dict[frozenset[str], frozenset[str]] = {}
    found: dict[str, frozenset[str]] = {}
    for module, reached in contexts.items():
        frozen = frozenset(reached)
        found[module] = shared.setdefault(frozen, frozen)
    return found


def signal_graph(index: ProjectIndex, graph: CouplingGraph, weights: SignalWeights,
                 use: Signals, cochange: Iterable[tuple[str, str, float]] = (),
                 contexts: dict[str, frozenset[str]] | None = None,
                 authorship: dict[str, frozenset[str]] | None = None) -> nx.Graph:
    """Undirected weighted graph of all modules; the edge weight sums the enabled signals."""
    import networkx as nx

    combined: dict[tuple[str, str], float] = defaultdict(float)

    def add(a: str, b: str, value: float) -> None:
        if a != b and value > 0:
            combined[(a, b) if a < b else (b, a)] += value

    if use.static:
        for dependency in graph.dependencies:
            kinds = {k: n for k, n in dependency.kinds if k in STATIC_KINDS}
            if kinds:
                add(dependency.source, dependency.target, weights.static * edge_weight(kinds))
    tables: list[tuple[str, str, float]] = []
    if use.data:
        pairs, tables = table_edges(graph, len(index.modules), weights.data)
        for a, b, value in pairs:
            add(a, b, value)
        # (a model class's relations only: the foreign keys of SQLAlchemy Core `Table`
        # objects are read by the table-shape rules, never as a pull between modules)
        core = {m.name for t in index.tables for m in t.models if m.framework == "table"}
        for relation in index.relations:
            if relation.source not in core:
                add(relation.source_module, relation.target_module, weights.data * 1.0)
    if use.words:
        from strangler.seams.words import word_edges

        for a, b, value in word_edges(index, weights.words):
            add(a, b, value)
    if use.cochange:
        for a, b, strength in cochange:
            add(a, b, weights.cochange * 4.0 * strength)
    if use.cochange and authorship:
        # Shared authorship: coupled modules kept by the same people (Jaccard of authors).
        for (a, b) in list(combined):
            aa, ab = authorship.get(a), authorship.get(b)
            if aa and ab:
                add(a, b, weights.cochange * 1.0 * len(aa & ab) / len(aa | ab))
    if use.routes and contexts:
        sizes: dict[tuple[int, int], tuple[int, int]] = {}  # by the two sets' identities
        for (a, b) in list(combined):
            ca, cb = contexts.get(a), contexts.get(b)
            if ca and cb:
                pair = sizes.get((id(ca), id(cb)))
                if pair is None:
                    common = len(ca & cb)
                    pair = sizes[(id(ca), id(cb))] = (common, len(ca) + len(cb) - common)
                add(a, b, weights.routes * 2.0 * pair[0] / pair[1])
    if use.package:
        from strangler.seams.concept_layers import concept_slices
        from strangler.seams.words import domain_units

        units = domain_units([m.name for m in index.modules])
        # (no bonus between two concepts of a one-module-per-concept layer package:
        # `seams.concept_layers`)
        concepts = concept_slices(units)
        on_data = {m.module for t in index.tables for m in t.models} | {
            link.module for link in graph.table_access}
        for (a, b), value in list(combined.items()):
            package = a.rsplit(".", 1)[0]
            same_package = package == b.rsplit(".", 1)[0] and "." in a and (
                units[a] == units[b] or package not in concepts
                or a not in concepts[package] or b not in concepts[package]
                or a not in on_data or b not in on_data)
            bonus = (weights.package if same_package else 0.0) + (
                UNIT_BONUS * weights.package if units[a] == units[b] else 0.0)
            if bonus:
                combined[(a, b)] = value * (1.0 + bonus)
    result = nx.Graph()
    result.add_nodes_from(m.name for m in index.modules)
    for (a, b), value in sorted(combined.items()):
        result.add_edge(a, b, weight=round(value, 6))
    for module, node, value in tables:
        result.add_edge(module, node, weight=value)
    return result


UNIT_BONUS = 2.0  # edges inside one domain unit (words.domain_units), times the package weight
TABLE_NODE = "table:"  # prefix of a table's node in the signal graph (never a module name)
SMALL_TABLE = 32  # up to this many modules, a table links each pair of them


def is_table_node(node: str) -> bool:
    return node.startswith(TABLE_NODE)


def table_edges(graph: CouplingGraph, modules: int, weight: float
                ) -> tuple[list[tuple[str, str, float]], list[tuple[str, str, float]]]:
    """The data signal: (pairs, stars), each edge (a, b, weight).

    A table of at most SMALL_TABLE modules links each pair of them; its weight is shared
    among the pairs (4 / (n - 1) each, times 1.0 when both write it, 0.75 when one does, 0.25
    when none does), so each module gets about the same pull from every table. A larger table
    becomes one node linked to each of its modules instead: a shared schema then costs O(n)
    edges, not O(n^2). A writer pulls twice as hard as a reader, and a table touched by a
    large share of the modules (a users table every view reads) pulls weakly: the star's
    edges are scaled by log(1 + M/n) / log(1 + M), with M all modules, an inverse document
    frequency that is 0.9 for a table of 2 modules in 600 and 0.1 for one that all touch."""
    by_table: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for link in graph.table_access:
        by_table[link.table].append((link.module, link.writes > 0))
    scale = math.log(1 + max(2, modules))
    pairs: list[tuple[str, str, float]] = []
    stars: list[tuple[str, str, float]] = []
    for table in sorted(by_table):
        accessors = by_table[table]
        if len(accessors) < 2:
            continue
        if len(accessors) <= SMALL_TABLE:
            share = 4.0 / (len(accessors) - 1)
            for i, (a, a_writes) in enumerate(accessors):
                for b, b_writes in accessors[i + 1:]:
                    pairs.append((a, b, weight * share * (0.25, 0.75, 1.0)[a_writes + b_writes]))
            continue
        rarity = math.log(1 + max(2, modules) / len(accessors)) / scale
        for module, writes in accessors:
            stars.append((module, TABLE_NODE + table,
                          round(weight * 2.0 * (1.0 if writes else 0.5) * rarity, 6)))
    return pairs, stars


def authors_of(commits: Iterable[tuple[str, tuple[str, ...]]], huge: int
               ) -> dict[str, frozenset[str]]:
    """The authors who changed each module (commits over `huge` files ignored)."""
    found: dict[str, set[str]] = defaultdict(set)
    for author, modules in commits:
        if len(set(modules)) <= huge:
            for module in modules:
                found[module].add(author)
    return {module: frozenset(names) for module, names in found.items()}


def cochange_pairs(commits: Iterable[tuple[str, ...]], huge: int) -> list[tuple[str, str, float]]:
    """(a, b, strength) for modules changed together; strength = shared / sqrt(na * nb)."""
    changes: dict[str, int] = defaultdict(int)
    together: dict[tuple[str, str], int] = defaultdict(int)
    for modules in commits:
        unique = sorted(set(modules))
        if len(unique) > huge:
            continue
        for module in unique:
            changes[module] += 1
        for i, a in enumerate(unique):
            for b in unique[i + 1:]:
                together[(a, b)] += 1
    return [(a, b, n / math.sqrt(changes[a] * changes[b]))
            for (a, b), n in sorted(together.items()) if n >= 2]
