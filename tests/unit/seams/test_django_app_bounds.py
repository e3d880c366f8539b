"""A Django app that owns tables is a strong prior boundary (issue 10, helper `s12-django`):
a part of the app whose tables are all the app's own rejoins it (`apps.app_strays`), the
pieces of an app that is mostly kernel join the kernel (`apps.platform_app_strays`), a
test project's tables make no app a domain (`apps.platform_apps`), a package with a
`models` module is an app in a project of apps (`apps.django_apps`), and a plugin container
whose own models stay out of the framework is a domain app (`families.container_framework`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.apps import app_strays, django_apps, platform_app_strays, platform_apps
from strangler.seams.propose import Choice, Grouping
from tests.unit.seams.test_container_framework import _framework, _project


def _grouping() -> Grouping:
    return Grouping.ordered(
        [("", ("cats.admin", "cats.models", "cats.urls", "cats.views")),
         ("", ("posts.models", "posts.views", "cats.serializers", "cats.sync")),
         ("", ("users.models", "users.views"))], Choice(None))


def test_a_part_writing_its_own_app_s_tables_rejoins_the_app() -> None:
    grouping = _grouping()
    units = {m: m.split(".")[0] for _, members in grouping.groups for m in members}
    owners = {"cats.models", "cats.serializers", "posts.models", "users.models"}
    owned = {"cats.models": {"cat"}, "cats.serializers": {"cat"}, "posts.models": {"post"},
             "users.models": {"user"}}
    mapped_by = {"cat": {"cats.models"}, "post": {"posts.models"}, "user": {"users.models"}}
    moved = app_strays(grouping, units, {"cats", "posts", "users"}, owners, (), owned,
                       mapped_by)
    groups = {members for _, members in moved.groups}
    assert ("cats.admin", "cats.models", "cats.serializers", "cats.sync", "cats.urls",
            "cats.views") in groups
    # Without the tables' facts the part holding an owner stays where its data put it.
    assert app_strays(grouping, units, {"cats", "posts", "users"}, owners) == grouping
    # A part writing another app's table (the posts') is held there by that data.
    owned["cats.serializers"] = {"cat", "post"}
    assert app_strays(grouping, units, {"cats", "posts", "users"}, owners, (), owned,
                      mapped_by) == grouping


def test_the_pieces_of_an_app_that_is_mostly_kernel_join_the_kernel() -> None:
    grouping = Grouping.ordered(
        [("", ("cats.models", "cats.views", "core.search")),
         ("", ("posts.models", "posts.views", "core.models", "core.feeds")),
         ("pin", ("users.models", "core.pinned"))], Choice(None))
    names = [m for _, members in grouping.groups for m in members]
    kernel = ["core", "core.apps", "core.utils", "core.mixins", "core.cache", "core.forms"]
    names += [*kernel, "cats.apps", "posts.apps", "users.apps", "core.lonely"]
    owned = {"core.models": {"core_status"}, "core.feeds": {"post"},
             "posts.models": {"post"}}
    mapped_by = {"core_status": {"core.models"}, "post": {"posts.models"}}
    found = platform_app_strays(grouping, ["core.lonely"], kernel, names, owned, mapped_by,
                                frozenset({"core.views"}))
    # core.feeds writes the posts' table and stays; the pinned one stays too.
    assert [k.module for k in found] == ["core.lonely", "core.models", "core.search"]
    # An app mostly in seams is no platform.
    assert platform_app_strays(grouping, [], kernel[:2], names, owned, mapped_by,
                               frozenset()) == []


def test_a_test_project_s_tables_make_no_app_a_domain() -> None:
    names = [f"{a}.{m}" for a in ("core", "cats", "posts", "users") for m in ("apps", "views")]
    names.append("core.testproject.views")
    edges = [(f"{a}.views", "core.views") for a in ("cats", "posts", "users")]
    owners = {"core.testproject.views", "cats.views", "posts.views", "users.views"}
    assert platform_apps(names, owners, edges, set()) == []
    found = platform_apps(names, owners, edges, {"core.testproject.views"},
                          examples={"core.testproject.views"})
    assert [k.module for k in found] == ["core.apps", "core.views"]


def test_a_package_with_models_is_an_app_among_apps() -> None:
    names = ["cats.apps", "cats.models", "posts.apps", "users.apps", "core.models",
             "core.utils", "store.models", "store.s3.models", "store.s3.api", "lib.x"]
    apps = django_apps(names)
    assert apps["core.utils"] == "core"
    # Nested packages with models are parts of the outer app.
    assert apps["store.s3.api"] == "store"
    assert "lib.x" not in apps
    # Without three AppConfig packages, models alone make no apps.
    assert django_apps(["core.models", "store.models", "cats.models", "cats.apps"]) == {}


def test_a_plugin_container_whose_models_write_a_domain_s_table_is_a_domain_app(
        tmp_path: Path) -> None:
    files = _project()
    files["app/plugins/models.py"] += (
        "from app.order.models import Order\n"
        "def record(db):\n    db.add(Order())\n")
    # The container's own model writes the orders: it is no framework's data, so the
    # container is an app of its own, kept whole, not cut from its models.
    assert _framework(tmp_path, files) == set()


def test_the_fixture_container_still_has_a_framework(tmp_path: Path) -> None:
    files = _project()
    index, _ = graph_of(build_tree(tmp_path / "q", files))
    assert "app.plugins.models" in {m.name for m in index.modules}
    assert "app.plugins.models" in _framework(tmp_path / "r", files)


def test_a_seam_says_where_it_departs_from_the_django_apps(tmp_path: Path) -> None:
    from helpers import django_app

    from strangler.seams.app_notes import app_departures

    files: dict[str, str] = {}
    for name in ("orders", "books", "shelves"):
        files.update(django_app(name))
    files["books/views.py"] += ("from orders.models import Orders\n"
                                "def order(request):\n    return Orders.objects.all()\n")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    labels = {m.name: ("shelves" if m.name.startswith("shelves") else "shop")
              for m in index.modules if "." in m.name}
    labels["shelves.forms"] = "shop"
    notes = app_departures(index, graph, labels)
    assert set(notes) == {"shop"}
    merged, stray = notes["shop"]
    assert merged.startswith("holds the Django apps books and orders, each with tables of its "
                             "own: tied by imports and uses of weight")
    assert "books uses 1 of the tables of orders (orders_item)" in merged
    assert stray.startswith("1 module of the Django app shelves, whose home is seam shelves "
                            "(shelves.forms): ")
    # A proposal that follows the apps says nothing.
    labels = {m.name: m.name.split(".")[0] for m in index.modules if "." in m.name}
    assert app_departures(index, graph, labels) == {}


def test_a_part_carrying_its_own_model_of_the_app_s_tables_rejoins_the_app() -> None:
    """Issue 10 (helper s13-djapps, rdmo at seeds 7 and 8): the clustering cut an entity of
    a table-owning app away (`projects/models/value` with the exports and answers that work
    on it) into a group holding no other app's data: the part maps its own app's table
    itself, so that table is the app's own and the part rejoins the app."""
    grouping = Grouping.ordered(
        [("", ("cats.admin", "cats.models", "cats.urls", "cats.views")),
         ("", ("cats.litter", "cats.litter_export", "posts.tags")),
         ("", ("posts.models", "posts.views"))], Choice(None))
    units = {m: m.split(".")[0] for _, members in grouping.groups for m in members}
    owners = {"cats.models", "cats.litter", "cats.litter_export", "posts.models", "posts.tags"}
    owned = {"cats.models": {"cat"}, "cats.litter": {"litter"},
             "cats.litter_export": {"litter"}, "posts.models": {"post"},
             "posts.tags": {"litter"}}
    mapped_by = {"cat": {"cats.models"}, "litter": {"cats.litter"}, "post": {"posts.models"}}
    moved = app_strays(grouping, units, {"cats", "posts"}, owners, (), owned, mapped_by)
    groups = {members for _, members in moved.groups}
    assert ("cats.admin", "cats.litter", "cats.litter_export", "cats.models", "cats.urls",
            "cats.views") in groups
    # (the other app's module writing that table is held by it and stays)
    assert ("posts.tags",) in groups
    # A part mapping a table of its app but also writing another app's table stays.
    owned["cats.litter_export"] = {"litter", "post"}
    assert app_strays(grouping, units, {"cats", "posts"}, owners, (), owned,
                      mapped_by) == grouping
