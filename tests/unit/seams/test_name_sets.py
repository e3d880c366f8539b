"""`name_sets.once_per_name_set`: one computation per set of names, whatever the order or
the kind of iterable the names come in; the last few sets are kept, older ones computed again."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from strangler.seams.apps import django_apps
from strangler.seams.name_sets import KEPT, once_per_name_set


def _counting() -> tuple[list[frozenset[str]], Callable[[Iterable[str]], frozenset[str]]]:
    calls: list[frozenset[str]] = []

    @once_per_name_set
    def tops(names: frozenset[str]) -> frozenset[str]:
        calls.append(names)
        return frozenset(name.split(".")[0] for name in names)

    return calls, tops


def test_one_computation_per_set_of_names() -> None:
    calls, tops = _counting()
    first = tops(["a.x", "b.y", "a.z"])
    again = tops(name for name in ("a.z", "a.x", "b.y", "a.x"))
    assert first == again == frozenset({"a", "b"})
    assert again is first
    assert calls == [frozenset({"a.x", "b.y", "a.z"})]
    assert tops(["c.w"]) == frozenset({"c"})
    assert len(calls) == 2


def test_older_sets_are_computed_again() -> None:
    calls, tops = _counting()
    for i in range(KEPT + 1):
        tops([f"p{i}.m"])
    assert len(calls) == KEPT + 1
    tops([f"p{KEPT}.m"])  # kept
    assert len(calls) == KEPT + 1
    tops(["p0.m"])  # the oldest was let go
    assert len(calls) == KEPT + 2


def test_each_caller_gets_its_own_django_apps() -> None:
    names = [f"{app}.{leaf}" for app in ("shop", "blog", "wiki")
             for leaf in ("apps", "models", "views")]
    first = django_apps(names)
    assert first == {name: name.split(".")[0] for name in names}
    first.clear()  # a caller that changes its answer changes no other caller's
    assert django_apps(reversed(names)) == {name: name.split(".")[0] for name in names}
