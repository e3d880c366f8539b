"""The import cycles' cuts kept in the metrics memo: reused on the same inputs, computed
again when anything they read changes (a weight, a first line, a label, the code)."""

from __future__ import annotations

from dataclasses import replace

from strangler.graph import CouplingGraph, Cycle, Dependency
from strangler.seams.cycle_cuts import cycle_cuts
from strangler.seams.metrics import MetricsMemo

MODULES = ("a.x", "a.y", "b.x", "b.y", "c.x")
EDGES = (("a.x", "b.x", 3), ("b.x", "c.x", 4), ("c.x", "a.y", 5), ("a.y", "a.x", 6),
         ("b.y", "a.x", 7), ("b.x", "b.y", 8))
LABELS = {"a.x": "a", "a.y": "a", "b.x": "b", "b.y": "b", "c.x": "c"}


def _graph(weights: dict[tuple[str, str], float] | None = None) -> CouplingGraph:
    weights = weights or {}
    dependencies = tuple(Dependency(s, t, (("import", 1),), (), weights.get((s, t), 1.0), line)
                         for s, t, line in sorted(EDGES))
    return CouplingGraph(MODULES, dependencies,
                         (Cycle(tuple(sorted(MODULES)), tuple(sorted(EDGES)), False),))


def _poisoned(memo: MetricsMemo) -> MetricsMemo:
    """The memo's entries, each cut replaced by a marker: a reuse shows as the marker."""
    return MetricsMemo({key: ("stale",) if key.startswith("cuts:") else value
                        for key, value in memo.used.items()}, salt=memo.salt)


def test_the_memo_gives_what_computing_gives_and_reuses_it() -> None:
    graph = _graph()
    plain = cycle_cuts(graph, LABELS)
    assert plain and all("import cycle of 5 modules" in cut for cut in plain)
    first = MetricsMemo(salt="v1")
    assert cycle_cuts(graph, LABELS, first) == plain
    assert [k for k in first.used if k.startswith("cuts:")]
    assert cycle_cuts(graph, LABELS, _poisoned(first)) == ["stale"]  # really reused


def test_anything_the_cuts_read_is_a_new_key() -> None:
    graph = _graph()
    memo = MetricsMemo(salt="v1")
    cycle_cuts(graph, LABELS, memo)
    heavier = _graph({("a.x", "b.x"): 9.0})
    moved = replace(graph, dependencies=tuple(
        replace(d, first_line=d.first_line + 100) for d in graph.dependencies))
    relabelled = {**LABELS, "b.y": "c"}
    for changed_graph, labels, salt in ((heavier, LABELS, "v1"), (moved, LABELS, "v1"),
                                        (graph, relabelled, "v1"), (graph, LABELS, "v2")):
        fresh = cycle_cuts(changed_graph, labels)
        reused = cycle_cuts(changed_graph, labels, replace(_poisoned(memo), salt=salt))
        assert reused == fresh != ["stale"]
    assert cycle_cuts(heavier, LABELS) != cycle_cuts(graph, LABELS)  # the inputs matter
    assert cycle_cuts(moved, LABELS) != cycle_cuts(graph, LABELS)
