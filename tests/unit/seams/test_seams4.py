"""Issue 10 (branch seams4): package containers of the kernel, and data-first slices."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.kernel import spread_packages
from strangler.seams.propose import Grouping


def _layers(tmp_path: Path) -> Path:
    """`app.lib` holds three helpers and one domain module; `app.commands` holds a base
    class and one module per domain; `app.orders` is a domain package; `app.models` maps a
    table in its `__init__`."""
    return build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/lib/__init__.py": "X = 1\n",
        "app/lib/text.py": "def slug(x):\n    return x\n",
        "app/lib/dates.py": "def today():\n    return 1\n",
        "app/lib/money.py": "def cents(x):\n    return x\n",
        "app/lib/search.py": "def find():\n    return 1\n",
        "app/commands/__init__.py": "",
        "app/commands/base.py": "class Command:\n    pass\n",
        "app/commands/orders.py": "X = 1\n",
        "app/commands/users.py": "X = 1\n",
        "app/orders/__init__.py": "",
        "app/orders/api.py": "X = 1\n",
        "app/orders/logic.py": "X = 1\n",
        "app/models/__init__.py": "class Thing:\n    __tablename__ = 'things'\n",
        "app/models/order.py": "X = 1\n",
        "app/models/user.py": "X = 1\n",
        "app/models/base.py": "X = 1\n",
    })


def test_package_inits_of_the_kernel_and_of_spread_layers_join_the_kernel(tmp_path: Path
                                                                          ) -> None:
    index, graph = graph_of(_layers(tmp_path))
    grouping = Grouping((
        ("", ("app.commands", "app.commands.orders", "app.lib", "app.lib.search",
              "app.models", "app.models.order", "app.orders", "app.orders.api",
              "app.orders.logic")),
        ("", ("app.commands.users", "app.models.user")),
    ), "test")
    kernel = ["app.lib.text", "app.lib.dates", "app.lib.money", "app.commands.base",
              "app.models.base"]
    kept, moved = spread_packages(index, graph, grouping, kernel, [], [])
    reasons = {k.module: k.reason for k in moved}
    # Three of four submodules are kernel: the container is the kernel's.
    assert "most of them in the kernel" in reasons["app.lib"]
    # One submodule in the kernel, one in each of two seams, none holds a majority.
    assert "spread over 2 seams" in reasons["app.commands"]
    # A domain package whose submodules share one seam stays there; a package that maps a
    # table owns data and is never kernel, however spread.
    assert "app.orders" not in reasons and "app.models" not in reasons
    remaining = {m for _, members in kept.groups for m in members}
    assert "app.lib" not in remaining and "app.orders" in remaining


def test_a_package_with_its_submodules_in_one_seam_or_pinned_is_left_alone(tmp_path: Path
                                                                            ) -> None:
    index, graph = graph_of(_layers(tmp_path))
    grouping = Grouping((("shop", ("app.lib", "app.lib.search")),), "test")
    kernel = ["app.lib.text", "app.lib.dates", "app.lib.money"]
    _, moved = spread_packages(index, graph, grouping, kernel, [], [])
    assert moved == []  # pinned to a service by the configuration
    grouping = Grouping((("", ("app.lib", "app.lib.search", "app.lib.text")),), "test")
    _, moved = spread_packages(index, graph, grouping, ["app.lib.dates"], [], [])
    assert moved == []
