"""The signal graph reads a model class's relations as a pull between modules, never the
foreign keys of SQLAlchemy Core `Table` objects (those feed the table-shape rules only:
on ckan they pulled the user model into the catalog)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.config import Signals, SignalWeights
from strangler.seams.signals import signal_graph


def test_core_keys_add_no_signal_edge_and_orm_keys_do(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/package.py": """
            from sqlalchemy import Column, Integer
            from sqlalchemy.orm import declarative_base

            Base = declarative_base()

            class Package(Base):
                __tablename__ = "package"
                id = Column(Integer, primary_key=True)
        """,
        "app/resource.py": """
            from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

            resource_table = Table("resource", MetaData(),
                                   Column("package_id", Integer, ForeignKey("package.id")))
        """,
        "app/tag.py": """
            from sqlalchemy import Column, ForeignKey, Integer
            from sqlalchemy.orm import declarative_base

            Base = declarative_base()

            class Tag(Base):
                __tablename__ = "tag"
                id = Column(Integer, primary_key=True)
                package_id = Column(Integer, ForeignKey("package.id"))
        """,
    })
    index, graph = graph_of(root)
    pairs = {(r.source_module, r.target_module) for r in index.relations}
    assert pairs == {("app.resource", "app.package"), ("app.tag", "app.package")}
    data_only = Signals(static=False, cochange=False, routes=False, package=False, words=False)
    signals = signal_graph(index, graph, SignalWeights(), data_only)
    assert signals.has_edge("app.tag", "app.package")
    assert not signals.has_edge("app.resource", "app.package")
