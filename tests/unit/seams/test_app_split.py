"""Whole apps the clustering merged are split back into their apps (`seams.app_split`)."""

from __future__ import annotations

import networkx as nx

from strangler.seams.app_split import data_apps, split_whole_apps
from strangler.seams.propose import Choice, Grouping

LAYERS = ("models", "views", "urls", "forms", "admin", "tasks", "apps")


def _app(graph: nx.Graph, app: str, inner: float = 3.0) -> list[str]:
    """An app of seven modules, each tied to its models and to the next one."""
    modules = [f"{app}.{layer}" for layer in LAYERS]
    for i, module in enumerate(modules[1:], start=1):
        graph.add_edge(module, f"{app}.models", weight=inner)
        graph.add_edge(module, modules[(i % (len(modules) - 1)) + 1], weight=inner)
    return modules


def _units(grouping: Grouping) -> dict[str, str]:
    return {m: m.split(".")[0] for _, members in grouping.groups for m in members}


def _groups(grouping: Grouping) -> set[frozenset[str]]:
    return {frozenset(members) for _, members in grouping.groups}


def test_two_whole_apps_tied_by_a_read_of_one_models_are_split_back() -> None:
    graph = nx.Graph()
    memory = _app(graph, "memory")
    lang = _app(graph, "lang")
    graph.add_edge("memory.models", "lang.models", weight=5.0)  # a foreign key to Language
    graph.add_edge("memory.views", "lang.models", weight=2.0)
    # a helper of no app, used by memory's tasks only
    graph.add_edge("helpers.cleanup", "memory.tasks", weight=2.0)
    grouping = Grouping.ordered([("", [*memory, *lang, "helpers.cleanup"])], Choice(None))

    result = split_whole_apps(grouping, graph, _units(grouping), {"memory", "lang"})

    assert _groups(result) == {frozenset([*memory, "helpers.cleanup"]), frozenset(lang)}


def test_apps_tied_by_half_their_inner_weight_stay_one_group() -> None:
    graph = nx.Graph()
    auth = _app(graph, "auth")
    accounts = _app(graph, "accounts")
    inner = sum(w for a, b, w in graph.edges(data="weight")
                if a.startswith("auth.") and b.startswith("auth."))
    for layer in LAYERS:  # a user model and its profile, imported both ways
        graph.add_edge(f"auth.{layer}", f"accounts.{layer}", weight=inner / len(LAYERS) / 2)
    grouping = Grouping.ordered([("", [*auth, *accounts])], Choice(None))

    assert split_whole_apps(grouping, graph, _units(grouping), {"auth", "accounts"}) \
        == grouping


def test_small_apps_of_one_domain_are_not_cut_apart() -> None:
    graph = nx.Graph()
    costs = [f"cost.{layer}" for layer in LAYERS[:4]]
    types = [f"cost_type.{layer}" for layer in LAYERS[:4]]
    for modules in (costs, types):
        for module in modules[1:]:
            graph.add_edge(module, modules[0], weight=3.0)
    graph.add_edge("cost.models", "cost_type.models", weight=1.0)
    grouping = Grouping.ordered([("", [*costs, *types])], Choice(None))

    assert split_whole_apps(grouping, graph, _units(grouping), {"cost", "cost_type"}) \
        == grouping


def test_pinned_groups_and_groups_the_user_keeps_together_are_left_alone() -> None:
    graph = nx.Graph()
    memory = _app(graph, "memory")
    lang = _app(graph, "lang")
    graph.add_edge("memory.models", "lang.models", weight=1.0)
    pinned = Grouping.ordered([("translation", [*memory, *lang])], Choice(None))
    assert split_whole_apps(pinned, graph, _units(pinned), {"memory", "lang"}) == pinned
    grouping = Grouping.ordered([("", [*memory, *lang])], Choice(None))
    assert split_whole_apps(grouping, graph, _units(grouping), {"memory", "lang"},
                            fixed=["lang.views"]) == grouping


def test_a_group_holding_no_app_is_not_split() -> None:
    graph = nx.Graph()
    memory = _app(graph, "memory")
    lang = _app(graph, "lang")
    graph.add_edge("memory.models", "lang.models", weight=1.0)
    grouping = Grouping.ordered([("", [*memory, *lang])], Choice(None))
    # an app beside a cohesive unit of seven modules that is no app (no layers) is split
    assert len(split_whole_apps(grouping, graph, _units(grouping), {"memory"}).groups) == 2
    assert split_whole_apps(grouping, graph, _units(grouping), set()) == grouping


def test_apps_by_their_data_are_package_units_whose_models_map_tables() -> None:
    """Saleor's apps keep their API in a `graphql/` layer, so they are not made of layers;
    their models still tell them: a unit one of whose modules maps a table is an app. A
    word unit of a layered project and a unit named by a layer word are none."""
    units = {"shop.warehouse.models": "shop.warehouse", "shop.warehouse.stock": "shop.warehouse",
             "shop.channel.models": "shop.channel", "shop.models.user": "shop.models",
             "shop.views.order": "word:order", "shop.cli.seed": "shop.cli"}
    owners = {"shop.warehouse.models", "shop.channel.models", "shop.models.user",
              "shop.views.order"}
    assert data_apps(units, owners) == {"shop.warehouse", "shop.channel"}


def test_a_compound_app_stays_with_its_head_app() -> None:
    graph = nx.Graph()
    customer = _app(graph, "customer")
    session = _app(graph, "customer_session")
    graph.add_edge("customer_session.models", "customer.models", weight=2.0)
    grouping = Grouping.ordered([("", [*customer, *session])], Choice(None))
    apps = {"customer", "customer_session"}
    # tied loosely: split back as two apps, unless the compound is a part of its head
    assert len(split_whole_apps(grouping, graph, _units(grouping), apps).groups) == 2
    assert split_whole_apps(grouping, graph, _units(grouping), apps,
                            heads={"customer_session": "customer"}) == grouping
