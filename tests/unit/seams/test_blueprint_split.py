"""Sibling blueprint packages merged through their shared hubs are split back
(`seams.blueprint_split`)."""

from __future__ import annotations

import networkx as nx

from strangler.seams.blueprint_split import (
    blueprint_containers,
    blueprint_pieces,
    piece_of,
)
from strangler.seams.propose import Choice, Grouping

# app/tools/ holds four one-module blueprints (each package's __init__ serves routes),
# app/utils/ is the platform they all use, app/tools/__init__ registers them.
PACKAGES = ["app", "app.tools", "app.tools.backup", "app.tools.restore", "app.tools.erd",
            "app.tools.psql", "app.utils", "app.cloud", "app.cloud.aws", "app.cloud.azure",
            "app.cloud.google"]
SERVING = ["app.tools", "app.tools.backup", "app.tools.restore", "app.tools.erd",
           "app.tools.psql", "app.cloud.aws", "app.cloud.azure", "app.cloud.google"]
TOOLS = ["app.tools.backup", "app.tools.restore", "app.tools.erd", "app.tools.psql"]


def _hub_glued() -> nx.Graph:
    graph = nx.Graph()
    for tool in TOOLS:
        graph.add_edge(tool, "app.utils", weight=4.0)  # the platform
        graph.add_edge(tool, "app.tools", weight=0.5)  # registered by the container
    graph.add_edge("app.tools.erd", "app.tools.erd.utils", weight=6.0)
    graph.add_edge("app.tools.backup", "app.tools.restore", weight=0.5)
    return graph


def _groups(grouping: Grouping) -> set[frozenset[str]]:
    return {frozenset(members) for _, members in grouping.groups}


def test_containers_need_three_blueprint_children() -> None:
    found = blueprint_containers(PACKAGES, SERVING)
    assert found["app.tools"] == frozenset(TOOLS)
    assert "app.cloud" in found
    # two serving children only: no container
    assert blueprint_containers(PACKAGES, ["app.tools.backup", "app.tools.erd"]) == {}


def test_a_top_level_container_is_the_application_package_only() -> None:
    packages = ["site", "site.auth", "site.forum", "site.user", "ext", "ext.a", "ext.b",
                "ext.c"]
    serving = ["site.auth", "site.forum", "site.user", "ext.a", "ext.b", "ext.c"]
    # neither makes the application object: no top-level container
    assert blueprint_containers(packages, serving) == {}
    # `site/app.py` makes it: `site` is a container of its blueprints, `ext` still not
    found = blueprint_containers(packages, serving, apps=["site.app"])
    assert set(found) == {"site"}


def test_a_domain_with_sub_resources_is_no_container() -> None:
    packages = ["app", "app.case", "app.case.severity", "app.case.priority",
                "app.case.type"]
    serving = ["app.case.severity.views", "app.case.priority.views", "app.case.type.views"]
    assert "app.case" in blueprint_containers(packages, serving)
    # `case/models.py` maps the case table: the serving children are parts of the case
    assert blueprint_containers(packages, serving, mapping=["app.case.models"]) == {}
    # so does a model in a package of its own beside them (`case/models/case.py`)
    assert blueprint_containers([*packages, "app.case.models"], serving,
                                mapping=["app.case.models.case"]) == {}
    # a table of a child blueprint's own is no table of the container's
    assert "app.case" in blueprint_containers(packages, serving,
                                              mapping=["app.case.severity.models"])


def test_a_layer_package_or_a_layered_one_is_no_container() -> None:
    kids = ["chart", "dashboard", "dataset"]
    packages = ["app", "app.views", *(f"app.views.{k}" for k in kids)]
    serving = [f"app.views.{k}" for k in kids]
    assert blueprint_containers(packages, serving) == {}  # one layer of each domain
    packages = ["app", "app.portal", "app.portal.charts", "app.portal.dashboards",
                "app.portal.datasets", "app.portal.commands", "app.portal.daos",
                "app.portal.models"]
    serving = ["app.portal.charts.api", "app.portal.dashboards.api", "app.portal.datasets.api"]
    # beside the commands, daos and models layers, `charts/` is one layer of a domain
    assert blueprint_containers(packages, serving) == {}


def test_a_package_calling_its_children_composes_them() -> None:
    # app/cloud/__init__ calls a deploy function of each provider: one blueprint
    calls = [("app.cloud", "app.cloud.aws"), ("app.cloud", "app.cloud.azure")]
    found = blueprint_containers(PACKAGES, SERVING, calls)
    assert "app.cloud" not in found and "app.tools" in found


def test_pieces_read_from_the_deepest_container() -> None:
    containers = blueprint_containers(PACKAGES, SERVING)
    assert piece_of("app.tools.erd.utils", containers, frozenset(PACKAGES)) == \
        "app.tools.erd"
    assert piece_of("app.tools", containers, frozenset(PACKAGES)) == "app.tools<self>"
    # a child package serving nothing (the utilities) is no piece of its container
    assert piece_of("app.utils", containers, frozenset(PACKAGES)) is None
    assert piece_of("other.module", containers, frozenset(PACKAGES)) is None


def test_blueprints_meeting_only_through_hubs_are_split() -> None:
    graph = _hub_glued()
    members = [*TOOLS, "app.tools.erd.utils", "app.utils", "app.tools"]
    grouping = Grouping.ordered([("", members)], Choice(None))

    result = blueprint_pieces(grouping, graph, PACKAGES, SERVING)

    groups = _groups(result)
    assert frozenset(["app.tools.erd", "app.tools.erd.utils"]) in {
        g - {"app.utils", "app.tools"} for g in groups}
    assert len(groups) == 4  # one per tool; the hubs follow their strongest tie
    assert sum(len(g) for g in groups) == len(members)


