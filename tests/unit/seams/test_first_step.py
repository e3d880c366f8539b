"""The plan's first step is what a senior architect would pick (issue 10, item 5): not
platform, not a hub most services call, and when no whole slice is easy it says so and
what to cut first."""

from __future__ import annotations

from strangler.model import InterfaceSymbol, Route, Seam, SharedTable, TableSide
from strangler.seams.explain import _rank_difficulty
from strangler.seams.migration import migration_plan
from strangler.seams.sensitive import SensitiveData


def _seam(name: str, score: float, *, shared: tuple[str, ...] = (),
          used_by: tuple[str, ...] = (), uses: int = 0) -> Seam:
    """A real slice: 4 modules, 800 lines, a route and a table of its own."""
    route = Route(("GET",), f"/{name}", f"{name}.views.index", f"{name}.views", "v.py", 1,
                  "flask")
    tables = tuple(SharedTable(t, TableSide(name, 1, 1, 0, "m.py", 1), 1) for t in shared)
    interface = (InterfaceSymbol(f"{name}.models", "Thing", uses, ()),) if uses else ()
    return Seam(name=name, modules=tuple(f"{name}.m{i}" for i in range(4)), loc=800,
                interface=interface, routes=(route,), tables_owned=(f"{name}_thing",),
                tables_shared=tables, depends_on=(), used_by=tuple((u, 1.0) for u in used_by),
                why_together=(), cut_edges=(), difficulty="", difficulty_score=score)


def _order(*seams: Seam) -> list[str]:
    return [step.seam for step in migration_plan(_rank_difficulty(list(seams)),
                                                 SensitiveData({}))]


def test_settings_plugin_registries_and_auth_plumbing_are_not_where_the_plan_starts() -> None:
    # A settings slice and a plugin registry, both easy with routes and a table: platform.
    plan = migration_plan(_rank_difficulty([
        _seam("config", 3.0), _seam("plugin", 4.0), _seam("socialauth", 2.0),
        _seam("reports", 10.0)]), SensitiveData({}))
    assert [step.seam for step in plan][0] == "reports"
    config = next(step for step in plan if step.seam == "config")
    assert "platform" in config.reason and "not a service to start with" in config.reason


def test_a_leaf_goes_before_a_hub_most_services_use() -> None:
    others = ("a", "b", "c", "d")
    # The hub shares fewer tables but four of the five other seams call it.
    tenancy = _seam("tenancy", 21.0, shared=("t1",), used_by=others, uses=300)
    vpn = _seam("vpn", 30.0, shared=("t1", "t2", "t3"), used_by=("a",), uses=20)
    rest = [_seam(name, 40.0, shared=("t1", "t2", "t3", "t4", "t5")) for name in others]
    order = _order(tenancy, vpn, *rest)
    assert order[0] == "vpn"
    assert order.index("tenancy") > order.index("vpn")
    plan = migration_plan(_rank_difficulty([tenancy, vpn, *rest]), SensitiveData({}))
    assert "a hub: 4 of the other 5 services use it" in next(
        step.reason for step in plan if step.seam == "tenancy")


def test_a_hard_first_step_says_no_slice_is_easy_and_what_to_cut_first() -> None:
    forum = _seam("forum", 28.0, shared=("users", "groups"), used_by=("user",), uses=145)
    user = _seam("user", 30.0, shared=("users", "a", "b"))
    plan = migration_plan(_rank_difficulty([forum, user]), SensitiveData({}))
    first = plan[0].reason
    assert plan[0].seam == "forum"
    assert "no whole slice is easy" in first and "is hard;" in first
    assert "give each shared table one owner (groups, users)" in first
    assert "put the most-used interface behind an API (forum.models.Thing (145 uses))" in first
    assert "no seam is easy" not in plan[1].reason and "cut first" not in plan[1].reason


def test_an_easy_first_step_says_nothing_of_cutting() -> None:
    plan = migration_plan(_rank_difficulty([_seam("gallery", 2.0), _seam("forum", 28.0)]),
                          SensitiveData({}))
    assert plan[0].seam == "gallery" and "cut first" not in plan[0].reason


def test_a_small_seam_says_which_of_the_conditions_it_misses() -> None:
    """A two-module seam with a route and a table of its own is small, not empty: its
    reason names its size only (the review found all three conditions printed)."""
    from dataclasses import replace

    small = replace(_seam("comment", 5.0), modules=("comment.a", "comment.b"), loc=120)
    plan = migration_plan(_rank_difficulty([small, _seam("reports", 10.0)]),
                          SensitiveData({}))
    reason = next(step.reason for step in plan if step.seam == "comment")
    # (its 120 lines are above the bar, a twentieth of this small project's 920)
    assert reason.endswith("; 2 modules (under 3): not a service to start with")
