"""Issue 10 (helper `s18-platform`): a data-less group that stands below the services using
it is platform without a platform name (`platform_below.below_groups`, read by
`kernel.platform_groups`); a family of interchangeable implementations, a data-less domain
that a route module of its own word fronts and a group that uses more groups than use it
stay services."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.kernel import platform_groups
from strangler.seams.propose import Choice, Grouping

DOMAINS = ("billing", "orders", "stock")


def _tree(tmp_path: Path) -> Path:
    """Three domains serving a route each; each uses a thread helper and file utilities
    (`threads`, `fileio`: no platform name), a backend family (`backends`: a base and two
    implementations in one package, each used directly) and a slicer (`slicing`, whose own
    API module serves a route too); `reports` calls every domain."""
    files = {
        "app/__init__.py": "",
        "app/threads.py": "def spawn(f):\n    return f()\n",
        "app/fileio.py": "from app.threads import spawn\n"
                         "def write(x):\n    return spawn(lambda: x)\n",
        "app/backends/__init__.py": "from app.backends.one import One\n"
                                    "from app.backends.two import Two\n"
                                    "def pick(n):\n    return One() if n else Two()\n",
        "app/backends/base.py": "class Base:\n    def send(self):\n        return 1\n",
        "app/backends/one.py": "from app.backends.base import Base\nclass One(Base):\n"
                               "    def send(self):\n        return 2\n",
        "app/backends/two.py": "from app.backends.base import Base\nclass Two(Base):\n"
                               "    def send(self):\n        return 3\n",
        "app/slicing.py": "def slice_(x):\n    return x\n",
        "app/api/__init__.py": "",
        "app/api/slicing.py": "from app.slicing import slice_\n"
                              "def show():\n    return str(slice_(1))\n",
        "app/reports.py": "".join(f"from app.{d} import run as {d}\n" for d in DOMAINS)
                          + "def report():\n    return " + ", ".join(f"{d}()" for d in DOMAINS)
                          + "\n",
        "app/routes.py": ("from flask import Flask\nfrom app.api.slicing import show\n"
                          + "".join(f"from app.{d} import run as {d}\n" for d in DOMAINS)
                          + "app = Flask(__name__)\n"
                          + "app.add_url_rule('/slice', view_func=show)\n"
                          + "".join(f"app.add_url_rule('/{d}', view_func={d})\n"
                                    for d in DOMAINS)),
    }
    for domain in DOMAINS:
        files[f"app/{domain}.py"] = (
            "from app.threads import spawn\nfrom app.fileio import write\n"
            "from app.backends import pick\nfrom app.backends.one import One\n"
            "from app.backends.two import Two\nfrom app.slicing import slice_\n"
            "def run():\n"
            "    return str((spawn(len), write(1), pick(1), One(), Two(), slice_(2)))\n")
    files["app/orders.py"] += "def total():\n    from app.reports import report\n" \
                              "    return report()\n"
    files["app/stock.py"] += "def level():\n    from app.reports import report\n" \
                             "    return report()\n"
    return build_tree(tmp_path / "p", files)


def test_a_data_less_group_below_its_users_is_platform_families_and_fronted_are_not(
        tmp_path: Path) -> None:
    index, graph = graph_of(_tree(tmp_path))
    served = {r.handler.rsplit(".", 1)[0] for r in index.routes}
    assert served == {"app.api.slicing", *(f"app.{d}" for d in DOMAINS)}
    groups = (("app.threads", "app.fileio"),
              ("app.backends", "app.backends.base", "app.backends.one", "app.backends.two"),
              ("app.slicing",), ("app.api.slicing",), ("app.reports",),
              *((f"app.{d}",) for d in DOMAINS))
    grouping = Grouping(tuple(("", g) for g in groups), Choice(None))
    kept, moved = platform_groups(index, graph, grouping)
    assert sorted(k.module for k in moved) == ["app.fileio", "app.threads"]
    assert all("stands below" in k.reason for k in moved)
    assert [members for _, members in kept.groups] == list(groups[1:])
