"""Bundled plugins implementing one domain's extension point join that domain's seam
(`seams.implementers`), and such a seam is named after the domain, not `plugins`
(`naming._served_word`); modules loaded by convention inside a platform package are kernel
(`seams.kernel_strays`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.model import Module
from strangler.seams.implementers import extension_implementers
from strangler.seams.kernel_strays import kernel_package_strays, loaded_kernel
from strangler.seams.propose import Grouping, name_groups
from strangler.seams.words import PLUGIN_CONTAINERS

MODEL = ("from sqlalchemy import Column, Integer\n"
         "from app.db import Base\n"
         "class {name}(Base):\n    __tablename__ = '{table}'\n"
         "    id = Column(Integer, primary_key=True)\n")


def _project(providers: tuple[str, ...] = ("stripe", "bank")) -> dict[str, str]:
    """`app/core/payment.py` holds the payment provider base; each provider plugin under
    `app/plugins/` subclasses it and has views of its own; a `badges` plugin subclasses
    only a base of the view layer (`app/control/views/base.py`) and a model base."""
    files = {
        "app/__init__.py": "",
        "app/db.py": ("from sqlalchemy.orm import DeclarativeBase\n"
                      "class Base(DeclarativeBase):\n    pass\n"),
        "app/core/__init__.py": "",
        "app/core/payment.py": ("class BasePaymentProvider:\n"
                                "    def pay(self):\n        return None\n"),
        "app/core/models.py": MODEL.format(name="Order", table="orders"),
        "app/control/__init__.py": "",
        "app/control/views/__init__.py": "",
        "app/control/views/base.py": "class EventView:\n    pass\n",
        "app/plugins/__init__.py": "",
        "app/plugins/badges/__init__.py": "",
        "app/plugins/badges/views.py": ("from app.control.views.base import EventView\n"
                                        "class BadgeView(EventView):\n    pass\n"),
        "app/plugins/badges/models.py": ("from app.core.models import Order\n"
                                         "class Badge(Order):\n    pass\n"),
    }
    for name in providers:
        files |= {
            f"app/plugins/{name}/__init__.py": "",
            f"app/plugins/{name}/payment.py": (
                "from app.core.payment import BasePaymentProvider\n"
                f"class {name.capitalize()}(BasePaymentProvider):\n    pass\n"),
            f"app/plugins/{name}/views.py": (
                f"from app.plugins.{name}.payment import {name.capitalize()}\n"
                f"def pay():\n    return {name.capitalize()}().pay()\n"),
        }
    return files


def _grouping(providers: tuple[str, ...]) -> Grouping:
    groups = [("", ("app.core", "app.core.payment")),
              ("", ("app.plugins.badges", "app.plugins.badges.models",
                    "app.plugins.badges.views"))]
    groups += [("", (f"app.plugins.{n}", f"app.plugins.{n}.payment", f"app.plugins.{n}.views"))
               for n in providers]
    return Grouping(tuple(groups), "test")


def _groups(grouping: Grouping) -> set[tuple[str, ...]]:
    return {members for _, members in grouping.groups}


def test_sibling_plugins_implementing_one_base_join_its_seam(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _project()))
    mappers = {model.module for table in index.tables for model in table.models}
    packages = {m.name for m in index.modules if m.is_package}
    found = extension_implementers(_grouping(("stripe", "bank")), graph,
                                   ["app.control.views.base"], mappers, packages,
                                   PLUGIN_CONTAINERS)
    assert _groups(found) == {
        ("app.core", "app.core.payment", "app.plugins.bank", "app.plugins.bank.payment",
         "app.plugins.bank.views", "app.plugins.stripe", "app.plugins.stripe.payment",
         "app.plugins.stripe.views"),
        # (a view-layer base and a model base make no extension point)
        ("app.plugins.badges", "app.plugins.badges.models", "app.plugins.badges.views")}


def test_one_implementer_a_kernel_base_or_a_pinned_group_moves_nothing(
        tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _project(("stripe",))))
    packages = {m.name for m in index.modules if m.is_package}
    one = _grouping(("stripe",))
    assert extension_implementers(one, graph, [], set(), packages, PLUGIN_CONTAINERS) == one
    index, graph = graph_of(build_tree(tmp_path / "q", _project()))
    packages = {m.name for m in index.modules if m.is_package}
    two = _grouping(("stripe", "bank"))
    assert extension_implementers(two, graph, ["app.core.payment"], set(), packages,
                                  PLUGIN_CONTAINERS) == two
    pinned = Grouping((("payments", two.groups[0][1]), *two.groups[1:]), "test")
    assert extension_implementers(pinned, graph, [], set(), packages,
                                  PLUGIN_CONTAINERS) == pinned


def test_a_seam_of_providers_is_named_after_the_domain_they_serve() -> None:
    sizes = {"app.core.payment": 300, "app.plugins.stripe": 0,
             "app.plugins.stripe.payment": 400, "app.plugins.stripe.views": 300,
             "app.plugins.bank": 0, "app.plugins.bank.payment": 350,
             "app.plugins.bank.views": 300, "app.plugins.paypal": 0,
             "app.plugins.paypal.payment": 350}
    packages = ("app.plugins.stripe", "app.plugins.bank", "app.plugins.paypal")
    modules = {name: Module(name, f"{name.replace('.', '/')}.py", "app", name in packages,
                            loc, loc) for name, loc in sizes.items()}
    partition = name_groups(Grouping((("", tuple(sorted(sizes))),), "test"), modules)
    assert [name for name, _ in partition.groups] == ["payment"]
    # (plugins that carry no word of the rest of their seam still name their container)
    del sizes["app.core.payment"]
    partition = name_groups(Grouping((("", tuple(sorted(sizes))),), "test"), modules)
    assert [name for name, _ in partition.groups] == ["plugins"]


def test_isolated_modules_of_a_kernel_package_are_kernel() -> None:
    found = kernel_package_strays(
        isolated=["app.base.tags.icon", "app.base.tags.lists", "app.base.tags.owned",
                  "app.shop.tags.cart", "app.tasks", "app.base.tags.pinned"],
        kernel=["app", "app.base.tags", "app.base.tags.money"],
        placed=["app.shop.tags", "app.shop.views"],
        packages={"app", "app.base.tags", "app.shop.tags"},
        owners={"app.base.tags.owned"}, served=set(), fixed={"app.base.tags.pinned"})
    # (a domain package's tags, a module beside the top package, a data owner and a
    # module a lever names stay where they are)
    assert [k.module for k in found] == ["app.base.tags.icon", "app.base.tags.lists"]


def test_an_isolated_package_whose_submodules_are_mostly_kernel_is_kernel() -> None:
    found = kernel_package_strays(
        isolated=["app.platform", "app.shop"], kernel=["app.platform.a", "app.platform.b"],
        placed=["app.platform.c", "app.shop.a", "app.shop.b"],
        packages={"app.platform", "app.shop"}, owners=set(), served=set(), fixed=set())
    assert [k.module for k in found] == ["app.platform"]


def test_template_tags_of_a_kernel_package_are_kernel_a_domain_app_s_stay() -> None:
    grouping = Grouping((
        ("", ("app.base.templatetags.money", "app.orders.views")),
        ("", ("app.shop.templatetags.cart", "app.shop.views")),
        ("", ("app.base.templatetags.owned", "app.base.forms.fields")),
        ("pinned", ("app.base.templatetags.pinned",))), "test")
    kept, found = loaded_kernel(grouping, ["app.base.templatetags", "app.base.forms"],
                                owners={"app.base.templatetags.owned"}, served=set(),
                                fixed=set())
    assert [k.module for k in found] == ["app.base.templatetags.money"]
    assert kept.groups[0][1] == ("app.orders.views",)
    # (a module of another package the kernel holds is no template tag library)
    assert ("", ("app.base.templatetags.owned", "app.base.forms.fields")) in kept.groups


def test_template_tags_named_like_their_groups_slice_stay_in_it() -> None:
    """patchwork's `templatetags/patch`, grouped with `views/patch` and `api/patch`: the
    patch slice's tags, not the platform's, though the package's `__init__` is kernel."""
    grouping = Grouping((
        ("", ("app.templatetags.patch", "app.api.patch", "app.views.patches")),
        ("", ("app.templatetags.syntax", "app.views.patches_list")),
        ("", ("app.templatetags.project", "app.templatetags.projects"))), "test")
    kept, found = loaded_kernel(grouping, ["app.templatetags"], owners=set(), served=set(),
                                fixed=set())
    # (`projects` beside `project` in its own package is no other layer's module)
    assert [k.module for k in found] == ["app.templatetags.project",
                                         "app.templatetags.projects",
                                         "app.templatetags.syntax"]
    assert kept.groups[0][1] == ("app.templatetags.patch", "app.api.patch",
                                 "app.views.patches")
    # (a platform name names no slice: `mixins`, `locale`)
    grouping = Grouping((
        ("", ("app.templatetags.mixins", "app.views.mixins")),
        ("", ("app.templatetags.locale", "app.views.locale"))), "test")
    _, found = loaded_kernel(grouping, ["app.templatetags"], owners=set(), served=set(),
                             fixed=set())
    assert [k.module for k in found] == ["app.templatetags.locale", "app.templatetags.mixins"]


