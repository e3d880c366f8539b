"""Small table-owning Django apps merged by the clustering are split back
(`seams.app_pieces`)."""

from __future__ import annotations

import networkx as nx

from strangler.seams.app_pieces import django_app_strays, split_unrelated_apps
from strangler.seams.app_split import split_whole_apps
from strangler.seams.propose import Choice, Grouping

LAYERS = ("apps", "models", "api", "serializers", "urls", "functions")  # six modules


def _app(graph: nx.Graph, app: str, inner: float = 3.0) -> list[str]:
    """A Django app of six modules (its `apps` module is its AppConfig), each tied to its
    models."""
    modules = [f"proj.{app}.{layer}" for layer in LAYERS]
    for module in modules:
        if not module.endswith(".models"):
            graph.add_edge(module, f"proj.{app}.models", weight=inner)
    return modules


def _groups(grouping: Grouping) -> set[frozenset[str]]:
    return {frozenset(members) for _, members in grouping.groups}


def _project() -> tuple[nx.Graph, list[str], list[str], list[str]]:
    graph = nx.Graph()
    labels = _app(graph, "labels")
    webhooks = _app(graph, "webhooks")
    projects = _app(graph, "projects")
    # labels emit webhooks: a few light calls, far below labels' own inner weight
    graph.add_edge("proj.labels.models", "proj.webhooks.functions", weight=1.5)
    graph.add_edge("proj.labels.api", "proj.webhooks.models", weight=0.5)
    graph.add_edge("proj.core.validators", "proj.webhooks.serializers", weight=2.0)
    return graph, labels, webhooks, projects


MAPPING = ["proj.labels.models", "proj.webhooks.models", "proj.projects.models"]


def test_two_small_table_owning_apps_lightly_tied_are_split() -> None:
    graph, labels, webhooks, projects = _project()
    names = [*labels, *webhooks, *projects, "proj.core.validators"]
    grouping = Grouping.ordered([("", [*labels, *webhooks, "proj.core.validators"]),
                                 ("", projects)], Choice(None))

    result = split_unrelated_apps(grouping, graph, names, MAPPING)

    assert _groups(result) == {frozenset(labels),
                               frozenset([*webhooks, "proj.core.validators"]),
                               frozenset(projects)}
    # the size floor of `split_whole_apps` (seven modules) leaves them merged
    units = {m: m.rsplit(".", 1)[0] for m in names}
    assert split_whole_apps(grouping, graph, units, {"proj.labels", "proj.webhooks"}) \
        == grouping


def test_apps_tied_by_half_their_inner_weight_stay_one_group() -> None:
    graph, labels, webhooks, projects = _project()
    for layer in LAYERS:  # imported both ways, heavily
        graph.add_edge(f"proj.labels.{layer}", f"proj.webhooks.{layer}", weight=2.0)
    names = [*labels, *webhooks, *projects]
    grouping = Grouping.ordered([("", [*labels, *webhooks]), ("", projects)], Choice(None))

    assert split_unrelated_apps(grouping, graph, names, MAPPING) == grouping


def test_an_app_without_a_table_of_its_own_is_no_piece() -> None:
    graph, labels, webhooks, projects = _project()
    names = [*labels, *webhooks, *projects]
    grouping = Grouping.ordered([("", [*labels, *webhooks]), ("", projects)], Choice(None))

    assert split_unrelated_apps(grouping, graph, names,
                                ["proj.webhooks.models", "proj.projects.models"]) == grouping


def test_pinned_and_kept_together_groups_stay_whole() -> None:
    graph, labels, webhooks, projects = _project()
    names = [*labels, *webhooks, *projects]
    pinned = Grouping.ordered([("hooks", [*labels, *webhooks]), ("", projects)],
                              Choice(None))
    assert split_unrelated_apps(pinned, graph, names, MAPPING) == pinned
    grouping = Grouping.ordered([("", [*labels, *webhooks]), ("", projects)], Choice(None))
    assert split_unrelated_apps(grouping, graph, names, MAPPING,
                                ["proj.labels.api"]) == grouping


def _strays_project() -> tuple[list[str], list[str], list[str]]:
    acl = [f"proj.acl.{m}" for m in ("apps", "models", "algebra", "decorators", "objectacl",
                                      "providers")]
    threads = [f"proj.threads.{m}" for m in ("apps", "models", "views", "api", "urls")]
    plugins = ["proj.plugins.apps", "proj.plugins.manager", "proj.plugins.base",
               "proj.plugins.webhook.plugin", "proj.plugins.webhook.tasks"]
    return acl, threads, plugins


def test_a_django_app_not_named_by_layers_gets_its_strays_back() -> None:
    acl, threads, plugins = _strays_project()
    strays = ["proj.acl.algebra", "proj.acl.objectacl"]
    grouping = Grouping.ordered([
        ("", [m for m in acl if m not in strays]), ("", [*threads, *strays]),
        ("", plugins)], Choice(None))

    result = django_app_strays(grouping, [*acl, *threads, *plugins], {"proj.acl.models"})

    assert _groups(result) == {frozenset(acl), frozenset(threads), frozenset(plugins)}


def test_a_stray_part_with_a_table_stays_with_its_data() -> None:
    acl, threads, plugins = _strays_project()
    strays = ["proj.acl.algebra", "proj.acl.objectacl"]
    grouping = Grouping.ordered([
        ("", [m for m in acl if m not in strays]), ("", [*threads, *strays]),
        ("", plugins)], Choice(None))

    assert django_app_strays(grouping, [*acl, *threads, *plugins],
                             {"proj.acl.models", "proj.acl.objectacl"}) == grouping


def test_a_plugin_inside_a_plugin_container_app_stays_with_what_it_serves() -> None:
    acl, threads, plugins = _strays_project()
    webhook = ["proj.plugins.webhook.plugin", "proj.plugins.webhook.tasks"]
    grouping = Grouping.ordered([
        ("", acl), ("", [*threads, *webhook]),
        ("", [m for m in plugins if m not in webhook])], Choice(None))

    assert django_app_strays(grouping, [*acl, *threads, *plugins], set()) == grouping
