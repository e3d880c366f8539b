"""Issue 10, layered code: verb-organised layers, platform groups, facades, domain units
clustered whole, names of generic-package modules."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from helpers import build_tree, graph_of

from strangler.model import Module
from strangler.seams import SeamConfig
from strangler.seams.kernel import find_kernel, platform_groups
from strangler.seams.propose import (
    Choice,
    Grouping,
    attach_followers,
    cohesive_units,
    louvain,
    name_groups,
)
from strangler.seams.words import operation_modules


def test_verb_modules_of_a_layer_are_operations_not_domains() -> None:
    modules = ["app.logic.action.create", "app.logic.action.get", "app.logic.action.update",
               "app.logic.action.delete", "app.commands.chart.create",
               "app.commands.chart.update", "app.commands.chart.delete", "app.logic.schema"]
    found = operation_modules(modules)
    assert found == {"app.logic.action.create", "app.logic.action.get",
                     "app.logic.action.update", "app.logic.action.delete"}
    # two verbs are not yet a layer organised by verb
    assert operation_modules(["app.handlers.create", "app.handlers.get"]) == set()


def test_followers_join_the_group_they_pull_hardest() -> None:
    graph = nx.Graph()
    graph.add_weighted_edges_from([
        ("a1", "a2", 5.0), ("b1", "b2", 5.0),
        ("create", "a1", 3.0), ("create", "b1", 1.0),
        ("update", "create", 9.0), ("update", "b2", 2.0),  # placed after `create`
        ("lonely", "nowhere", 1.0)])
    grouping = Grouping((("", ("a1", "a2")), ("", ("b1", "b2"))), Choice(None))
    placed = attach_followers(graph, grouping, {"create", "update", "lonely"})
    assert placed.groups == (("", ("a1", "a2", "create", "update")), ("", ("b1", "b2")))


def test_a_domain_unit_is_clustered_whole_unless_another_unit_pulls_a_member_harder() -> None:
    graph = nx.Graph()
    # the chart slice: api, command, dao; the dashboard slice; one chart helper pulled away
    graph.add_weighted_edges_from([
        ("views.chart", "daos.chart", 2.0), ("commands.chart", "daos.chart", 2.0),
        ("views.dashboard", "daos.dashboard", 3.0),
        ("views.chart", "views.dashboard", 1.9), ("commands.chart", "views.dashboard", 0.2),
        ("utils.chart", "daos.chart", 0.5), ("utils.chart", "daos.dashboard", 4.0)])
    units = {"views.chart": "word:chart", "daos.chart": "word:chart",
             "commands.chart": "word:chart", "utils.chart": "word:chart",
             "views.dashboard": "word:dashboard", "daos.dashboard": "word:dashboard"}
    kept = cohesive_units(graph, units)
    assert "utils.chart" not in kept
    assert kept["views.chart"] == kept["daos.chart"] == kept["commands.chart"]
    for resolution in (0.5, 1.0, 2.5):
        communities = louvain(graph, resolution, 42, kept)
        chart = [c for c in communities if "views.chart" in c]
        assert {"views.chart", "daos.chart", "commands.chart"} <= chart[0]
        assert "views.dashboard" not in chart[0]


def _platform_tree(tmp_path: Path) -> Path:
    domains = {}
    for name in ("orders", "users", "billing"):
        domains[f"app/{name}/__init__.py"] = ""
        domains[f"app/{name}/models.py"] = f"""
            class Item:
                __tablename__ = "{name}"
            def save(db):
                db.execute("INSERT INTO {name} VALUES (1)")
            """
        domains[f"app/{name}/views.py"] = f"""
            from flask import Blueprint
            from app.conf import declaration
            from app.lib import i18n
            from app.gateways import stripe
            from app.{name}.models import Item
            bp = Blueprint("{name}", __name__)
            @bp.route("/{name}")
            def index():
                return i18n.gettext(declaration.option.get("x")) + stripe.charge()
            """
    return build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/conf/__init__.py": "",
        "app/conf/declaration/__init__.py": """
            from app.conf.declaration import option, load, describe
            """,
        "app/conf/declaration/option.py": "def get(key):\n    return key\n",
        "app/conf/declaration/load.py": "from app.conf.declaration import option\n",
        "app/conf/declaration/describe.py": "from app.conf.declaration import option\n",
        "app/lib/__init__.py": "",
        "app/lib/i18n.py": "from app.conf.declaration import option\n"
                           "def gettext(x):\n    return x\n",
        "app/gateways/__init__.py": "",
        "app/gateways/stripe.py": "from app.gateways import paypal\n"
                                  "def charge():\n    return paypal.charge()\n",
        "app/gateways/paypal.py": "def charge():\n    return ''\n",
        "app/models/__init__.py": """
            from app.models import order, user, invoice
            """,
        "app/models/order.py": "class Order:\n    __tablename__ = 'order_rows'\n",
        "app/models/user.py": "class User:\n    __tablename__ = 'user_rows'\n",
        "app/models/invoice.py": "class Invoice:\n    __tablename__ = 'invoice_rows'\n",
        **domains,
    })


def test_a_platform_group_joins_the_kernel_and_an_integration_group_does_not(
        tmp_path: Path) -> None:
    index, graph = graph_of(_platform_tree(tmp_path))
    grouping = Grouping((
        ("", ("app.conf.declaration", "app.conf.declaration.describe",
              "app.conf.declaration.load", "app.conf.declaration.option", "app.lib.i18n")),
        ("", ("app.gateways.paypal", "app.gateways.stripe")),
        ("", ("app.orders.models", "app.orders.views")),
        ("", ("app.users.models", "app.users.views")),
        ("", ("app.billing.models", "app.billing.views"))), Choice(None))
    kept, moved = platform_groups(index, graph, grouping)
    assert {k.module for k in moved} == {
        "app.conf.declaration", "app.conf.declaration.describe", "app.conf.declaration.load",
        "app.conf.declaration.option", "app.lib.i18n"}
    assert all("serves no route" in k.reason for k in moved)
    assert ("", ("app.gateways.paypal", "app.gateways.stripe")) in kept.groups
    assert len(kept.groups) == 4


def test_a_facade_over_data_less_code_is_judged_on_breadth(tmp_path: Path) -> None:
    index, graph = graph_of(_platform_tree(tmp_path))
    clusters = {m.name: m.name.split(".")[1] for m in index.modules if "." in m.name}
    kernel = {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, ())}
    assert "app.conf.declaration" in kernel
    # `models/__init__` fronts modules that map tables: never kernel
    assert "app.models" not in kernel


def test_a_module_of_a_generic_package_is_named_by_its_own_name() -> None:
    modules = {name: Module(name, f"{name.replace('.', '/')}.py", "shop", False, loc, loc)
               for name, loc in (("shop.utils.electrum", 800), ("shop.task_manager", 400),
                                 ("shop.tasks", 50))}
    partition = name_groups(Grouping((("", tuple(sorted(modules))),), Choice(None)), modules)
    assert [name for name, _ in partition.groups] == ["electrum"]


def test_a_seam_below_an_interface_layer_is_named_after_its_domain() -> None:
    """`graphql/account/...` (or `handlers/users`) is the account domain's API layer: the
    seam holding it and `account/models` is `account`, never `graphql`."""
    sizes = (("shop.graphql.account.mutations", 900), ("shop.graphql.account.types", 700),
             ("shop.graphql.account.schema", 300), ("shop.account.models", 600),
             ("shop.handlers.account", 200))
    modules = {name: Module(name, f"{name.replace('.', '/')}.py", "shop", False, loc, loc)
               for name, loc in sizes}
    partition = name_groups(Grouping((("", tuple(sorted(modules))),), Choice(None)), modules)
    assert [name for name, _ in partition.groups] == ["account"]


def test_a_top_level_package_names_its_seam_where_the_project_has_several() -> None:
    """Apps side by side at the top (`account/`, `dcim/`): `account/urls`, `account/views`
    and `account/models` make the seam `account`, never `urls` (the file of its biggest
    member). Below a single project package the first part is the project's name."""
    sizes = [("account", 10), ("account.urls", 300), ("account.views", 200),
             ("account.models", 100)]
    sizes += [(f"{app}.{layer}", 400) for app in ("dcim", "ipam", "tenancy")
              for layer in ("models", "views", "urls")]
    modules = {name: Module(name, f"{name.replace('.', '/')}.py", "", False, loc, loc)
               for name, loc in sizes}
    groups = tuple(("", tuple(sorted(m for m in modules if m.split(".")[0] == app)))
                   for app in ("account", "dcim", "ipam", "tenancy"))
    partition = name_groups(Grouping(groups, Choice(None)), modules)
    assert sorted(name for name, _ in partition.groups) == ["account", "dcim", "ipam",
                                                             "tenancy"]


