"""Plugin and backend lists of dotted strings, loaded by name, link to the modules they name."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

from strangler.graph import build_graph


def _registry(root: Path) -> set[tuple[str, str]]:
    return {(i.source, i.target) for i in index_of(root).imports if i.registry}


def test_query_runner_list_loaded_with_dunder_import(tmp_path: Path) -> None:
    """Redash's form: settings hold module names, a loader `__import__`s each one."""
    root = build_tree(tmp_path / "dash", {
        "dash/__init__.py": """
            from dash import settings
            from dash.query_runner import import_query_runners
            import_query_runners(settings.QUERY_RUNNERS)
            """,
        "dash/settings.py": """
            import os
            default_query_runners = [
                "dash.query_runner.pg",
                "dash.query_runner.mysql",
                "thirdparty.runner",          # not the project's: no link
            ]
            QUERY_RUNNERS = default_query_runners + os.environ.get("EXTRA", "").split(",")
            LOG_NAME = "dash.query_runner"    # one dotted string alone: no link
            """,
        "dash/query_runner/__init__.py": """
            def import_query_runners(names):
                for name in names:
                    __import__(name)
            """,
        "dash/query_runner/pg.py": "class PG: ...\n",
        "dash/query_runner/mysql.py": "class MySQL: ...\n",
    })
    assert _registry(root) == {("dash.settings", "dash.query_runner.pg"),
                               ("dash.settings", "dash.query_runner.mysql")}
    index = index_of(root)
    assert index.completeness is not None and index.completeness.registry_links == 2
    assert index.completeness.dynamic_imports == 0  # counted apart from import_module("x")
    edge = next(d for d in build_graph(index).dependencies
                if (d.source, d.target) == ("dash.settings", "dash.query_runner.pg"))
    assert dict(edge.kinds) == {"entry_point": 1}  # loaded by name: never an import cycle


def test_plugin_classes_by_import_string_and_django_wiring_skipped(tmp_path: Path) -> None:
    """`module.Class` strings (Django's import_string) count when the class is defined
    there; INSTALLED_APPS and MIDDLEWARE do not (Django loads them, not the project)."""
    root = build_tree(tmp_path / "shop", {
        "shop/__init__.py": "",
        "shop/settings.py": """
            INSTALLED_APPS = ["shop.orders", "shop.plugins"]
            MIDDLEWARE = ("shop.orders.middleware.Track", "shop.plugins.middleware.Check")
            PLUGINS = {
                "avatax": "shop.plugins.avatax.plugin.AvataxPlugin",
                "webhook": "shop.plugins.webhook.plugin.WebhookPlugin",
                "missing": "shop.plugins.webhook.plugin.NoSuchPlugin",
            }
            """,
        "shop/orders/__init__.py": "",
        "shop/orders/middleware.py": "class Track: ...\n",
        "shop/plugins/__init__.py": """
            from django.utils.module_loading import import_string
            from django.conf import settings

            def load():
                return [import_string(path) for path in settings.PLUGINS.values()]
            """,
        "shop/plugins/middleware.py": "class Check: ...\n",
        "shop/plugins/avatax/__init__.py": "",
        "shop/plugins/avatax/plugin.py": "class AvataxPlugin: ...\n",
        "shop/plugins/webhook/__init__.py": "",
        "shop/plugins/webhook/plugin.py": "class WebhookPlugin: ...\n",
    })
    assert _registry(root) == {("shop.settings", "shop.plugins.avatax.plugin"),
                               ("shop.settings", "shop.plugins.webhook.plugin")}


def test_import_module_with_a_positional_package_anchors_the_relative_name(
        tmp_path: Path) -> None:
    """`import_module(".get", "site.action")` is `site.action.get` (it was read relative to
    the calling module: `site.get`). A loop over a literal list is still not followed as an
    import (it made ckan's proposal worse: docs/decisions.md); the name it builds is a
    pattern, whose modules are a fact with no edge (`ProjectIndex.name_loads`)."""
    root = build_tree(tmp_path / "site", {
        "site/__init__.py": "",
        "site/get.py": "",
        "site/action/__init__.py": "",
        "site/action/get.py": "",
        "site/action/create.py": "",
        "site/loader.py": """
            import importlib

            def actions():
                importlib.import_module(".get", "site.action")
                for name in ["get", "create"]:
                    importlib.import_module("." + name, "site.action")
            """,
    })
    index = index_of(root)
    dynamic = {(i.source, i.target) for i in index.imports if i.dynamic}
    assert dynamic == {("site.loader", "site.action.get")}
    assert index.completeness is not None
    assert index.completeness.dynamic_imports_unresolved == ()
    assert set(index.name_loads) == {("site.loader", "site.action.get"),
                                     ("site.loader", "site.action.create")}


def test_import_module_on_the_items_of_a_plugin_list(tmp_path: Path) -> None:
    """The list's strings link however it is loaded (`importlib.import_module` here)."""
    root = build_tree(tmp_path / "app", {
        "app/__init__.py": "",
        "app/backends/__init__.py": "",
        "app/backends/s3.py": "",
        "app/backends/local.py": "",
        "app/config.py": """
            STORAGE_BACKENDS = ("app.backends.s3", "app.backends.local")
            """,
        "app/storage.py": """
            import importlib
            from app.config import STORAGE_BACKENDS

            def load():
                return [importlib.import_module(name) for name in STORAGE_BACKENDS]
            """,
    })
    assert _registry(root) == {("app.config", "app.backends.s3"),
                               ("app.config", "app.backends.local")}
