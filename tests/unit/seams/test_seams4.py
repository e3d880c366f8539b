"""Issue 10 (branch seams4): package containers of the kernel, and data-first slices."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.kernel import spread_packages
from strangler.seams.propose import Choice, Grouping


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
    ), Choice(None))
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
    grouping = Grouping((("shop", ("app.lib", "app.lib.search")),), Choice(None))
    kernel = ["app.lib.text", "app.lib.dates", "app.lib.money"]
    _, moved = spread_packages(index, graph, grouping, kernel, [], [])
    assert moved == []  # pinned to a service by the configuration
    grouping = Grouping((("", ("app.lib", "app.lib.search", "app.lib.text")),), Choice(None))
    _, moved = spread_packages(index, graph, grouping, ["app.lib.dates"], [], [])
    assert moved == []


def test_a_group_holding_two_slices_with_their_own_tables_is_split() -> None:
    import networkx as nx

    from strangler.seams.propose import split_slices

    graph = nx.Graph()
    edges = [
        # two slices (crud, model, views of one domain each), glued by a middleware module
        ("a.crud.audit", "a.models.audit", 4.0), ("a.views.audit_api", "a.crud.audit", 4.0),
        ("a.crud.tinyurl", "a.models.tinyurl", 4.0), ("a.views.tinyurl_api", "a.crud.tinyurl", 4.0),
        ("a.middleware", "a.views.audit_api", 1.0), ("a.middleware", "a.views.tinyurl_api", 1.0),
        ("a.shorten", "a.crud.tinyurl", 2.0),  # pulls the tinyurl slice
        ("a.notify", "a.views.audit_api", 0.5), ("a.notify", "a.mail", 3.0),  # pulls mail
        ("a.mail", "a.smtp", 3.0),
    ]
    for a, b, w in edges:
        graph.add_edge(a, b, weight=w)
    units = {m: "unit:word:audit" for m in ("a.crud.audit", "a.models.audit",
                                             "a.views.audit_api")}
    units.update({m: "unit:word:tinyurl" for m in ("a.crud.tinyurl", "a.models.tinyurl",
                                                    "a.views.tinyurl_api")})
    glued = ("a.crud.audit", "a.crud.tinyurl", "a.middleware", "a.models.audit",
             "a.models.tinyurl", "a.notify", "a.shorten", "a.views.audit_api",
             "a.views.tinyurl_api")
    grouping = Grouping((("", glued), ("", ("a.mail", "a.smtp"))), Choice(None))
    owners = {"a.crud.audit", "a.crud.tinyurl"}  # each writes its own table
    groups = {frozenset(members) for _, members in
              split_slices(graph, grouping, units, owners).groups}
    assert frozenset({"a.crud.tinyurl", "a.models.tinyurl", "a.views.tinyurl_api",
                      "a.shorten"}) in groups
    # the middleware pulls both slices as hard: a tie goes to the first slice by name
    assert frozenset({"a.crud.audit", "a.models.audit", "a.views.audit_api",
                      "a.middleware"}) in groups
    # a module that pulls another group harder than any slice goes there
    assert frozenset({"a.mail", "a.smtp", "a.notify"}) in groups
    # a unit in two layers without data of its own is not split off (one in three layers
    # is: see test_layered_slices); pinned groups are never split
    two_layers = {m: u for m, u in units.items() if m != "a.models.tinyurl"}
    assert split_slices(graph, grouping, two_layers, {"a.crud.audit"}) == grouping
    pinned = Grouping((("shop", glued), ("", ("a.mail", "a.smtp"))), Choice(None))
    assert split_slices(graph, pinned, units, owners) == pinned


def _backends(tmp_path: Path) -> Path:
    """Four domains use an engine base (a family of three backends beside it) and an ORM
    base (three models with tables beside it)."""
    files = {
        "app/__init__.py": "",
        "app/engines/__init__.py": "",
        "app/engines/base.py": "class Engine:\n    pass\n",
        "app/orm/__init__.py": "",
        "app/orm/base.py": "class Model:\n    pass\n",
    }
    for name in ("mysql", "postgres", "sqlite"):
        files[f"app/engines/{name}.py"] = (f"from app.engines.base import Engine\n"
                                           f"class {name.title()}(Engine):\n    pass\n")
    for name in ("order", "user", "item"):
        files[f"app/orm/{name}.py"] = (f"from app.orm.base import Model\n"
                                       f"class {name.title()}(Model):\n"
                                       f"    __tablename__ = '{name}s'\n")
    return build_tree(tmp_path / "proj", files)


def test_the_base_of_a_family_of_backends_is_the_familys_not_the_platforms(tmp_path: Path
                                                                           ) -> None:
    from strangler.seams.kernel import data_owners, family_bases

    index, graph = graph_of(_backends(tmp_path))
    owners = data_owners(index, graph)
    assert {"app.orm.order", "app.orm.user", "app.orm.item"} <= owners
    # The engines' base is subclassed by three modules of its package without tables or
    # routes; the ORM base's subclasses map tables: it is the platform's.
    assert family_bases(index, graph, owners) == {"app.engines.base"}


def test_a_group_that_only_the_kernel_uses_joins_it(tmp_path: Path) -> None:
    from strangler.seams.kernel import kernel_only_groups

    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/sql/__init__.py": "",
        "app/sql/parse.py": "from app.sql.dialects import pinot, dremio\nX = pinot, dremio\n",
        "app/sql/dialects/__init__.py": "",
        "app/sql/dialects/pinot.py": "from app.sql.dialects import dremio\nY = dremio\n",
        "app/sql/dialects/dremio.py": "Z = 1\n",
        "app/orders/__init__.py": "",
        "app/orders/api.py": "from app.sql import parse\nfrom app.reports import pdf\n"
                             "W = parse, pdf\n",
        "app/reports/__init__.py": "",
        "app/reports/pdf.py": "from app.sql import parse\nV = parse\n",
    })
    index, graph = graph_of(root)
    dialects = ("app.sql.dialects.dremio", "app.sql.dialects.pinot")
    grouping = Grouping((("", dialects), ("", ("app.orders.api",)),
                         ("", ("app.reports.pdf",))), Choice(None))
    kept, moved = kernel_only_groups(index, graph, grouping, ["app.sql.parse"])
    assert sorted(k.module for k in moved) == list(dialects)
    # `reports` is used by another group (orders), `orders` by nobody: both stay.
    assert [members for _, members in kept.groups] == [("app.orders.api",),
                                                       ("app.reports.pdf",)]
    pinned = Grouping((("sql", dialects),), Choice(None))
    assert kernel_only_groups(index, graph, pinned, ["app.sql.parse"])[1] == []


def _initializer(tmp_path: Path) -> Path:
    """An app factory delegating to an initializer that wires eight packages and defines
    an index route; a views module that only the URLconf uses wires as many."""
    files = {
        "app/__init__.py": "",
        "app/app.py": "from app.initialization import Initializer\n"
                      "def create_app():\n    return Initializer()\n",
        "app/wsgi.py": "from app.app import create_app\napplication = create_app()\n",
        "app/urls.py": "from app import views\nurlpatterns = [views.index]\n",
    }
    packages = [f"p{i}" for i in range(8)]
    for package in packages:
        files[f"app/{package}/__init__.py"] = ""
        files[f"app/{package}/api.py"] = f"def use_{package}():\n    return 1\n"
    wiring = "".join(f"from app.{p} import api as {p}\n" for p in packages)
    calls = ", ".join(f"{p}.use_{p}()" for p in packages)
    files["app/initialization.py"] = (
        "from flask import Flask\n" + wiring + "app = Flask(__name__)\n"
        "class Initializer:\n    def init(self):\n        return " + calls + "\n"
        "@app.route('/')\ndef index():\n    return 'ok'\n")
    files["app/views.py"] = ("from flask import Flask\n" + wiring + "app = Flask(__name__)\n"
                             "@app.route('/list')\ndef index():\n    return " + calls + "\n")
    return build_tree(tmp_path / "proj", files)


def test_the_initializer_an_app_factory_delegates_to_is_a_root(tmp_path: Path) -> None:
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import find_roots

    index, graph = graph_of(_initializer(tmp_path))
    assert any(r.module == "app.initialization" for r in index.routes)
    roots = {r.module: r.reason for r in find_roots(index, graph, SeamConfig())}
    assert "application factory uses it" in roots["app.initialization"]
    # A views module with routes that only the URLconf uses is not a root, however much it
    # wires.
    assert any(r.module == "app.views" for r in index.routes)
    assert "app.views" not in roots


def test_the_clustering_cache_key_sees_which_module_maps_a_table(tmp_path: Path) -> None:
    from dataclasses import replace

    from strangler.model import ModelRef
    from strangler.pipeline import _core_key
    from strangler.seams import SeamRequest

    index, graph = graph_of(_backends(tmp_path))
    table = next(t for t in index.tables if t.name == "orders")
    moved = replace(table, models=(ModelRef("app.orm.user.Order", "app.orm.user",
                                            "app/orm/user.py", 3, "sqlalchemy"),))
    other = replace(index, tables=tuple(moved if t is table else t for t in index.tables))
    # The kernel and the slices read the mapping: another mapper is another clustering.
    assert _core_key(index, graph, SeamRequest(), []) != _core_key(other, graph,
                                                                   SeamRequest(), [])
    assert _core_key(index, graph, SeamRequest(), []) == _core_key(index, graph,
                                                                   SeamRequest(), [])


def test_the_clustering_cache_key_sees_a_table_becoming_a_settings_store(tmp_path: Path) -> None:
    from dataclasses import replace

    from strangler.model import TableColumn
    from strangler.pipeline import _core_key
    from strangler.seams import SeamRequest
    from strangler.seams.kernel import settings_tables

    index, graph = graph_of(_backends(tmp_path))
    table = next(t for t in index.tables if t.name == "orders")
    key_value = (TableColumn("key", "String"), TableColumn("value", "Text"))
    store = replace(table, columns=key_value)
    other = replace(index, tables=tuple(store if t is table else t for t in index.tables))
    # The kernel reads the columns (a key-value store is the platform's): a cached clustering
    # made before the columns changed must not be reused.
    assert "orders" in settings_tables(other) and "orders" not in settings_tables(index)
    assert _core_key(index, graph, SeamRequest(), []) != _core_key(other, graph,
                                                                   SeamRequest(), [])


def test_a_package_of_one_kernel_module_is_worded_in_the_singular(tmp_path: Path) -> None:
    """A package `__init__` whose only child is kernel is `the package of 1 module, which is
    in the kernel`, not `of 1 modules, most of them` (seen on Dispatch's `common`)."""
    root = build_tree(tmp_path / "p", {
        "app/__init__.py": "", "app/common/__init__.py": "",
        "app/common/utils.py": "def helper():\n    return 1\n",
        "app/orders.py": "from app.common.utils import helper\n",
    })
    index, graph = graph_of(root)
    grouping = Grouping((("", ("app.common", "app.orders")),), Choice(None))
    _, moved = spread_packages(index, graph, grouping, ["app.common.utils"], [], [])
    assert [(k.module, k.reason) for k in moved] == [
        ("app.common", "the package of 1 module, which is in the kernel")]
