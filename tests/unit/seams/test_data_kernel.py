"""Issue 10 (data first): code working mostly on one domain's tables is that domain's, not the
kernel's, even with one join to another domain's table; a models module mapping the whole
schema is not one domain's code."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of


def _shop(tmp_path: Path, loaders_reads: tuple[str, ...]) -> Path:
    """An orders domain that maps three tables, a users domain that maps one; `lib/loaders`
    reads `loaders_reads`; three plugins use it and a data-free helper."""
    reads = "\n".join(f"    db.execute('SELECT * FROM {t}')" for t in loaders_reads)
    files = {
        "app/__init__.py": "",
        "app/orders/__init__.py": "",
        "app/orders/models.py": """
            class Order:
                __tablename__ = "orders"
            class Line:
                __tablename__ = "order_lines"
            class Refund:
                __tablename__ = "refunds"
            """,
        "app/orders/views.py": "from app.orders import models\nX = models\n",
        "app/users/__init__.py": "",
        "app/users/models.py": "class User:\n    __tablename__ = 'user_rows'\n",
        "app/users/views.py": "from app.users import models\nX = models\n",
        "app/lib/__init__.py": "",
        "app/lib/loaders.py": f"def load(db):\n{reads}\n",
        "app/lib/text.py": "def slug(x):\n    return x\n",
    }
    for plugin in ("p1", "p2", "p3"):
        files[f"app/{plugin}/__init__.py"] = ""
        files[f"app/{plugin}/plugin.py"] = (
            "from app.lib import loaders, text\n"
            "def run(db):\n    return loaders.load(db), text.slug(1)\n")
        files[f"app/{plugin}/helpers.py"] = f"from app.{plugin} import plugin\nX = plugin\n"
    return build_tree(tmp_path / "proj", files)


def _kernel(tmp_path: Path, reads: tuple[str, ...]) -> set[str]:
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import find_kernel

    index, graph = graph_of(_shop(tmp_path, reads))
    clusters = {m.name: m.name.split(".")[1] for m in index.modules if "." in m.name}
    clusters["app.lib.loaders"] = "orders"  # the first pass put it with the orders
    return {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, ())}


def test_one_join_to_another_domains_table_leaves_domain_code_out_of_the_kernel(
        tmp_path: Path) -> None:
    # Three of its four tables are the orders domain's: it is the orders' code.
    kernel = _kernel(tmp_path, ("orders", "order_lines", "refunds", "user_rows"))
    assert "app.lib.loaders" not in kernel
    assert "app.lib.text" in kernel  # the helper without data stays shared


def test_code_reading_two_domains_tables_evenly_stays_shared(tmp_path: Path) -> None:
    kernel = _kernel(tmp_path, ("orders", "order_lines", "user_rows"))
    assert "app.lib.loaders" in kernel


def test_a_module_mapping_the_whole_schema_is_not_one_domains_code(tmp_path: Path) -> None:
    from strangler.seams.kernel import domain_data_users

    index, graph = graph_of(build_tree(tmp_path / "p", {
        "app/__init__.py": "",
        "app/models.py": """
            class A:
                __tablename__ = "a"
            class B:
                __tablename__ = "b"
            class C:
                __tablename__ = "c"
            class D:
                __tablename__ = "d"
            def stats(db):
                db.execute("SELECT * FROM a")
                db.execute("SELECT * FROM b")
                db.execute("SELECT * FROM c")
            """,
        "app/report.py": """
            def report(db):
                db.execute("SELECT * FROM a")
                db.execute("SELECT * FROM b")
                db.execute("SELECT * FROM c")
            """,
    }))
    clusters = {"app.models": "x", "app.report": "x"}
    assert domain_data_users(index, graph, clusters) == {"app.report"}
