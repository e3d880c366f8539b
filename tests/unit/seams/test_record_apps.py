"""A Django app whose tables are its own records (a lock store: no other app reads, writes
or refers to them) and that many apps use is platform, as an app without tables is
(`apps.record_apps` in `apps.platform_apps`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.apps import platform_apps, record_apps

APPS = ("orders", "books", "shelves", "loans")


def _locks_app(shared: str = "") -> dict[str, str]:
    """A lock store as a Django app: one table, reached only through its own functions."""
    return {
        "locks/__init__.py": "",
        "locks/apps.py": ("from django.apps import AppConfig\n"
                          "class LocksConfig(AppConfig):\n    name = 'locks'\n"),
        "locks/models.py": (
            "from django.db import models\n"
            "class Lock(models.Model):\n    name = models.CharField(max_length=9)\n"
            "    class Meta:\n        db_table = 'locks_lock'\n"),
        "locks/backends.py": ("from locks.models import Lock\n"
                              "def acquire(name):\n"
                              "    return Lock.objects.create(name=name)\n"
                              "def release(name):\n"
                              "    Lock.objects.filter(name=name).delete()\n"),
        "locks/utils.py": ("from locks.backends import acquire, release\n"
                           "def locked(name):\n    lock = acquire(name)\n"
                           "    release(name)\n    return lock\n"),
    } | ({"shelves/report.py": ("from locks.models import Lock\n"
                                "def held():\n    return list(Lock.objects.all())\n")}
         if shared else {})


def _project(shared: str = "") -> dict[str, str]:
    files = {"portal/__init__.py": "",
             "portal/settings.py": f"INSTALLED_APPS = {[*APPS, 'locks']}\n",
             "portal/urls.py": ("from django.urls import include, path\nurlpatterns = ["
                                + ", ".join(f"path('{a}/', include('{a}.urls'))"
                                            for a in APPS) + "]\n"),
             "manage.py": "import sys\n"}
    for app in APPS:
        model = app.capitalize()
        files |= {
            f"{app}/__init__.py": "",
            f"{app}/apps.py": ("from django.apps import AppConfig\n"
                               f"class {model}Config(AppConfig):\n    name = '{app}'\n"),
            f"{app}/models.py": (
                "from django.db import models\n"
                f"class {model}(models.Model):\n    title = models.CharField(max_length=9)\n"
                f"    class Meta:\n        db_table = '{app}_item'\n"),
            f"{app}/views.py": (
                f"from {app}.models import {model}\nfrom locks.utils import locked\n"
                "def index(request):\n"
                f"    locked('{app}')\n    return list({model}.objects.all())\n"
                f"def detail(request, pk):\n    return {model}.objects.get(pk=pk)\n"),
            f"{app}/urls.py": ("from django.urls import path\n"
                               f"from {app} import views\n"
                               "urlpatterns = [path('', views.index), "
                               "path('<int:pk>/', views.detail)]\n"),
        }
    return files | _locks_app(shared)


def test_an_app_keeping_private_records_that_many_apps_use_is_platform(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _project()))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    kernel = {k.module: k.reason for k in proposal.kernel}
    for part in ("locks.models", "locks.backends", "locks.utils"):
        assert part in kernel, proposal.assignment
    assert "its own records" in kernel["locks.models"]
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    assert len({seam_of[f"{app}.models"] for app in APPS}) == 4


def test_records_another_app_reads_are_shared_data(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _project(shared="shelves")))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    kernel = {k.module for k in proposal.kernel}
    assert "locks.models" not in kernel
    assert not any(m.startswith("locks.") and "its own records" in k.reason
                   for k in proposal.kernel for m in [k.module])


def test_record_apps_are_apps_whose_tables_no_other_app_touches_or_refers_to() -> None:
    app_of = {"locks.models": "locks", "logs.models": "logs", "logs.views": "logs",
              "cache.models": "cache", "orders.models": "orders", "orders.views": "orders",
              "books.models": "books", "books.views": "books"}
    tables = [
        (["locks.models"], ["locks.models"], ["locks.models"]),  # private
        (["logs.models"], ["logs.views"], ["logs.models"]),  # private, read by its views
        (["cache.models"], ["books.views"], []),  # read by another app: shared
        (["orders.models"], ["orders.views"], ["orders.models", "books.views"]),
        (["books.models"], ["books.views"], ["books.models"]),  # books writes orders' table
    ]
    assert record_apps(app_of, tables, []) == {"locks", "logs"}
    # a model relation to another app's model makes the table shared, on both sides
    assert record_apps(app_of, tables, [("logs.models", "locks.models")]) == set()
    # an app without tables keeps no records: it is no data owner at all
    assert "orders" not in record_apps(app_of, tables[:3], [])


def test_a_record_app_needs_the_breadth_of_a_platform_app() -> None:
    names = [f"{app}.{part}" for app in ("a", "b", "c", "d", "e")
             for part in ("apps", "models", "views")] + ["a", "b", "c", "d", "e"]
    tables = [(["a.models"], ["a.views"], ["a.models"]),
              (["e.models"], ["e.views"], ["e.models"])]
    # a and e keep private records; a is used by b, c and d, e by two apps only.
    edges = [(f"{user}.views", "a.views") for user in ("b", "c", "d")] + [
        ("c.views", "e.views"), ("d.views", "e.views")]
    found = {k.module for k in platform_apps(names, {"a.models", "e.models"}, edges, set(),
                                             tables=tables)}
    assert found == {"a", "a.apps", "a.models", "a.views"}
    # without the tables' uses, a maps a table: domain data
    assert platform_apps(names, {"a.models", "e.models"}, edges, set()) == []


def test_records_shown_in_the_apps_own_pages_are_a_domains_data(tmp_path: Path) -> None:
    files = _project()
    files["locks/views.py"] = ("from locks.models import Lock\n"
                               "def index(request):\n    return list(Lock.objects.all())\n")
    files["locks/urls.py"] = ("from django.urls import path\nfrom locks import views\n"
                              "urlpatterns = [path('', views.index)]\n")
    files["portal/urls.py"] = files["portal/urls.py"].replace(
        "]\n", ", path('locks/', include('locks.urls'))]\n")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    assert not any("its own records" in k.reason for k in proposal.kernel), proposal.kernel