def test_a_base_placed_among_its_callers_follows_its_implementations(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _project()))
    packages = {m.name for m in index.modules if m.is_package}
    callers = tuple(f"app.orders.m{i}" for i in range(8))
    grouping = Grouping((("", ("app.core.payment", *callers)),
                         *_grouping(("stripe", "bank")).groups[1:]), "test")
    found = extension_implementers(grouping, graph, [], set(), packages, PLUGIN_CONTAINERS)
    assert _groups(found) == {
        callers,
        ("app.core.payment", "app.plugins.bank", "app.plugins.bank.payment",
         "app.plugins.bank.views", "app.plugins.stripe", "app.plugins.stripe.payment",
         "app.plugins.stripe.views"),
        ("app.plugins.badges", "app.plugins.badges.models", "app.plugins.badges.views")}


def test_the_reason_of_a_package_of_one_kernel_module_reads_right() -> None:
    # (review10: pretix's `base/management` read "the package of 1 modules, most of them
    # in the kernel")
    found = kernel_package_strays(
        isolated=["app.base.management"], kernel=["app.base.management.commands"],
        placed=[], packages={"app.base.management", "app.base.management.commands"},
        owners=set(), served=set(), fixed=set())
    assert [k.reason for k in found] == [
        "the package of 1 module, which is in the kernel, coupled to nothing"]
    found = kernel_package_strays(
        isolated=["app.platform"], kernel=["app.platform.a", "app.platform.b"],
        placed=["app.platform.c"], packages={"app.platform"}, owners=set(), served=set(),
        fixed=set())
    assert [k.reason for k in found] == [
        "the package of 3 modules, most of them in the kernel, coupled to nothing"]


