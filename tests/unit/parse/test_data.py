"""Tables: ORM models, Table() objects and raw SQL, with readers, writers and relations."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of, table_accessors

from strangler.parse.sql import tables_in_sql


def test_sqlalchemy_models_derived_names_tables_and_relations(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/models.py": """
            from sqlalchemy import Column, ForeignKey, Integer, Table
            from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
            from flask_sqlalchemy import SQLAlchemy

            db = SQLAlchemy()

            class Base(DeclarativeBase):
                pass

            class User(Base):
                __tablename__ = "users"
                id: Mapped[int] = mapped_column(primary_key=True)
                orders = relationship("Order")

            class Order(Base):
                __tablename__ = "orders"
                id = Column(Integer, primary_key=True)
                user_id = Column(Integer, ForeignKey("users.id"))

            class InvoiceLine(db.Model):
                id = db.Column(db.Integer, primary_key=True)

            tags = Table("tags", Base.metadata, Column("id", Integer))
            """,
        "app/service.py": """
            from app.models import User, Order, db

            def buy(user_id):
                user = User.query.get(user_id)
                db.session.add(Order(user_id=user.id))
            """,
    })
    index = index_of(root)
    tables = {t.name: t for t in index.tables}
    assert {m.name for m in tables["users"].models} == {"app.models.User"}
    assert tables["users"].models[0].line == 10
    assert {m.name for m in tables["invoice_line"].models} == {"app.models.InvoiceLine"}
    assert {m.name for m in tables["tags"].models} == {"app.models.tags"}
    readers, writers = table_accessors(index, "users")
    assert readers == {"app.service"}
    _, order_writers = table_accessors(index, "orders")
    assert order_writers == {"app.service"}  # Order(...) constructs a row
    relations = {(r.source, r.target) for r in index.relations}
    assert ("app.models.User", "app.models.Order") in relations  # relationship("Order")
    assert ("app.models.Order", "app.models.User") in relations  # ForeignKey("users.id")


def test_django_models_tables_and_string_relations(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "shop/__init__.py": "",
        "shop/models.py": """
            from django.db import models

            class Stamped(models.Model):
                created = models.DateTimeField()
                class Meta:
                    abstract = True

            class Product(Stamped):
                name = models.CharField(max_length=10)

            class Order(models.Model):
                product = models.ForeignKey("shop.Product", on_delete=models.CASCADE)
                buyer = models.ForeignKey("accounts.Customer", on_delete=models.CASCADE)
                class Meta:
                    db_table = "orders"
            """,
        "accounts/__init__.py": "",
        "accounts/models.py": """
            from django.db import models
            class Customer(models.Model):
                favourites = models.ManyToManyField("shop.Product")
            """,
        "accounts/views.py": """
            from django.apps import apps
            from shop.models import Order

            def history(request):
                Product = apps.get_model("shop", "Product")
                Order.objects.create(product=None)
                return Order.objects.filter(buyer=request.user)
            """,
    })
    index = index_of(root)
    names = {t.name for t in index.tables}
    assert {"shop_product", "orders", "accounts_customer"} <= names
    assert "shop_stamped" not in names  # abstract
    readers, writers = table_accessors(index, "orders")
    assert writers == {"accounts.views"} and readers == {"accounts.views"}
    product_readers, _ = table_accessors(index, "shop_product")
    assert product_readers == {"accounts.views"}  # apps.get_model("shop", "Product")
    relations = {(r.source, r.target) for r in index.relations}
    assert ("shop.models.Order", "shop.models.Product") in relations
    assert ("shop.models.Order", "accounts.models.Customer") in relations
    assert ("accounts.models.Customer", "shop.models.Product") in relations


def test_raw_sql_reads_and_writes_with_lines(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "pkg/__init__.py": "",
        "pkg/repo.py": '''
            def report(db, uid):
                db.execute("SELECT i.id FROM invoices i JOIN users u ON u.id = i.user_id")
                db.execute("INSERT INTO audit_log (event) VALUES (?)", ("x",))
                db.execute(f"UPDATE users SET name = {uid} WHERE id = 1")
                db.execute("""
                    DELETE FROM sessions
                    WHERE expires < now()
                """)
                message = "Select a file from the list"
            ''',
    })
    index = index_of(root)
    tables = {t.name: t for t in index.tables}
    assert set(tables) == {"invoices", "users", "audit_log", "sessions"}
    assert [(a.module, a.line) for a in tables["invoices"].readers] == [("pkg.repo", 2)]
    assert [(a.module, a.line) for a in tables["audit_log"].writers] == [("pkg.repo", 3)]
    assert {a.line for a in tables["users"].writers} == {4}
    assert {a.line for a in tables["users"].readers} == {2}
    assert [a.line for a in tables["sessions"].writers] == [5]


def test_table_helper_calls_on_database_handles_are_writes(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "pkg/__init__.py": "",
        "pkg/crud.py": """
            async def create(account, asset, conn=None):
                await (conn or db).insert("accounts", account)
                await db.update("assets", asset)
                await self.db.delete("wallets", {"id": 1})
                items.insert(0, "x")
                cache.delete("users")
                db.insert("not a table", account)
            """,
    })
    index = index_of(root)
    tables = {t.name: t for t in index.tables}
    assert set(tables) == {"accounts", "assets", "wallets"}
    assert [(a.module, a.line) for a in tables["accounts"].writers] == [("pkg.crud", 2)]
    assert [a.line for a in tables["assets"].writers] == [3]
    assert [a.line for a in tables["wallets"].writers] == [4]
    assert not tables["accounts"].readers


def test_sql_recognizer_rejects_prose_and_handles_ctes() -> None:
    assert tables_in_sql("Select a file from the list") == []
    assert tables_in_sql("delete from the queue when done") == []
    assert tables_in_sql("select id, name from users where id = 1") == [("users", "read")]
    assert sorted(tables_in_sql(
        "WITH recent AS (SELECT * FROM orders) SELECT * FROM recent JOIN users ON 1")) == [
        ("orders", "read"), ("users", "read")]
    assert tables_in_sql('INSERT OR REPLACE INTO "cache" VALUES (1)') == [("cache", "write")]


def test_sql_recognizer_skips_keywords_functions_catalogs_and_default_schemas() -> None:
    assert tables_in_sql("DROP TABLE IF EXISTS {}") == []
    assert tables_in_sql("SELECT * FROM generate_series(1, 3)") == []
    assert tables_in_sql("SELECT table_name FROM information_schema.tables") == []
    assert tables_in_sql("SELECT relname FROM pg_class") == []
    # other databases' catalogs, as a query runner reads them (Redash): ClickHouse, Redshift
    assert tables_in_sql("SELECT name FROM system.columns WHERE 1") == []
    assert tables_in_sql("SELECT * FROM svv_columns WHERE schemaname IN "
                         "(SELECT schemaname FROM SVV_EXTERNAL_SCHEMAS)") == []
    assert tables_in_sql("SELECT * FROM systems") == [("systems", "read")]
    assert tables_in_sql("SELECT * FROM public.group JOIN sales.orders ON 1") == [
        ("group", "read"), ("sales.orders", "read")]
    assert tables_in_sql(
        "WITH RECURSIVE child(depth) AS (SELECT 0 FROM member) SELECT * FROM child") == [
        ("member", "read")]


def test_sql_recognizer_skips_log_messages_and_more_catalogs() -> None:
    # a log line that starts like DDL: the word after the keyword ends with a colon
    assert tables_in_sql("CREATE TABLE query: %s") == []
    assert tables_in_sql("DELETE FROM cache: %d rows removed") == []
    assert tables_in_sql("SELECT name FROM system:keyspaces") == []  # N1QL's catalog
    assert tables_in_sql("SELECT * FROM users WHERE id = :id") == [("users", "read")]
    # DB2, Cassandra/ScyllaDB and Exasol catalogs
    assert tables_in_sql("SELECT * FROM syscat.tables t JOIN syscat.columns c ON 1") == []
    assert tables_in_sql("SELECT 1 FROM SYSIBM.SYSDUMMY1") == []
    assert tables_in_sql("SELECT * FROM system_schema.columns") == []
    assert tables_in_sql("SELECT * FROM EXA_ALL_COLUMNS") == []
    assert tables_in_sql("SELECT * FROM exams") == [("exams", "read")]


def test_classical_mapping_links_a_class_to_its_table(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/model.py": """
            from sqlalchemy import Table, Column, Integer
            package_table = Table("package", meta, Column("id", Integer))
            class Package:
                pass
            registry.map_imperatively(Package, package_table)
            """,
        "app/views.py": "from app.model import Package\n\ndef f(i):\n    return Package.get(i)\n",
    })
    index = index_of(root)
    package = {t.name: t for t in index.tables}["package"]
    assert "app.model.Package" in {m.name for m in package.models}
    assert [(a.module, a.line) for a in package.readers] == [("app.views", 4)]


def test_docstrings_are_not_sql(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "pkg/__init__.py": "",
        "pkg/engine.py": '''
            def select_star():
                """SELECT the columns FROM the table the user named."""
                return "SELECT id FROM accounts"
            ''',
    })
    assert {t.name for t in index_of(root).tables} == {"accounts"}


def test_sql_in_documentation_values_is_not_a_table(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "pkg/__init__.py": "",
        "pkg/schemas.py": '''
            from marshmallow import fields
            sql = fields.String(metadata={"description": "the query",
                                          "example": "SELECT value FROM time_series_table"})
            limit = Field(10, example="SELECT x FROM example_table", title="DELETE FROM x")
            RUN = {"query": "SELECT id FROM accounts"}
            ''',
    })
    assert {t.name for t in index_of(root).tables} == {"accounts"}


def test_relation_targets_given_by_keyword(tmp_path: Path) -> None:
    """`ForeignKey(to="app.Model")` (Django) and `relationship(argument="Model")` (SQLAlchemy)
    name their target by keyword; a project written that way must not lose every relation."""
    root = build_tree(tmp_path / "proj", {
        "shop/__init__.py": "",
        "shop/models.py": """
            from django.db import models

            class Product(models.Model):
                name = models.CharField(max_length=10)

            class Order(models.Model):
                product = models.ForeignKey(to="shop.Product", on_delete=models.CASCADE)
                buyer = models.ForeignKey(on_delete=models.CASCADE, to="accounts.Customer")
                extras = models.ManyToManyField(to=Product, related_name="+")
            """,
        "accounts/__init__.py": "",
        "accounts/models.py": """
            from django.db import models
            class Customer(models.Model):
                name = models.CharField(max_length=10)
            """,
        "ledger/__init__.py": "",
        "ledger/models.py": """
            from sqlalchemy import Column, Integer
            from sqlalchemy.orm import declarative_base, relationship
            Base = declarative_base()

            class Account(Base):
                __tablename__ = "accounts"
                id = Column(Integer, primary_key=True)

            class Entry(Base):
                __tablename__ = "entries"
                id = Column(Integer, primary_key=True)
                account = relationship(argument="Account", back_populates="entries")
            """,
    })
    relations = {(r.source, r.target) for r in index_of(root).relations}
    assert ("shop.models.Order", "shop.models.Product") in relations
    assert ("shop.models.Order", "accounts.models.Customer") in relations
    assert ("ledger.models.Entry", "ledger.models.Account") in relations


def test_django_proxy_model_uses_its_concrete_base_table(tmp_path: Path) -> None:
    """A proxy model (`Meta.proxy = True`) has no table: it reads and writes its base's."""
    root = build_tree(tmp_path / "proj", {
        "users/__init__.py": "",
        "users/models.py": """
            from django.db import models

            class Token(models.Model):
                key = models.CharField(max_length=40)

            class OwnToken(Token):
                class Meta:
                    proxy = True
                    verbose_name = "token"

            class Session(Token):  # multi-table inheritance: a table of its own
                expires = models.DateTimeField()
            """,
        "account/__init__.py": "",
        "account/views.py": """
            from users.models import OwnToken

            def tokens(request):
                return OwnToken.objects.filter(user=request.user)
            """,
    })
    index = index_of(root)
    tables = {t.name: t for t in index.tables}
    assert "users_owntoken" not in tables
    assert {m.name for m in tables["users_token"].models} == {
        "users.models.Token", "users.models.OwnToken"}
    assert "users_session" in tables
    readers, _ = table_accessors(index, "users_token")
    assert readers == {"account.views"}


