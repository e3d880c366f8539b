"""A plugin with data of its own and the host slice it extends are two seams
(`seams.plugin_hosts`)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from helpers import build_tree, graph_of

from strangler.seams.plugin_hosts import plugin_hosts, unimported_packages
from strangler.seams.propose import Grouping

MODEL = ("from sqlalchemy import Column, Integer\n"
         "from app.db import Base\n"
         "class {name}(Base):\n    __tablename__ = '{table}'\n"
         "    id = Column(Integer, primary_key=True)\n")
FILES = {
    "app/__init__.py": "",
    "app/db.py": ("from sqlalchemy.orm import DeclarativeBase\n"
                  "class Base(DeclarativeBase):\n    pass\n"),
    "app/model/__init__.py": "",
    "app/model/user.py": MODEL.format(name="User", table="user"),
    "app/views/__init__.py": "",
    "app/views/user.py": ("from app.model.user import User\n"
                          "def page():\n    return User()\n"),
    "app/helpers.py": "def fmt(x):\n    return x\n",
    "ext/__init__.py": "",
    "ext/activity/__init__.py": "",
    "ext/activity/model.py": MODEL.format(name="Activity", table="activity"),
    "ext/activity/views.py": ("from app.views.user import page\n"
                              "from app.model.user import User\n"
                              "from app.helpers import fmt\n"
                              "from ext.activity.model import Activity\n"
                              "def stream():\n    return fmt(page()), User(), Activity()\n"),
}
GROUP = ("app.helpers", "app.model.user", "app.views.user", "ext.activity",
         "ext.activity.model", "ext.activity.views")


def _inputs(tmp_path: Path, files: dict[str, str]) -> tuple[object, nx.Graph, set[str], set[str]]:
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    candidate = nx.Graph()
    for d in graph.dependencies:
        if d.source != d.target:
            candidate.add_edge(d.source, d.target, weight=d.weight)
    packages = {m.name for m in index.modules if m.is_package}
    mapping = {model.module for table in index.tables for model in table.models}
    return graph, candidate, packages, mapping


def test_a_plugin_nothing_imports_leaves_the_host_slice_it_extends(tmp_path: Path) -> None:
    graph, candidate, packages, mapping = _inputs(tmp_path, FILES)
    assert unimported_packages(graph.dependencies, packages) >= {"ext.activity"}
    found = plugin_hosts(Grouping((("", GROUP),), "test"), candidate, graph.dependencies,
                         packages, mapping)
    # (the helper only the plugin calls goes with the plugin)
    assert {members for _, members in found.groups} == {
        ("app.model.user", "app.views.user"),
        ("app.helpers", "ext.activity", "ext.activity.model", "ext.activity.views")}


def test_a_plugin_the_host_uses_a_pinned_group_or_a_kept_module_stays_whole(
        tmp_path: Path) -> None:
    files = dict(FILES)
    files["app/helpers.py"] = ("from ext.activity.model import Activity\n"
                               "def fmt(x):\n    return Activity()\n")
    graph, candidate, packages, mapping = _inputs(tmp_path, files)
    whole = Grouping((("", GROUP),), "test")
    assert plugin_hosts(whole, candidate, graph.dependencies, packages, mapping) == whole
    graph, candidate, packages, mapping = _inputs(tmp_path / "b", FILES)
    pinned = Grouping((("users", GROUP),), "test")
    assert plugin_hosts(pinned, candidate, graph.dependencies, packages, mapping) == pinned
    assert plugin_hosts(whole, candidate, graph.dependencies, packages, mapping,
                        ["app.views.user"]) == whole


def test_a_package_nothing_imports_inside_the_application_is_no_plugin(
        tmp_path: Path) -> None:
    # (drivers loaded by name, `app.identity.backends`, stay with the manager that loads
    # them: the host must be another top-level package than the plugin's)
    files = {name.replace("ext/activity/", "app/identity/backends/").replace(
        "ext.activity", "app.identity.backends"): text for name, text in FILES.items()
        if not name.startswith("ext/__init__")}
    files["app/identity/__init__.py"] = ""
    graph, candidate, packages, mapping = _inputs(tmp_path, files)
    group = tuple(sorted(m.replace("ext.activity", "app.identity.backends") for m in GROUP))
    assert "app.identity.backends" in unimported_packages(graph.dependencies, packages)
    whole = Grouping((("", group),), "test")
    assert plugin_hosts(whole, candidate, graph.dependencies, packages, mapping) == whole


def test_a_number_of_services_asked_for_keeps_the_plugin_with_its_host(
        tmp_path: Path) -> None:
    # `--services N` is the user's word: the plugin the clustering merged with its host to
    # reach N stays merged (pulpcore with --services 1 got 3 seams, with 3 got 5).
    from strangler.seams import SeamRequest, propose_seams

    index, graph = graph_of(build_tree(tmp_path / "p", FILES))
    assert len(propose_seams(index, graph, SeamRequest()).seams) == 2
    assert len(propose_seams(index, graph, SeamRequest(services=1)).seams) == 1
