"""The metrics memo: a partition scored before is not scored again on the same inputs, and
any change of what the metrics read is a new key."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from helpers import graph_of

import strangler.seams.metrics as metrics_module
from strangler.graph import build_graph
from strangler.seams import SeamRequest, propose_seams
from strangler.seams.metrics import MetricsMemo

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "legacy_monolith"


@pytest.fixture(scope="module")
def example() -> tuple:  # type: ignore[type-arg]
    return graph_of(EXAMPLE)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = metrics_module.compute_metrics
    monkeypatch.setattr(metrics_module, "compute_metrics",
                        lambda *args: calls.append(1) or real(*args))
    return calls


def test_the_same_inputs_are_scored_once(example: tuple, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:  # type: ignore[type-arg]
    index, graph = example
    plain = propose_seams(index, graph, SeamRequest())
    calls = _counting(monkeypatch)
    first = MetricsMemo()
    assert propose_seams(index, graph, SeamRequest(), metrics_memo=first) == plain
    assert len(calls) == 3  # proposal, packages, import_louvain
    second = MetricsMemo(first.used)
    assert propose_seams(index, graph, SeamRequest(), metrics_memo=second) == plain
    assert len(calls) == 3
    assert second.used == first.used


def test_a_renamed_symbol_use_is_scored_again(example: tuple,
                                             monkeypatch: pytest.MonkeyPatch
                                             ) -> None:  # type: ignore[type-arg]
    """Renaming the symbol a cross-module use names keeps every dependency's kinds and counts
    (so the clustering is reused) but changes the interface metric's input."""
    index, graph = example
    memo = MetricsMemo()
    propose_seams(index, graph, SeamRequest(), metrics_memo=memo)
    position = next(i for i, u in enumerate(index.uses) if u.name and u.source != u.target)
    uses = list(index.uses)
    uses[position] = uses[position]._replace(name=uses[position].name + "_renamed")
    edited = replace(index, uses=tuple(uses))
    edited_graph = build_graph(edited)
    calls = _counting(monkeypatch)
    warm = propose_seams(edited, edited_graph, SeamRequest(), metrics_memo=MetricsMemo(memo.used))
    assert len(calls) == 3
    monkeypatch.undo()
    assert warm == propose_seams(edited, edited_graph, SeamRequest())


def test_a_changed_weight_is_scored_again(example: tuple, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:  # type: ignore[type-arg]
    index, graph = example
    memo = MetricsMemo()
    propose_seams(index, graph, SeamRequest(), metrics_memo=memo)
    heavier = replace(graph, dependencies=tuple(
        replace(d, weight=d.weight + 1.0) if n == 0 else d
        for n, d in enumerate(graph.dependencies)))
    calls = _counting(monkeypatch)
    propose_seams(index, heavier, SeamRequest(), metrics_memo=MetricsMemo(memo.used))
    assert len(calls) == 3
