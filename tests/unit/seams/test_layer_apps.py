"""Issue 10 (helper layer9): apps that are layers of every domain (a back office, an API, a
shop beside a `base` app of models and services) are cut by domain, and a container of
bundled plugin apps is one unit per plugin."""

from __future__ import annotations

from strangler.seams.layer_apps import app_remnants
from strangler.seams.propose import Choice
from strangler.seams.words import domain_units

# `shop.base` is made of layers, one module per domain; `shop.control` (back office) and
# `shop.api` each hold two layer packages naming the same domains, in either number.
BASE = ["shop", "shop.base", "shop.base.models", "shop.base.models.orders",
        "shop.base.models.vouchers", "shop.base.models.items", "shop.base.services",
        "shop.base.services.orders", "shop.base.services.vouchers", "shop.base.forms",
        "shop.base.forms.widgets", "shop.base.views", "shop.base.views.errors"]
CONTROL = ["shop.control", "shop.control.navigation", "shop.control.views",
           "shop.control.views.orders", "shop.control.views.vouchers",
           "shop.control.views.item", "shop.control.views.dashboard", "shop.control.forms",
           "shop.control.forms.orders", "shop.control.forms.vouchers"]
API = ["shop.api", "shop.api.pagination", "shop.api.views", "shop.api.views.order",
       "shop.api.views.voucher", "shop.api.views.item", "shop.api.serializers",
       "shop.api.serializers.order", "shop.api.serializers.item"]
# Bundled plugins: three are apps of their own (models, views, forms), one is a small hook.
PLUGINS = ["shop.plugins", "shop.plugins.registry",
           "shop.plugins.stripe", "shop.plugins.stripe.models", "shop.plugins.stripe.views",
           "shop.plugins.stripe.forms",
           "shop.plugins.badges", "shop.plugins.badges.models", "shop.plugins.badges.views",
           "shop.plugins.banktransfer", "shop.plugins.banktransfer.api",
           "shop.plugins.banktransfer.views", "shop.plugins.banktransfer.tasks",
           "shop.plugins.returnurl", "shop.plugins.returnurl.signals"]
MODULES = BASE + CONTROL + API + PLUGINS + ["shop.base.plugins"]


def test_a_layer_app_is_cut_by_the_domains_its_layer_packages_name() -> None:
    units = domain_units(MODULES)
    assert {units[m] for m in ("shop.base.models.orders", "shop.base.services.orders",
                               "shop.control.views.orders", "shop.control.forms.orders",
                               "shop.api.views.order", "shop.api.serializers.order")} \
        == {"word:order"}
    assert units["shop.control.views.vouchers"] == units["shop.api.views.voucher"] \
        == "word:voucher"
    assert units["shop.api.serializers.item"] == "word:item"
    # The app's own plumbing, and a view no layered container names, stay the app's.
    assert units["shop.control.navigation"] == units["shop.control.views.dashboard"] \
        == "shop.control"
    assert units["shop.api.pagination"] == "shop.api"


def test_an_app_of_its_own_domain_keeps_its_layer_packages() -> None:
    """A domain app's `views/` and `forms/` name its own parts, or roles every app repeats
    (`forms/bulk_edit` in each app): no layered container names them, the app stays whole."""
    modules = ["net", "net.dcim", "net.dcim.views", "net.dcim.views.racks",
               "net.dcim.views.sites", "net.dcim.views.cables", "net.dcim.forms",
               "net.dcim.forms.bulk_edit", "net.ipam", "net.ipam.views",
               "net.ipam.views.prefixes", "net.ipam.views.vlans", "net.ipam.views.cables",
               "net.ipam.forms", "net.ipam.forms.bulk_edit", "net.tenancy", "net.tenancy.views",
               "net.tenancy.views.tenants", "net.tenancy.forms",
               "net.tenancy.forms.bulk_edit"]
    units = domain_units(modules)
    assert {units[m] for m in modules if m.startswith("net.dcim")} == {"net.dcim"}
    assert {units[m] for m in modules if m.startswith("net.ipam")} == {"net.ipam"}


