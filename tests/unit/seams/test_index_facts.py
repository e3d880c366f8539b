"""Facts many seams rules read, computed once per analysis (`seams.index_facts`)."""

from __future__ import annotations

from pathlib import Path

from helpers import SQLALCHEMY_BASE, SQLALCHEMY_MODEL, build_tree, graph_of

from strangler.seams.index_facts import (
    base_edges,
    data_facts,
    runtime_users,
    schema_sized,
    served_modules,
    subclassed_by,
)
from strangler.seams.kernel import owned_tables

URLCONF = {
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
    "proj/urls.py": ("from django.urls import path\n"
                     "from shop import views\n"
                     "from shop.api import health\n"
                     "urlpatterns = [path('orders/', views.order_list),\n"
                     "               path('health/', health)]\n"),
    "shop/__init__.py": "",
    "shop/views.py": "def order_list(request):\n    return None\n",
    "shop/api.py": ("from django.urls import path\n"
                    "def health(request):\n    return None\n"
                    "urlpatterns = [path('ping/', health)]\n"),
}


def test_a_route_declared_in_a_urlconf_is_served_by_its_handlers_module(
        tmp_path: Path) -> None:
    index, _ = graph_of(build_tree(tmp_path / "p", URLCONF))
    served = served_modules(index)
    assert served.declaring == {"proj.urls", "shop.api"}
    assert served.handling == {"shop.views", "shop.api"}
    assert served.serving == {"proj.urls", "shop.views", "shop.api"}
    by_path = dict(zip((r.path for r in index.routes), served.handler_of, strict=True))
    assert by_path["/orders/"] == "shop.views"
    assert by_path["/health/"] == "shop.api"


def test_computed_once_per_index(tmp_path: Path) -> None:
    index, _ = graph_of(build_tree(tmp_path / "p", URLCONF))
    assert served_modules(index) is served_modules(index)
    again, _ = graph_of(build_tree(tmp_path / "q", URLCONF))
    # another index (equal facts, another analysis) gets its own record
    assert served_modules(again) is not served_modules(index)
    assert served_modules(again) == served_modules(index)


DATA = {
    "app/__init__.py": "",
    "app/db.py": SQLALCHEMY_BASE,
    "app/orders/__init__.py": "",
    "app/orders/models.py": SQLALCHEMY_MODEL.format(name="Order", table="orders"),
    "app/orders/service.py": ("from app.orders.models import Order\n"
                              "def create(session):\n    session.add(Order())\n"),
    "app/orders/report.py": ("from app.orders.models import Order\n"
                             "def count(session):\n"
                             "    return session.query(Order).count()\n"),
    "app/config/__init__.py": "",
    "app/config/models.py": (
        "from sqlalchemy import Column, Integer, String\n"
        "from app.db import Base\n"
        "class Setting(Base):\n    __tablename__ = 'setting'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    key = Column(String)\n    value = Column(String)\n"),
    "app/config/store.py": ("from app.config.models import Setting\n"
                            "def put(session):\n    session.add(Setting())\n"),
}


def test_data_facts_tell_mapping_writing_and_reading_modules_apart(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", DATA))
    facts = data_facts(index, graph)
    assert facts.mapping == {"app.orders.models", "app.config.models"}
    assert facts.mapped_by == {"orders": {"app.orders.models"}, "setting": {"app.config.models"}}
    assert facts.settings == {"setting"}  # a key-value store: the platform's
    assert {"app.orders.service", "app.orders.report", "app.config.store"} <= facts.touches
    assert "app.config.store" not in facts.touches_data
    assert facts.mapping_data == {"app.orders.models"}
    assert facts.tables == 2
    # owners: who maps or writes a domain table (the settings store aside); a reader is none
    assert facts.owned == {"app.orders.models": {"orders"}, "app.orders.service": {"orders"}}
    assert owned_tables(index, graph) == {m: set(t) for m, t in facts.owned.items()}
    assert data_facts(index, graph) is facts


def test_a_module_writing_half_the_schema_owns_no_table() -> None:
    assert schema_sized(4, 8) and not schema_sized(3, 4) and not schema_sized(4, 9)


def test_runtime_users_are_computed_once_and_never_the_module_itself(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", DATA))
    users = runtime_users(graph)
    assert users["app.orders.models"] >= {"app.orders.service", "app.orders.report"}
    assert all(module not in found for module, found in users.items())
    assert runtime_users(graph) is users


def test_who_subclasses_whom_is_read_once_per_graph(tmp_path: Path) -> None:
    files = {"app/__init__.py": "",
             "app/base.py": "class Provider:\n    pass\nclass Own(Provider):\n    pass\n",
             "app/stripe.py": "from app.base import Provider\nclass Stripe(Provider):\n    pass\n",
             "app/bank.py": "from app.base import Provider\nclass Bank(Provider):\n    pass\n",
             "app/caller.py": "from app.base import Provider\nprovider = Provider()\n"}
    _, graph = graph_of(build_tree(tmp_path / "p", files))
    assert set(base_edges(graph)) == {("app.stripe", "app.base"), ("app.bank", "app.base")}
    assert subclassed_by(graph) == {"app.base": frozenset({"app.stripe", "app.bank"})}
    assert base_edges(graph) is base_edges(graph)
    assert subclassed_by(graph) is subclassed_by(graph)
