"""Signals that pull modules together, each a weight on an undirected module graph."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from strangler.graph import CouplingGraph, edge_weight
from strangler.model import ProjectIndex
from strangler.seams.config import Signals, SignalWeights

if TYPE_CHECKING:
    import networkx as nx

STATIC_KINDS = {"import", "import_lazy", "import_type_only", "import_implicit", "call", "base",
                "decorator", "attribute", "reference", "attribute_store"}


def business_contexts(index: ProjectIndex, graph: CouplingGraph, depth: int = 3
                      ) -> dict[str, frozenset[str]]:
    """For each module, the routes (by path) whose handler module reaches it within `depth`."""
    out: dict[str, list[str]] = defaultdict(list)
    for dependency in graph.dependencies:
        kinds = dict(dependency.kinds)
        if any(k in kinds for k in ("import", "call", "attribute", "base", "decorator")):
            out[dependency.source].append(dependency.target)
    contexts: dict[str, set[str]] = defaultdict(set)
    for route in index.routes:
        label = f"{' '.join(route.methods)} {route.path}"
        frontier = {route.module}
        seen = set(frontier)
        for _ in range(depth + 1):
            for module in frontier:
                contexts[module].add(label)
            frontier = {t for m in frontier for t in out.get(m, ()) if t not in seen}
            seen |= frontier
    return {module: frozenset(labels) for module, labels in contexts.items()}


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
    if use.data:
        for table in index.tables:
            writers = {a.module for a in table.writers}
            accessors = sorted({a.module for a in (*table.readers, *table.writers)})
            if len(accessors) < 2:
                continue
            # A table touched by many modules says less about each pair: share its weight.
            share = 4.0 / (len(accessors) - 1)
            for i, a in enumerate(accessors):
                for b in accessors[i + 1:]:
                    both = (a in writers) + (b in writers)
                    add(a, b, weights.data * share * (0.25, 0.75, 1.0)[both])
        for relation in index.relations:
            add(relation.source_module, relation.target_module, weights.data * 1.0)
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
        for (a, b) in list(combined):
            ca, cb = contexts.get(a), contexts.get(b)
            if ca and cb:
                add(a, b, weights.routes * 2.0 * len(ca & cb) / len(ca | cb))
    if use.package:
        for (a, b), value in list(combined.items()):
            if a.rsplit(".", 1)[0] == b.rsplit(".", 1)[0] and "." in a:
                combined[(a, b)] = value * (1.0 + weights.package)
    result = nx.Graph()
    result.add_nodes_from(m.name for m in index.modules)
    for (a, b), value in sorted(combined.items()):
        result.add_edge(a, b, weight=round(value, 6))
    return result


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
