"""A number of services asked for holds after every step (issue 10, item 8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from strangler.seams.propose import Choice, Grouping
from strangler.seams.service_count import hold_count

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "legacy_monolith"
ASKED = Choice(3, " as asked (--services 3)")


def _clique(graph: nx.Graph, names: list[str], weight: float = 5.0) -> None:
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            graph.add_edge(a, b, weight=weight)


def _two_domains() -> nx.Graph:
    graph = nx.Graph()
    _clique(graph, [f"app.orders.m{i}" for i in range(4)])
    _clique(graph, [f"app.users.m{i}" for i in range(4)])
    graph.add_edge("app.orders.m0", "app.users.m0", weight=0.5)
    return graph


def _two_domains_and(extra: list[str]) -> Grouping:
    """The two domains' groups and a third group of `extra`, where two were asked for."""
    return Grouping.ordered([("", [f"app.orders.m{i}" for i in range(4)]),
                             ("", [f"app.users.m{i}" for i in range(4)]),
                             ("", extra)], Choice(2, " as asked"))


def test_too_few_groups_split_the_biggest_along_its_coupling() -> None:
    graph = _two_domains()
    _clique(graph, ["app.mail.a", "app.mail.b"])
    merged = Grouping.ordered([("", [*graph.nodes - {"app.mail.a", "app.mail.b"}]),
                               ("", ["app.mail.a", "app.mail.b"])], ASKED)
    held = hold_count(merged, 3, graph, 2, 42)
    assert sorted(sorted(g) for _, g in held.groups) == [
        ["app.mail.a", "app.mail.b"],
        [f"app.orders.m{i}" for i in range(4)],
        [f"app.users.m{i}" for i in range(4)],
    ]
    assert held.choice.groups == 3
    assert "left 2, split back to 3" in held.choice.text()


def test_too_many_groups_join_the_smallest_to_its_strongest_neighbour() -> None:
    graph = _two_domains()
    graph.add_edge("app.orders.extra", "app.orders.m1", weight=3.0)
    graph.add_edge("app.orders.extra", "app.users.m1", weight=1.0)
    held = hold_count(_two_domains_and(["app.orders.extra"]), 2, graph, 2, 42)
    orders = next(g for _, g in held.groups if "app.orders.m0" in g)
    assert "app.orders.extra" in orders and len(held.groups) == 2
    assert "joined back to 2" in held.choice.text()


def test_a_shared_table_pulls_a_group_to_its_other_user() -> None:
    graph = _two_domains()
    graph.add_edge("app.invoices", "table:invoice", weight=2.0)
    graph.add_edge("app.orders.m2", "table:invoice", weight=2.0)
    held = hold_count(_two_domains_and(["app.invoices"]), 2, graph, 2, 42)
    assert any({"app.invoices", "app.orders.m2"} <= set(g) for _, g in held.groups)


def test_pinned_groups_are_never_merged_away_or_split() -> None:
    graph = _two_domains()
    pinned = Grouping.ordered([("orders", [f"app.orders.m{i}" for i in range(4)]),
                               ("users", [f"app.users.m{i}" for i in range(4)])], ASKED)
    more = hold_count(pinned, 3, graph, 2, 42)
    assert more.groups == pinned.groups
    assert more.choice.groups is None and "not the 3 asked for" in more.choice.text()
    fewer = hold_count(pinned, 1, graph, 2, 42)
    assert len(fewer.groups) == 2 and fewer.choice.groups is None


def test_a_group_too_small_for_two_services_is_not_split() -> None:
    graph = nx.Graph()
    _clique(graph, ["a.x", "a.y", "a.z"])
    one = Grouping.ordered([("", ["a.x", "a.y", "a.z"])], Choice(2, " as asked"))
    held = hold_count(one, 2, graph, 2, 42)
    assert len(held.groups) == 1
    assert "not the 2 asked for" in held.choice.text()


def test_the_count_already_met_is_left_as_it_is() -> None:
    graph = _two_domains()
    two = Grouping.ordered([("", [f"app.orders.m{i}" for i in range(4)]),
                            ("", [f"app.users.m{i}" for i in range(4)])], ASKED)
    assert hold_count(two, 2, graph, 2, 42) is two


def test_the_count_holds_whatever_the_steps_after_the_clustering_do(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end on the example: a late step that takes a whole group into the kernel (as
    the app-object, wiring and platform steps do on real projects: lemur asked for 8 got 5)
    no longer lowers the count asked for; with no number asked, nothing is held."""
    from helpers import graph_of

    from strangler.model import KernelModule
    from strangler.seams import SeamRequest, app_objects, propose_seams

    original = app_objects.late_app_roots

    def greedy_late_step(*args: Any, **kwargs: Any) -> Any:
        grouping, kernel, isolated, roots = original(*args, **kwargs)
        _, smallest = grouping.groups[-1]
        kernel = [*kernel, *(KernelModule(m, "taken by a late step") for m in smallest)]
        return grouping.without(smallest), kernel, isolated, roots

    monkeypatch.setattr(app_objects, "late_app_roots", greedy_late_step)
    index, graph = graph_of(EXAMPLE)
    for asked in (3, 4, 5):
        proposal = propose_seams(index, graph, SeamRequest(services=asked))
        assert len(proposal.seams) == asked, proposal.choice
        assert f"left {asked - 1}, split back to {asked} along their coupling" in proposal.choice
    free = propose_seams(index, graph, SeamRequest())
    assert "split back" not in free.choice


def test_the_example_monolith_gets_every_count_it_can_hold() -> None:
    """End to end: each `--services N` the example's modules can hold comes out as N seams,
    and the proposal's own account says so."""
    from helpers import graph_of

    from strangler.seams import SeamRequest, propose_seams

    index, graph = graph_of(EXAMPLE)
    for asked in range(2, 9):
        proposal = propose_seams(index, graph, SeamRequest(services=asked))
        assert len(proposal.seams) == asked, (asked, proposal.choice)
        assert proposal.choice.startswith(f"{asked} services: ")
        assert "as asked (--services" in proposal.choice