def test_plugins_left_out_of_the_seams_move_nothing_and_crash_nothing(tmp_path: Path) -> None:
    # (review10: two demo plugins subclassing the payment base, both left out as examples,
    # crashed `strangler analyze` with "min() arg is an empty sequence")
    from strangler.seams import SeamRequest, propose_seams

    files = {"app/__init__.py": "", "app/plugins/__init__.py": "", "app/orders/__init__.py": "",
             "app/payment.py": "class PaymentProvider:\n    def pay(self, order):\n"
                               "        return order\n",
             "app/orders/views.py": "from app.payment import PaymentProvider\n"
                                    "def checkout(order):\n"
                                    "    return PaymentProvider().pay(order)\n",
             "app/orders/models.py": "from app.payment import PaymentProvider\n"
                                     "class Order:\n    provider = PaymentProvider\n"}
    for plugin in ("example_stripe", "demo_paypal"):
        files[f"app/plugins/{plugin}/__init__.py"] = ""
        files[f"app/plugins/{plugin}/provider.py"] = (
            "from app.payment import PaymentProvider\n"
            "class Provider(PaymentProvider):\n    pass\n")
        files[f"app/plugins/{plugin}/signals.py"] = (
            f"from app.plugins.{plugin}.provider import Provider\n"
            "def register():\n    return Provider\n")
    index, graph = graph_of(build_tree(tmp_path / "demo", files))
    proposal = propose_seams(index, graph, SeamRequest())
    placed = {m for seam in proposal.seams for m in seam.modules}
    assert {"app.payment", "app.orders.views"} <= placed
    assert not any(m.startswith("app.plugins.") for m in placed)


