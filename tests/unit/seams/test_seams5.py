"""Issue 10, helper seams5: one domain under two spellings is one unit; a group that is only
another group's library joins it."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.propose import Choice, Grouping
from strangler.seams.words import domain_units


def test_a_domain_spelled_with_and_without_a_separator_is_one_unit() -> None:
    modules = ["app", "app.commands", "app.commands.sql_lab", "app.commands.sql_lab.execute",
               "app.commands.sql_lab.results", "app.daos", "app.daos.sql_lab", "app.models",
               "app.models.sql_lab", "app.views", "app.views.sqllab", "app.sqllab",
               "app.sqllab.api", "app.sqllab.utils", "app.commands.chart.create",
               "app.daos.chart", "app.models.chart"]
    units = domain_units(modules)
    sql = {units[m] for m in ("app.commands.sql_lab.execute", "app.daos.sql_lab",
                              "app.models.sql_lab", "app.views.sqllab", "app.sqllab.api",
                              "app.sqllab.utils")}
    # The spelling most modules use names the unit.
    assert sql == {"word:sql_lab"}
    assert units["app.daos.chart"] == "word:chart"


def test_a_package_beside_the_layers_joins_its_domain_in_the_other_spelling() -> None:
    modules = ["app", "app.commands", "app.commands.key_value.create",
               "app.commands.key_value.delete", "app.daos", "app.daos.key_value",
               "app.models", "app.models.key_value", "app.views", "app.views.chart",
               "app.keyvalue", "app.keyvalue.api", "app.keyvalue.schemas"]
    units = domain_units(modules)
    assert units["app.keyvalue.api"] == units["app.keyvalue.schemas"] \
        == units["app.daos.key_value"] == "word:key_value"


def test_a_standalone_word_unit_keeps_its_spelling() -> None:
    modules = ["app", "app.commands", "app.commands.tag.create", "app.daos", "app.daos.tag",
               "app.models", "app.models.tag", "app.views", "app.views.tag"]
    assert domain_units(modules)["app.daos.tag"] == "word:tag"


def _library(tmp_path: Path) -> Path:
    """`charts` serves a route and owns a table; `utils/post` (no route, no table) is used
    by the charts' query code only; `utils/text` is used by charts and orders."""
    return build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/charts/__init__.py": "",
        "app/charts/api.py": """
            from flask import Flask
            from app.charts import query
            app = Flask(__name__)
            class Chart:
                __tablename__ = "charts"
            @app.route("/chart")
            def show():
                return query.run()
            """,
        "app/charts/query.py": """
            from app.utils.post import pivot
            from app.utils import text
            def run():
                return pivot.apply(text.slug("x"))
            """,
        "app/utils/__init__.py": "",
        "app/utils/text.py": "def slug(x):\n    return x\n",
        "app/utils/post/__init__.py": "",
        "app/utils/post/pivot.py": "from app.utils.post import rank\n"
                                    "def apply(x):\n    return rank.order(x)\n",
        "app/utils/post/rank.py": "def order(x):\n    return x\n",
        "app/orders/__init__.py": "",
        "app/orders/api.py": """
            from flask import Flask
            from app.utils import text
            app = Flask(__name__)
            @app.route("/orders")
            def orders():
                return text.slug("o")
            """,
    })


def test_a_group_used_by_one_group_only_and_without_routes_or_tables_joins_it(
        tmp_path: Path) -> None:
    from strangler.seams.slices import library_groups

    index, graph = graph_of(_library(tmp_path))
    charts = ("app.charts.api", "app.charts.query")
    post = ("app.utils.post.pivot", "app.utils.post.rank")
    grouping = Grouping((("", charts), ("", post), ("", ("app.utils.text",)),
                         ("", ("app.orders.api",))), Choice(None))
    merged = library_groups(index, graph, grouping, [])
    groups = sorted(members for _, members in merged.groups)
    # `post` is the charts' library; `text` has two users and `orders` none: both stay.
    assert groups == [("app.charts.api", "app.charts.query", "app.utils.post.pivot",
                       "app.utils.post.rank"), ("app.orders.api",), ("app.utils.text",)]
    # A kernel user does not count: with `orders` in the kernel, `text` has one user left.
    no_orders = Grouping(grouping.groups[:3], Choice(None))
    assert sorted(members for _, members in library_groups(
        index, graph, no_orders, ["app.orders.api"]).groups) == [
        ("app.charts.api", "app.charts.query", "app.utils.post.pivot", "app.utils.post.rank",
         "app.utils.text")]
    # Pinned groups stay where they are, on either side.
    pinned = Grouping((("charts", charts), ("", post)), Choice(None))
    assert library_groups(index, graph, pinned, []) == pinned
    own = Grouping((("", charts), ("post", post)), Choice(None))
    assert library_groups(index, graph, own, []) == own


def test_a_group_with_a_route_or_a_table_is_not_a_library(tmp_path: Path) -> None:
    from strangler.seams.slices import library_groups

    root = _library(tmp_path)
    build_tree(root, {"app/admin.py": "from app.charts import api\nX = api\n",
                      "app/report.py": "from app.orders import store\nY = store\n",
                      "app/orders/store.py": """
                          def save(db):
                              db.execute("INSERT INTO orders VALUES (1)")
                          """})
    index, graph = graph_of(root)
    # `charts.api` serves a route and `orders.store` writes a table: each has one user
    # group, and each stays a group of its own.
    grouping = Grouping((("", ("app.admin",)), ("", ("app.charts.api",)),
                         ("", ("app.orders.store",)), ("", ("app.report",))), Choice(None))
    assert library_groups(index, graph, grouping, []) == grouping


