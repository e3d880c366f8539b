"""Issue 10 (trac, helper s13-trac): a component framework's platform. A framework interface
that other code declares too makes no plugin kind (`interface_kinds`); a platform group is
counted against the groups that are services by their data (`platform_groups`); the plugins
of a platform package's own extension point are platform (`platform_plugins`); modules only
the grown kernel uses join it (`kernel_only_users`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.graph import CouplingGraph
from strangler.model import ProjectIndex
from strangler.seams.propose import Choice, Grouping

FRAMEWORK = {
    "app/__init__.py": "",
    "app/core.py": ("class Component:\n    pass\n"
                    "def implements(*interfaces):\n    return None\n"),
    "app/api.py": "class ISystemInfo:\n    pass\n",
}


def _index(tmp_path: Path, files: dict[str, str]) -> tuple[ProjectIndex, CouplingGraph]:
    return graph_of(build_tree(tmp_path / "p", {**FRAMEWORK, **files}))


def _component(imports: str, interfaces: str, body: str = "") -> str:
    return ("from app.core import Component, implements\n" + imports
            + "class C(Component):\n" + f"    implements({interfaces})\n" + body)


def test_a_framework_interface_other_code_declares_makes_no_kind(tmp_path: Path) -> None:
    """`opt.vcs.git` and `opt.vcs.svn` both declare `ISystemInfo`, and so does the
    environment (`app.env`): the interface is the framework's, not the two connectors'
    kind, so they stay in the group they share with the version-control code. Without the
    environment's declaration they are a kind, as before."""
    from strangler.seams.interface_kinds import interface_kinds

    files = {
        "opt/__init__.py": "", "opt/vcs/__init__.py": "",
        "opt/vcs/git/__init__.py": "",
        "opt/vcs/git/fs.py": _component("from app.api import ISystemInfo\nimport vc.api\n",
                                        "ISystemInfo"),
        "opt/vcs/svn/__init__.py": "",
        "opt/vcs/svn/fs.py": _component("from app.api import ISystemInfo\nimport vc.api\n",
                                        "ISystemInfo"),
        "vc/__init__.py": "", "vc/api.py": "class Repository:\n    pass\n",
        "envpkg/__init__.py": "",
        "envpkg/env.py": _component("from app.api import ISystemInfo\n", "ISystemInfo"),
    }
    kernel = ["app", "app.core", "app.api"]
    index, _ = _index(tmp_path, files)
    packages = {m.name for m in index.modules if m.is_package}
    vcs = ("opt.vcs.git", "opt.vcs.git.fs", "opt.vcs.svn", "opt.vcs.svn.fs", "vc", "vc.api",
           "vc.web", "vc.admin", "vc.cache", "vc.log")
    grouping = Grouping((("", vcs), ("", ("envpkg", "envpkg.env"))), Choice(None))
    assert interface_kinds(grouping, [], index, kernel, packages) == (grouping, [])
    alone = Grouping((("", vcs),), Choice(None))
    found, _ = interface_kinds(alone, ["envpkg", "envpkg.env"], index, kernel, packages)
    assert found == alone  # (the environment, isolated, still declares it)
    quiet = {**files, "envpkg/env.py": "X = 1\n"}
    index, _ = graph_of(build_tree(tmp_path / "q", {**FRAMEWORK, **quiet}))
    found, _ = interface_kinds(alone, [], index, kernel, packages)
    assert ("", ("opt.vcs.git", "opt.vcs.git.fs", "opt.vcs.svn",
                 "opt.vcs.svn.fs")) in found.groups


def _sql(table: str) -> str:
    return (f"def save(db):\n    db.execute(\"INSERT INTO {table} (id) VALUES (1)\")\n"
            f"def load(db):\n    return db.execute(\"SELECT id FROM {table}\")\n")


def test_a_platform_group_is_counted_against_the_service_groups(tmp_path: Path) -> None:
    """A database layer (`app/db/*`: kernel-named, no table, no route) used by two of the
    groups: of nine groups, three own tables. 30% of the nine (three) was the bar before,
    raised by the five groups without data (a lone renderer, helpers); now only the three
    data groups count, so two users make the database layer platform, and one does not."""
    from strangler.seams.kernel import platform_groups

    files: dict[str, str] = {"app/db/__init__.py": "", "app/db/api.py": "def connect():\n"
                             "    return 1\n", "app/db/pool.py": "from app.db.api import connect\n"}
    for domain in ("tickets", "wiki", "vcs"):
        files[f"{domain}/__init__.py"] = ""
        files[f"{domain}/model.py"] = ("" if domain == "vcs" else
                                       "from app.db.api import connect\n") + _sql(domain)
    for extra in ("render", "search", "timeline", "prefs", "about"):
        files[f"{extra}.py"] = "def run():\n    return 1\n"
    index, graph = _index(tmp_path, files)
    assert {link.table for link in graph.table_access} >= {"tickets", "wiki", "vcs"}
    groups = [("", ("app.db", "app.db.api", "app.db.pool"))]
    groups += [("", (f"{d}", f"{d}.model")) for d in ("tickets", "wiki", "vcs")]
    groups += [("", (extra,)) for extra in ("render", "search", "timeline", "prefs", "about")]
    kept, moved = platform_groups(index, graph, Grouping(tuple(groups), Choice(None)))
    assert sorted(k.module for k in moved) == ["app.db", "app.db.api", "app.db.pool"]
    assert len(kept.groups) == 8
    # (used by one data group only, it stays a group)
    files["wiki/model.py"] = _sql("wiki")
    index, graph = graph_of(build_tree(tmp_path / "q", {**FRAMEWORK, **files}))
    _, moved = platform_groups(index, graph, Grouping(tuple(groups), Choice(None)))
    assert moved == []


