"""Issue 10 (helper s12-pulpcore): roots are the application object, the settings and the
entry points, and only those.

- a Django app's package named `app` (an `apps` module, or an `__init__` subclassing a
  project `*AppConfig`) is a domain's package, not the application object; a Flask
  `app/__init__.py` still is (`kernel.app_config_packages`);
- the settings module beside the WSGI/ASGI module is the application's settings however
  deep the project package sits (`pulpcore/app/settings.py`);
- a console script that a WSGI/ASGI module imports is still run, not imported: it leaves
  its group after the clustering (`entries.script_roots`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.adapters.cache import MemoryStore
from strangler.adapters.entry_points import read_entry_points
from strangler.adapters.filesystem import LocalFileSystem
from strangler.graph import build_graph
from strangler.parse import ParseOptions, link, parse_project
from strangler.seams import SeamConfig
from strangler.seams.entries import SCRIPT_ROOT, script_roots
from strangler.seams.kernel import app_config_packages, find_roots
from strangler.seams.propose import Choice, Grouping


def test_django_apps_named_app_are_no_application_object(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "site/__init__.py": "",
        "site/app/__init__.py": "",
        "site/app/settings.py": "DEBUG = True\n",
        "site/app/wsgi.py": "application = None\n",
        "core/__init__.py": "",
        "core/apps.py": "class PluginAppConfig:\n    pass\n",
        "plug/__init__.py": "",
        "plug/app/__init__.py": "from core.apps import PluginAppConfig\n\n\n"
                                "class PlugAppConfig(PluginAppConfig):\n"
                                "    name = 'plug.app'\n",
        "plug/app/models.py": "ITEMS = []\n",
        "shop/__init__.py": "",
        "shop/app/__init__.py": "",
        "shop/app/apps.py": "class AppConfig:\n    name = 'shop.app'\n",
        "shop/app/settings.py": "PAGE = 10\n",
        "web/__init__.py": "",
        "web/app/__init__.py": "from flask import Flask\napp = Flask(__name__)\n",
    })
    index, graph = graph_of(root)
    assert app_config_packages(index) == {"core", "plug.app", "shop.app"}
    roots = {r.module: r.reason for r in find_roots(index, graph, SeamConfig())}
    assert "plug.app" not in roots and "shop.app" not in roots
    assert roots["web.app"] == "the application object or factory"
    # The project package `site.app` holds the WSGI module: its settings are a root, and
    # it stays the application's; an app's own settings module is not one.
    assert roots["site.app.settings"] == "the application's settings"
    assert "site.app" in roots
    assert "shop.app.settings" not in roots


def test_a_script_the_wsgi_module_imports_is_still_a_root(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "api", {
        "setup.cfg": "[options.entry_points]\nconsole_scripts =\n"
                     "    api = app.entrypoint:main\n    mail = app.emails:send\n",
        "app/__init__.py": "",
        "app/entrypoint.py": "from app.status import ping\n\n\ndef main():\n"
                             "    from app import wsgi\n    return wsgi.application, ping()\n",
        "app/wsgi.py": "from app.entrypoint import main\napplication = main\n",
        "app/status.py": "def ping():\n    return 1\n",
        "app/emails.py": "def send(to):\n    return to\n",
        "app/orders.py": "from app.emails import send\nfrom app import wsgi\n\n\n"
                         "def notify():\n    return send(1), wsgi\n",
    })
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    index = link(root.name, parsed.files, parsed.problems, read_entry_points(root))
    graph = build_graph(index)
    grouping = Grouping((("", ("app.entrypoint", "app.status")),
                         ("", ("app.emails", "app.orders"))), Choice(None))
    # `app.wsgi` is platform here (application code imports it), not a root: its import of
    # the script is still the server's way in. The script the domains import stays.
    kept, found = script_roots(index, graph, SeamConfig(), grouping, set())
    assert [(k.module, k.reason) for k in found] == [("app.entrypoint", SCRIPT_ROOT)]
    assert ("", ("app.emails", "app.orders")) in kept.groups