def test_a_layer_module_the_plugins_subclass_is_no_extension_point(tmp_path: Path) -> None:
    # (review10: only the packages above the base counted as a layer, so a shared
    # `core/forms.py` whose settings form every plugin subclasses drew the plugins, or went
    # to them itself, as if it were a domain's extension point like `core/payment`)
    files = _project(("stripe", "bank"))
    files["app/core/forms.py"] = "class SettingsForm:\n    pass\n"
    for name in ("stripe", "bank"):
        files[f"app/plugins/{name}/payment.py"] = "class Provider:\n    pass\n"
        files[f"app/plugins/{name}/settings.py"] = (
            "from app.core.forms import SettingsForm\n"
            f"class {name.capitalize()}Form(SettingsForm):\n    pass\n")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    packages = {m.name for m in index.modules if m.is_package}
    grouping = Grouping((("", ("app.core", "app.core.forms", "app.core.payment")),) + tuple(
        ("", (f"app.plugins.{n}", f"app.plugins.{n}.payment", f"app.plugins.{n}.settings",
              f"app.plugins.{n}.views")) for n in ("stripe", "bank")), "test")
    found = extension_implementers(grouping, graph, [], set(), packages, PLUGIN_CONTAINERS)
    assert _groups(found) == _groups(grouping)


def test_isolated_management_commands_of_a_kernel_package_stay_alone() -> None:
    # (pulpcore, pretix: generic Django commands, run by name as `manage.py shell` and
    # imported by nothing, have no users to share them: entry points, not kernel)
    found = kernel_package_strays(
        isolated=["app.management.commands.shell", "app.management.commands.migrate",
                  "app.core.hashers"],
        kernel=["app.management", "app.management.commands", "app.core"],
        placed=["app.management.commands.repair_orders", "app.core.jwt"],
        packages={"app.management", "app.management.commands", "app.core"},
        owners=set(), served=set(), fixed=set())
    # (a module the settings name, in a platform package, is still the platform's)
    assert [k.module for k in found] == ["app.core.hashers"]


def test_a_base_in_a_layer_named_app_with_tables_of_its_own_is_an_extension_point(
        tmp_path: Path) -> None:
    """healthchecks: every integration under `hc/integrations/` subclasses the transport
    base of `hc/api/transports.py`, and `hc/api` is the app whose models hold the checks
    and channels, not an API layer. Its base is an extension point like `core/payment`;
    the same base in an `api` package with no tables (the API layer) stays none."""
    files = _project(("stripe", "bank"))
    files = {path.replace("app/core/", "app/api/"): text.replace("app.core.", "app.api.")
             for path, text in files.items()}
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    mappers = {model.module for table in index.tables for model in table.models}
    assert "app.api.models" in mappers
    packages = {m.name for m in index.modules if m.is_package}
    grouping = Grouping(tuple(
        (pin, tuple(m.replace("app.core", "app.api") for m in members))
        for pin, members in _grouping(("stripe", "bank")).groups), "test")
    found = extension_implementers(grouping, graph, ["app.control.views.base"], mappers,
                                   packages, PLUGIN_CONTAINERS)
    assert ("app.api", "app.api.payment", "app.plugins.bank", "app.plugins.bank.payment",
            "app.plugins.bank.views", "app.plugins.stripe", "app.plugins.stripe.payment",
            "app.plugins.stripe.views") in _groups(found)
    # (without the app's tables, `api` names a layer: its base is no extension point)
    assert extension_implementers(grouping, graph, ["app.control.views.base"],
                                  mappers - {"app.api.models"}, packages,
                                  PLUGIN_CONTAINERS) == grouping


