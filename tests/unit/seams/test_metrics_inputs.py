"""The digest of the metrics' inputs reads each module's business contexts by value."""

from __future__ import annotations

from strangler.graph import CouplingGraph, Dependency
from strangler.model import ProjectIndex
from strangler.seams.metrics import metrics_inputs


def test_shared_context_sets_digest_like_separate_equal_ones_and_differ_by_value() -> None:
    """Equal contexts shared by several modules (one set object) give the digest of equal
    separate sets; a module whose routes differ, even in one shared set's place, changes it."""
    index = ProjectIndex("", (), (), (), (), (), (), (), (), ())
    graph = CouplingGraph(("a", "b", "c"), (Dependency("a", "b", (("import", 1),), (), 1.0, 1),),
                          ())
    common = frozenset({"GET /x", "GET /y"})
    shared = {"a": common, "b": common, "c": frozenset({"GET /z"})}
    separate = {"a": frozenset({"GET /y", "GET /x"}), "b": frozenset({"GET /x", "GET /y"}),
                "c": frozenset({"GET /z"})}
    changed = {"a": common, "b": frozenset({"GET /x"}), "c": frozenset({"GET /z"})}
    moved = {"a": common, "b": frozenset({"GET /z"}), "c": common}
    digest = metrics_inputs(index, graph, shared).hexdigest()
    assert metrics_inputs(index, graph, separate).hexdigest() == digest
    assert metrics_inputs(index, graph, changed).hexdigest() != digest
    assert metrics_inputs(index, graph, moved).hexdigest() != digest
