"""A group that is one interface layer, cut off from the logic it calls, joins that
logic's group (`seams.layer_groups`)."""

from __future__ import annotations

from strangler.graph import Dependency
from strangler.seams.layer_groups import layer_package, lone_layer_groups

VIEWS = ("app.views.dataset", "app.views.group", "app.views.resource")
LOGIC = ("app.logic.action.get", "app.model.group", "app.model.package", "app.model.resource")
OTHER = ("app.activity.model", "app.activity.views")
GROUPS = (("", LOGIC), ("", VIEWS), ("", OTHER))
UNITS = {m: "word:" + m.rsplit(".", 1)[1] for m in VIEWS + LOGIC} | {
    "app.activity.model": "app.activity", "app.activity.views": "app.activity"}
SERVED = {"app.views.dataset", "app.views.group", "app.views.resource", "app.activity.views"}


def _dep(source: str, target: str, weight: float) -> Dependency:
    return Dependency(source, target, (("call", 1),), (), weight, 1)


def _deps(to_logic: float, to_other: float) -> list[Dependency]:
    return [_dep("app.views.dataset", "app.logic.action.get", to_logic),
            _dep("app.views.group", "app.model.group", 1.0),
            _dep("app.views.resource", "app.activity.model", to_other),
            _dep("app.activity.views", "app.activity.model", 3.0),
            _dep("app.activity.model", "app.model.package", 1.0)]


def test_a_views_group_that_calls_one_group_joins_it() -> None:
    merged = lone_layer_groups(GROUPS, _deps(7.0, 1.0), SERVED, UNITS)
    assert merged == (("", tuple(sorted(LOGIC + VIEWS))), ("", OTHER))


def test_spread_pull_no_routes_pins_and_kept_modules_leave_it_alone() -> None:
    # (5 + 1 of 9 to the logic: two thirds, under LAYER_PULL)
    assert lone_layer_groups(GROUPS, _deps(5.0, 3.0), SERVED, UNITS) == GROUPS
    assert lone_layer_groups(GROUPS, _deps(7.0, 1.0), {"app.activity.views"}, UNITS) == GROUPS
    pinned = (("catalog", LOGIC), ("", VIEWS), ("", OTHER))
    assert lone_layer_groups(pinned, _deps(7.0, 1.0), SERVED, UNITS) == pinned
    assert lone_layer_groups(GROUPS, _deps(7.0, 1.0), SERVED, UNITS,
                             kept=["app.views.group"]) == GROUPS


def test_a_slice_spelled_across_layers_is_no_lone_layer() -> None:
    # (statistics in `admin/` and in `api/`: one unit, a slice of its own)
    stats = ("app.admin.statistics", "app.views.statistics", "app.views.statistics.users",
             "app.views.statistics.scores")
    units = UNITS | {m: "word:statistic" for m in stats}
    groups = (("", LOGIC), ("", stats))
    deps = [_dep("app.views.statistics.users", "app.model.group", 4.0)]
    served = {"app.views.statistics.users", "app.views.statistics.scores"}
    assert lone_layer_groups(groups, deps, served, units) == groups
    assert lone_layer_groups(groups, deps, served, UNITS) == (
        ("", tuple(sorted(LOGIC + stats))),)


def test_a_layer_group_does_not_join_a_group_of_the_same_layer() -> None:
    other_views = ("app.views.a", "app.views.b", "app.views.c", "app.model.x")
    groups = (("", other_views), ("", VIEWS))
    deps = [_dep("app.views.dataset", "app.views.a", 5.0)]
    assert lone_layer_groups(groups, deps, SERVED, UNITS) == groups
    assert layer_package("app.views.dataset") == "app.views"
    assert layer_package("app.charts.api") == "app.charts.api"
    assert layer_package("app.charts") is None


def test_a_member_of_another_word_does_not_ride_along() -> None:
    # (review10: `api/users`, grouped with `api/orders` by the clustering, went with it
    # into the orders seam though its word's modules are all in the users seam)
    from strangler.graph import Dependency
    from strangler.seams.layer_groups import lone_layer_groups

    def dep(source: str, target: str, weight: float) -> Dependency:
        return Dependency(source, target, (("import", 1),), (), weight, 1)

    groups = (("", ("app.api.orders", "app.api.users")),
              ("", ("app.orders.logic", "app.orders.models")),
              ("", ("app.users.auth", "app.users.logic", "app.users.models")))
    deps = [dep("app.api.orders", "app.orders.logic", 10),
            dep("app.api.users", "app.users.logic", 2), dep("app.api.users", "app.api.orders", 3)]
    units = {m: f"word:{m.split('.')[-1][:-1] if m.startswith('app.api') else m.split('.')[1][:-1]}"
             for _, ms in groups for m in ms}
    assert units["app.api.users"] == units["app.users.auth"] == "word:user"
    merged = lone_layer_groups(groups, deps, {"app.api.orders", "app.api.users"}, units)
    assert merged == (("", ("app.api.orders", "app.orders.logic", "app.orders.models")),
                      ("", ("app.api.users", "app.users.auth", "app.users.logic",
                            "app.users.models")))
