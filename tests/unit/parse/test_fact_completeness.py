"""Facts that used to be missed: own-module table accesses, write constructs, route
registries, Django keyword routes, pre-3.7 names, and the completeness summary."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of, table_accessors

from strangler.parse.source import parse
from strangler.report.completeness import completeness_data

MODELS = """
    from flask_sqlalchemy import SQLAlchemy
    db = SQLAlchemy()
    tags = db.Table("order_tags", db.Column("order_id", db.Integer))

    class Order(db.Model):
        __tablename__ = "orders"
        id = db.Column(db.Integer, primary_key=True)
        labels = db.relationship("Label", secondary=tags)

        @classmethod
        def by_id(cls, session, ident):
            return session.get(Order, ident)

    class Label(db.Model):
        __tablename__ = "labels"
        id = db.Column(db.Integer, primary_key=True)

    class Special(Label):
        pass
"""


def test_the_mapping_module_accesses_its_own_tables(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {"app/__init__.py": "", "app/models.py": MODELS})
    index = index_of(root)
    assert table_accessors(index, "order_tags") == ({"app.models"}, set())  # secondary=tags
    assert table_accessors(index, "orders") == ({"app.models"}, set())  # session.get(Order, ...)
    # `class Special(Label)` subclasses the model: no access of `labels` by itself
    labels = {t.name: t for t in index.tables}["labels"]
    assert all(a.via != "Label" or a.line != 19 for a in labels.readers)


def test_query_forms_and_write_constructs(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/models.py": MODELS,
        "app/queries.py": """
            from sqlalchemy import delete, select, update
            from app import models
            from app.models import Label, Order, db

            def read_all(session):
                return session.query(Order).all()

            def read_one():
                return db.session.get(Label, 1)

            def read_select(session):
                return session.execute(select(models.Order)).all()

            def read_query():
                return Order.query.filter_by(id=1).first()
        """,
        "app/writes.py": """
            from sqlalchemy import delete, update
            from app.models import Label, Order

            def rename(session):
                session.execute(update(Order).values(id=2))

            def purge(session):
                session.execute(delete(Label))

            def bulk(session, rows):
                session.bulk_insert_mappings(Order, rows)
        """,
    })
    index = index_of(root)
    orders_read, orders_written = table_accessors(index, "orders")
    assert "app.queries" in orders_read
    assert "app.writes" in orders_written and "app.writes" not in orders_read
    labels_read, labels_written = table_accessors(index, "labels")
    assert "app.queries" in labels_read and "app.writes" in labels_written


def test_route_registries(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/handlers.py": """
            class Users:
                def get(self): ...
            class Items:
                def get(self): ...
                def post(self): ...
            def home(): ...
            def about(): ...
        """,
        "app/tornado_app.py": """
            import tornado.web
            from app.handlers import Items, Users
            ROUTES = [(r"^/users/(\\d+)$", Users), ("/items", Items, {"x": 1})]
            def make_app():
                return tornado.web.Application([(r"/ping", Users)])
            CHOICES = [("a", "b"), ("c", "d")]
        """,
        "app/routes_map.py": """
            from app.handlers import Users
            URLS = {"/legacy/users": Users}
        """,
        "app/restful.py": """
            from flask import Flask
            from flask_restful import Api
            from app.handlers import Items
            app = Flask(__name__)
            api = Api(app)
            api.add_resource(Items, "/api/items", "/api/items/<int:id>")
            api.add_resource("assets", "webassets-name")
        """,
        "app/looped.py": """
            from flask import Blueprint
            from app.handlers import about, home
            bp = Blueprint("pages", __name__, url_prefix="/pages")
            rules = [("/", home), ("/about", about)]
            for rule, view in rules:
                bp.add_url_rule(rule, view_func=view)
        """,
        "app/falcon_app.py": """
            import falcon
            from app.handlers import Users
            app = falcon.App()
            app.add_route("/f/users", Users())
        """,
    })
    index = index_of(root)
    paths = {(r.path, r.handler) for r in index.routes}
    assert ("/users/(\\d+)", "app.handlers.Users") in paths
    assert ("/items", "app.handlers.Items") in paths
    assert ("/ping", "app.handlers.Users") in paths
    assert ("/legacy/users", "app.handlers.Users") in paths
    assert ("/api/items", "app.handlers.Items") in paths
    assert ("/api/items/<int:id>", "app.handlers.Items") in paths
    assert ("/pages/", "app.handlers.home") in paths
    assert ("/pages/about", "app.handlers.about") in paths
    assert ("/f/users", "app.handlers.Users") in paths
    assert not any(r.path in ("a", "c", "webassets-name") for r in index.routes)
    # the loop's add_url_rule(rule, ...) is resolved through the registry, not unresolved
    assert not [u for u in index.unresolved_routes if u.module == "app.looped"]


def test_django_keyword_routes(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "site/__init__.py": "",
        "site/settings.py": "ROOT_URLCONF = 'site.urls'\n",
        "site/views.py": "def index(request): ...\ndef detail(request, pk): ...\n",
        "site/urls.py": """
            from django.urls import path, re_path
            from site import views
            urlpatterns = [
                re_path(route=r"^items/(?P<pk>\\d+)/$", view=views.detail),
                path(route="home/", view=views.index),
            ]
        """,
    })
    paths = {(r.path, r.handler) for r in index_of(root).routes}
    assert ("/items/(?P<pk>\\d+)/", "site.views.detail") in paths
    assert ("/home/", "site.views.index") in paths


def test_async_as_a_name_parses_with_the_old_grammar() -> None:
    source = (
        "r = task.async(x)\n"
        "def f(async=False, await=1):\n"
        "    return async\n"
        "async def g():\n"
        "    await h()\n"
        "    async with a:\n"
        "        pass\n"
        "s = 'task.async'\n"
        "class C:\n"
        "    def async(self):\n"
        "        return obj.await\n"
    )
    parsed = parse(source, "old.py")
    assert parsed.problem is None and parsed.tree is not None and parsed.lowered
    import ast

    text = ast.unparse(parsed.tree)
    assert "task.async_(x)" in text and "await h()" in text and "async with a" in text
    assert "'task.async'" in text  # strings are never touched
    functions = [n for n in ast.walk(parsed.tree) if isinstance(n, ast.FunctionDef)]
    assert [f.lineno for f in functions] == [2, 10]  # line numbers stay true


def test_old_grammar_file_keeps_its_imports_and_tables(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/models.py": MODELS,
        "app/api.py": """
            from app.models import Order
            def send(task):
                task.async(Order.query.all())
        """,
    })
    index = index_of(root)
    assert not [p for p in index.problems if p.path.endswith("api.py")]
    assert "app.api" in table_accessors(index, "orders")[0]


def test_completeness_summary(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/models.py": MODELS + "\n    class Unused(db.Model):\n        __tablename__ = "
                         "'unused'\n        id = db.Column(db.Integer, primary_key=True)\n",
        "app/broken.py": "def f(:\n",
        "app/plugins.py": """
            import importlib
            def load(name):
                importlib.import_module("app.models")
                return importlib.import_module(name)
        """,
        "app/web.py": """
            from flask import Blueprint
            bp = Blueprint("web", __name__)
            ROUTE = "/x"
            @bp.route(ROUTE)
            def x(): ...
        """,
    })
    facts = index_of(root).completeness
    assert facts is not None
    assert facts.files_not_parsed == ("app/broken.py",)
    assert facts.tables_without_accessor == ("labels", "unused")  # "Label" is a string
    assert facts.unresolved_routes == 1
    assert facts.dynamic_imports == 1
    assert facts.dynamic_imports_unresolved == (("app.plugins", 4),)
    text = completeness_data(facts)["text"]  # type: ignore[index]
    assert facts.tables_without_columns == ()
    assert text == ("Fact completeness: 1 of 5 files not parsed; 2 of 4 tables with no "
                    "accessor, 0 with no known columns; 1 unresolved route registrations; "
                    "1 dynamic imports not followed (1 followed).")


def test_a_data_library_the_facts_do_not_read_is_named_and_lowers_confidence(
        tmp_path: Path) -> None:
    """Pony ORM models: no table comes out of them, and the completeness line and the
    confidence of the seams whose modules use them say so instead of staying silent."""
    from strangler.seams.confidence import seam_confidence

    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/models.py": """
            from pony.orm import Database, Required
            db = Database()

            class Customer(db.Entity):
                name = Required(str)
            """,
        "app/shop.py": ("from app.models import Customer\n\n"
                        "def find(n):\n    return Customer.get(name=n)\n"),
        "app/util.py": "def slug(x):\n    return str(x)\n",
    })
    index = index_of(root)
    assert index.tables == ()
    assert index.completeness is not None
    assert index.completeness.unread_data_libraries == (("pony", 1),)
    data = completeness_data(index.completeness)
    assert data is not None
    assert data["unread_data_libraries"] == [{"library": "pony", "importers": 1}]
    assert "1 module imports pony, whose models strangler does not read" in data["text"]
    level, notes = seam_confidence(index, {"app.models", "app.shop"})
    assert level != "high" and any("pony" in note and "not read" in note for note in notes)
    _, elsewhere = seam_confidence(index, {"app.util"})
    assert any("pony" in note for note in elsewhere)


def test_sqlmodel_table_classes_mapped_to_no_table_are_named(tmp_path: Path) -> None:
    """SQLModel names a `table=True` class's table after the class when it has no
    `__tablename__`; the facts do not follow that default yet, so the completeness line names
    such classes instead of staying silent. A plain subclass of `SQLModel` (`FlowBase`, a
    pydantic schema) and a class whose `__tablename__` is mapped are not named."""
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/models.py": """
            from uuid import UUID
            from sqlmodel import Field, SQLModel

            class FlowBase(SQLModel):
                name: str = Field(index=True)

            class Flow(FlowBase, table=True):
                id: UUID = Field(primary_key=True)

            class FlowCreate(FlowBase):
                pass

            class ApiKey(SQLModel, table=True):
                __tablename__ = "api_keys"
                id: UUID = Field(primary_key=True)

            class Draft(SQLModel, table=False):
                id: UUID
            """,
        "app/service.py": ("from app.models import ApiKey, Flow\n\n"
                           "def keys(session):\n    return session.query(ApiKey).all()\n"),
    })
    index = index_of(root)
    assert {t.name for t in index.tables} == {"api_keys"}
    assert index.completeness is not None
    assert index.completeness.unmapped_table_classes == ("app.models.Flow",)
    data = completeness_data(index.completeness)
    assert data is not None
    assert data["unmapped_table_classes"] == 1
    assert data["unmapped_table_classes_first"] == ["app.models.Flow"]
    assert ("1 SQLModel table class (table=True) mapped to no table, so its table is missing: "
            "Flow") in data["text"]


def test_dynamodb_through_boto3_is_named_as_unread_data(tmp_path: Path) -> None:
    """hedy keeps every table in DynamoDB behind its own storage layer: `boto3.dynamodb`
    imported says the project has tables the facts cannot see; `boto3` alone (S3) does
    not."""
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/dynamo.py": ("import boto3\nfrom boto3.dynamodb.types import TypeSerializer\n\n"
                          "def table(name):\n"
                          "    return boto3.resource('dynamodb').Table(name)\n"),
        "app/files.py": "import boto3\n\ndef put(x):\n    boto3.client('s3').put_object(x)\n",
    })
    index = index_of(root)
    assert index.completeness is not None
    assert index.completeness.unread_data_libraries == (("boto3.dynamodb", 1),)
    data = completeness_data(index.completeness)
    assert data is not None
    assert "1 module imports boto3.dynamodb, whose models strangler does not read" in data[
        "text"]
    root = build_tree(tmp_path / "s3only", {
        "app/__init__.py": "",
        "app/files.py": "import boto3\n\ndef put(x):\n    boto3.client('s3').put_object(x)\n",
    })
    completeness = index_of(root).completeness
    assert completeness is not None and completeness.unread_data_libraries == ()
