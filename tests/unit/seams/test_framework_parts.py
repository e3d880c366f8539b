"""Issue 10 (kernel): a plugin framework is more than its container's `__init__`. The module
named after the container elsewhere (`utils/plugins`, `constants/plugins`) and a plain
module in the container that the plugins call (`plugins/migrations`) are its parts: kernel
before the clustering. On CTFd they were a seam of their own with the app initializer. A
plugin that is a plain module, a `plugins` module inside a domain's package, or one that
touches a table is no part; and the framework stays kernel when most of its plugins are
one domain's (`platform.package_homes`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig
from strangler.seams.kernel import find_kernel
from strangler.seams.platform import package_homes
from strangler.seams.propose import Grouping

DB = ("class _Db:\n    Model = object\n    Integer = int\n"
      "    def Column(self, *a, **k):\n        return None\n"
      "db = _Db()\n")


def _app(tmp_path: Path) -> Path:
    files = {
        "db.py": DB,
        "app/__init__.py": "",
        "app/models.py": "from db import db\nclass Order(db.Model):\n"
                         "    __tablename__ = 'orders'\n"
                         "    id = db.Column(db.Integer, primary_key=True)\n",
        "app/plugins/__init__.py": "from app.utils.plugins import SCRIPTS\n"
                                   "def register(plugin):\n    SCRIPTS.append(plugin)\n",
        "app/plugins/migrations.py": "def upgrade(plugin):\n    return plugin\n",
        "app/plugins/dynamic/__init__.py": "from app.plugins import register\n"
                                           "from app.plugins.migrations import upgrade\n"
                                           "register(upgrade('dynamic'))\n",
        "app/plugins/scoring/__init__.py": "from app.plugins import register\n"
                                           "from app.plugins.migrations import upgrade\n"
                                           "register(upgrade('scoring'))\n",
        "app/plugins/flags.py": "from app.plugins import register\nregister('flag')\n",
        "app/utils/__init__.py": "",
        "app/utils/plugins.py": "SCRIPTS = []\n",
        "app/constants/__init__.py": "",
        "app/constants/plugins.py": "from app.plugins import register\n"
                                    "def shown():\n    return register\n",
        # inside a domain's package: that domain's own plugins
        "app/shop/__init__.py": "",
        "app/shop/plugins.py": "from app.plugins import register\n"
                               "def shop():\n    return register\n",
        # named after the container but it reads a table
        "app/views/__init__.py": "",
        "app/views/plugins.py": "from app.models import Order\nfrom app.plugins import "
                                "register\ndef index():\n    return Order.query.all(), "
                                "register\n",
    }
    return build_tree(tmp_path / "fw", files)


PARTS = {"app.plugins.migrations", "app.utils.plugins", "app.constants.plugins"}


def test_the_frameworks_parts_are_kernel_before_the_clustering(tmp_path: Path) -> None:
    index, graph = graph_of(_app(tmp_path))
    # One first-pass group: no breadth makes anything kernel, only the rules.
    clusters = {m.name: "app" for m in index.modules}
    kernel = {k.module: k.reason for k in find_kernel(index, graph, SeamConfig(), clusters,
                                                       [])}
    assert PARTS | {"app.plugins"} <= set(kernel)
    assert kernel["app.utils.plugins"].startswith("a part of the plugin framework app.plugins")
    # A plain-module plugin, a domain's own `plugins`, one reading a table: no parts.
    assert not {"app.plugins.flags", "app.shop.plugins", "app.views.plugins"} & set(kernel)


def test_without_a_framework_nothing_is_a_part(tmp_path: Path) -> None:
    root = _app(tmp_path)
    # The container has models of its own (`plugins/models`): an app, no framework, so no
    # parts either.
    (root / "app/plugins/models.py").write_text(
        "from db import db\nclass Stored(db.Model):\n    __tablename__ = 'stored'\n"
        "    id = db.Column(db.Integer, primary_key=True)\n")
    index, graph = graph_of(root)
    clusters = {m.name: "app" for m in index.modules}
    kernel = {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, [])}
    assert not PARTS & kernel


def test_the_framework_stays_kernel_when_most_plugins_are_one_seams(tmp_path: Path) -> None:
    index, graph = graph_of(_app(tmp_path))
    # Three of the container's four submodules in one seam: a kernel package `__init__`
    # would join it, the plugin framework does not.
    grouping = Grouping((("", ("app.plugins.dynamic", "app.plugins.flags",
                               "app.plugins.scoring")),), "test")
    kernel = ["app.plugins", "app.plugins.migrations"]
    _, moved = package_homes(index, SeamConfig(), grouping, kernel)
    assert moved == {"app.plugins"}
    _, moved = package_homes(index, SeamConfig(), grouping, kernel, frozenset({"app.plugins"}))
    assert moved == set()


def test_a_view_module_named_after_the_container_is_no_part(tmp_path: Path) -> None:
    # (review10: `web/plugins`, whose handler a URLconf routes `/plugins/` to, was made
    # "a part of the plugin framework": only the declaring URLconf counted as serving)
    root = _app(tmp_path)
    (root / "app/web").mkdir()
    (root / "app/web/__init__.py").write_text("")
    (root / "app/web/plugins.py").write_text(
        "from app.plugins import register\ndef plugin_list(request):\n    return register\n")
    (root / "app/urls.py").write_text(
        "from django.urls import path\nfrom app.web import plugins\n"
        "urlpatterns = [path('plugins/', plugins.plugin_list)]\n")
    index, graph = graph_of(root)
    assert [r.module for r in index.routes] == ["app.urls"]
    clusters = {m.name: "app" for m in index.modules}
    kernel = {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, [])}
    assert "app.web.plugins" not in kernel
    assert kernel >= PARTS