def test_a_subclass_naming_a_table_but_adding_no_column_is_single_table_inheritance(
        tmp_path: Path) -> None:
    """`class Admins(Users): __tablename__ = "admins"` with no column of its own maps the
    parent's table (Flask-SQLAlchemy makes it single-table inheritance; plain SQLAlchemy could
    not join a table without a key); a subclass with its own key column has its own table."""
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/models.py": """
            from flask_sqlalchemy import SQLAlchemy
            db = SQLAlchemy()

            class Users(db.Model):
                __tablename__ = "users"
                id = db.Column(db.Integer, primary_key=True)
                type = db.Column(db.String(80))
                __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "user"}

            class Admins(Users):
                __tablename__ = "admins"
                __mapper_args__ = {"polymorphic_identity": "admin"}

            class Challenges(db.Model):
                __tablename__ = "challenges"
                id = db.Column(db.Integer, primary_key=True)

            class DynamicChallenge(Challenges):
                __tablename__ = "dynamic_challenge"
                id = db.Column(db.Integer, db.ForeignKey("challenges.id"), primary_key=True)
            """,
        "app/views.py": """
            from app.models import Admins

            def admins():
                return Admins.query.all()
            """,
    })
    index = index_of(root)
    tables = {t.name: t for t in index.tables}
    assert "admins" not in tables
    assert {m.name for m in tables["users"].models} == {"app.models.Users", "app.models.Admins"}
    assert {m.name for m in tables["dynamic_challenge"].models} == {
        "app.models.DynamicChallenge"}
    readers, _ = table_accessors(index, "users")
    assert readers == {"app.views"}


def test_tables_in_postgresql_schemas_are_told_apart(tmp_path: Path) -> None:
    """Two domains that each keep a `files` table in their own schema (`__table_args__` as a
    dict, a tuple ending in a dict, a `@declared_attr` method, `Table(..., schema=)`) own two
    tables, not one shared table; a settings mixin's `__tablename__` lands in each model's
    schema; foreign keys written `schema.table.column` find their model."""
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/db.py": """
            from flask_sqlalchemy import SQLAlchemy
            from sqlalchemy.ext.declarative import declared_attr
            db = SQLAlchemy()

            class SettingsBase:
                __tablename__ = "settings"
                name = db.Column(db.String, primary_key=True)
            """,
        "app/events.py": """
            from app.db import SettingsBase, db, declared_attr

            class Event(db.Model):
                __tablename__ = "events"
                __table_args__ = {"schema": "events"}
                id = db.Column(db.Integer, primary_key=True)

            class EventFile(db.Model):
                __tablename__ = "files"
                __table_args__ = (db.Index(None, "event_id"), {"schema": "events"})
                id = db.Column(db.Integer, primary_key=True)
                event_id = db.Column(db.Integer, db.ForeignKey("events.events.id"))

            class EventSetting(SettingsBase, db.Model):
                @declared_attr
                def __table_args__(cls):
                    return auto_table_args(cls, schema="events")
                event_id = db.Column(db.Integer, db.ForeignKey("events.events.id"))

            favorites = db.Table("favorites", db.metadata, db.Column("id", db.Integer),
                                 schema="events")
            """,
        "app/attachments.py": """
            from app.db import SettingsBase, db

            class AttachmentFile(db.Model):
                __tablename__ = "files"
                __table_args__ = {"schema": "attachments"}
                id = db.Column(db.Integer, primary_key=True)

            class AttachmentSetting(SettingsBase, db.Model):
                __table_args__ = {"schema": "attachments"}
                folder_id = db.Column(db.Integer)
            """,
        "app/service.py": """
            from app.attachments import AttachmentFile

            def upload():
                return AttachmentFile.query.all()
            """,
    })
    index = index_of(root)
    tables = {t.name: t for t in index.tables}
    assert "files" not in tables and "events" not in tables
    assert {m.name for m in tables["events.files"].models} == {"app.events.EventFile"}
    assert {m.name for m in tables["attachments.files"].models} == {
        "app.attachments.AttachmentFile"}
    assert {m.name for m in tables["events.settings"].models} == {"app.events.EventSetting"}
    assert {m.name for m in tables["attachments.settings"].models} == {
        "app.attachments.AttachmentSetting"}
    assert {c.name for c in tables["events.settings"].columns} >= {"name", "event_id"}
    assert {m.name for m in tables["events.favorites"].models} == {"app.events.favorites"}
    readers, _ = table_accessors(index, "attachments.files")
    assert readers == {"app.service"}
    relations = {(r.source, r.target) for r in index.relations}
    assert ("app.events.EventFile", "app.events.Event") in relations
    assert ("app.events.EventSetting", "app.events.Event") in relations


def test_a_cte_inside_a_subquery_is_no_table() -> None:
    """pgadmin4: `ARRAY(WITH RECURSIVE cte AS (...) SELECT ... FROM cte)` inside a SELECT
    made a table `cte`."""
    found = tables_in_sql(
        "SELECT CASE WHEN 'x' = ANY(ARRAY(WITH RECURSIVE cte AS ("
        "SELECT pg_roles.oid FROM roles UNION SELECT m.roleid FROM cte "
        "JOIN members m ON m.member = cte.oid) SELECT rolname FROM cte)) THEN True END")
    assert sorted(found) == [("members", "read"), ("roles", "read")]


def test_table_dsl_subscript_declares_tables_and_columns(tmp_path: Path) -> None:
    """trac's schema: `Table('name', key=...)[Column('x', type='int'), Index([...])]`."""
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/db_default.py": """
            from app.schema import Table, Column, Index
            schema = [
                Table('ticket', key='id')[
                    Column('id', auto_increment=True),
                    Column('time', type='int64'),
                    Index(['time'])],
                Table('wiki', key=('name', 'version'))[
                    Column('name'),
                    Column('text')],
            ]
            """,
        "app/schema.py": "class Table: pass\nclass Column: pass\nclass Index: pass\n",
        "app/ticket.py": "def get(db):\n    db.execute('SELECT id, time FROM ticket')\n",
    })
    tables = {t.name: t for t in index_of(root).tables}
    assert [(c.name, c.type) for c in tables["ticket"].columns] == [("id", ""), ("time", "int64")]
    assert [c.name for c in tables["wiki"].columns] == ["name", "text"]
    assert {m.module for m in tables["wiki"].models} == {"app.db_default"}


def test_a_declarative_base_with_columns_and_a_tablename_method_maps_no_table(
        tmp_path: Path) -> None:
    """`class Base(DeclarativeBase)` with the common `id`/`created` columns and a
    `@declared_attr` `__tablename__` is no `base` table: each model maps its own table,
    named by the method's rule (CamelCase -> snake_case, or `cls.__name__.lower()`)."""
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/orm.py": """
            from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

            class Base(DeclarativeBase):
                id: Mapped[int] = mapped_column(primary_key=True)
                created: Mapped[str]

                @declared_attr.directive
                def __tablename__(cls) -> str:
                    return SNAKE.sub("_", cls.__name__).lower()

            class Run(Base):
                __abstract__ = True
                state: Mapped[str]

            class FlowRun(Run):
                flow: Mapped[str]

            class WorkPool(Base):
                name: Mapped[str]

            class Flagged(Base):
                pass

            class Event(Base):
                @declared_attr.directive
                def __tablename__(cls) -> str:
                    return "events"

                occurred: Mapped[str]
            """,
        "app/legacy.py": """
            from sqlalchemy import Column, Integer
            from sqlalchemy.ext.declarative import as_declarative, declared_attr

            @as_declarative()
            class Model:
                id = Column(Integer, primary_key=True)

                @declared_attr
                def __tablename__(cls):
                    return cls.__name__.lower()

            class ItemTag(Model):
                label = Column(Integer)
            """,
        "app/service.py": """
            from app.orm import FlowRun, WorkPool

            def start(pool_id):
                pool = WorkPool(name="x")
                return FlowRun(flow=pool.name)
            """,
    })
    index = index_of(root)
    tables = {t.name: {m.name for m in t.models} for t in index.tables}
    assert tables == {"flow_run": {"app.orm.FlowRun"}, "work_pool": {"app.orm.WorkPool"},
                      "flagged": {"app.orm.Flagged"}, "itemtag": {"app.legacy.ItemTag"},
                      "events": {"app.orm.Event"}}
    columns = {t.name: {c.name for c in t.columns} for t in index.tables}
    assert {"id", "created", "state", "flow"} <= columns["flow_run"]
    _, writers = table_accessors(index, "work_pool")
    assert writers == {"app.service"}


def test_tortoise_and_peewee_models_are_tables(tmp_path: Path) -> None:
    """Active-record ORMs: Tortoise ORM (FastAPI) and Peewee (Flask) models map tables named
    by `Meta.table` / `Meta.table_name`, else the class name in lower case; an abstract or
    field-less base (Peewee's `BaseModel` naming the database) maps none."""
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/models.py": """
            from tortoise import fields
            from tortoise.models import Model

            class Timestamped(Model):
                created = fields.DatetimeField(auto_now_add=True)

                class Meta:
                    abstract = True

            class Tournament(Timestamped):
                name = fields.CharField(max_length=255)

            class Event(Model):
                name = fields.CharField(max_length=255)
                tournament = fields.ForeignKeyField("models.Tournament")

                class Meta:
                    table = "event_log"
            """,
        "app/legacy.py": """
            import peewee

            db = peewee.SqliteDatabase("x.db")

            class BaseModel(peewee.Model):
                class Meta:
                    database = db

            class UserProfile(BaseModel):
                username = peewee.CharField(unique=True)

            class Tweet(BaseModel):
                user = peewee.ForeignKeyField(UserProfile, backref="tweets")

                class Meta:
                    table_name = "tweets"
            """,
        "app/service.py": """
            from app.models import Event, Tournament
            from app.legacy import Tweet

            async def open_event(name):
                tournament = await Tournament.get(name=name)
                return await Event.create(name=name, tournament=tournament)

            def timeline():
                return list(Tweet.select())
            """,
    })
    index = index_of(root)
    tables = {t.name: {m.name for m in t.models} for t in index.tables}
    assert tables == {"tournament": {"app.models.Tournament"},
                      "event_log": {"app.models.Event"},
                      "userprofile": {"app.legacy.UserProfile"},
                      "tweets": {"app.legacy.Tweet"}}
    readers, writers = table_accessors(index, "event_log")
    assert writers == {"app.service"}
    readers, _ = table_accessors(index, "tournament")
    assert readers == {"app.service"}
    readers, _ = table_accessors(index, "tweets")
    assert readers == {"app.service"}
    relations = {(r.source, r.target) for r in index.relations}
    assert ("app.legacy.Tweet", "app.legacy.UserProfile") in relations
