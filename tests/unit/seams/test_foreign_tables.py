"""Tables of another database (a data source's catalog read by raw SQL) belong to no seam."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.explain import foreign_tables

MODELS = "\n".join(
    f"class {name.capitalize()}(models.Model):\n    title = models.CharField(max_length=9)\n"
    f"    class Meta:\n        db_table = '{name}'\n"
    for name in ("orders", "items", "carts", "payments", "refunds", "coupons"))


def _project(root: Path, with_models: bool) -> Path:
    files = {
        "shop/__init__.py": "",
        "shop/runners/__init__.py": "",
        # A query runner reads a user's data source: its catalog is not the shop's table.
        "shop/runners/vertica.py": (
            "def schema(cursor):\n"
            "    cursor.execute('SELECT table_name, column_name FROM view_columns')\n"
            "    return cursor.fetchall()\n"),
        "shop/runners/base.py": "from shop.runners import vertica\nRUNNERS = [vertica]\n",
    }
    if with_models:
        files["shop/models.py"] = "from django.db import models\n" + MODELS
        files["shop/views.py"] = ("from shop.models import Orders, Items\n"
                                  "def index(request):\n"
                                  "    return [Orders.objects.all(), Items.objects.all()]\n")
    else:
        files["shop/db.py"] = (
            "def orders(cursor):\n    cursor.execute('SELECT * FROM orders')\n"
            "def add(cursor):\n    cursor.execute('INSERT INTO orders (id) VALUES (1)')\n")
    return build_tree(root, files)


def test_a_catalog_read_by_raw_sql_is_no_seams_table(tmp_path: Path) -> None:
    index, graph = graph_of(_project(tmp_path / "orm", with_models=True))
    assert foreign_tables(index) == {"view_columns"}
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    assert not any("view_columns" in seam.tables_owned for seam in proposal.seams)
    assert any("view_columns" in note and "no seam owns" in note for note in proposal.notes)


def test_without_an_orm_raw_sql_tables_are_the_projects(tmp_path: Path) -> None:
    index, _ = graph_of(_project(tmp_path / "sql", with_models=False))
    assert foreign_tables(index) == frozenset()
