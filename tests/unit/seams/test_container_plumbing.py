"""Issue 10 (kernel): the plumbing loose beside a layered application's layer packages
(`app/util.py`, `app/contexts.py` beside `app/models/`, `app/serializers/`, `app/views/`,
and `middleware.py` in the package above) is kernel: no tables, named for no domain, built
on no domain. On pulpcore 14 such modules were scattered over 6 seams. A module named for a
layer's domain, one built on a domain's code, one writing a table, and settings stay."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.container_plumbing import container_plumbing, layered_containers
from strangler.seams.propose import Choice, Grouping

DOMAINS = ("orders", "users", "teams")


def _project(tmp_path: Path, layers: tuple[str, ...] = ("models", "serializers", "views")
             ) -> Path:
    files: dict[str, str] = {
        "proj/__init__.py": "",
        "proj/middleware.py": "from proj.app.util import now\nclass Middleware:\n"
                              "    def __call__(self):\n        return now()\n",
        "proj/app/__init__.py": "",
        "proj/app/util.py": "def now():\n    return 1\n",
        "proj/app/contexts.py": "current = None\n",
        "proj/app/orders_util.py": "def total():\n    return 0\n",
        "proj/app/exporter.py": "from proj.app.models.orders import Orders\n"
                                "def export():\n    return Orders.objects.all()\n",
        "proj/app/audit_log.py": "from proj.app.models.orders import Orders\n"
                                 "def log():\n    Orders.objects.create(name='x')\n",
        "proj/app/settings.py": "DEBUG = True\n",
        "proj/other/__init__.py": "",
        "proj/other/helper.py": "def helper():\n    return 2\n",
    }
    for layer in layers:
        files[f"proj/app/{layer}/__init__.py"] = ""
    for d in DOMAINS:
        files[f"proj/app/models/{d}.py"] = (
            f"from django.db import models\nclass {d.title()}(models.Model):\n"
            "    name = models.CharField(max_length=9)\n")
        for layer in layers[1:]:
            files[f"proj/app/{layer}/{d}.py"] = (
                f"from proj.app.models.{d} import {d.title()}\nfrom proj.app.util import now\n"
                f"from proj.app.contexts import current\nfrom proj.other.helper import helper\n"
                f"def handle():\n    return {d.title()}, now(), current, helper()\n")
    return build_tree(tmp_path / "src", files)


def _grouping(index_names: list[str]) -> Grouping:
    groups = [("", tuple(sorted(m for m in index_names if d in m))) for d in DOMAINS]
    rest = tuple(sorted(m for m in index_names
                        if not any(d in m for d in DOMAINS) and m.count(".") >= 1
                        and not m.endswith(("models", "serializers", "views", "app"))))
    return Grouping((*groups, ("", rest)), Choice(4))


def test_a_package_of_three_layers_is_a_layered_container(tmp_path: Path) -> None:
    index, _ = graph_of(_project(tmp_path))
    names = [m.name for m in index.modules]
    packages = {m.name for m in index.modules if m.is_package}
    assert layered_containers(names, packages) == {"proj.app": {"order", "user", "team"}}


def test_the_plumbing_beside_the_layers_is_kernel(tmp_path: Path) -> None:
    index, graph = graph_of(_project(tmp_path))
    grouping = _grouping([m.name for m in index.modules])
    moved, _, kernel = container_plumbing(grouping, [], ["proj", "proj.app"], [], index,
                                          graph, ())
    assert [k.module for k in kernel] == ["proj.app.contexts", "proj.app.util",
                                          "proj.middleware"]
    left = {m for _, members in moved.groups for m in members}
    # named for a domain, built on a domain, writing a table, settings, another package's
    assert {"proj.app.orders_util", "proj.app.exporter", "proj.app.audit_log",
            "proj.app.settings", "proj.other.helper"} <= left


def test_a_lever_keeps_the_plumbing_and_two_layers_make_no_container(tmp_path: Path) -> None:
    index, graph = graph_of(_project(tmp_path))
    grouping = _grouping([m.name for m in index.modules])
    _, _, kernel = container_plumbing(grouping, [], ["proj", "proj.app"], [], index, graph,
                                      {"proj.app.util"})
    # (the middleware rests on the util module, which the lever keeps in a seam)
    assert [k.module for k in kernel] == ["proj.app.contexts"]
    index, graph = graph_of(_project(tmp_path / "two", ("models", "views")))
    grouping = _grouping([m.name for m in index.modules])
    assert container_plumbing(grouping, [], [], [], index, graph, ())[2] == []


def test_one_django_app_among_many_is_no_layered_container() -> None:
    # (each app has its own models, views and api: the apps are the domains, and an app's
    # loose `helpers` and `consts` are its own)
    names, packages = [], set()
    for app in ("shop", "blog", "forum", "wiki"):
        packages.add(app)
        names.append(app)
        for layer in ("models", "views", "api"):
            packages.add(f"{app}.{layer}")
            names += [f"{app}.{layer}", *(f"{app}.{layer}.{d}" for d in ("a1", "b2", "c3"))]
        names += [f"{app}.helpers", f"{app}.consts"]
    assert layered_containers(names, packages) == {}
