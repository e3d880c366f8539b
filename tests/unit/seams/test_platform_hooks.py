"""Issue 10 (helper s12-pulpcore): request middleware, the facade of a layer package and a
plugin's package are placed by what they are, not by the one model they touch.

- a middleware module outside the domains' packages, used by no domain code, is kernel
  (`seams.middleware`); one inside a Django app, or one the domain code calls, is not;
- a package `__init__` that re-exports three of its submodules or more, spread over three
  seams with no majority, is kernel without a kernel child (`kernel.spread_packages`);
- a package is platform for `helper_kernel` only when most of its modules are kernel: its
  roots (a plugin's app object) and its left-out test plugin do not count."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig
from strangler.seams.kernel import spread_packages
from strangler.seams.middleware import middleware_kernel
from strangler.seams.platform import helper_kernel
from strangler.seams.propose import Choice, Grouping


def _site(tmp_path: Path) -> Path:
    """A Django-like project: `site/` with settings, a tenancy middleware reading the
    tenants' table, a request-pipeline module the orders' views call, and two apps, one
    with a middleware of its own."""
    return build_tree(tmp_path / "proj", {
        "site/__init__.py": "",
        "site/settings.py": "MIDDLEWARE = ['site.middleware.TenantMiddleware']\n",
        "site/middleware.py": "from site.tenants.models import Tenant\n"
                              "class TenantMiddleware:\n"
                              "    def __call__(self, request):\n"
                              "        return Tenant.objects.get(name=request.host)\n",
        "site/chat_middleware.py": "from site.orders.models import Order\n"
                                   "def process(payload):\n"
                                   "    return Order.objects.filter(id=payload)\n",
        "site/tenants/__init__.py": "",
        "site/tenants/models.py": "from django.db import models\n"
                                  "class Tenant(models.Model):\n"
                                  "    name = models.CharField(max_length=9)\n",
        "site/tenants/middleware.py": "from site.tenants.models import Tenant\n"
                                      "class Last:\n"
                                      "    def __call__(self, request):\n"
                                      "        return Tenant.objects.first()\n",
        "site/orders/__init__.py": "",
        "site/orders/models.py": "from django.db import models\n"
                                 "class Order(models.Model):\n"
                                 "    total = models.IntegerField()\n",
        "site/orders/views.py": "from site.orders.models import Order\n"
                                "from site.chat_middleware import process\n"
                                "def index(request):\n"
                                "    return process(Order.objects.all())\n",
    })


def test_platform_middleware_joins_the_kernel(tmp_path: Path) -> None:
    index, graph = graph_of(_site(tmp_path))
    found = middleware_kernel(index, graph, SeamConfig(), {"site.settings"})
    # The app's own middleware stays with its app; the pipeline the views call is code.
    assert [k.module for k in found] == ["site.middleware"]
    assert "middleware" in found[0].reason
    # A module a lever placed (here: given as placed) is never moved.
    assert middleware_kernel(index, graph, SeamConfig(),
                             {"site.settings", "site.middleware"}) == []


def _layered(tmp_path: Path) -> Path:
    """A layer package `tasks/` whose `__init__` re-exports three of its task modules, and
    a `jobs/` package with an empty `__init__`, its modules spread the same way."""
    files: dict[str, str] = {
        "app/__init__.py": "",
        "app/tasks/__init__.py": "from app.tasks.orders import ship\n"
                                 "from app.tasks.users import invite\n"
                                 "from app.tasks.repos import sync\n",
        "app/jobs/__init__.py": "",
    }
    for package in ("tasks", "jobs"):
        for name in ("orders", "users", "repos"):
            files[f"app/{package}/{name}.py"] = (
                f"def {'ship' if name == 'orders' else 'invite' if name == 'users' else 'sync'}"
                "():\n    return 1\n")
    return build_tree(tmp_path / "proj", files)


def test_a_facade_spread_over_three_seams_is_kernel_without_a_kernel_child(
        tmp_path: Path) -> None:
    index, graph = graph_of(_layered(tmp_path))
    grouping = Grouping((
        ("", ("app.jobs", "app.jobs.orders", "app.tasks", "app.tasks.orders")),
        ("", ("app.jobs.users", "app.tasks.users")),
        ("", ("app.jobs.repos", "app.tasks.repos"))), Choice(None))
    kept, moved = spread_packages(index, graph, grouping, [], [], [])
    # The facade goes; the empty `__init__` needs a kernel child as before.
    assert [k.module for k in moved] == ["app.tasks"]
    assert "spread over 3 seams" in moved[0].reason
    assert "app.jobs" in {m for _, members in kept.groups for m in members}


def test_a_plugin_package_of_roots_is_no_platform_package(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "base.py": "class Model:\n    pass\n",
        "plug/__init__.py": "",
        "plug/app.py": "from base import Model\nclass PlugApp(Model):\n    pass\n",
        "plug/pytest_plugin.py": "def fixture():\n    return 1\n",
        "plug/manifest.py": "from base import Model\n"
                            "def read():\n    return Model\n",
    })
    index, graph = graph_of(root)
    clusters = {m.name: "plug" for m in index.modules}
    grouping = Grouping((("", ("plug", "plug.manifest")),), Choice(None))
    roots = ["plug.app", "plug.pytest_plugin"]
    _, moved = helper_kernel(index, graph, SeamConfig(), clusters, grouping, ["base"],
                             roots, set())
    # Two of its three modules are roots, none kernel: its manifest reader is the plugin's.
    assert moved == []
    # Kernel modules still make it platform: with two of them, its other module joins.
    _, moved = helper_kernel(index, graph, SeamConfig(), clusters, grouping,
                             ["base", "plug.app", "plug.pytest_plugin"], [], set())
    assert [k.module for k in moved] == ["plug.manifest"]
