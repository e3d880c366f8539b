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


def test_an_app_whose_layer_modules_name_its_own_entities_is_no_layer_app() -> None:
    """Issue 10 (helper s13-djapps, rdmo): a content app with `models/<entity>` and
    `serializers/<entity>` modules, one of whose entities another app's serializer also
    shows, plus a cross-app `serializers/export` word, is a domain app: the words its
    layer packages share with the rest of the application are its own tables' entities,
    which only its own modules map."""
    modules = ["plan", "plan.questions", "plan.questions.apps", "plan.questions.urls",
               "plan.questions.models", "plan.questions.models.catalog",
               "plan.questions.models.page", "plan.questions.models.section",
               "plan.questions.serializers", "plan.questions.serializers.export",
               "plan.questions.serializers.page", "plan.questions.serializers.catalog",
               "plan.projects", "plan.projects.apps", "plan.projects.models",
               "plan.projects.serializers", "plan.projects.serializers.page",
               "plan.projects.serializers.export"]
    # (the units `words.domain_units` gives such a project, as rdmo's: the entity modules
    # in word units, the shared `export` word across the apps)
    units = {m: "plan.questions" if m.startswith("plan.questions") else "plan.projects"
             if m.startswith("plan.projects") else "plan" for m in modules}
    units.update({"plan.questions.models.catalog": "word:catalog",
                  "plan.questions.serializers.catalog": "word:catalog",
                  "plan.questions.models.section": "word:section",
                  "plan.questions.models.page": "word:page",
                  "plan.questions.serializers.page": "word:page",
                  "plan.projects.serializers.page": "word:page",
                  "plan.questions.serializers.export": "word:export",
                  "plan.projects.serializers.export": "word:export"})
    mapping = {"plan.questions.models.catalog", "plan.questions.models.page",
               "plan.questions.models.section", "plan.projects.models"}
    # Without the tables (the earlier rule), the shared `page` and `export` words made the
    # content app a layer of the application.
    assert layer_app_roots(units, TRUE_LAYERS) == {"plan.questions"}
    assert layer_app_roots(units, TRUE_LAYERS, mapping) == set()
    # The layer apps of a layered container keep their shape: their words' tables are
    # mapped in the container, outside them.
    shop = {"shop.base.models.orders", "shop.base.models.vouchers", "shop.base.models.items"}
    assert layer_app_roots(domain_units(MODULES), TRUE_LAYERS, shop) == {"shop.control",
                                                                          "shop.api"}
