"""Issue 10: a key-value settings store (`config`: id, key, value) is the platform's, not
domain data: the helper that reads and writes it is a helper like any other."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig
from strangler.seams.kernel import owned_tables, settings_tables
from strangler.seams.platform import helper_kernel
from strangler.seams.propose import Choice, Grouping

MODELS = """\
from db import db
class Config(db.Model):
    __tablename__ = 'config'
    id = db.Column(db.Integer, primary_key=True)
    key = db.Column(db.Text)
    value = db.Column(db.Text)
class Topic(db.Model):
    __tablename__ = 'topics'
    id = db.Column(db.Integer, primary_key=True)
    value = db.Column(db.Text)
class Order(db.Model):
    __tablename__ = 'orders'
    id = db.Column(db.Integer, primary_key=True)
    total = db.Column(db.Integer)
class OrderExtra(db.Model):
    __tablename__ = 'order_extra'
    id = db.Column(db.Integer, primary_key=True)
    order_id = db.Column(db.Integer, db.ForeignKey('orders.id'))
    key = db.Column(db.Text)
    value = db.Column(db.Text)
"""


def _shop(tmp_path: Path) -> Path:
    """An app with one models module; `utils/config` reads and writes the settings
    store, `utils/dates` builds on it, and two domains' views use both."""
    return build_tree(tmp_path / "shop", {
        "db.py": "class _Db:\n    Model = object\n    session = None\n"
                 "    def Column(self, *a, **k):\n        return None\n"
                 "db = _Db()\n",
        "models.py": MODELS,
        "utils/__init__.py": "",
        "utils/config.py": "from models import Config\nfrom db import db\n"
                             "def get_config(key):\n"
                             "    return Config.query.filter_by(key=key).first()\n"
                             "def set_config(key, value):\n"
                             "    db.session.add(Config(key=key, value=value))\n"
                             "    db.session.commit()\n",
        "utils/dates.py": "from utils.config import get_config\n"
                          "def now():\n    return get_config('tz')\n",
        "orders/__init__.py": "",
        "orders/views.py": "from models import Order\nfrom utils.config import get_config\n"
                           "from utils.dates import now\n"
                           "def index():\n    return Order.query.all(), get_config('x'), now()\n",
        "topics/__init__.py": "",
        "topics/views.py": "from models import Topic\nfrom utils.config import set_config\n"
                           "from utils.dates import now\n"
                           "def index():\n"
                           "    return Topic.query.all(), set_config('y', 1), now()\n",
    })


def test_only_a_bare_key_value_table_is_a_settings_store(tmp_path: Path) -> None:
    index, _ = graph_of(_shop(tmp_path))
    # `topics` has no key; `order_extra` is one order's pairs (a foreign key): domain data.
    assert settings_tables(index) == {"config"}


def test_writing_the_settings_store_makes_no_data_owner(tmp_path: Path) -> None:
    index, graph = graph_of(_shop(tmp_path))
    assert any(link.module == "utils.config" and link.table == "config" and link.writes
               for link in graph.table_access)
    owned = owned_tables(index, graph)
    assert "utils.config" not in owned
    assert "config" not in owned.get("models", set())
    assert {"orders", "topics"} <= owned["models"]


def test_the_helper_over_the_settings_store_joins_the_helper_kernel(tmp_path: Path) -> None:
    index, graph = graph_of(_shop(tmp_path))
    clusters = {m.name: m.name.split(".")[0] for m in index.modules}
    grouping = Grouping((
        ("", ("orders", "orders.views", "utils", "utils.config", "utils.dates")),
        ("", ("topics", "topics.views"))), Choice(None))
    _, moved = helper_kernel(index, graph, SeamConfig(), clusters, grouping,
                             ["db", "models"], [], set())
    assert {k.module for k in moved} == {"utils.config", "utils.dates"}
