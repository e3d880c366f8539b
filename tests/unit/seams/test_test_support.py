"""Test-support code inside the application's packages is left out of the proposal, unless
application code uses it."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.test_support import TEST_SUPPORT_REASON, find_test_support

APP = {
    "shop/__init__.py": "",
    "shop/db.py": "def execute(sql, *args):\n    return sql\n",
    "shop/orders/__init__.py": "",
    "shop/orders/models.py": (
        "from shop.db import execute\n"
        "def save(order):\n    execute('INSERT INTO orders (id) VALUES (?)', order)\n"
        "def load(order_id):\n    return execute('SELECT * FROM orders WHERE id = ?', order_id)\n"),
    "shop/orders/views.py": (
        "from flask import Blueprint\nfrom shop.orders.models import load, save\n"
        "from shop.fixtures.defaults import DEFAULT_ORDER\n"
        "bp = Blueprint('orders', __name__)\n"
        "@bp.route('/orders/<int:order_id>')\ndef show(order_id):\n    return load(order_id)\n"
        "@bp.route('/orders', methods=['POST'])\ndef create():\n    return save(DEFAULT_ORDER)\n"),
    "shop/accounts/__init__.py": "",
    "shop/accounts/models.py": (
        "from shop.db import execute\n"
        "def create(name):\n    execute('INSERT INTO accounts (name) VALUES (?)', name)\n"
        "def find(name):\n    return execute('SELECT * FROM accounts WHERE name = ?', name)\n"),
    "shop/accounts/views.py": (
        "from flask import Blueprint\nfrom shop.accounts.models import create, find\n"
        "bp = Blueprint('accounts', __name__)\n"
        "@bp.route('/accounts/<name>')\ndef show(name):\n    return find(name)\n"
        "@bp.route('/accounts', methods=['POST'])\ndef add():\n    return create('x')\n"),
    # A `fixtures` package the application imports: its data, kept.
    "shop/fixtures/__init__.py": "",
    "shop/fixtures/defaults.py": "DEFAULT_ORDER = 1\n",
    # A pytest plugin shipped in the package (registered through an entry point).
    "shop/pytest_plugin.py": (
        "import pytest\nfrom shop.orders.models import save\n"
        "@pytest.fixture\ndef order():\n    return save(1)\n"),
    # A fake-data generator package: its command imports Faker, its modules write every
    # table, and only the command and each other use them.
    "shop/faker/__init__.py": "",
    "shop/faker/accounts.py": "from shop.accounts.models import create\n"
                              "def fake_account(fake):\n    create(fake.name())\n",
    "shop/faker/orders.py": "from shop.orders.models import save\nfrom shop.faker import accounts\n"
                            "def fake_order(fake):\n    accounts.fake_account(fake)\n"
                            "    save(1)\n",
    "shop/faker/commands.py": "from faker import Factory\n"
                              "from shop.faker.orders import fake_order\n"
                              "def main():\n    fake_order(Factory.create())\n",
    # A test project the tests run against.
    "shop/core/__init__.py": "",
    "shop/core/testproject/__init__.py": "",
    "shop/core/testproject/views.py": "from shop.accounts.models import find\n"
                                      "def page():\n    return find('x')\n",
}


def test_pytest_plugins_fake_data_and_test_projects_are_test_support(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", APP))
    found = {k.module: k.reason for k in find_test_support(index)}
    assert found == {m: TEST_SUPPORT_REASON for m in (
        "shop.core.testproject", "shop.core.testproject.views", "shop.faker",
        "shop.faker.accounts", "shop.faker.commands", "shop.faker.orders",
        "shop.pytest_plugin")}
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    left_out = {e.module for e in proposal.examples}
    assert set(found) <= left_out
    assigned = {m for seam in proposal.seams for m in seam.modules}
    assert not assigned & left_out
    assert "shop.fixtures.defaults" in assigned | {k.module for k in proposal.kernel}
    # The generator wrote both tables; left out, it shares neither.
    assert not proposal.shared_tables
    assert any("test-support" in note and "--keep-examples" in note
               for note in proposal.notes)


def test_kept_with_the_examples_option(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", APP))
    kept = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1),
                                                   keep_examples=True))
    assert not kept.examples
    assigned = {m for seam in kept.seams for m in seam.modules}
    assert {"shop.faker.orders", "shop.pytest_plugin"} <= assigned | {
        k.module for k in kept.kernel}
    by_config = propose_seams(index, graph, SeamRequest(
        config=SeamConfig(min_size=1, examples="keep")))
    assert not by_config.examples


def test_application_use_keeps_a_candidate_and_what_it_imports(tmp_path: Path) -> None:
    # Application code importing a test-support-named module makes it application code,
    # and the candidates that module imports with it; a registration by dotted string
    # (a settings list) is no use.
    files = {**APP,
             "shop/settings.py": "INSTALLED_APPS = ['shop.faker', 'shop.core.testproject']\n",
             "shop/accounts/views.py": APP["shop/accounts/views.py"]
             + "from shop.faker.orders import fake_order\n"}
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    found = {k.module for k in find_test_support(index)}
    assert "shop.faker.orders" not in found and "shop.faker.accounts" not in found
    assert "shop.faker" not in found  # the package of a module the application imports
    assert {"shop.faker.commands", "shop.core.testproject.views",
            "shop.pytest_plugin"} <= found
    assert "shop.fixtures.defaults" not in found
    # Left out already (an example), a module is neither returned nor keeps a candidate.
    assert "shop.pytest_plugin" not in {
        k.module for k in find_test_support(index, {"shop.pytest_plugin"})}
