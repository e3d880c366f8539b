"""Work of the seams stage done by a forked child (`seams.parallel`) gives the value the
parent would have computed: the later Louvain resolutions and the import-graph baseline."""

from __future__ import annotations

import os
import random
from pathlib import Path

import networkx as nx
import pytest

from strangler.graph import CouplingGraph, Dependency
from strangler.seams import metrics, propose
from strangler.seams.parallel import in_child

forks = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                           reason="needs fork and two cores")


@forks
def test_the_value_comes_from_another_process() -> None:
    assert in_child(os.getpid).result() != os.getpid()


def test_a_failed_child_is_computed_again_here() -> None:
    parent = os.getpid()

    def only_here(x: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return x * 2

    pending = in_child(only_here, 21)
    assert pending.result() == 42
    assert pending.result() == 42  # read once, kept


def test_an_error_in_the_function_is_raised_in_the_parent() -> None:
    def broken() -> int:
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        in_child(broken).result()


def _graph(seed: int) -> nx.Graph:
    rng = random.Random(seed)
    graph = nx.Graph()
    names = [f"app{c}.m{i}" for c in range(6) for i in range(25)]
    graph.add_nodes_from(names)
    for a in names:
        for b in rng.sample(names, 4):
            same = a.split(".")[0] == b.split(".")[0]
            if a != b:
                graph.add_edge(a, b, weight=round(rng.uniform(2, 5) if same
                                                  else rng.uniform(0.1, 1), 3))
    return graph


@forks
@pytest.mark.parametrize("seed", [42, 1, 7])
def test_resolutions_in_a_child_give_the_same_communities(
        seed: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    graph = _graph(seed)
    one_by_one = [propose.louvain(graph, r, seed) for r in propose.RESOLUTIONS]
    monkeypatch.setattr(propose, "FORK_FROM", 1)
    real = propose._louvain_each
    mark = tmp_path / "ran in"

    def counted(*args: object) -> object:
        mark.write_text(str(os.getpid()))  # a file: the child's memory is its own
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(propose, "_louvain_each", counted)
    found = propose.louvain_resolutions(graph, propose.RESOLUTIONS, seed)
    assert found == one_by_one
    assert int(mark.read_text()) != os.getpid()  # the later ones ran in the child


def test_small_graphs_are_clustered_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(propose, "_louvain_each", None)  # would fail if called
    graph = _graph(3)
    assert len(graph) < propose.FORK_FROM
    assert propose.louvain_resolutions(graph, propose.RESOLUTIONS, 42) == [
        propose.louvain(graph, r, 42) for r in propose.RESOLUTIONS]


@forks
def test_the_baseline_from_a_child_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = _graph(5)
    dependencies = tuple(Dependency(a, b, (("import", 1),), (), 1.0, 1)
                         for a, b in sorted(graph.edges))
    coupling = CouplingGraph(tuple(sorted(graph.nodes)), dependencies, ())
    units = set(graph.nodes)
    expected = metrics.import_louvain_baseline(coupling, units, 42)
    monkeypatch.setattr(metrics, "BASELINE_FORK_FROM", 1)
    later = metrics.baseline_soon(coupling, units, 42)
    units.clear()  # the caller's set may change afterwards: the child took a copy
    assert later() == expected
    assert len(set(expected.values())) >= 3


@forks
def test_a_value_never_asked_for_does_not_leave_its_child_behind() -> None:
    pending = in_child(lambda: "x" * 1_000_000)  # more than a pipe holds: the child blocks
    pid = pending._pid
    assert pid is not None
    del pending  # closes the pipe: the child's write fails and it exits; it is reaped
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