def test_plugins_of_a_platform_packages_own_extension_point_join_the_kernel(
        tmp_path: Path) -> None:
    """`app/render/rst` declares `IRenderer` of `app/render/api`, its own package's kernel
    module, in a kernel package: platform, though it calls the wiki. The wiki's macro that
    declares the same interface sits in a domain's package and stays; so does a renderer
    that writes a table, and one a lever names."""
    from strangler.seams.platform_plugins import platform_plugins

    files = {
        "app/render/__init__.py": "",
        "app/render/api.py": "class IRenderer:\n    pass\n",
        "app/render/rst.py": _component("from app.render.api import IRenderer\n"
                                        "import wiki.api\n", "IRenderer"),
        "app/render/patch.py": _component("from app.render.api import IRenderer\n",
                                          "IRenderer"),
        "app/render/cached.py": _component("from app.render.api import IRenderer\n",
                                           "IRenderer", "    def f(self, db):\n"
                                           "        db.execute(\"INSERT INTO shots (id) "
                                           "VALUES (1)\")\n"),
        "wiki/__init__.py": "", "wiki/api.py": "def page():\n    return 1\n",
        "wiki/macros.py": _component("from app.render.api import IRenderer\n", "IRenderer"),
    }
    index, graph = _index(tmp_path, files)
    data = {link.module for link in graph.table_access}
    assert "app.render.cached" in data
    kernel = ["app", "app.core", "app.api", "app.render", "app.render.api"]
    grouping = Grouping((("", ("wiki", "wiki.api", "wiki.macros", "app.render.rst",
                               "app.render.cached")), ("", ("app.render.patch",))),
                        Choice(None))
    kept, moved = platform_plugins(grouping, index, kernel, data, set())
    assert [k.module for k in moved] == ["app.render.patch", "app.render.rst"]
    assert "implements IRenderer of app.render.api" in moved[0].reason
    assert kept.groups == (("", ("wiki", "wiki.api", "wiki.macros", "app.render.cached")),)
    # (the package's `__init__` not kernel: a domain's extension point, nothing moves)
    assert platform_plugins(grouping, index, [*kernel[:3], "app.render.api"], data,
                            set()) == (grouping, [])
    _, moved = platform_plugins(grouping, index, kernel, data, set(), {"app.render.rst"})
    assert [k.module for k in moved] == ["app.render.patch"]


def test_modules_only_the_grown_kernel_uses_join_it(tmp_path: Path) -> None:
    """`app/log` is used by the environment and an admin panel, both kernel once the late
    platform passes ran, and by test support (ignored): kernel. `app/loader` is used by a
    seam's module too and stays; a table writer stays; so do a module serving a route (a
    view the kernel's URLconf imports) and one a lever names."""
    from strangler.seams.kernel import kernel_only_users

    files = {
        "app/log.py": "def logger():\n    return 1\n",
        "app/loader.py": "def load():\n    return 1\n",
        "app/cache.py": "def f(db):\n    db.execute(\"INSERT INTO cache (id) VALUES (1)\")\n",
        "app/env.py": "from app.log import logger\nfrom app.loader import load\n"
                      "from app.cache import f\n",
        "app/panel.py": "from app.log import logger\nfrom app.cache import f\n",
        "app/testing.py": "from app.log import logger\n",
        "about.py": "from app.loader import load\n",
    }
    index, graph = _index(tmp_path, files)
    owners = {link.module for link in graph.table_access if link.writes}
    assert owners == {"app.cache"}
    grouping = Grouping((("", ("about", "app.cache", "app.loader", "app.log")),),
                        Choice(None))
    kernel = ["app", "app.core", "app.env", "app.panel"]
    kept, moved = kernel_only_users(grouping, graph, kernel, owners, set(), {"app.testing"},
                                    set())
    assert [k.module for k in moved] == ["app.log"]
    assert kept.groups == (("", ("about", "app.cache", "app.loader")),)
    assert kernel_only_users(grouping, graph, kernel, owners, set(), set(), set())[1] == []
    assert kernel_only_users(grouping, graph, kernel, owners, {"app.log"}, {"app.testing"},
                             set())[1] == []
    assert kernel_only_users(grouping, graph, kernel, owners, set(), {"app.testing"},
                             {"app.log"})[1] == []
