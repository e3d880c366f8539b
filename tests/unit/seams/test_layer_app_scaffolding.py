"""Issue 10 (helper pretixzou): in an app that is a layer of every domain, the modules of
its layer packages that name no domain and stand below the domains (widgets, renderers, a
robots view: no data, built only on the kernel) are kernel, and writing standalone records
(a cached file, an API call log: tables that refer to no other table) does not make the
app's plumbing a data owner (`seams.layer_app_plumbing`)."""

from __future__ import annotations

from strangler.seams.layer_app_plumbing import quiet_layer_modules, record_writers
from strangler.seams.propose import Choice, Grouping
from strangler.seams.words import TRUE_LAYERS, domain_units

BASE = ["shop", "shop.base", "shop.base.models", "shop.base.models.orders",
        "shop.base.models.vouchers", "shop.base.models.items", "shop.base.services",
        "shop.base.services.orders", "shop.base.services.vouchers", "shop.base.forms",
        "shop.base.forms.widgets", "shop.base.views", "shop.base.views.errors"]
CONTROL = ["shop.control", "shop.control.middleware", "shop.control.views",
           "shop.control.views.orders", "shop.control.views.vouchers",
           "shop.control.views.item", "shop.control.views.geo", "shop.control.views.robots",
           "shop.control.views.dashboard", "shop.control.forms", "shop.control.forms.orders",
           "shop.control.forms.widgets", "shop.control.forms.renderers",
           "shop.control.forms.vouchers", "shop.control.forms.item"]
API = ["shop.api", "shop.api.views", "shop.api.views.order", "shop.api.views.voucher",
       "shop.api.views.item"]
MODULES = BASE + CONTROL + API


def _run(data: set[str], edges: list[tuple[str, str]]) -> tuple[Grouping, list[str], set[str]]:
    units = domain_units(MODULES)
    seam = ["shop.control.views.geo", "shop.control.views.dashboard",
            "shop.control.forms.widgets", "shop.control.forms.renderers"]
    grouping = Grouping.ordered([("", seam), ("", ["shop.base.models.orders",
                                                    "shop.control.views.orders"])], Choice(None))
    left, isolated, kernel = quiet_layer_modules(
        grouping, ["shop.control.views.robots"], units, TRUE_LAYERS, data, edges,
        below={"shop", "shop.base.forms.widgets", "shop.control"}, fixed=[])
    return left, isolated, {k.module for k in kernel}


def test_layer_scaffolding_without_data_on_the_kernel_is_kernel() -> None:
    edges = [("shop.control.forms.widgets", "shop.base.forms.widgets"),
             ("shop.control.forms.renderers", "shop.control.forms.widgets"),
             ("shop.control.views.dashboard", "shop.base.models.orders"),
             ("shop.control.views.geo", "shop.control")]
    left, isolated, taken = _run({"shop.base.models.orders"}, edges)
    assert taken == {"shop.control.views.geo", "shop.control.forms.widgets",
                     "shop.control.forms.renderers", "shop.control.views.robots"}
    assert isolated == []
    # A view built on a domain's code stays; the domains are untouched.
    assert ("", ("shop.control.views.dashboard",)) in left.groups
    assert ("", ("shop.base.models.orders", "shop.control.views.orders")) in left.groups


def test_scaffolding_that_touches_data_or_rests_on_a_domain_stays() -> None:
    # The widgets read a table; the renderers use the widgets: both stay.
    edges = [("shop.control.forms.renderers", "shop.control.forms.widgets")]
    _, _, taken = _run({"shop.control.forms.widgets"}, edges)
    assert "shop.control.forms.widgets" not in taken
    assert "shop.control.forms.renderers" not in taken
    assert "shop.control.views.geo" in taken


def test_no_layer_app_no_scaffolding() -> None:
    netbox = ["net", "net.dcim", "net.dcim.views", "net.dcim.views.racks",
              "net.dcim.views.sites", "net.dcim.forms", "net.dcim.forms.widgets",
              "net.ipam", "net.ipam.views", "net.ipam.views.prefixes"]
    grouping = Grouping.ordered([("", ["net.dcim.forms.widgets"])], Choice(None))
    left, _, kernel = quiet_layer_modules(grouping, [], domain_units(netbox), TRUE_LAYERS,
                                          set(), [], set(), [])
    assert kernel == [] and left == grouping


def test_writers_of_standalone_records_only() -> None:
    owned = {"app.middleware": {"api_call"}, "app.forms": {"cached_file"},
             "app.signals": {"api_call", "webhook_call"}, "app.models": {"api_call"},
             "app.views.orders": {"order"}}
    tables = [("api_call", ["app.models.ApiCall"]), ("cached_file", ["base.CachedFile"]),
              ("webhook_call", ["app.models.WebHookCall"]), ("order", ["base.Order"])]
    relations = ["app.models.WebHookCall", "base.Order"]
    # A mapping module is never one; a writer of a table that refers to others neither.
    assert record_writers(owned, {"app.models"}, tables, relations) == {
        "app.middleware", "app.forms"}