def test_apps_named_as_layers_are_cut_by_the_domains_they_share() -> None:
    """No layered container: the apps themselves are the layers (`app/views/<domain>/`,
    `api/views/<domain>`, `db/models/<domain>`); the words two layer-named apps carry are
    the domains, and each app's modules of a domain join its unit."""
    modules = ["pm", "pm.urls", "pm.settings",
               "pm.app", "pm.app.apps", "pm.app.permissions", "pm.app.views",
               "pm.app.views.issue", "pm.app.views.issue.base", "pm.app.views.issue.comment",
               "pm.app.views.cycle", "pm.app.views.cycle.base", "pm.app.views.project",
               "pm.app.views.project.base", "pm.app.serializers",
               "pm.app.serializers.issue", "pm.app.serializers.cycle",
               "pm.app.serializers.project",
               "pm.api", "pm.api.apps", "pm.api.views", "pm.api.views.issue",
               "pm.api.views.cycle", "pm.api.views.project", "pm.api.serializers",
               "pm.api.serializers.issue",
               "pm.db", "pm.db.apps", "pm.db.mixins", "pm.db.models", "pm.db.models.issue",
               "pm.db.models.cycle", "pm.db.models.project", "pm.db.models.base",
               "pm.app.urls", "pm.app.urls.issue", "pm.app.urls.cycle"]
    units = domain_units(modules)
    assert units["pm.app.urls.issue"] == "word:issue"  # the domain's own URLconf
    assert {units[m] for m in ("pm.app.views.issue.base", "pm.app.views.issue.comment",
                               "pm.app.serializers.issue", "pm.api.views.issue",
                               "pm.api.serializers.issue", "pm.db.models.issue")} \
        == {"word:issue"}
    assert units["pm.db.models.cycle"] == units["pm.api.views.cycle"] == "word:cycle"
    # Each app's plumbing, and a model base no other app names, stay the app's.
    assert units["pm.app.permissions"] == "pm.app"
    assert units["pm.db.models.base"] == units["pm.db.mixins"] == "pm.db"


def test_bundled_plugin_apps_are_one_unit_each() -> None:
    units = domain_units(MODULES)
    assert units["shop.plugins.stripe.views"] == units["shop.plugins.stripe"] \
        == "shop.plugins.stripe"
    assert units["shop.plugins.badges.models"] == "shop.plugins.badges"
    assert units["shop.plugins.returnurl.signals"] == "shop.plugins.returnurl"
    assert len({units[m] for m in PLUGINS}) > 4  # not one `plugins` unit


def test_a_container_of_small_adapters_stays_one_unit() -> None:
    """Plugins with one module each implement one extension point together (query runners,
    notification backends): the container stays one unit."""
    modules = ["hub", "hub.models", "hub.models.user", "hub.plugins", "hub.plugins.base",
               "hub.plugins.slack", "hub.plugins.slack.plugin", "hub.plugins.jira",
               "hub.plugins.jira.plugin", "hub.plugins.aws", "hub.plugins.aws.plugin",
               "hub.plugins.aws.config"]
    units = domain_units(modules)
    assert {units[m] for m in modules if m.startswith("hub.plugins")} == {"hub.plugins"}


def test_a_bundled_plugins_strays_rejoin_it() -> None:
    """`apps.py` of each plugin, pulled away by the project package, rejoins its plugin; a
    stray that maps a table stays with its data."""
    from strangler.seams.layer_apps import plugin_strays
    from strangler.seams.propose import Grouping
    from strangler.seams.words import PLUGIN_CONTAINERS

    units = domain_units(MODULES)
    grouping = Grouping.ordered([
        ("", ["shop.plugins.stripe", "shop.plugins.stripe.views", "shop.plugins.stripe.forms"]),
        ("", ["shop.plugins.badges", "shop.plugins.badges.views"]),
        ("", ["shop.plugins.stripe.models", "shop.plugins.badges.models", "shop.base"]),
    ], Choice(None))
    moved = plugin_strays(grouping, units, {"shop.plugins.badges.models"}, PLUGIN_CONTAINERS)
    label = {m: i for i, (_, members) in enumerate(moved.groups) for m in members}
    assert label["shop.plugins.stripe.models"] == label["shop.plugins.stripe.views"]
    assert label["shop.plugins.badges.models"] == label["shop.base"]  # owns a table
    assert label["shop.plugins.badges"] != label["shop.plugins.stripe"]


def test_what_is_left_of_a_big_kind_layered_app_is_no_unit() -> None:
    """awx: `main/models/<domain>` went to the domains' word units; the rest of `main/`
    (access rules, signals, task runners) is a fifth of the project or more and is no
    domain unit; a small back office app whose views went the same way keeps its unit."""
    units = {f"awx.main.{kind}": "awx.main" for kind in (
        "access", "signals", "tasks", "scheduler", "dispatch", "consumers", "utils", "fields")}
    units |= {f"awx.main.models.{d}": f"word:{d}" for d in ("inventory", "job", "project")}
    units |= {f"awx.api.urls.{d}": f"word:{d}" for d in ("inventory", "job", "project")}
    units |= {"awx.settings": "awx.settings", "awx.urls": "awx.urls"}
    assert app_remnants(units) == {"awx.main"}
    # (two of twenty modules left: a small app keeps its unit)
    small = {m: u for m, u in units.items() if not m.startswith("awx.main.")} | {
        "awx.main.access": "awx.main", "awx.main.signals": "awx.main",
        "awx.main.models.inventory": "word:inventory"}
    small |= {f"awx.other.m{i}": f"word:w{i}" for i in range(10)}
    assert app_remnants(small) == set()
    # (a big package unit no layer of which was read into the domains is a domain's)
    whole = {m: ("awx.main" if m.startswith("awx.main.") else u) for m, u in units.items()}
    assert app_remnants(whole) == set()