def test_a_plugin_built_on_a_sibling_plugin_s_class_follows_it(tmp_path: Path) -> None:
    """healthchecks: the Discord and Mattermost transports subclass the Slack plugin's
    `Slackalike`, which subclasses the application's transport base; they implement what
    the Slack plugin implements and join the same seam, not seams of their own."""
    files = _project(("stripe", "bank"))
    files |= {
        "app/plugins/paypal/__init__.py": "",
        "app/plugins/paypal/payment.py": ("from app.plugins.stripe.payment import Stripe\n"
                                          "class Paypal(Stripe):\n    pass\n"),
        "app/plugins/paypal/views.py": ("from app.plugins.paypal.payment import Paypal\n"
                                        "def pay():\n    return Paypal().pay()\n"),
    }
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    mappers = {model.module for table in index.tables for model in table.models}
    packages = {m.name for m in index.modules if m.is_package}
    found = extension_implementers(_grouping(("stripe", "bank", "paypal")), graph,
                                   ["app.control.views.base"], mappers, packages,
                                   PLUGIN_CONTAINERS)
    home = next(members for members in _groups(found) if "app.core.payment" in members)
    assert {"app.plugins.paypal", "app.plugins.paypal.payment",
            "app.plugins.paypal.views", "app.plugins.stripe.payment"} <= set(home)


def test_only_an_app_s_own_models_make_a_layer_named_package_a_domain_s() -> None:
    """(review) `hc/api` maps tables in its own `models`; an API layer whose token
    sub-package maps a table (`web/api/tokens/models`) is still a layer."""
    from strangler.seams.implementers import _apps_with_models, _below_layer

    assert not _below_layer("hc.api.transports", _apps_with_models({"hc.api.models"}))
    assert not _below_layer("app.api.base", _apps_with_models({"app.api.models.orders"}))
    assert _below_layer("web.api.base", _apps_with_models({"web.api.tokens.models"}))
    assert _below_layer("hc.api", _apps_with_models({"hc.api.models"}))  # (the layer itself)


def test_plugins_with_concept_packages_of_their_own_are_applications(tmp_path: Path) -> None:
    """A plugin whose tables sit in two child packages or more (baserow's
    `contrib/dashboard/widgets/`, `contrib/dashboard/data_sources/`) is an application of its
    own that happens to implement the platform's bases: it keeps its seam."""
    files = _project()
    for name in ("stripe", "bank"):
        for concept in ("widgets", "sources"):
            files |= {f"app/plugins/{name}/{concept}/__init__.py": "",
                      f"app/plugins/{name}/{concept}/models.py": MODEL.format(
                          name=f"{name.capitalize()}{concept.capitalize()}",
                          table=f"{name}_{concept}")}
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    mappers = {model.module for table in index.tables for model in table.models}
    assert "app.plugins.stripe.widgets.models" in mappers
    packages = {m.name for m in index.modules if m.is_package}
    groups = [("", ("app.core", "app.core.payment"))]
    groups += [("", tuple(sorted(m.name for m in index.modules
                                 if m.name.startswith(f"app.plugins.{n}"))))
               for n in ("stripe", "bank")]
    grouping = Grouping(tuple(groups), "test")
    assert extension_implementers(grouping, graph, [], mappers, packages,
                                  PLUGIN_CONTAINERS) == grouping
    # (with one concept package each, they are adapters of the payment base again)
    one = {k: v for k, v in files.items() if "/sources/" not in k}
    index, graph = graph_of(build_tree(tmp_path / "q", one))
    mappers = {model.module for table in index.tables for model in table.models}
    packages = {m.name for m in index.modules if m.is_package}
    groups = [("", ("app.core", "app.core.payment"))]
    groups += [("", tuple(sorted(m.name for m in index.modules
                                 if m.name.startswith(f"app.plugins.{n}"))))
               for n in ("stripe", "bank")]
    joined = extension_implementers(Grouping(tuple(groups), "test"), graph, [], mappers,
                                    packages, PLUGIN_CONTAINERS)
    assert len(joined.groups) == 1
