"""Issue 10 (helper layered8): a self-contained unit without tables whose outside ties go
mostly to one other slice of its group is that slice's component, not a slice of its own."""

from __future__ import annotations

import networkx as nx

from strangler.seams.propose import Choice, Grouping, split_slices

STORE = ("a.key_value.models", "a.key_value.utils", "a.daos.key_value")
LOCK = ("a.distributed_lock", "a.distributed_lock.types", "a.distributed_lock.utils")
FIAT = ("a.fiat", "a.fiat.base", "a.fiat.stripe")
PAYMENTS = ("a.crud.payments", "a.models.payments")


def _split(graph: nx.Graph, units: dict[str, str], owners: set[str]) -> set[frozenset[str]]:
    grouping = Grouping((("", tuple(sorted(graph.nodes))),), Choice(None))
    return {frozenset(members) for _, members in
            split_slices(graph, grouping, units, owners).groups}


def _units(**members: tuple[str, ...]) -> dict[str, str]:
    return {m: f"unit:word:{word}" for word, found in members.items() for m in found}


def test_a_self_contained_unit_tied_mostly_to_one_slice_stays_with_it() -> None:
    graph = nx.Graph()
    graph.add_weighted_edges_from([
        ("a.key_value.models", "a.key_value.utils", 3.0),
        ("a.daos.key_value", "a.key_value.models", 3.0),
        # the lock: knit tightly, and what ties it outside is the key-value store
        ("a.distributed_lock", "a.distributed_lock.types", 4.0),
        ("a.distributed_lock", "a.distributed_lock.utils", 4.0),
        ("a.distributed_lock.types", "a.distributed_lock.utils", 2.0),
        ("a.distributed_lock.utils", "a.key_value.utils", 2.0),
        ("a.distributed_lock", "a.daos.key_value", 1.0),
        ("a.distributed_lock", "a.helpers", 1.0),
    ])
    groups = _split(graph, _units(key_value=STORE, distributed_lock=LOCK),
                    {"a.key_value.models"})
    assert len(groups) == 1  # before: the lock split the group, a seam of its own
    assert frozenset(STORE + LOCK) <= next(iter(groups))


def test_a_self_contained_unit_with_spread_ties_is_still_a_slice() -> None:
    graph = nx.Graph()
    graph.add_weighted_edges_from([
        ("a.crud.payments", "a.models.payments", 4.0),
        ("a.fiat.base", "a.fiat.stripe", 4.0), ("a.fiat", "a.fiat.base", 4.0),
        # a third of its outer pull goes to the payments, the rest to helpers
        ("a.fiat.base", "a.crud.payments", 1.0),
        ("a.fiat.base", "a.helpers", 1.0), ("a.fiat.stripe", "a.cache", 1.0),
    ])
    groups = _split(graph, _units(payments=PAYMENTS, fiat=FIAT), {"a.crud.payments"})
    assert len(groups) == 2
    assert frozenset(PAYMENTS) in groups  # the providers (and their helpers) are apart
