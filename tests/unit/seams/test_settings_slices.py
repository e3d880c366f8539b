"""Issue 10: a runtime settings store with a model module of its own, the routes that edit
it and the helper that loads it into the app form one slice (`seams.settings_slices`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.model import KernelModule
from strangler.seams.index_facts import data_facts, runtime_users, served_modules
from strangler.seams.propose import Choice, Grouping
from strangler.seams.settings_slices import settings_slices

STORE = """\
from sqlalchemy import Table, Column, Integer, Unicode, UnicodeText, MetaData
metadata = MetaData()
site_info_table = Table(
    'site_info', metadata,
    Column('id', Integer, primary_key=True),
    Column('key', Unicode(100)),
    Column('value', UnicodeText),
)
def get_site_info(key):
    return site_info_table.select().where(site_info_table.c.key == key)
def set_site_info(key, value):
    return site_info_table.insert().values(key=key, value=value)
"""

ORDERS = """\
from sqlalchemy import Table, Column, Integer, MetaData
metadata = MetaData()
order_table = Table('orders', metadata, Column('id', Integer, primary_key=True),
                    Column('total', Integer))
def all_orders():
    return order_table.select()
"""

GLOBALS = """\
from shop.model.site_info import get_site_info
def reset():
    return get_site_info('title')
"""

ADMIN = """\
from flask import Blueprint
from shop.model.site_info import set_site_info
from shop.lib import site_globals
admin = Blueprint('admin', __name__, url_prefix='/admin')
@admin.route('/config', methods=['POST'])
def config():
    set_site_info('title', 'x')
    return site_globals.reset()
"""

ORDER_VIEWS = """\
from flask import Blueprint
from shop.model.orders import all_orders
from shop.lib import site_globals
orders = Blueprint('orders', __name__, url_prefix='/orders')
@orders.route('/')
def index():
    return all_orders(), site_globals.reset()
"""


def _shop(tmp_path: Path, store: str = STORE, admin: str = ADMIN) -> Path:
    return build_tree(tmp_path / "shop", {
        "shop/__init__.py": "",
        "shop/model/__init__.py": "",
        "shop/model/site_info.py": store,
        "shop/model/orders.py": ORDERS,
        "shop/lib/__init__.py": "",
        "shop/lib/site_globals.py": GLOBALS,
        "shop/views/__init__.py": "",
        "shop/views/admin.py": admin,
        "shop/views/orders.py": ORDER_VIEWS,
    })


GROUPS = (("", ("shop.model.orders", "shop.model.site_info", "shop.views.admin",
                "shop.views.orders")),)


def _slices(tmp_path: Path, store: str = STORE, admin: str = ADMIN,
            groups: tuple[tuple[str, tuple[str, ...]], ...] = GROUPS
            ) -> tuple[Grouping, list[KernelModule]]:
    index, graph = graph_of(_shop(tmp_path, store, admin))
    facts = data_facts(index, graph)
    kernel = [KernelModule("shop.lib.site_globals", "a lib module")]
    return settings_slices(Grouping(groups, Choice(None)), kernel, runtime_users(graph),
                           facts.mapped_by, facts.maps, facts.settings, set(),
                           served_modules(index).serving, set(), set())


def test_the_store_its_editor_and_its_loader_are_one_slice(tmp_path: Path) -> None:
    grouping, kernel = _slices(tmp_path)
    assert ("", ("shop.lib.site_globals", "shop.model.site_info", "shop.views.admin")) \
        in grouping.groups
    assert ("", ("shop.model.orders", "shop.views.orders")) in grouping.groups
    assert kernel == []


def test_a_models_module_of_every_table_is_left_alone(tmp_path: Path) -> None:
    # (one module mapping the store and a domain's table: CTFd's `models`)
    grouping, kernel = _slices(tmp_path, store=STORE + ORDERS.split("def ")[0].replace(
        "from sqlalchemy import Table, Column, Integer, MetaData\nmetadata = MetaData()\n", ""))
    assert grouping.groups == GROUPS
    assert [k.module for k in kernel] == ["shop.lib.site_globals"]


def test_a_store_no_route_edits_is_settings(tmp_path: Path) -> None:
    grouping, kernel = _slices(tmp_path, admin=ADMIN.replace(
        "@admin.route('/config', methods=['POST'])\n", ""))
    assert grouping.groups == GROUPS
    assert [k.module for k in kernel] == ["shop.lib.site_globals"]


def test_a_loader_many_seams_use_stays_in_the_kernel(tmp_path: Path) -> None:
    index, graph = graph_of(_shop(tmp_path))
    facts = data_facts(index, graph)
    kernel = [KernelModule("shop.lib.site_globals", "a lib module")]
    # (two more modules, each a seam of its own, use the loader at run time)
    users = {**runtime_users(graph), "shop.lib.site_globals": frozenset(
        {*runtime_users(graph)["shop.lib.site_globals"], "shop.a", "shop.b"})}
    groups = (*GROUPS, ("", ("shop.a",)), ("", ("shop.b",)))
    grouping, kept = settings_slices(Grouping(groups, Choice(None)), kernel, users,
                                     facts.mapped_by, facts.maps, facts.settings, set(),
                                     served_modules(index).serving, set(), set())
    assert [k.module for k in kept] == ["shop.lib.site_globals"]
    assert ("", ("shop.model.site_info", "shop.views.admin")) in grouping.groups


def test_a_loader_the_clustering_grouped_joins_the_slice_too(tmp_path: Path) -> None:
    index, graph = graph_of(_shop(tmp_path))
    facts = data_facts(index, graph)
    groups = (("", ("shop.lib.site_globals", "shop.model.orders", "shop.views.orders")),
              ("", ("shop.model.site_info", "shop.views.admin")))
    grouping, kernel = settings_slices(Grouping(groups, Choice(None)), [],
                                       runtime_users(graph), facts.mapped_by, facts.maps,
                                       facts.settings, set(), served_modules(index).serving,
                                       set(), set())
    assert sorted(members for _, members in grouping.groups) == [
        ("shop.lib.site_globals", "shop.model.site_info", "shop.views.admin"),
        ("shop.model.orders", "shop.views.orders")]
    assert kernel == []
