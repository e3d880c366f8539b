"""Issue 10 (helper pretix2): what stays in an app that is a layer of every domain, once its
views and forms went to their domains (middleware, navigation, pagination, the API's auth,
the layer packages' base modules), is kernel (`seams.layer_app_plumbing`)."""

from __future__ import annotations

from strangler.seams.layer_app_plumbing import app_plumbing, layer_app_kernel, layer_app_roots
from strangler.seams.propose import Choice, Grouping
from strangler.seams.words import TRUE_LAYERS, domain_units

BASE = ["shop", "shop.base", "shop.base.models", "shop.base.models.orders",
        "shop.base.models.vouchers", "shop.base.models.items", "shop.base.services",
        "shop.base.services.orders", "shop.base.services.vouchers", "shop.base.forms",
        "shop.base.forms.widgets", "shop.base.views", "shop.base.views.errors",
        "shop.base.management", "shop.base.management.commands",
        "shop.base.management.commands.runserver", "shop.base.management.commands.migrate",
        "shop.base.management.commands.rebuild"]
CONTROL = ["shop.control", "shop.control.navigation", "shop.control.middleware",
           "shop.control.views", "shop.control.views.orders", "shop.control.views.vouchers",
           "shop.control.views.item", "shop.control.views.dashboard", "shop.control.forms",
           "shop.control.forms.orders", "shop.control.forms.vouchers"]
API = ["shop.api", "shop.api.pagination", "shop.api.auth", "shop.api.auth.token",
       "shop.api.views", "shop.api.views.order", "shop.api.views.voucher",
       "shop.api.views.item", "shop.api.serializers", "shop.api.serializers.order",
       "shop.api.serializers.item"]
MODULES = BASE + CONTROL + API


def test_the_apps_cut_by_domain_are_layer_apps_the_layered_container_is_not() -> None:
    units = domain_units(MODULES)
    assert layer_app_roots(units, TRUE_LAYERS) == {"shop.control", "shop.api"}
    # Apps of their own domain keep their layer packages: no layer app, no plumbing.
    netbox = ["net", "net.dcim", "net.dcim.views", "net.dcim.views.racks",
              "net.dcim.views.sites", "net.dcim.middleware", "net.ipam", "net.ipam.views",
              "net.ipam.views.prefixes", "net.ipam.views.vlans", "net.ipam.middleware"]
    assert layer_app_roots(domain_units(netbox), TRUE_LAYERS) == set()


def test_plumbing_is_outside_the_layer_packages_or_their_own_module() -> None:
    assert app_plumbing("shop.control", "shop.control", TRUE_LAYERS)
    assert app_plumbing("shop.control.navigation", "shop.control", TRUE_LAYERS)
    assert app_plumbing("shop.api.auth.token", "shop.api", TRUE_LAYERS)
    assert app_plumbing("shop.control.views", "shop.control", TRUE_LAYERS)
    # A view in a layer package that names no domain is left to the clustering.
    assert not app_plumbing("shop.control.views.dashboard", "shop.control", TRUE_LAYERS)


def test_the_layer_apps_plumbing_leaves_its_seam_for_the_kernel() -> None:
    units = domain_units(MODULES)
    seam = [m for m in CONTROL + API if not units[m].startswith("word:")]
    grouping = Grouping.ordered([("", seam), ("", ["shop.base.models.orders",
                                                    "shop.control.views.orders"])], Choice(None))
    left, isolated, kernel = layer_app_kernel(grouping, ["shop.api.pagination"], units,
                                              TRUE_LAYERS, owners={"shop.api.auth"},
                                              fixed=[])
    taken = {k.module for k in kernel}
    assert {"shop.control", "shop.control.navigation", "shop.control.middleware",
            "shop.control.views", "shop.control.forms", "shop.api", "shop.api.pagination",
            "shop.api.auth.token", "shop.api.views", "shop.api.serializers"} == taken
    assert isolated == []
    # A module that owns data and a view no domain names stay; the domains are untouched.
    assert ("", ("shop.api.auth", "shop.control.views.dashboard")) in left.groups
    assert ("", ("shop.base.models.orders", "shop.control.views.orders")) in left.groups
