"""`runtime_edges` is computed once per graph: some fifteen seams rules ask for it."""

from __future__ import annotations

import gc
import weakref

from strangler.graph import CouplingGraph, Dependency
from strangler.seams.kernel import runtime_edges


def _dependency(source: str, target: str, kind: str) -> Dependency:
    return Dependency(source, target, ((kind, 1),), (), 1.0, 1)


def _graph(*dependencies: Dependency) -> CouplingGraph:
    modules = tuple(sorted({d.source for d in dependencies} | {d.target for d in dependencies}))
    return CouplingGraph(modules, dependencies, ())


def test_run_time_edges_only_and_no_self_edges() -> None:
    graph = _graph(_dependency("a", "b", "import"), _dependency("a", "c", "import_type_only"),
                   _dependency("b", "b", "call"), _dependency("c", "a", "call"))
    assert list(runtime_edges(graph)) == [("a", "b"), ("c", "a")]


def test_the_same_graph_reuses_its_edges() -> None:
    graph = _graph(_dependency("a", "b", "import"))
    assert runtime_edges(graph) is runtime_edges(graph)


def test_another_graph_gets_its_own_edges() -> None:
    first = _graph(_dependency("a", "b", "import"))
    second = _graph(_dependency("x", "y", "call"))
    assert list(runtime_edges(first)) == [("a", "b")]
    assert list(runtime_edges(second)) == [("x", "y")]
    assert list(runtime_edges(first)) == [("a", "b")]


def test_the_memo_keeps_no_graph_alive() -> None:
    graph = _graph(_dependency("a", "b", "import"))
    runtime_edges(graph)
    ref = weakref.ref(graph)
    del graph
    gc.collect()
    assert ref() is None
