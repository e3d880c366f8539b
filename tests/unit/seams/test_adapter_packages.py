"""Issue 10 (kernel): an infrastructure adapter package (`stores/`, `cache/`, `queue/`: the
clients of the key-value stores, caches and job queues) is judged as a helper package. Its
modules without data that rest on the kernel join it even when one domain alone calls each
(zou's `stores/auth_tokens_store` behind the auth service), while a `store` module that maps
a table, or one built on a domain's code, stays with its domain."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig
from strangler.seams.platform import helper_kernel, helper_packages_of
from strangler.seams.propose import Choice, Grouping


def test_stores_cache_and_queue_packages_are_helper_packages() -> None:
    modules = ["app", "app.stores", "app.stores.redis_client", "app.cache",
               "app.cache.keys", "app.queue", "app.queue.jobs", "app.orders",
               "app.orders.views", "app.users", "app.users.views", "app.users.models"]
    assert helper_packages_of(modules) == {"app.stores.redis_client": "app.stores",
                                           "app.cache.keys": "app.cache",
                                           "app.queue.jobs": "app.queue"}


def test_adapter_modules_built_on_the_kernel_join_it(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "shop", {
        "app/__init__.py": "",
        "app/config.py": "REDIS_HOST = 'localhost'\n",
        "app/stores/__init__.py": "",
        "app/stores/redis_client.py": "from app.config import REDIS_HOST\n"
                                      "def connect():\n    return REDIS_HOST\n",
        "app/stores/auth_tokens_store.py": "from app.stores.redis_client import connect\n"
                                           "def add(token):\n    return connect(), token\n",
        "app/stores/basket_store.py": "from app.orders.views import index\n"
                                      "def keep():\n    return index\n",
        "app/orders/__init__.py": "",
        "app/orders/views.py": "from app.stores.redis_client import connect\n"
                               "def index():\n    return connect()\n",
        "app/users/__init__.py": "",
        "app/users/service.py": "from app.stores.auth_tokens_store import add\n"
                                "def login():\n    return add('t')\n",
        "app/users/views.py": "from app.users.service import login\n"
                              "from app.stores.basket_store import keep\n"
                              "def index():\n    return login(), keep()\n",
        "app/users/api.py": "from app.users.service import login\n"
                            "def post():\n    return login()\n",
    })
    index, graph = graph_of(root)
    clusters = {m.name: ".".join(m.name.split(".")[:2]) for m in index.modules}
    grouping = Grouping((
        ("", ("app.orders", "app.orders.views", "app.stores.redis_client")),
        ("", ("app.stores.auth_tokens_store", "app.stores.basket_store", "app.users",
              "app.users.api", "app.users.service", "app.users.views"))), Choice(None))
    _, moved = helper_kernel(index, graph, SeamConfig(), clusters, grouping,
                             ["app.config"], [], set())
    # `basket_store` uses the orders views: a domain's, not the platform's.
    assert {k.module for k in moved} == {"app.stores.auth_tokens_store",
                                         "app.stores.redis_client"}