def test_two_groups_that_are_each_others_only_user_become_one(tmp_path: Path) -> None:
    from strangler.seams.slices import library_groups

    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/a.py": "from app import b\ndef f():\n    return b.g()\n",
        "app/b.py": "from app import a\ndef g():\n    return a.f\n",
    })
    index, graph = graph_of(root)
    grouping = Grouping((("", ("app.a",)), ("", ("app.b",))), Choice(None))
    merged = library_groups(index, graph, grouping, [])
    assert [members for _, members in merged.groups] == [("app.a", "app.b")]


def _catalog(tmp_path: Path) -> Path:
    """A catalog that maps three tables; `lib/dictize` reads them, `lib/text` reads none,
    `lib/report` reads the catalog's and the users' tables; three plugins use all three."""
    files = {
        "app/__init__.py": "",
        "app/catalog/__init__.py": "",
        "app/catalog/models.py": """
            class Package:
                __tablename__ = "package"
            class Resource:
                __tablename__ = "resource"
            class Tag:
                __tablename__ = "tag"
            """,
        "app/catalog/views.py": "from app.catalog import models\nX = models\n",
        "app/users/__init__.py": "",
        "app/users/models.py": "class User:\n    __tablename__ = 'user_rows'\n",
        "app/users/views.py": "from app.users import models\nX = models\n",
        "app/lib/__init__.py": "",
        "app/lib/dictize.py": """
            def dictize(db):
                a = db.execute("SELECT * FROM package")
                b = db.execute("SELECT * FROM resource")
                return a, b, db.execute("SELECT * FROM tag")
            """,
        "app/lib/text.py": "def slug(x):\n    return x\n",
        "app/lib/report.py": """
            def report(db):
                a = db.execute("SELECT * FROM package")
                b = db.execute("SELECT * FROM resource")
                return a, b, db.execute("SELECT * FROM user_rows")
            """,
    }
    for plugin in ("p1", "p2", "p3"):
        files[f"app/{plugin}/__init__.py"] = ""
        files[f"app/{plugin}/plugin.py"] = (
            "from app.lib import dictize, report, text\n"
            "def run(db):\n    return dictize.dictize(db), report.report(db), text.slug(1)\n")
        files[f"app/{plugin}/helpers.py"] = f"from app.{plugin} import plugin\nX = plugin\n"
    return build_tree(tmp_path / "proj", files)


def test_code_that_works_on_one_domains_tables_is_that_domains_not_the_kernel(
        tmp_path: Path) -> None:
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import find_kernel

    index, graph = graph_of(_catalog(tmp_path))
    clusters = {m.name: m.name.split(".")[1] for m in index.modules if "." in m.name}
    clusters["app.lib.dictize"] = "catalog"  # the first pass put it with the catalog
    clusters["app.lib.report"] = "catalog"
    kernel = {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, ())}
    # Three plugins use each helper; the one that reads only the catalog's tables is the
    # catalog's, the one without data and the one reading two domains' tables are shared.
    assert "app.lib.dictize" not in kernel
    assert {"app.lib.text", "app.lib.report"} <= kernel


def test_uncoupled_plugins_go_with_their_siblings(tmp_path: Path) -> None:
    """Plugins that only subclass a kernel base are coupled to nothing else: they join the
    group holding most of their package. Scripts side by side that never use each other,
    and a pinned service, are left as they are."""
    from strangler.seams.slices import sibling_families

    plugin = "from app.runners import Base\n"
    _, graph = graph_of(build_tree(tmp_path / "p", {
        "app/__init__.py": "", "app/runners/__init__.py": "class Base:\n    pass\n",
        "app/runners/mysql.py": plugin, "app/runners/pg.py": plugin,
        "app/runners/mongo.py": plugin, "app/runners/athena.py": plugin,
        "app/runners/presto.py": plugin, "app/pay/__init__.py": "",
        "app/pay/a.py": "", "app/pay/b.py": "", "app/pay/c.py": "from app.pay import a\n",
        "scripts/__init__.py": "", "scripts/check.py": "import os\n",
        "scripts/lint.py": "import os\n", "app/web/__init__.py": "",
        "app/web/admin/__init__.py": "from app.web import runs\n",
        "app/web/runs.py": "", "app/web/home.py": "", "scripts/release.py": "import os\n"}))
    grouping = Grouping((
        ("", ("app.runners.mysql", "app.runners.pg", "app.web.runs")),
        ("", ("app.runners.mongo", "app.web.home")),
        ("billing", ("app.pay.a", "app.pay.b")),
        ("", ("scripts.check", "scripts.lint")),
    ), Choice(None))
    isolated = ["app.runners.athena", "app.runners.presto", "app.pay.c", "app.web.admin",
                "scripts.release"]
    grouped, alone = sibling_families(graph, grouping, isolated, {"app.web.admin"})
    groups = {members[0]: (pin, members) for pin, members in grouped.groups}
    assert groups["app.runners.athena"] == ("", (
        "app.runners.athena", "app.runners.mysql", "app.runners.pg", "app.runners.presto",
        "app.web.runs"))
    assert groups["app.pay.a"] == ("billing", ("app.pay.a", "app.pay.b"))
    # A package follows its own submodules (later), not its siblings; a script that uses
    # no sibling stays alone even beside a group of scripts.
    assert alone == ["app.pay.c", "app.web.admin", "scripts.release"]
