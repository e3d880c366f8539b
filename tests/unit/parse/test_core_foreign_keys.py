"""Foreign keys of SQLAlchemy Core tables: `Table("resource", metadata, Column("package_id",
ForeignKey("package.id")))` (also `sa.ForeignKey` and `ForeignKeyConstraint`) relate the
Table object to the model of the table it refers to, as a model class's `ForeignKey` does."""

from __future__ import annotations

from pathlib import Path

from helpers import index_of, package_tree

PACKAGE = """
    from sqlalchemy import Column, MetaData, Table, types
    from sqlalchemy.orm import registry

    metadata = MetaData()
    package_table = Table("package", metadata, Column("id", types.UnicodeText, primary_key=True))

    class Package:
        pass

    mapper_registry = registry()
    mapper_registry.map_imperatively(Package, package_table)
"""

RESOURCE = """
    import sqlalchemy as sa
    from sqlalchemy import Column, ForeignKey, Table, types
    from app.model.package import metadata

    resource_table = Table(
        "resource", metadata,
        Column("id", types.UnicodeText, primary_key=True),
        Column("package_id", types.UnicodeText, ForeignKey("package.id"), nullable=False),
    )
    view_table = sa.Table(
        "resource_view", metadata,
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("resource_id", sa.UnicodeText, sa.ForeignKey("resource.id")),
    )
    extra_table = Table(
        "resource_extra", metadata,
        Column("resource_id", types.UnicodeText),
        sa.ForeignKeyConstraint(["resource_id"], ["resource.id"]),
    )
"""


def _relations(index) -> set[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    return {(r.source, r.target, r.source_module, r.target_module) for r in index.relations}


def test_core_table_foreign_keys_relate_their_tables(tmp_path: Path) -> None:
    root = package_tree(tmp_path / "proj", {
        "app/model/package.py": PACKAGE,
        "app/model/resource.py": RESOURCE,
    })
    found = _relations(index_of(root))
    assert ("app.model.resource.resource_table", "app.model.package.Package",
            "app.model.resource", "app.model.package") in found  # to the mapped class
    # to a table with only a Table object, by `sa.ForeignKey` and `ForeignKeyConstraint`
    assert ("app.model.resource.view_table", "app.model.resource.resource_table",
            "app.model.resource", "app.model.resource") in found
    assert ("app.model.resource.extra_table", "app.model.resource.resource_table",
            "app.model.resource", "app.model.resource") in found
    assert len(found) == 3


def test_keys_to_the_own_table_unknown_tables_or_column_objects_relate_nothing(
        tmp_path: Path) -> None:
    root = package_tree(tmp_path / "proj", {
        "app/tables.py": """
            from sqlalchemy import Column, ForeignKey, MetaData, Table, types

            metadata = MetaData()
            node = Table("node", metadata, Column("id", types.Integer, primary_key=True),
                         Column("parent_id", types.Integer, ForeignKey("node.id")))
            orphan = Table("orphan", metadata,
                           Column("owner_id", types.Integer, ForeignKey("no_such_table.id")),
                           Column("node_id", types.Integer, ForeignKey(node.c.id)))
            loose = ForeignKey("node.id")
        """,
    })
    assert _relations(index_of(root)) == set()
