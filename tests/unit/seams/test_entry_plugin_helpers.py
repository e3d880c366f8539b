"""A plugin an entry point only loads by its entry-point group is no helper of that entry
point (`seams.entry_plugins.loaded_only`, used with `seams.entry_helpers`): the module that
loads the group may be a root (trac's `loader`), and a plugin nothing else couples to would
otherwise become kernel as "only the entry points use it"."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, sqlalchemy_app

from strangler.adapters.cache import MemoryStore
from strangler.adapters.entry_points import read_entry_points
from strangler.adapters.filesystem import LocalFileSystem
from strangler.graph import build_graph
from strangler.parse import ParseOptions, link, parse_project
from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.entry_plugins import loaded_only

SETUP_CFG = """
[metadata]
name = app

[options.entry_points]
app.plugins =
    audit = app.extra.audit
"""


def _project() -> dict[str, str]:
    """An ASGI entry point that wraps the application in a handler of its own package and
    loads the `app.plugins` group through a loader function (`load_group("app.plugins")`);
    the group registers `app.extra.audit`, which nothing imports."""
    return sqlalchemy_app(("order", "menu"), {
        "setup.cfg": SETUP_CFG,
        "app/loading.py": (
            "from importlib.metadata import entry_points\n\n"
            "def load_group(group):\n"
            "    return [ep.load() for ep in entry_points(group=group)]\n"),
        "app/extra/__init__.py": "",
        "app/extra/audit.py": "def audit(event):\n    return event\n",
        "app/entry/__init__.py": "",
        "app/entry/cors_handler.py": "def cors(app):\n    return app\n",
        "app/entry/asgi.py": (
            "from app.entry.cors_handler import cors\n"
            "from app.loading import load_group\n"
            "from app.order.service import create\n"
            "from app.menu.service import create as create_menu\n"
            "PLUGINS = load_group('app.plugins')\n"
            "application = cors((create, create_menu, PLUGINS))\n")})


def test_a_plugin_the_entry_point_only_loads_by_group_is_not_its_helper(
        tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", _project())
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    index = link(root.name, parsed.files, parsed.problems, read_entry_points(root))
    graph = build_graph(index)
    assert loaded_only(graph) == {("app.entry.asgi", "app.extra.audit")}
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    assert "app.entry.asgi" in {r.module for r in proposal.roots}
    kernel = {k.module for k in proposal.kernel}
    assert "app.entry.cors_handler" in kernel  # imported by the entry point: its helper
    assert "app.extra.audit" not in kernel  # only loaded through its group
