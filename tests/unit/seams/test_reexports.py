"""Issue 10 (kernel): a module that only hands on names it imports (a plugin API's
`plugin/models.py`, a compatibility shim) follows what it re-exports: to the kernel when
most of its names are the kernel's, to the seam holding most of them otherwise. On
pulpcore the plugin API's shims over the platform's bases formed a `plugin` seam with the
sync pipeline."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.propose import Choice, Grouping
from strangler.seams.reexports import reexport_homes


def _project(tmp_path: Path) -> Path:
    files = {
        "core/__init__.py": "",
        "core/base.py": "class Model:\n    pass\nclass Field:\n    pass\n"
                        "class ViewSet:\n    pass\n",
        "shop/__init__.py": "",
        "shop/orders.py": "from core.base import Model\nclass Order(Model):\n    pass\n"
                          "class OrderLine(Model):\n    pass\n",
        "shop/payments.py": "from core.base import Model\nclass Payment(Model):\n    pass\n",
        "plugin/__init__.py": "",
        # the platform's bases, with one domain class: the kernel's
        "plugin/api.py": "from core.base import Model, Field, ViewSet  # noqa\n"
                         "from shop.orders import Order  # noqa\n",
        # one domain's classes: that domain's
        "plugin/orders.py": "from shop.orders import Order, OrderLine  # noqa\n",
        # two domains, no majority: stays
        "plugin/mixed.py": "from shop.orders import Order  # noqa\n"
                           "from shop.payments import Payment  # noqa\n",
        # an interface of its own over one imported base (a use the facts may miss): stays
        "core/compat.py": "import abc\nABC = abc.ABC\n",
        "plugin/iface.py": "from core.compat import ABC\nfrom abc import abstractmethod\n"
                           "class Repository(ABC):\n" + "".join(
                               f"    @abstractmethod\n    def m{i}(self):\n        pass\n"
                               for i in range(3)),
        # uses what it imports: code of its own, stays
        "plugin/helper.py": "from core.base import Model, Field\n"
                            "def make():\n    return Model(), Field()\n",
    }
    return build_tree(tmp_path / "proj", files)


def test_re_export_modules_follow_what_they_hand_on(tmp_path: Path) -> None:
    index, graph = graph_of(_project(tmp_path))
    # (the facts miss the interface's use of its base, as they did on a relative import)
    index = replace(index, uses=tuple(u for u in index.uses if u.source != "plugin.iface"))
    plugin = ("plugin.api", "plugin.helper", "plugin.iface", "plugin.mixed", "plugin.orders")
    grouping = Grouping((("", ("shop.orders",)), ("", ("shop.payments",)), ("", plugin)),
                        Choice(3))
    moved, kernel = reexport_homes(grouping, ["core", "core.base", "core.compat"], index,
                                   graph, ())
    assert [k.module for k in kernel] == ["plugin.api"]
    assert kernel[0].reason.startswith("re-exports the shared kernel's names")
    groups = [set(members) for _, members in moved.groups]
    assert {"shop.orders", "plugin.orders"} in groups
    assert {"plugin.helper", "plugin.iface", "plugin.mixed"} in groups


def test_a_lever_keeps_a_re_export_module_in_place(tmp_path: Path) -> None:
    index, graph = graph_of(_project(tmp_path))
    plugin = ("plugin.api", "plugin.helper", "plugin.mixed", "plugin.orders")
    grouping = Grouping((("", ("shop.orders",)), ("", ("shop.payments",)), ("", plugin)),
                        Choice(3))
    moved, kernel = reexport_homes(grouping, ["core", "core.base"], index, graph,
                                   {"plugin.api", "plugin.orders"})
    assert kernel == []
    assert moved == grouping
