"""A module that maps every table is no data owner (the schema is the platform's), but its
kernel reason must say that it maps them, not "no tables of its own" (`pgadmin.model`,
`kallithea.model.db`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.model import KernelModule
from strangler.seams import SeamConfig
from strangler.seams.kernel import BREADTH_REASONS, find_kernel
from strangler.seams.kernel_returns import breadth_chosen

MODELS = """
    from sqlalchemy import Column, Integer
    from sqlalchemy.orm import declarative_base
    Base = declarative_base()
    class Order(Base):
        __tablename__ = "orders"
        id = Column(Integer, primary_key=True)
    class Invoice(Base):
        __tablename__ = "invoices"
        id = Column(Integer, primary_key=True)
    class Person(Base):
        __tablename__ = "persons"
        id = Column(Integer, primary_key=True)
    class Ticket(Base):
        __tablename__ = "tickets"
        id = Column(Integer, primary_key=True)
    """


def test_a_schema_module_is_said_to_map_its_tables(tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "app/model.py": MODELS,
             "app/text.py": "def slug(x):\n    return x\n"}
    for name in ("orders", "invoices", "persons", "tickets", "search"):
        files[f"app/{name}.py"] = "from app.model import Order\nfrom app.text import slug\n"
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    clusters = {m.name: m.name.split(".")[1] for m in index.modules if "." in m.name}
    reasons = {k.module: k.reason for k in find_kernel(index, graph, SeamConfig(), clusters, ())}
    assert reasons["app.model"] == (
        "maps 4 of the project's 4 tables, the schema: the platform's, not one domain's data; "
        "used by 5 of the 7 module groups")
    assert reasons["app.text"].startswith("no tables of its own; used by 5 of")
    # (still a breadth reason: `kernel_returns` re-checks it as before)
    assert BREADTH_REASONS.search(reasons["app.model"])
    assert breadth_chosen([KernelModule("app.model", reasons["app.model"])]) == {"app.model"}
