"""SQLAlchemy Core tables declared as class attributes of a schema class and reached through
the object holding it (`self.db.model.builds.select()`), and `metadata.tables["name"]`:
the module whose chain goes through a holder of the schema reads (writes) the table."""

from __future__ import annotations

from pathlib import Path

from helpers import index_of, package_tree, table_accessors

SCHEMA = """
    import sqlalchemy as sa

    class Model:
        metadata = sa.MetaData()

        builds = sa.Table("builds", metadata,
                          sa.Column("id", sa.Integer, primary_key=True),
                          sa.Column("number", sa.Integer))
        steps = sa.Table("steps", metadata,
                         sa.Column("id", sa.Integer, primary_key=True),
                         sa.Column("buildid", sa.Integer, sa.ForeignKey("builds.id")))
        logs = sa.Table("logs", metadata, sa.Column("id", sa.Integer, primary_key=True))

        def __init__(self, master):
            self.master = master
"""

CONNECTOR = """
    from app.db import model

    class Connector:
        def __init__(self):
            self.model = model.Model(self)
"""


def _schema_project(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """The package `app` with the schema class in `app/db/model.py`, and `files`."""
    return package_tree(tmp_path / "proj", {"app/db/model.py": SCHEMA, **files})


def test_tables_reached_through_the_bound_schema_object(tmp_path: Path) -> None:
    root = _schema_project(tmp_path, {
        "app/db/connector.py": CONNECTOR,
        "app/db/builds.py": """
            import sqlalchemy as sa

            class BuildsComponent:
                def get(self, buildid):
                    tbl = self.db.model.builds
                    return sa.select(tbl.c.id).where(tbl.c.id == buildid)

                def add(self, number):
                    tbl = self.db.model.builds

                    def thd(conn):
                        conn.execute(tbl.insert(), {"number": number})
                    return thd
        """,
        "app/db/steps.py": """
            import sqlalchemy as sa

            class StepsComponent:
                def get(self):
                    return sa.select(self.db.model.steps.c.id)

                def remove(self):
                    return sa.delete(self.db.model.logs)
        """,
    })
    index = index_of(root)
    assert table_accessors(index, "builds") == ({"app.db.builds"}, {"app.db.builds"})
    assert table_accessors(index, "steps") == ({"app.db.steps"}, set())
    assert table_accessors(index, "logs") == (set(), {"app.db.steps"})
    facts = index.completeness
    assert facts is not None
    assert facts.tables_without_accessor == ()


def test_the_schema_class_itself_holds_its_tables(tmp_path: Path) -> None:
    root = _schema_project(tmp_path, {
        "app/scripts.py": """
            from app.db import model

            def reset():
                return model.Model.builds.update().values(number=0)
        """,
    })
    index = index_of(root)
    assert table_accessors(index, "builds") == (set(), {"app.scripts"})


def test_metadata_tables_by_name(tmp_path: Path) -> None:
    root = _schema_project(tmp_path, {
        "app/copy.py": """
            def copy(meta, conn):
                table = meta.metadata.tables["steps"]
                conn.execute(meta.metadata.tables["logs"].insert(), [])
                return meta.metadata.tables["no_such_table"]
        """,
    })
    index = index_of(root)
    assert table_accessors(index, "steps") == ({"app.copy"}, set())
    assert table_accessors(index, "logs") == (set(), {"app.copy"})
    assert "no_such_table" not in {t.name for t in index.tables}


def test_a_same_named_attribute_of_another_object_is_no_access(tmp_path: Path) -> None:
    root = _schema_project(tmp_path, {
        "app/db/connector.py": CONNECTOR,
        "app/ui.py": """
            class Page:
                def render(self, master):
                    # `builds` of the master and of a page, `logs` of a row: no table
                    count = len(self.master.builds)
                    self.builds.insert(0, count)
                    row = master.fetch()
                    return row.logs, self.model_name.steps

            def gather(model):
                # a parameter named like the schema's holder may be any object
                return [build for build in model.builds]
        """,
    })
    index = index_of(root)
    assert table_accessors(index, "builds") == (set(), set())
    assert table_accessors(index, "logs") == (set(), set())
    assert table_accessors(index, "steps") == (set(), set())
