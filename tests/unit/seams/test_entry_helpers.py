"""The entry points' own helpers (ASGI handlers, middleware the entry point wraps the
application in) are kernel, not a seam of one module each (`seams.entry_helpers`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of, sqlalchemy_app

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.entry_helpers import entry_helpers


def _project() -> dict[str, str]:
    """Two apps, an ASGI entry point that wraps the application in two handlers of its own
    package, and a settings module the entry point reads."""
    return sqlalchemy_app(("order", "menu"), {
        "app/conf/__init__.py": "",
        "app/conf/defaults.py": "DEBUG = False\n",
        "app/entry/__init__.py": "",
        "app/entry/cors_handler.py": "def cors(app):\n    return app\n",
        "app/entry/gzip_handler.py": "def gzip(app):\n    return app\n",
        "app/entry/asgi.py": (
            "from app.entry.cors_handler import cors\n"
            "from app.entry.gzip_handler import gzip\n"
            "from app.conf.defaults import DEBUG\n"
            "from app.order.service import create\n"
            "from app.menu.service import create as create_menu\n"
            "application = gzip(cors((create, create_menu, DEBUG)))\n")})


def test_isolated_modules_a_root_uses_are_kernel_settings_and_owners_are_not() -> None:
    edges = [("app.asgi", "app.cors"), ("app.asgi", "app.conf.defaults"),
             ("app.asgi", "app.models"), ("app.asgi", "app.views"),
             ("app.other", "app.lonely"), ("app.asgi", "app.pinned")]
    found = entry_helpers(["app.cors", "app.conf.defaults", "app.models", "app.views",
                           "app.lonely", "app.pinned"], edges, {"app.asgi"},
                          {"app.models"}, {"app.views"}, {"app.pinned"})
    assert [k.module for k in found] == ["app.cors"]


def test_the_entry_point_s_handlers_are_kernel_not_single_module_seams(
        tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _project()))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    roots = {r.module for r in proposal.roots}
    assert "app.entry.asgi" in roots
    kernel = {k.module for k in proposal.kernel}
    assert {"app.entry.cors_handler", "app.entry.gzip_handler"} <= kernel
    assert "app.conf.defaults" not in kernel
