"""Issue 10 (helper django2): a table-owning Django app laid out one module per entity
(`models/issue`, `views/issue`) is one slice, not one seam per entity; a slice drawn across
apps (`base/models/orders` with `control/views/orders`) stays a slice of its own."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from strangler.seams.app_slices import app_heads
from strangler.seams.propose import Choice, Grouping, split_slices

PROJECTS = ("p.projects.models.project", "p.projects.views.project")
ISSUES = ("p.projects.models.issue", "p.projects.views.issue")
INVITES = ("p.projects.models.invite", "p.projects.views.invite")
ORDERS = ("p.base.models.order", "p.control.views.order")
APP_OF = {**{m: "p.projects" for m in (*PROJECTS, *ISSUES, *INVITES)},
          "p.base.models.order": "p.base", "p.control.views.order": "p.control"}
OWNERS = {"p.projects.models.project", "p.projects.models.issue",
          "p.projects.models.invite", "p.base.models.order"}


def _units(**members: tuple[str, ...]) -> dict[str, str]:
    return {m: f"unit:word:{word}" for word, found in members.items() for m in found}


def _graph() -> nx.Graph:
    graph = nx.Graph()
    for unit in (PROJECTS, ISSUES, INVITES, ORDERS):
        graph.add_edge(unit[0], unit[1], weight=3.0)
    graph.add_edge("p.projects.models.issue", "p.projects.models.project", weight=1.0)
    graph.add_edge("p.projects.models.invite", "p.projects.models.project", weight=1.0)
    graph.add_edge("p.base.models.order", "p.projects.models.project", weight=1.0)
    return graph


def _split(app_of: dict[str, str] | None) -> set[frozenset[str]]:
    graph = _graph()
    grouping = Grouping((("", tuple(sorted(graph.nodes))),), Choice(None))
    units = _units(project=PROJECTS, issue=ISSUES, invite=INVITES, order=ORDERS)
    return {frozenset(members) for _, members in
            split_slices(graph, grouping, units, OWNERS, app_of=app_of).groups}


def test_an_apps_entities_are_one_slice_and_a_cross_app_slice_its_own() -> None:
    assert _split(APP_OF) == {frozenset((*PROJECTS, *ISSUES, *INVITES)), frozenset(ORDERS)}


def test_without_apps_each_entity_is_a_slice() -> None:
    assert len(_split(None)) == 4


def test_only_parts_of_one_table_owning_app_are_joined() -> None:
    members_of = {"unit:word:project": list(PROJECTS), "unit:word:issue": list(ISSUES),
                  "unit:word:order": list(ORDERS)}
    assert app_heads(sorted(members_of), members_of, APP_OF, OWNERS) == {
        "unit:word:issue": "unit:word:issue", "unit:word:project": "unit:word:issue"}
    # an app with no table of its own keeps its slices apart
    assert app_heads(sorted(members_of), members_of, APP_OF, {"p.base.models.order"}) == {}


def test_an_entity_kept_in_a_slice_across_apps_says_so(tmp_path: Path) -> None:
    from helpers import build_tree, django_app, graph_of

    from strangler.seams.app_notes import app_departures

    files: dict[str, str] = {}
    for name in ("orders", "books", "shelves"):
        files.update(django_app(name))
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    # the orders model sits with the books app: an entity of orders drawn across apps
    labels = {m.name: m.name.split(".")[0] for m in index.modules if "." in m.name}
    labels["orders.models"] = "books"
    notes = app_departures(index, graph, labels)
    assert notes["books"] == (
        "1 module of the Django app orders, whose home is seam orders (orders.models): an "
        "entity of the app, mapping its tables (orders_item), in a slice the project draws "
        "across the apps books",)


def test_heads_joined_through_an_apps_parts_are_one() -> None:
    from strangler.seams.app_slices import joined_heads

    # c is one with b (its aggregate); b and a are parts of one app; d is alone
    head = {"a": "a", "b": "b", "c": "b", "d": "d"}
    assert joined_heads(head, {"a": "a", "b": "a"}) == {"a": "a", "b": "a", "c": "a", "d": "d"}
    assert joined_heads(head, {}) == head