def test_a_plugin_package_names_its_seam_after_the_plugin() -> None:
    """`plugins/slack/bolt`, `plugins/slack/service` make the seam `slack`: the container
    (`plugins/`) names no domain, and a small member's word (`search/utils`) never wins
    over the plugin's own name."""
    sizes = (("shop.plugins.slack.bolt", 900), ("shop.plugins.slack.service", 700),
             ("shop.search.utils", 40), ("shop.plugins.google.drive", 800),
             ("shop.plugins.google.service", 600))
    modules = {name: Module(name, f"{name.replace('.', '/')}.py", "shop", False, loc, loc)
               for name, loc in sizes}
    slack = ("shop.plugins.slack.bolt", "shop.plugins.slack.service", "shop.search.utils")
    google = ("shop.plugins.google.drive", "shop.plugins.google.service")
    partition = name_groups(Grouping((("", slack), ("", google)), Choice(None)), modules)
    assert sorted(name for name, _ in partition.groups) == ["google", "slack"]


EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "legacy_monolith"


def test_names_stay_when_an_unrelated_pin_or_weight_changes() -> None:
    from strangler.seams import SeamRequest, SignalWeights, propose_seams

    index, graph = graph_of(EXAMPLE)
    config = SeamConfig(min_size=1)
    before = propose_seams(index, graph, SeamRequest(config=config))
    for module in sorted(m.name for m in index.modules):
        pinned = propose_seams(index, graph, SeamRequest(config=SeamConfig(
            min_size=1, pins=(("pinned_service", (module,)),))))
        after = {seam.name for seam in pinned.seams} - {"pinned_service"}
        kept = {seam.name for seam in before.seams if module not in seam.modules}
        assert kept <= after, module
    # No git history: the co-change weight is unrelated to this project's signals.
    weighted = propose_seams(index, graph, SeamRequest(config=SeamConfig(
        min_size=1, weights=SignalWeights(cochange=0.1))))
    assert weighted.assignment == before.assignment


