"""Stand-alone scripts beside an application are left out of the proposal."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.scripts import SCRIPT_REASON, find_scripts

APP = {
    "shop/__init__.py": "",
    "shop/db.py": "def execute(sql, *args):\n    return sql\n",
    "shop/settings.py": "DEBUG = False\n",
    "shop/orders/__init__.py": "",
    "shop/orders/models.py": (
        "from shop.db import execute\n"
        "def save(order):\n    execute('INSERT INTO orders (id) VALUES (?)', order)\n"
        "def load(order_id):\n    return execute('SELECT * FROM orders WHERE id = ?', order_id)\n"),
    "shop/orders/views.py": (
        "from flask import Blueprint\nfrom shop.orders.models import load, save\n"
        "bp = Blueprint('orders', __name__)\n"
        "@bp.route('/orders/<int:order_id>')\ndef show(order_id):\n    return load(order_id)\n"
        "@bp.route('/orders', methods=['POST'])\ndef create():\n    return save(1)\n"),
    "shop/accounts/__init__.py": "",
    "shop/accounts/models.py": (
        "from shop.db import execute\n"
        "def create(name):\n    execute('INSERT INTO accounts (name) VALUES (?)', name)\n"
        "def find(name):\n    return execute('SELECT * FROM accounts WHERE name = ?', name)\n"),
    "shop/accounts/views.py": (
        "from flask import Blueprint\nfrom shop.accounts.models import create, find\n"
        "from shop import helpers\n"
        "bp = Blueprint('accounts', __name__)\n"
        "@bp.route('/accounts/<name>')\ndef show(name):\n    return find(name)\n"
        "@bp.route('/accounts', methods=['POST'])\ndef add():\n    return create('x')\n"),
    "shop/helpers.py": "import config\nLIMIT = config.LIMIT\n",
    # Beside the application: a top-level config module the application imports, and
    # scripts nothing imports (one in a folder without __init__.py, one at the top, and the
    # helper only a script uses).
    "config.py": "LIMIT = 10\n",
    "tools/create_fake_admin.py": (
        "from shop.db import execute\nfrom tools.common import banner\n"
        "def main():\n    banner()\n"
        "    execute('INSERT INTO accounts (name) VALUES (?)', 'admin')\n"
        "    execute('INSERT INTO orders (id) VALUES (?)', 1)\n"),
    "tools/common.py": "def banner():\n    print('tools')\n",
    "populate.py": "from shop.orders.models import save\nfrom shop.accounts.models import create\n"
                   "save(1)\ncreate('a')\n",
}


def test_scripts_beside_the_application_are_left_out(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", APP))
    found = {k.module: k.reason for k in find_scripts(index, graph, set())}
    assert found == {"populate": SCRIPT_REASON, "tools.common": SCRIPT_REASON,
                     "tools.create_fake_admin": SCRIPT_REASON}
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    left_out = {e.module for e in proposal.examples}
    assert {"populate", "tools.create_fake_admin", "tools.common"} <= left_out
    assigned = {m for seam in proposal.seams for m in seam.modules}
    assert not assigned & left_out
    # The fake-admin script writes both tables; left out, it shares none of them.
    assert not proposal.shared_tables
    assert any("script" in note for note in proposal.notes)


def test_a_kept_script_and_a_flat_project_stay(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", APP))
    assert "populate" not in {k.module for k in find_scripts(index, graph, {"populate"})}
    kept = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1),
                                                   keep_examples=True))
    assert "tools.create_fake_admin" not in {e.module for e in kept.examples}
    assert kept.shared_tables  # kept, the script's writes share the tables it touches
    # Every module at the top: nothing tells a script from the application.
    flat = {"app.py": "import models\nimport views\n", "models.py": "X = 1\n",
            "views.py": "import models\n", "populate.py": "import models\n"}
    index, graph = graph_of(build_tree(tmp_path / "flat", flat))
    assert find_scripts(index, graph, set()) == []


def test_namespace_and_plugin_packages_are_application_code(tmp_path: Path) -> None:
    # The application in a namespace package (`acme/` without __init__.py), and a folder of
    # plugin packages nothing imports (loaded through entry points): a plugin's view, model
    # and the rules module only its view uses are application code, not scripts.
    files = {f"acme/{path}": text.replace("from shop", "from acme.shop")
             for path, text in APP.items() if path.startswith("shop/")}
    files.update({
        "populate.py": "from acme.shop.orders.models import save\nsave(1)\n",
        "plugins/loyalty/__init__.py": "",
        "plugins/loyalty/models.py": (
            "from acme.shop.db import execute\n"
            "def add(points):\n    execute('INSERT INTO points (n) VALUES (?)', points)\n"),
        "plugins/loyalty/rules.py": ("from plugins.loyalty.models import add\n"
                                     "def reward(n):\n    return add(n * 2)\n"),
        "plugins/loyalty/views.py": (
            "from flask import Blueprint\nfrom plugins.loyalty.rules import reward\n"
            "bp = Blueprint('loyalty', __name__)\n"
            "@bp.route('/loyalty')\ndef show():\n    return reward(1)\n"),
    })
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    found = {k.module for k in find_scripts(index, graph, set())}
    assert found == {"populate"}


def test_the_helpers_of_a_kept_module_stay(tmp_path: Path) -> None:
    # A pinned or route-serving module outside the packages keeps the modules it uses.
    files = {**APP, "tools/serve_docs.py": (
        "from flask import Blueprint\nfrom tools.render import page\n"
        "bp = Blueprint('docs', __name__)\n@bp.route('/docs')\ndef docs():\n    return page()\n"),
        "tools/render.py": "def page():\n    return 'docs'\n"}
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    found = {k.module for k in find_scripts(index, graph, {"populate"})}
    assert "tools.render" not in found and "tools.serve_docs" not in found
    assert "tools.common" in found and "populate" not in found


def test_a_script_or_example_can_be_moved_and_pinned(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", APP))
    # --move brings a left-out module back into a seam, as it does a kernel module.
    moved = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1),
                                                    moves=(("populate", "orders"),)))
    orders = next(s for s in moved.seams if s.name == "orders")
    assert "populate" in orders.modules
    assert "populate" not in {e.module for e in moved.examples}
    assert any("moved populate" in note for note in moved.notes)
    # A pin keeps a module the example rules would leave out (a fake-data generator).
    pinned = propose_seams(index, graph, SeamRequest(config=SeamConfig(
        min_size=1, pins=(("admin", ("tools.create_fake_admin",)),))))
    assert "tools.create_fake_admin" not in {e.module for e in pinned.examples}
    assert ("admin", ("tools.create_fake_admin",)) in {(s.name, s.modules)
                                                        for s in pinned.seams}


def test_uses_by_a_left_out_script_are_not_said_to_come_from_kernel_or_roots(
        tmp_path: Path) -> None:
    # Only `populate` (a script) uses the orders seam from outside: the plan must not
    # say those uses come from the kernel or the roots alone.
    files = {path: text for path, text in APP.items() if not path.startswith("tools/")}
    files["shop/accounts/views.py"] = files["shop/accounts/views.py"].replace(
        "from shop import helpers\n", "")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    step = next(s for s in proposal.plan if s.seam == "orders")
    assert "none from another service" in step.reason
    assert "left-out scripts" in step.reason
