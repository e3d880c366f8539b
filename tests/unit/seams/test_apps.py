"""Projects whose packages are Django apps: strays rejoin their app, the project package
beside the apps is platform, and an empty package chain follows its submodules."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, django_project, graph_of

from strangler.model import KernelModule
from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.apps import (
    app_kernel_strays,
    app_strays,
    django_apps,
    platform_apps,
    project_packages,
    project_platform,
)
from strangler.seams.package_folding import fold_packages
from strangler.seams.propose import Choice, Grouping, Partition

APPS = ("orders", "books", "shelves")


def _layered_app(name: str) -> dict[str, str]:
    """A NetBox-style app: `api/`, `forms/` and `views/` packages around its models."""
    model = name.capitalize()
    return {
        f"{name}/__init__.py": "",
        f"{name}/models.py": (
            "from django.db import models\n"
            f"class {model}(models.Model):\n    title = models.CharField(max_length=9)\n"
            f"    class Meta:\n        db_table = '{name}_item'\n"),
        f"{name}/forms/__init__.py": "",
        f"{name}/forms/model_forms.py": (
            "from portal.forms.base import BaseForm\n"
            f"from {name}.models import {model}\n"
            f"class {model}Form(BaseForm):\n    model = {model}\n"),
        f"{name}/api/__init__.py": "",
        f"{name}/api/views.py": (
            "from portal.api.viewsets import BaseViewSet\n"
            f"from {name}.models import {model}\n"
            f"class {model}ViewSet(BaseViewSet):\n    queryset = {model}.objects.all()\n"),
        f"{name}/views/__init__.py": "",
        f"{name}/views/pages.py": (
            "from portal.views.generic import ObjectListView\n"
            "from portal.models.features import TagsMixin\n"
            f"from {name}.models import {model}\nfrom {name}.forms.model_forms import "
            f"{model}Form\n"
            f"class {model}List(ObjectListView, TagsMixin):\n    model = {model}\n"
            f"    form = {model}Form\n"
            f"def detail(request, pk):\n    return {model}.objects.get(pk=pk)\n"),
        f"{name}/urls.py": ("from django.urls import path\n"
                            f"from {name}.views import pages\n"
                            "urlpatterns = [path('<int:pk>/', pages.detail)]\n"),
    }


def test_a_management_command_that_reads_another_apps_models_stays_with_its_app(
        tmp_path: Path) -> None:
    files = django_project(APPS)
    files |= {
        "orders/management/__init__.py": "",
        "orders/management/commands/__init__.py": "",
        # Django loads it with `orders`; it only reads the books it reports on.
        "orders/management/commands/stock_report.py": (
            "from django.core.management.base import BaseCommand\n"
            "from books.models import Books\nfrom books.forms import blank\n"
            "class Command(BaseCommand):\n    def handle(self, *args, **options):\n"
            "        return [Books.objects.count(), blank(), Books.objects.first()]\n"),
    }
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    assert seam_of["orders.models"] != seam_of["books.models"]
    assert seam_of["orders.management.commands.stock_report"] == seam_of["orders.models"]


def test_app_strays_rejoin_the_group_holding_most_of_their_app() -> None:
    grouping = Grouping.ordered(
        [("", ("a.models", "a.views", "b.cmd")),
         ("", ("b.forms", "b.models", "b.urls", "b.views")),
         ("", ("b.owner", "b.service", "x.models")),
         ("", ("c.models", "c.views")), ("", ("c.forms", "c.urls")),
         ("pinned", ("a.pinned", "d.models", "d.views")), ("", ("d.forms", "e.x"))], Choice(None))
    units = {m: m.split(".")[0] for _, members in grouping.groups for m in members}
    result = app_strays(grouping, units, {"a", "b", "c", "d"}, owners={"b.owner"})
    groups = {members for _, members in result.groups}
    assert ("b.cmd", "b.forms", "b.models", "b.urls", "b.views") in groups
    # A part holding a table owner stays whole with its data.
    assert ("b.owner", "b.service", "x.models") in groups
    # c is split two and two (no majority); d's home is pinned, and a pinned group gives
    # no one: nothing moves.
    assert {("c.models", "c.views"), ("c.forms", "c.urls"), ("d.forms", "e.x"),
            ("a.pinned", "d.models", "d.views")} <= groups
    assert app_strays(grouping, units, set(), owners=set()) == grouping


def test_the_project_package_beside_the_apps_is_platform(tmp_path: Path) -> None:
    files = {"portal/__init__.py": "",
             "portal/settings.py": f"INSTALLED_APPS = {list(APPS)}\n",
             "portal/urls.py": ("from django.urls import include, path\n"
                                "from portal.views.misc import home\nurlpatterns = "
                                "[path('', home), " + ", ".join(
                                    f"path('{a}/', include('{a}.urls'))" for a in APPS)
                                + "]\n"),
             "manage.py": "import sys\n"}
    glue = {
        # Generic base views, API base classes and a home page: what every app builds on.
        "portal/views/__init__.py": "",
        "portal/views/generic.py": ("class ObjectListView:\n    template = 'list.html'\n"
                                    "    def get(self, request):\n"
                                    "        return self.template\n"),
        "portal/views/misc.py": ("from portal.views.generic import ObjectListView\n"
                                 "class Home(ObjectListView):\n    template = 'home.html'\n"
                                 "def home(request):\n    return Home().get(request)\n"),
        "portal/api/__init__.py": "",
        "portal/api/viewsets.py": "class BaseViewSet:\n    page_size = 50\n",
        "portal/models/__init__.py": "",
        "portal/models/features.py": "class TagsMixin:\n    tags = ()\n",
        "portal/forms/__init__.py": "",
        "portal/forms/base.py": "class BaseForm:\n    fields = ()\n",
    }
    files |= glue
    for app in APPS:
        files |= _layered_app(app)
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    assert project_packages(m.name for m in index.modules) == {"portal"}
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    kernel = {k.module: k.reason for k in proposal.kernel}
    for path in glue:
        module = path[:-3].replace("/", ".").removesuffix(".__init__")
        assert module in kernel, (module, proposal.assignment)
    assert "Django project package portal" in kernel["portal.views.misc"]
    assert {r.module for r in proposal.roots} >= {"portal.settings", "portal.urls"}
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    assert len({seam_of[f"{app}.models"] for app in APPS}) == 3


def test_a_project_package_above_its_apps_or_owning_tables_is_left_alone() -> None:
    # wger's layout: the apps are the project package's children, whose own unit is its
    # `__init__`; and a module that maps a table is a domain's, whatever its package.
    units = {"web": "web", "web.core.models": "web.core", "web.settings": "web.settings",
             "web.urls": "web.urls", "web.core.urls": "web.core"}
    assert project_platform(units, {"web.core"}, set(), set()) == []
    units = {"portal.urls": "portal", "portal.settings": "portal", "portal.models.log": "portal",
             "portal.views": "portal", "a.urls": "a", "a.models": "a"}
    found = project_platform(units, {"portal", "a"}, {"portal.models.log"},
                             {"portal.urls", "portal.settings"}, pinned=())
    assert [k.module for k in found] == ["portal.views"]
    assert project_packages(["portal.urls", "portal.settings"]) == set()  # one urls: no apps


def test_an_app_with_a_settings_module_of_its_own_is_no_project_package() -> None:
    # `events/` keeps its defaults in `events/settings.py` beside its `urls`: an app's
    # settings, not the project's. The project package is the one whose settings and root
    # URLconf are roots (`site/`, a unit of its own), so no app is taken for its glue.
    units = {"site.urls": "site.urls", "site.settings": "site.settings",
             "events.urls": "events", "events.settings": "events", "events.views": "events",
             "events.models": "events", "news.urls": "news", "news.settings": "news",
             "news.views": "news"}
    apps = {"events", "news"}
    roots = {"site.urls", "site.settings"}
    assert project_platform(units, apps, {"events.models"}, set(roots), roots) == []
    # Without the roots known, both look like project packages (the old reading).
    found = project_platform(units, apps, {"events.models"}, set())
    assert {k.module for k in found} == {"events.urls", "events.settings", "events.views",
                                         "news.urls", "news.settings", "news.views"}
    # The project package beside the apps, its settings a root, stays platform.
    units["site.views"] = "site"
    units["site.urls"] = units["site.settings"] = "site"
    found = project_platform(units, apps | {"site"}, {"events.models"}, set(roots), roots)
    assert [k.module for k in found] == ["site.views"]


def test_an_empty_package_chain_follows_its_submodules() -> None:
    partition = Partition((("orders", ("orders.management.commands.report", "orders.models")),
                           ("books", ("books.models",))))
    folded = fold_packages(partition, ["orders.management", "orders.management.commands"])
    assert folded.labels()["orders.management"] == "orders"
    assert folded.labels()["orders.management.commands"] == "orders"


def test_an_apps_choices_that_other_apps_import_stay_with_the_app(tmp_path: Path) -> None:
    apps = (*APPS, "authors", "stores", "carts")
    files = django_project(apps)
    # The orders app's vocabulary, imported by every app: the orders app's contract.
    files["orders/choices.py"] = ("class Status:\n    OPEN = 'open'\n    SHIPPED = 'shipped'\n"
                                  "    CHOICES = (OPEN, SHIPPED)\n")
    for app in apps:
        files[f"{app}/models.py"] = ("from orders.choices import Status\n"
                                     + files[f"{app}/models.py"].replace(
                                         "max_length=9)", "max_length=9, choices="
                                         "Status.CHOICES)"))
        files[f"{app}/forms.py"] = ("from orders.choices import Status\n"
                                    + files[f"{app}/forms.py"]
                                    + "def status():\n    return Status.OPEN\n")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    assert len({seam_of[f"{app}.models"] for app in apps}) == 6
    assert seam_of.get("orders.choices") == seam_of["orders.models"], proposal.kernel
    # Named by the user, it stays in the kernel.
    config = SeamConfig(min_size=1, kernels=("orders.choices",))
    kept = propose_seams(index, graph, SeamRequest(config=config))
    assert "orders.choices" in {k.module for k in kept.kernel}


def test_a_platform_app_keeps_its_kernel_modules() -> None:
    grouping = Grouping.ordered([("", ("a.models", "a.views", "u.x")), ("", ("b.models",)),
                                 ("", ("c.forms", "c.views"))], Choice(None))
    units = {m: m.split(".")[0] for m in ("a.models", "a.views", "a.choices", "u.x", "u.a",
                                          "u.b", "b.models", "c.forms", "c.views", "c.mixins")}
    kernel = [KernelModule(m, "used by all") for m in ("a.choices", "c.mixins", "u.a", "u.b")]
    result, stay = app_kernel_strays(grouping, kernel, units, {"a", "b", "c", "u"},
                                     owners={"a.models", "b.models"})
    # u is mostly in the kernel, and c has no tables: both are the platform's.
    assert [k.module for k in stay] == ["c.mixins", "u.a", "u.b"]
    assert ("a.choices", "a.models", "a.views", "u.x") in {m for _, m in result.groups}


def test_a_stray_the_user_keeps_together_with_another_app_stays(tmp_path: Path) -> None:
    files = django_project(APPS)
    files |= {
        "orders/management/__init__.py": "",
        "orders/management/commands/__init__.py": "",
        "orders/management/commands/stock_report.py": (
            "from django.core.management.base import BaseCommand\n"
            "from books.models import Books\nfrom books.forms import blank\n"
            "class Command(BaseCommand):\n    def handle(self, *args, **options):\n"
            "        return [Books.objects.count(), blank(), Books.objects.first()]\n"),
    }
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    config = SeamConfig(min_size=1, together=(("orders.management.commands.stock_report",
                                               "books.models"),))
    proposal = propose_seams(index, graph, SeamRequest(config=config))
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    assert seam_of["orders.management.commands.stock_report"] == seam_of["books.models"]


SITE_PARTS = ("registry", "forms", "views", "widgets")


def _site_app() -> dict[str, str]:
    """An admin-site framework as a Django app of its own: an AppConfig, no models."""
    files = {"siteadmin/__init__.py": "",
             "siteadmin/apps.py": ("from django.apps import AppConfig\n"
                                   "class SiteConfig(AppConfig):\n    name = 'siteadmin'\n")}
    for part in SITE_PARTS:
        files[f"siteadmin/{part}.py"] = (f"class Base{part.capitalize()}:\n"
                                         f"    kind = '{part}'\n")
    return files


def test_an_app_without_tables_that_many_apps_use_is_platform(tmp_path: Path) -> None:
    apps = ("orders", "books", "shelves", "loans")
    files = django_project(apps) | _site_app()
    # Each domain app builds on a different part of the admin site: no one module of it is
    # used by more than one app, the app as a whole by all four.
    for app, part in zip(apps, SITE_PARTS, strict=True):
        files[f"{app}/admin.py"] = (f"from siteadmin.{part} import Base{part.capitalize()}\n"
                                    f"from {app}.models import {app.capitalize()}\n"
                                    f"class {app.capitalize()}Admin(Base{part.capitalize()}):\n"
                                    f"    model = {app.capitalize()}\n")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    kernel = {k.module: k.reason for k in proposal.kernel}
    for part in SITE_PARTS:
        assert f"siteadmin.{part}" in kernel, proposal.assignment
    assert "no tables of its own" in kernel["siteadmin.registry"]
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    assert len({seam_of[f"{app}.models"] for app in apps}) == 4


def test_an_app_with_tables_or_few_users_is_no_platform_app() -> None:
    names = [f"{app}.{part}" for app in ("a", "b", "c", "d", "e")
             for part in ("apps", "models", "views")] + ["a", "b", "c", "d", "e"]
    assert django_apps(names)["a.views"] == "a"
    assert django_apps(names[:6]) == {}  # two apps: no project of apps
    # a and b are used by c, d and e; a maps a table, e is used by two apps only.
    edges = [(f"{user}.views", f"{used}.views") for used in ("a", "b")
             for user in ("c", "d", "e")] + [("c.views", "e.views"), ("d.views", "e.views")]
    found = {k.module for k in platform_apps(names, {"a.models"}, edges, {"b.apps"})}
    assert found == {"b", "b.models", "b.views"}


def test_a_package_named_apps_holds_apps_and_is_no_app_config() -> None:
    # `site/apps/` is the container of the apps, not the AppConfig of a `site` app: the
    # apps inside it, with an AppConfig or with models of their own, are each an app.
    names = ["site", "site.apps", "site.urls", "site.settings",
             "site.apps.events", "site.apps.events.apps", "site.apps.events.models",
             "site.apps.news", "site.apps.news.apps", "site.apps.news.views",
             "site.apps.jobs", "site.apps.jobs.apps",
             "site.apps.perms", "site.apps.perms.models", "site.apps.perms.utils"]
    of = django_apps(names)
    assert of["site.apps.perms.utils"] == "site.apps.perms"
    assert of["site.apps.events.models"] == "site.apps.events"
    assert "site" not in set(of.values())


def test_an_app_of_pages_over_other_apps_tables_is_no_platform_app() -> None:
    # b has no tables and c, d, e import it (its helpers): platform. Once two of its
    # route-serving modules read tables the other apps map (a public schedule's pages),
    # it is an interface onto the domains, not what they are built on.
    names = [f"{app}.{part}" for app in ("a", "b", "c", "d", "e")
             for part in ("apps", "models", "views")] + ["a", "b", "c", "d", "e",
                                                         "b.pages", "b.feeds"]
    edges = [(f"{user}.views", "b.views") for user in ("c", "d", "e")]
    owners = {f"{app}.models" for app in ("a", "c", "d", "e")}
    tables = [(["a.models"], ["b.pages", "a.views"], []), (["c.models"], ["b.feeds"], [])]
    found = {k.module for k in platform_apps(names, owners, edges, set(), tables=tables)}
    assert found == {"b", "b.apps", "b.models", "b.views", "b.pages", "b.feeds"}
    served = frozenset({"b.pages", "b.feeds"})
    assert platform_apps(names, owners, edges, set(), tables=tables, served=served) == []
    # One such module is not enough: a platform app may serve a page of its own.
    assert {k.module for k in platform_apps(names, owners, edges, set(), tables=tables,
                                            served=frozenset({"b.pages"}))} == found