def test_fact_gaps_lower_the_confidence_of_the_seams_they_touch(tmp_path: Path) -> None:
    from strangler.seams.confidence import seam_confidence

    root = build_tree(tmp_path / "gaps", {
        "app/__init__.py": "",
        "app/plugins.py": "import importlib\n"
                          "def load(name):\n    return importlib.import_module(name)\n",
        "app/orders.py": "def total(x):\n    return x\n",
        "app/broken.py": "def broken(:\n    pass\n",
    })
    index, _ = graph_of(root)
    assert seam_confidence(index, {"app.plugins"}) == (
        "low", ("1 of its dynamic imports not followed", "project: 1 files elsewhere not parsed"))
    assert seam_confidence(index, {"app.orders"}) == (
        "medium", ("project: 1 files elsewhere not parsed",))
    level, notes = seam_confidence(index, {"app.broken"})
    assert level == "medium" and notes == ("1 of its files not parsed",)


def test_a_kernel_reason_never_counts_more_users_than_groups(tmp_path: Path) -> None:
    """Breadth counts every group a user sits in, single modules too: so does the total it
    is given against ("used by 5 of 1 domains" before)."""
    files = {"app/__init__.py": "", "app/text.py": "def slug(x):\n    return x\n",
             "app/cart/__init__.py": "", "app/cart/a.py": "from app.text import slug\n",
             "app/cart/b.py": "from app.cart import a\n"}
    for name in ("orders", "search", "mail", "feeds"):
        files[f"app/{name}.py"] = "from app.text import slug\n"
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    clusters = {m.name: m.name.split(".")[1] for m in index.modules if "." in m.name}
    reasons = {k.module: k.reason for k in find_kernel(index, graph, SeamConfig(), clusters, ())}
    assert reasons["app.text"] == "no tables of its own; used by 5 of the 6 module groups"
