"""Issue 10 (kernel): a `constants` package is a helper package, like `types/` and
`mixins/`: its modules without data that rest on the kernel join it (CTFd's
`constants/options`, `constants/themes`), while one that builds on a domain's code stays."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig
from strangler.seams.platform import helper_kernel, helper_packages_of
from strangler.seams.propose import Choice, Grouping


def test_a_constants_package_is_a_helper_package() -> None:
    modules = ["app", "app.constants", "app.constants.options", "app.orders",
               "app.orders.views", "app.users", "app.users.views"]
    assert helper_packages_of(modules) == {"app.constants.options": "app.constants"}


def test_constants_modules_built_on_the_kernel_join_it(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "shop", {
        "app/__init__.py": "",
        "app/constants/__init__.py": "class RawEnum:\n    pass\n",
        "app/constants/options.py": "from app.constants import RawEnum\n"
                                    "class Mode(RawEnum):\n    pass\n",
        "app/constants/menus.py": "from app.orders.views import index\nMENU = [index]\n",
        "app/orders/__init__.py": "",
        "app/orders/views.py": "from app.constants.options import Mode\n"
                               "def index():\n    return Mode\n",
        "app/users/__init__.py": "",
        "app/users/views.py": "from app.constants.options import Mode\n"
                              "from app.constants.menus import MENU\n"
                              "def index():\n    return Mode, MENU\n",
    })
    index, graph = graph_of(root)
    clusters = {m.name: ".".join(m.name.split(".")[:2]) for m in index.modules}
    grouping = Grouping((
        ("", ("app.constants.options", "app.orders", "app.orders.views")),
        ("", ("app.constants.menus", "app.users", "app.users.views"))), Choice(None))
    _, moved = helper_kernel(index, graph, SeamConfig(), clusters, grouping,
                             ["app.constants"], [], set())
    # `menus` uses the orders views: a domain's, not the platform's.
    assert {k.module for k in moved} == {"app.constants.options"}
