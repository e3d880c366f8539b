"""Issue 10: the project's own platform (helper packages) is the kernel, kept whole, not
scattered into the domain that uses each helper most."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig, SeamRequest, seam_core
from strangler.seams.platform import (
    domain_helper_packages,
    helper_kernel,
    helper_packages_of,
    package_homes,
)
from strangler.seams.propose import Choice, Grouping


def _shop(tmp_path: Path) -> Path:
    """Two domains with tables and views; a top-level `utilities` package of helpers (a
    paginator and a permission check used by one domain each, a sub-package of charting
    helpers only the orders use, a search helper over the orders' model) and a kernel
    module every domain uses."""
    return build_tree(tmp_path / "shop", {
        "orders/__init__.py": "",
        "orders/models.py": "from base import Model\n"
                            "class Order(Model):\n    __tablename__ = 'orders'\n",
        "orders/views.py": "from orders.models import Order\n"
                           "from utilities.paginate import page\n"
                           "from utilities.charts.bars import bars\n"
                           "def index():\n    return page([Order]), bars(1)\n",
        "orders/reports.py": "from orders.models import Order\n"
                             "from utilities.charts.lines import lines\n"
                             "from utilities.search import find\n"
                             "def report():\n    return Order, lines(1), find(1)\n",
        "orders/admin.py": "from orders.models import Order\n"
                           "def edit():\n    return Order(), Order()\n",
        "users/__init__.py": "",
        "users/admin.py": "from users.models import User\n"
                          "def edit():\n    return User(), User()\n",
        "users/models.py": "from base import Model\n"
                           "class User(Model):\n    __tablename__ = 'users'\n",
        "users/views.py": "from users.models import User\n"
                          "from utilities.permissions import allowed\n"
                          "def index():\n    return allowed(User)\n",
        "base.py": "class Model:\n    pass\n",
        "utilities/__init__.py": "",
        "utilities/paginate.py": "from base import Model\n"
                                 "def page(items):\n    return items, Model\n",
        "utilities/permissions.py": "def allowed(x):\n    return x\n",
        "utilities/search.py": "from orders.models import Order\n"
                               "def find(x):\n    return Order, x\n",
        "utilities/charts/__init__.py": "",
        "utilities/charts/bars.py": "def bars(x):\n    return x\n",
        "utilities/charts/lines.py": "from utilities.charts.bars import bars\n"
                                    "def lines(x):\n    return bars(x)\n",
    })


def test_a_top_level_helper_package_is_found_unless_it_holds_most_of_the_project() -> None:
    found = helper_packages_of(["utilities", "utilities.html", "utilities.forms.fields",
                                "dcim", "dcim.models", "dcim.views", "ipam", "ipam.models",
                                "ipam.views", "core.utils.text"])
    assert found == {"utilities.html": "utilities", "utilities.forms.fields": "utilities",
                     "core.utils.text": "core.utils"}
    # A project that lives entirely inside `lib/` has no helper package.
    assert helper_packages_of(["lib", "lib.orders", "lib.users", "lib.text"]) == {}


def test_helpers_without_data_built_on_the_kernel_join_it(tmp_path: Path) -> None:
    index, graph = graph_of(_shop(tmp_path))
    clusters = {m.name: m.name.split(".")[0] for m in index.modules}
    grouping = Grouping((
        ("", ("orders", "orders.admin", "orders.models", "orders.reports", "orders.views",
              "utilities.charts", "utilities.charts.bars", "utilities.charts.lines",
              "utilities.paginate", "utilities.search")),
        ("", ("users", "users.admin", "users.models", "users.views",
              "utilities.permissions"))), Choice(None))
    kept, moved = helper_kernel(index, graph, SeamConfig(), clusters, grouping,
                                ["base"], [], set())
    # One domain uses each of the paginator and the permission check: still the platform's.
    assert {k.module for k in moved} == {"utilities.paginate", "utilities.permissions"}
    assert all("helper package utilities" in k.reason for k in moved)
    left = {m for _, members in kept.groups for m in members}
    # Built on the orders' model; a sub-package only the orders use: the orders' code.
    assert {"utilities.search", "utilities.charts", "utilities.charts.bars",
            "utilities.charts.lines"} <= left
    assert "utilities.paginate" not in left


def test_a_group_formed_around_a_helper_keeps_it(tmp_path: Path) -> None:
    index, graph = graph_of(_shop(tmp_path))
    clusters = {m.name: m.name.split(".")[0] for m in index.modules}
    users = Grouping((("", ("users.admin", "users.models", "users.views",
                             "utilities.permissions")),), Choice(None))
    _, moved = helper_kernel(index, graph, SeamConfig(), clusters, users, ["base"], [], set())
    # The users' model is what the group uses most: the permission check joins the kernel...
    assert "utilities.permissions" in {k.module for k in moved}
    alone = Grouping((("", ("users.views", "utilities.permissions")),), Choice(None))
    _, moved = helper_kernel(index, graph, SeamConfig(), clusters, alone, ["base"], [], set())
    # ...here the group is formed around it, and no other group uses it: it stays (an
    # Electrum client with the block-explorer code that calls it).
    assert "utilities.permissions" not in {k.module for k in moved}


def test_the_seams_core_never_reads_a_size(tmp_path: Path) -> None:
    """`pipeline` reuses the seams' core after an edit that changes no dependency: the
    helpers that join the kernel may not depend on line counts."""
    from dataclasses import replace

    index, graph = graph_of(_shop(tmp_path))
    clusters = {m.name: m.name.split(".")[0] for m in index.modules}
    grouping = Grouping((("", ("users.views", "utilities.permissions")),), Choice(None))
    before = helper_kernel(index, graph, SeamConfig(), clusters, grouping, ["base"], [], set())
    grown = replace(index, modules=tuple(replace(m, loc=m.loc * 50, lines=m.lines * 50)
                                         if m.name == "utilities.permissions" else m
                                         for m in index.modules))
    after = helper_kernel(grown, graph, SeamConfig(), clusters, grouping, ["base"], [], set())
    assert before == after


def test_the_proposal_puts_a_one_domain_helper_in_the_kernel(tmp_path: Path) -> None:
    index, graph = graph_of(_shop(tmp_path))
    core = seam_core(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    kernel = {k.module for k in core.kernel}
    assert "utilities.permissions" in kernel
    assert "utilities.search" not in kernel


def _framework(tmp_path: Path) -> Path:
    """A plugin framework package: three modules the kernel holds already and `blanket`,
    a decorator module only the orders use; a `cli` package whose commands all sit in one
    seam while its `__init__` (the command group) is imported everywhere."""
    return build_tree(tmp_path / "fw", {
        "app/__init__.py": "",
        "app/plugins/__init__.py": "from app.plugins import core\n",
        "app/plugins/core.py": "def load():\n    return 1\n",
        "app/plugins/interfaces.py": "class IPlugin:\n    pass\n",
        "app/plugins/blanket.py": "from app.plugins.interfaces import IPlugin\n"
                                  "def blanket(x):\n    return IPlugin, x\n",
        "app/orders/__init__.py": "",
        "app/orders/models.py": "class Order:\n    __tablename__ = 'orders'\n",
        "app/orders/admin.py": "from app.orders.models import Order\n"
                               "def edit():\n    return Order(), Order()\n",
        "app/orders/views.py": "from app.orders.models import Order\n"
                               "from app.plugins.blanket import blanket\n"
                               "def index():\n    return blanket(Order)\n",
        "app/cli/__init__.py": "def group():\n    return 1\n",
        "app/cli/run.py": "from app.cli import group\nX = group\n",
        "app/cli/db.py": "from app.cli import group\nX = group\n",
    })


def test_a_package_mostly_in_the_kernel_is_platform_whatever_its_name(tmp_path: Path) -> None:
    index, graph = graph_of(_framework(tmp_path))
    clusters = {m.name: m.name.split(".")[1] for m in index.modules if "." in m.name}
    grouping = Grouping((("", ("app.orders", "app.orders.admin", "app.orders.models",
                                "app.orders.views", "app.plugins.blanket")),), Choice(None))
    kernel = ["app.plugins", "app.plugins.core", "app.plugins.interfaces"]
    kept, moved = helper_kernel(index, graph, SeamConfig(), clusters, grouping, kernel, [],
                                set())
    assert [k.module for k in moved] == ["app.plugins.blanket"]
    assert "platform package app.plugins" in moved[0].reason
    assert kept.groups == (("", ("app.orders", "app.orders.admin", "app.orders.models",
                                 "app.orders.views")),)


def test_a_kernel_package_init_joins_the_seam_of_its_submodules(tmp_path: Path) -> None:
    index, graph = graph_of(_framework(tmp_path))
    grouping = Grouping((("", ("app.cli.db", "app.cli.run")),
                         ("", ("app.orders", "app.orders.admin", "app.orders.models",
                               "app.orders.views"))), Choice(None))
    kernel = ["app.cli", "app.plugins", "app.plugins.core", "app.plugins.interfaces"]
    kept, moved = package_homes(index, SeamConfig(), grouping, kernel)
    # `app.plugins` stays: its submodules are kernel, not one seam's.
    assert moved == {"app.cli"}
    assert kept.groups[0] == ("", ("app.cli", "app.cli.db", "app.cli.run"))
    # Marked as kernel in the configuration: it stays.
    _, moved = package_homes(index, SeamConfig(kernels=("app.cli",)), grouping, kernel)
    assert moved == set()


def _schema(tmp_path: Path) -> Path:
    """A models module mapping four of the five tables, a migrations module that creates
    all five, and two domains' views."""
    creates = "\n".join(f'    db.execute("CREATE TABLE {t} (id INT)")'
                        for t in ("forum", "topic", "post", "report", "wallet"))
    return build_tree(tmp_path / "board", {
        "app/__init__.py": "",
        "app/forum/__init__.py": "",
        "app/forum/models.py": "".join(f"class {t.title()}:\n    __tablename__ = '{t}'\n"
                                       for t in ("forum", "topic", "post", "report")),
        "app/forum/views.py": "from app.forum.models import Forum\nX = Forum\n",
        "app/wallet/__init__.py": "",
        "app/wallet/views.py": "def pay(db):\n"
                               "    return db.execute('UPDATE wallet SET x = 1')\n",
        "app/migrations.py": f"def m001(db):\n{creates}\n",
    })


def test_the_module_that_creates_the_schema_is_kernel_a_models_module_is_not(
        tmp_path: Path) -> None:
    from strangler.seams.kernel import data_owners, schema_modules

    index, graph = graph_of(_schema(tmp_path))
    assert schema_modules(index, graph) == {"app.migrations"}
    assert "app.migrations" not in data_owners(index, graph)
    clusters = {m.name: m.name.split(".")[1] for m in index.modules if "." in m.name}
    grouping = Grouping((("", ("app.forum", "app.forum.models", "app.forum.views",
                                "app.migrations")),), Choice(None))
    kept, moved = helper_kernel(index, graph, SeamConfig(), clusters, grouping, [], [], set())
    assert [k.module for k in moved] == ["app.migrations"]
    assert "most of the schema" in moved[0].reason
    assert kept.groups == (("", ("app.forum", "app.forum.models", "app.forum.views")),)


def test_a_top_level_utilities_package_counts_as_a_platform_name(tmp_path: Path) -> None:
    """Django apps side by side at the top, and a `utilities/` package beside them: its
    modules are named like platform code, as `app/utils/...` would be."""
    from strangler.seams.kernel import find_kernel

    files = {"utilities/__init__.py": "", "utilities/html.py": "def clean(x):\n    return x\n"}
    for app in ("dcim", "ipam", "tenancy", "circuits", "wireless", "vpn"):
        files[f"{app}/__init__.py"] = ""
        files[f"{app}/models.py"] = f"class T:\n    __tablename__ = '{app}_t'\n"
        files[f"{app}/views.py"] = f"from {app}.models import T\nX = T\n"
    files["dcim/forms.py"] = "from utilities.html import clean\nX = clean\n"
    files["ipam/forms.py"] = "from utilities.html import clean\nX = clean\n"
    index, graph = graph_of(build_tree(tmp_path / "site", files))
    clusters = {m.name: m.name.split(".")[0] for m in index.modules}
    reasons = {k.module: k.reason for k in find_kernel(index, graph, SeamConfig(), clusters, ())}
    assert reasons["utilities.html"].startswith("a utilities module with no tables")


def test_a_namespace_package_spread_over_three_seams_joins_the_kernel(tmp_path: Path) -> None:
    """`ckanext/__init__` holds one plugin per seam and none in the kernel: it is no
    plugin's own code."""
    from strangler.seams.kernel import spread_packages

    files = {"ext/__init__.py": "X = 1\n"}
    for plugin in ("stats", "tracking", "datastore"):
        files[f"ext/{plugin}/__init__.py"] = "import ext\n"
        files[f"ext/{plugin}/plugin.py"] = f"from ext import {plugin}\n"
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    grouping = Grouping(tuple(("", (f"ext.{p}", f"ext.{p}.plugin"))
                              for p in ("datastore", "stats", "tracking"))
                        + (("", ("ext",)),), Choice(None))
    kept, moved = spread_packages(index, graph, grouping, [], [], [])
    assert [(k.module, k.reason) for k in moved] == [
        ("ext", "the package of 3 modules spread over 3 seams")]
    assert ("", ("ext",)) not in kept.groups


def test_a_package_of_modules_spread_over_seams_without_a_kernel_child_stays(
        tmp_path: Path) -> None:
    """`management/commands/__init__` beside one command per domain: the commands are
    modules, not packages, and none is kernel: the `__init__` is left to the clustering."""
    from strangler.seams.kernel import spread_packages

    files = {"app/__init__.py": "", "app/commands/__init__.py": "X = 1\n"}
    for command in ("stats", "tracking", "datastore"):
        files[f"app/commands/{command}.py"] = "from app import commands\n"
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    grouping = Grouping(tuple(("", (f"app.commands.{c}",))
                              for c in ("datastore", "stats", "tracking"))
                        + (("", ("app.commands",)),), Choice(None))
    _, moved = spread_packages(index, graph, grouping, [], [], [])
    assert moved == []


def test_a_sub_package_one_seam_uses_stays_even_if_the_first_pass_split_its_users(
        tmp_path: Path) -> None:
    """The first, kernel-blind grouping moves with the Louvain seed: at some seed it splits
    the orders' views and reports; the charts they alone use are still the orders' code."""
    index, graph = graph_of(_shop(tmp_path))
    clusters = {m.name: m.name.split(".")[0] for m in index.modules}
    clusters["orders.reports"] = "reports"
    grouping = Grouping((("", ("orders", "orders.admin", "orders.models", "orders.reports",
                                "orders.views", "utilities.charts", "utilities.charts.bars",
                                "utilities.charts.lines")),), Choice(None))
    _, moved = helper_kernel(index, graph, SeamConfig(), clusters, grouping, ["base"], [],
                             set())
    assert not {k.module for k in moved} & {"utilities.charts.bars", "utilities.charts.lines"}
    # Used from two seams, the sub-package is the platform's.
    split = Grouping((("", ("orders", "orders.admin", "orders.models", "orders.views",
                            "utilities.charts.lines")),
                      ("", ("orders.reports",))), Choice(None))
    _, moved = helper_kernel(index, graph, SeamConfig(), clusters, split, ["base"], [], set())
    assert {"utilities.charts.bars", "utilities.charts.lines"} <= {k.module for k in moved}


def test_a_helper_whose_one_user_bears_its_name_is_that_modules_code(tmp_path: Path) -> None:
    """`lib/config_tool` behind `cli/config_tool` is the command's implementation split
    across layers; `lib/redis`, used by one command of another name, is a shared helper."""
    index, graph = graph_of(build_tree(tmp_path / "app", {
        "app/__init__.py": "",
        "app/lib/__init__.py": "",
        "app/lib/config_tool.py": "def edit(x):\n    return x\n",
        "app/lib/redis.py": "def connect():\n    return 1\n",
        "app/cli/__init__.py": "",
        "app/cli/config_tool.py": "from app.lib.config_tool import edit\nX = edit\n",
        "app/cli/db.py": "from app.lib.redis import connect\nX = connect\n",
    }))
    clusters = {m.name: "cli" for m in index.modules}
    grouping = Grouping((("", ("app.cli", "app.cli.config_tool", "app.cli.db",
                                "app.lib.config_tool", "app.lib.redis")),), Choice(None))
    _, moved = helper_kernel(index, graph, SeamConfig(), clusters, grouping, [], [], set())
    assert [k.module for k in moved] == ["app.lib.redis"]


def test_a_group_of_views_another_module_registers_serves_routes_and_is_no_platform(
        tmp_path: Path) -> None:
    """`platform_groups` takes a platform-named group that serves no route and owns no table
    into the kernel. `app/common/views` holds the handler of a route that `app/routes`
    registers: its group serves that route (the handler's module counts), so it stays a
    service; counting only the declaring module made it platform."""
    from strangler.seams.kernel import platform_groups

    files = {"app/__init__.py": "", "app/common/__init__.py": "",
             "app/common/utils.py": "def helper():\n    return 1\n",
             "app/common/views.py": ("from app.common.utils import helper\n"
                                     "def home():\n    return str(helper())\n"),
             "app/routes.py": ("from flask import Flask\nfrom app.common.views import home\n"
                               "app = Flask(__name__)\napp.add_url_rule('/', view_func=home)\n")}
    for domain in ("billing", "orders", "stock"):
        files[f"app/{domain}.py"] = ("from app.common.utils import helper\n"
                                     "def run():\n    return helper()\n")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    assert [(r.module, r.handler) for r in index.routes] == [
        ("app.routes", "app.common.views.home")]
    grouping = Grouping((("", ("app.common.utils", "app.common.views")), ("", ("app.billing",)),
                         ("", ("app.orders",)), ("", ("app.stock",))), Choice(None))
    kept, moved = platform_groups(index, graph, grouping)
    assert moved == []
    assert kept.groups == grouping.groups


def test_a_helper_calling_a_domain_from_inside_a_function_is_still_platform(
        tmp_path: Path) -> None:
    """`utilities/validators.py` checks a name against the orders' reports from inside a
    function (imported there, as a cycle breaker); `utilities/search.py` imports the orders'
    model at module level. The validator is the platform's, the search helper the orders'
    code."""
    root = _shop(tmp_path)
    (root / "utilities" / "validators.py").write_text(
        "from utilities.permissions import allowed\n"
        "def valid_name(name):\n"
        "    from orders.reports import report\n"
        "    return allowed(report()), name\n")
    (root / "users" / "views.py").write_text(
        "from users.models import User\n"
        "from utilities.permissions import allowed\n"
        "from utilities.validators import valid_name\n"
        "def index():\n    return allowed(User), valid_name('x')\n")
    index, graph = graph_of(root)
    clusters = {m.name: m.name.split(".")[0] for m in index.modules}
    grouping = Grouping((
        ("", ("orders", "orders.admin", "orders.models", "orders.reports", "orders.views",
              "utilities.search", "utilities.validators")),
        ("", ("users", "users.admin", "users.models", "users.views",
              "utilities.permissions"))), Choice(None))
    _, moved = helper_kernel(index, graph, SeamConfig(), clusters, grouping, ["base"], [],
                             set())
    taken = {k.module for k in moved}
    assert "utilities.validators" in taken
    assert "utilities.search" not in taken


def test_a_helper_on_its_own_packages_table_joins_the_kernel(tmp_path: Path) -> None:
    """Issue 10 (helper pretixzou): a table only the helper package maps (a thumbnail cache
    beside the image helpers) is the platform's; a helper whose only data it is keeps no
    domain's data. A helper on a domain's table still stays."""
    root = _shop(tmp_path)
    build_tree(root, {
        "utilities/models.py": "from base import Model\n"
                               "class Thumbnail(Model):\n    __tablename__ = 'thumbnails'\n",
        "utilities/thumb.py": "from utilities.models import Thumbnail\n"
                              "def thumb(x):\n    return Thumbnail(), Thumbnail()\n",
        "orders/views.py": "from orders.models import Order\n"
                           "from utilities.paginate import page\n"
                           "from utilities.charts.bars import bars\n"
                           "from utilities.thumb import thumb\n"
                           "def index():\n    return page([Order]), bars(1), thumb(1)\n",
        "users/views.py": "from users.models import User\n"
                          "from utilities.permissions import allowed\n"
                          "from utilities.thumb import thumb\n"
                          "def index():\n    return allowed(User), thumb(2)\n",
    })
    index, graph = graph_of(root)
    clusters = {m.name: m.name.split(".")[0] for m in index.modules}
    grouping = Grouping((
        ("", ("orders", "orders.admin", "orders.models", "orders.reports", "orders.views",
              "utilities.charts", "utilities.charts.bars", "utilities.charts.lines",
              "utilities.paginate", "utilities.search", "utilities.models",
              "utilities.thumb")),
        ("", ("users", "users.admin", "users.models", "users.views",
              "utilities.permissions"))), Choice(None))
    owners = {"orders.models", "users.models", "utilities.models", "utilities.thumb"}
    _, moved = helper_kernel(index, graph, SeamConfig(), clusters, grouping, ["base"], [],
                             owners)
    taken = {k.module for k in moved}
    assert {"utilities.models", "utilities.thumb"} <= taken
    assert "utilities.search" not in taken


def test_a_helper_package_inside_a_domains_package_is_the_domains() -> None:
    names = ["shop", "shop.settings", "shop.utils", "shop.utils.text", "shop.orders",
             "shop.orders.models", "shop.orders.views", "shop.orders.utils",
             "shop.orders.utils.totals", "shop.users", "shop.users.models",
             "shop.users.views", "shop.api", "shop.api.utils", "shop.api.utils.paging",
             "shop.server", "shop.server.app", "shop.server.lib", "shop.server.lib.tornado",
             "shop.catalog", "shop.catalog.models", "shop.catalog.views", "shop.catalog.search",
             "shop.catalog.export", "shop.catalog.import_", "shop.billing",
             "shop.billing.models", "shop.billing.views", "shop.billing.tax",
             "shop.billing.refunds", "shop.billing.reports"]
    found = domain_helper_packages(
        {"shop.utils", "shop.orders.utils", "shop.api.utils", "shop.server.lib"}, names,
        ["shop.server.app"])
    # `orders` names a domain: its `utils/` are the orders' helpers. The project package's
    # own `utils/` and a layer package's (`api/utils`) are the platform's places; the
    # package making the application object (`server/`) is the platform's too.
    assert found == {"shop.orders.utils"}
    # A package wrapping the whole application (a third of the modules or more) names no
    # domain.
    wrapped = ["app", "app.web", "app.web.one", "app.web.two", "app.web.utils",
               "app.web.utils.text", "app.other"]
    assert domain_helper_packages({"app.web.utils"}, wrapped) == set()


def test_a_domains_own_helper_package_stays_with_the_domain(tmp_path: Path) -> None:
    # (three more domains, so that `orders/` holds less than a third of the modules)
    more = {f"{name}/{module}.py": "" for name in ("catalog", "billing", "stock")
            for module in ("__init__", "models")}
    tree = build_tree(tmp_path / "tools", {
        **more,
        "base.py": "class Model:\n    pass\n",
        "orders/__init__.py": "",
        "orders/models.py": "from base import Model\n"
                            "class Order(Model):\n    __tablename__ = 'orders'\n",
        "orders/views.py": "from orders.models import Order\n"
                           "from orders.utils.totals import total\n"
                           "def index():\n    return total([Order])\n",
        "orders/utils/__init__.py": "",
        "orders/admin.py": "from orders.models import Order\n"
                           "def edit():\n    return Order(), Order()\n",
        "orders/utils/totals.py": "def total(items):\n    return items\n",
        "users/__init__.py": "",
        "users/models.py": "from base import Model\n"
                           "class User(Model):\n    __tablename__ = 'users'\n",
        "users/admin.py": "from users.models import User\n"
                          "def edit():\n    return User(), User()\n",
        "users/views.py": "from users.models import User\n"
                          "from utilities.permissions import allowed\n"
                          "def index():\n    return allowed(User)\n",
        "utilities/__init__.py": "",
        "utilities/permissions.py": "def allowed(x):\n    return x\n",
    })
    index, graph = graph_of(tree)
    clusters = {m.name: m.name.split(".")[0] for m in index.modules}
    grouping = Grouping((
        ("", ("orders", "orders.admin", "orders.models", "orders.utils",
              "orders.utils.totals", "orders.views")),
        ("", ("users", "users.admin", "users.models", "users.views",
              "utilities.permissions"))),
        Choice(None))
    kept, moved = helper_kernel(index, graph, SeamConfig(), clusters, grouping,
                                ["base"], [], set())
    # The top-level helper package is the platform's; the orders' own `utils/` stays with
    # the orders, though its module has no data and stands only on the kernel.
    assert {k.module for k in moved} == {"utilities.permissions"}
    left = {m for _, members in kept.groups for m in members}
    assert {"orders.utils", "orders.utils.totals"} <= left
