"""A service-locator registry: managers declare the key they provide
(`_provides_api = "users_api"`), and API modules read that key on the registry, reached
through a module-level alias of an imported object, never importing the manager. Each read
is a use of the providing class, so the API module is coupled to the manager; the use is of
kind `located`: weighed as a call, but no run-time import for the kernel's breadth or the
wiring roots."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

from strangler.graph import SYMBOL_WEIGHTS, build_graph
from strangler.seams.kernel import runtime_edges
from strangler.seams.signals import static_neighbours

REGISTRY = """
    class Registry:
        _items = {}

        def __getattr__(self, key):
            return self._items[key]

    Providers = Registry()
"""

MANAGER = """
    class Manager:
        _provides_api = "{key}"

        def get(self, item_id):
            return item_id
"""


def _project(tmp_path: Path, api: str) -> Path:
    return build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/common/__init__.py": "",
        "app/common/registry.py": REGISTRY,
        "app/users/__init__.py": "",
        "app/users/core.py": MANAGER.format(key="users_api"),
        "app/orders/__init__.py": "",
        "app/orders/core.py": MANAGER.format(key="orders_api"),
        "app/api/__init__.py": "",
        "app/api/users.py": api,
        "app/api/other.py": """
            from flask import g

            def who():
                return g.users_api
        """,
    })


def test_reads_of_provided_keys_on_a_registry_are_uses_of_the_provider(
        tmp_path: Path) -> None:
    index = index_of(_project(tmp_path, """
        from app.common import registry

        PROVIDERS = registry.Providers

        def show(user_id):
            user = PROVIDERS.users_api.get(user_id)
            return user, PROVIDERS.orders_api
    """))
    uses = {(u.source, u.target, u.name, u.kind) for u in index.uses}
    assert ("app.api.users", "app.users.core", "Manager", "located") in uses
    assert ("app.api.users", "app.orders.core", "Manager", "located") in uses
    # `g.users_api` reads one provided key only on `flask.g`: no registry, no link
    assert not any(u.source == "app.api.other" and u.target.endswith(".core")
                   for u in index.uses)
    graph = build_graph(index)
    edge = next(d for d in graph.dependencies
                if (d.source, d.target) == ("app.api.users", "app.users.core"))
    # one use of weight 1.0, no import presence: log2(1 + 1.0)
    assert dict(edge.kinds) == {"located": 1} and SYMBOL_WEIGHTS["located"] == 1.0
    assert edge.weight == 1.0
    assert "app.users.core" in static_neighbours(graph)["app.api.users"]
    assert ("app.api.users", "app.users.core") not in runtime_edges(graph)


def test_the_registry_imported_by_name_counts_too(tmp_path: Path) -> None:
    for api in ("""
        from app.common.registry import Providers

        def show(user_id):
            return Providers.users_api.get(user_id), Providers.orders_api.get(user_id)
    """, """
        from app.common.registry import Providers

        PROVIDERS = Providers

        def show(user_id):
            return PROVIDERS.users_api.get(user_id), PROVIDERS.orders_api.get(user_id)
    """):
        index = index_of(_project(tmp_path / str(len(api)), api))
        targets = {u.target for u in index.uses if u.source == "app.api.users"}
        assert {"app.users.core", "app.orders.core"} <= targets


def test_one_key_alone_makes_no_registry(tmp_path: Path) -> None:
    index = index_of(_project(tmp_path, """
        from app.common import registry

        PROVIDERS = registry.Providers

        def show(user_id):
            return PROVIDERS.users_api.get(user_id)
    """))
    assert not any(u.source == "app.api.users" and u.target == "app.users.core"
                   for u in index.uses)
