"""`build_graph` (written for speed) equals the plain definition of the coupling graph."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from strangler.graph import (
    CouplingGraph,
    Dependency,
    _cycles,
    _import_kind,
    build_graph,
    edge_weight,
    table_links,
)
from strangler.model import Import, ModelRelation, Module, ProjectIndex, SymbolUse


def _plain(index: ProjectIndex) -> CouplingGraph:
    """The coupling graph by its definition: per (source, target), the count of each import
    and use kind, the uses per symbol name, the first line, and the weight of the counts."""
    kinds: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    symbols: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    first: dict[tuple[str, str], int] = {}
    import_lines: dict[tuple[str, str], list[tuple[int, bool]]] = defaultdict(list)
    for imp in index.imports:
        key = (imp.source, imp.target)
        kinds[key][_import_kind(imp.type_only, imp.lazy, imp.implicit)] += 1
        first[key] = min(first.get(key, imp.line), imp.line)
        if not imp.type_only and not imp.implicit:
            import_lines[key].append((imp.line, imp.lazy))
    for use in index.uses:
        key = (use.source, use.target)
        kinds[key][use.kind] += len(use.lines)
        if use.name:
            symbols[key][use.name] += len(use.lines)
        first[key] = min(first.get(key, use.lines[0]), use.lines[0])
    for rel in index.relations:
        if rel.source_module != rel.target_module:
            key = (rel.source_module, rel.target_module)
            kinds[key]["model_relation"] += 1
            first[key] = min(first.get(key, rel.line), rel.line)
    dependencies = tuple(
        Dependency(key[0], key[1], tuple(sorted(kinds[key].items())),
                   tuple(sorted(symbols[key].items())), edge_weight(dict(kinds[key])), first[key])
        for key in sorted(kinds))
    return CouplingGraph(tuple(m.name for m in index.modules), dependencies,
                         _cycles(import_lines), table_links(index))


def _random_index(rng: random.Random) -> ProjectIndex:
    names = [f"m{n}" for n in range(rng.randint(2, 12))]
    modules = tuple(Module(n, f"{n}.py", "", False, 10, 10) for n in names)
    imports = tuple(sorted(
        (Import(rng.choice(names), rng.choice(names), rng.randint(1, 50),
                rng.choice([None, "f", "g"]), rng.random() < 0.2, rng.random() < 0.3, False,
                False, False, rng.random() < 0.1)
         for _ in range(rng.randint(0, 40))), key=lambda i: i.source))
    uses = tuple(sorted(
        (SymbolUse(rng.choice(names), rng.choice(names), rng.choice(["", "f", "g", "K"]),
                   rng.choice(["call", "base", "attribute", "reference", "decorator",
                               "attribute_store"]),
                   tuple(sorted(rng.sample(range(1, 60), rng.randint(1, 3)))))
         for _ in range(rng.randint(0, 60))), key=lambda u: u.source))
    relations = tuple(
        ModelRelation("a.A", "b.B", rng.choice(names), rng.choice(names), "x.py",
                      rng.randint(1, 50))
        for _ in range(rng.randint(0, 5)))
    return ProjectIndex("root", modules, imports, uses, (), (), (), relations, (), ())


@pytest.mark.parametrize("seed", range(40))
def test_build_graph_equals_the_definition(seed: int) -> None:
    index = _random_index(random.Random(seed))
    assert build_graph(index) == _plain(index)