def test_tied_blueprints_stay_together() -> None:
    graph = _hub_glued()
    # backup and restore share their job runner: tied far above the share
    graph.add_edge("app.tools.backup", "app.tools.restore", weight=20.0)
    members = ["app.tools.backup", "app.tools.restore", "app.utils"]
    grouping = Grouping.ordered([("", members)], Choice(None))

    assert blueprint_pieces(grouping, graph, PACKAGES, SERVING) == grouping


def test_pinned_and_kept_together_groups_stay_whole() -> None:
    graph = _hub_glued()
    grouping = Grouping.ordered([("tools", TOOLS)], Choice(None))
    assert blueprint_pieces(grouping, graph, PACKAGES, SERVING) == grouping
    grouping = Grouping.ordered([("", TOOLS)], Choice(None))
    assert blueprint_pieces(grouping, graph, PACKAGES, SERVING,
                            fixed=["app.tools.erd"]) == grouping


def test_a_container_of_blueprints_names_no_seam() -> None:
    from strangler.model import Module
    from strangler.seams.naming import NameEvidence, seam_names

    sizes = {"app.tools.sqleditor": 400, "app.tools.sqleditor.command": 300,
             "app.tools.sqleditor.utils": 200, "app.tools.backup": 100,
             "app.tools.restore": 100, "app.other.x": 50, "app.other.y": 50}
    packages = {"app.tools.sqleditor", "app.tools.backup", "app.tools.restore"}
    modules = {n: Module(n, f"{n.replace('.', '/')}.py", "app", n in packages, loc, loc)
               for n, loc in sizes.items()}
    groups = {0: {"app.tools.sqleditor", "app.tools.sqleditor.command",
                  "app.tools.sqleditor.utils"},
              1: {"app.tools.backup", "app.tools.restore"}, 2: {"app.other.x", "app.other.y"}}
    plain = seam_names(groups, {}, modules)
    read_past = seam_names(groups, {}, modules,
                           evidence=NameEvidence(containers=frozenset({"app.tools"})))
    assert plain[0] == "tools"
    assert read_past[0] == "sqleditor"


def test_django_apps_are_no_blueprint_packages() -> None:
    packages = ["site", "site.accounts", "site.auth", "site.billing"]
    serving = ["site.accounts.views", "site.auth.views", "site.billing.views"]
    assert "site" in blueprint_containers(packages, serving, apps=["site.wsgi"])
    assert blueprint_containers(packages, serving, apps=["site.wsgi"],
                                django=["site.accounts", "site.auth"]) == {}


def test_blueprints_with_tables_stay_as_the_clustering_grouped_them() -> None:
    graph = _hub_glued()
    members = [*TOOLS, "app.utils"]
    grouping = Grouping.ordered([("", members)], Choice(None))
    # backup and restore map tables: the data-first rules decide for them, and erd, tied to
    # backup by one light call, goes with them; psql, tied to none, is cut off
    graph.add_edge("app.tools.erd", "app.tools.backup", weight=0.5)
    result = blueprint_pieces(grouping, graph, PACKAGES, SERVING,
                              mapping=["app.tools.backup", "app.tools.restore"])
    groups = {g - {"app.utils"} for g in _groups(result)}
    assert groups == {frozenset(["app.tools.backup", "app.tools.restore", "app.tools.erd"]),
                      frozenset(["app.tools.psql"])}


def test_a_route_wholly_addressed_at_run_time_makes_no_blueprint_package() -> None:
    # a view a base class's registrar adds under a computed rule
    # (`TableView.register_node_view(blueprint)`) serves `/{register_node_view}`: its package
    # shows no URL space of its own; a literal path after a run-time prefix still does
    from strangler.model import Module, ProjectIndex, Route
    from strangler.seams.blueprint_split import http_serving

    def route(path: str, handler: str, runtime: bool) -> Route:
        module = handler.rsplit(".", 1)[0]
        return Route(("GET",), path, handler, module, module + ".py", 1, "flask", runtime)

    names = ["app.nodes.tables", "app.tools.backup", "app.tools.erd", "app.tools.psql"]
    index = ProjectIndex("root", tuple(Module(n, n + ".py", "app", False, 10, 10) for n in names),
                         (), (), (
                             route("/{register_node_view}", "app.nodes.tables.TableView", True),
                             route("/{org}/backup", "app.tools.backup.start", True),
                             route("/erd/<int:did>", "app.tools.erd.index", False),
                             route("/{PREFIX}psql/<int:sid>", "app.tools.psql.panel", True),
                         ), (), (), (), (), ())
    assert http_serving(index) == frozenset({"app.tools.backup", "app.tools.erd",
                                             "app.tools.psql"})


def test_a_compound_blueprint_stays_with_its_head() -> None:
    graph = _hub_glued()
    members = ["app.tools.backup", "app.tools.restore", "app.tools.erd", "app.utils"]
    grouping = Grouping.ordered([("", members)], Choice(None))
    heads = {"app.tools.backup": "app.tools.restore"}  # as if `restore_backup`: a part
    result = blueprint_pieces(grouping, graph, PACKAGES, SERVING, heads=heads)
    assert frozenset(["app.tools.backup", "app.tools.restore"]) in {
        g - {"app.utils"} for g in _groups(result)}
    assert len(_groups(result)) == 2
