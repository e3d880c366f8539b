"""Document databases as tables: MongoEngine, flask-mongoengine, Beanie and ODMantic
classes are collections, read and written like ORM models."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest
from helpers import build_tree, index_of

from strangler.parse.facts import documents, extract_facts


def _tables(tmp_path: Path, files: dict[str, str | bytes]) -> dict:
    root = build_tree(tmp_path / "proj", {"app/__init__.py": "", **files})
    return {t.name: t for t in index_of(root).tables}


def test_mongoengine_documents_name_collections(tmp_path: Path) -> None:
    tables = _tables(tmp_path, {
        "app/models.py": """
            from mongoengine import Document, DynamicDocument, EmbeddedDocument
            from mongoengine import EmbeddedDocumentField, ListField, ReferenceField
            from mongoengine import StringField

            class Base(Document):
                meta = {"abstract": True}

            class Address(EmbeddedDocument):
                street = StringField()

            class User(Base):
                meta = {"collection": "people", "allow_inheritance": True}
                address = EmbeddedDocumentField(Address)

            class Admin(User):
                level = StringField()

            class HTTPLogEntry(DynamicDocument):
                user = ReferenceField(User)
                tags = ListField(ReferenceField("Tag"))

            class Tag(Document):
                owner = ReferenceField("self")
            """,
    })
    assert set(tables) == {"people", "h_t_t_p_log_entry", "tag"}
    assert {m.name for m in tables["people"].models} == {"app.models.User",
                                                         "app.models.Admin"}
    assert tables["tag"].models[0].framework == "mongoengine"
    # the embedded document belongs to the document embedding it: its fields are its columns
    assert "address.street" in {c.name for c in tables["people"].columns}


def test_mongoengine_reads_writes_and_relations(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/models.py": """
            from mongoengine import Document, ListField, ReferenceField, StringField

            class Author(Document):
                name = StringField()

            class Post(Document):
                author = ReferenceField(Author)
                related = ListField(ReferenceField("Post"))
            """,
        "app/read.py": """
            from app.models import Post

            def latest():
                return Post.objects(title="x").first()
            """,
        "app/write.py": """
            from app.models import Author, Post

            def create(name):
                Author(name=name).save()

            def purge():
                Post.objects(title="x").delete()
            """,
    })
    index = index_of(root)
    tables = {t.name: t for t in index.tables}
    assert {a.module for a in tables["post"].readers} == {"app.read"}
    assert {a.module for a in tables["post"].writers} == {"app.write"}
    assert {a.module for a in tables["author"].writers} == {"app.write"}
    assert ("app.models.Post", "app.models.Author") in {
        (r.source, r.target) for r in index.relations}


def test_flask_mongoengine_db_document(tmp_path: Path) -> None:
    tables = _tables(tmp_path, {
        "app/ext.py": """
            from flask_mongoengine import MongoEngine

            db = MongoEngine()
            """,
        "app/models.py": """
            from app.ext import db

            class Order(db.Document):
                meta = {"collection": "orders"}
                number = db.StringField()

            class Line(db.EmbeddedDocument):
                sku = db.StringField()
            """,
    })
    assert set(tables) == {"orders"}


def test_a_projects_own_document_class_is_no_collection(tmp_path: Path) -> None:
    tables = _tables(tmp_path, {
        "app/docs.py": """
            class Document:
                pass

            class Invoice(Document):
                meta = {"collection": "invoices"}
            """,
        "app/other.py": """
            from somelib import Document, Model

            class Letter(Document):
                pass

            class Thing(Model):
                pass
            """,
    })
    assert tables == {}


def test_beanie_and_odmantic(tmp_path: Path) -> None:
    tables = _tables(tmp_path, {
        "app/beanie_models.py": """
            from beanie import Document, Link

            class Product(Document):
                name: str

            class Cart(Document):
                items: list[Link[Product]]

                class Settings:
                    name = "carts"
            """,
        "app/odm.py": """
            from odmantic import EmbeddedModel, Model

            class PublisherModel(Model):
                name: str

            class Book(Model):
                model_config = {"collection": "library_books"}

            class Address(EmbeddedModel):
                city: str
            """,
        "app/use.py": """
            from app.beanie_models import Cart

            async def one(cart_id):
                return await Cart.find_one(Cart.id == cart_id)
            """,
    })
    assert set(tables) == {"Product", "carts", "publisher", "library_books"}
    assert "app.use" in {a.module for a in tables["carts"].readers}


def test_plain_pymongo_collections(tmp_path: Path) -> None:
    tables = _tables(tmp_path, {
        "app/store.py": """
            from pymongo import MongoClient

            client = MongoClient("mongodb://localhost")
            db = client["shop"]
            orders = db.orders

            def recent():
                return list(db.orders.find({}))

            def add(order):
                orders.insert_one(order)
                db["audit"].insert_one({"order": order})

            def count():
                return client.get_database().customers.count_documents({})
            """,
        "app/other.py": """
            from app.ext import db

            def guess():
                return db.invoices.find({})  # `db` of unknown kind: no collection
            """,
    })
    assert set(tables) == {"orders", "audit", "customers"}
    assert {a.module for a in tables["orders"].readers} == {"app.store"}
    assert {a.module for a in tables["orders"].writers} == {"app.store"}
    assert tables["audit"].writers and not tables["audit"].readers


def test_a_pymongo_database_imported_from_the_module_binding_it(tmp_path: Path) -> None:
    tables = _tables(tmp_path, {
        "app/store.py": """
            from motor.motor_asyncio import AsyncIOMotorClient

            client = AsyncIOMotorClient("mongodb://localhost")
            db = client.get_database("shop")
            """,
        "app/orders.py": """
            from app.store import db

            async def add(order):
                await db.orders.insert_one(order)

            async def one(oid):
                return await db["orders"].find_one({"_id": oid})
            """,
        "app/cache.py": """
            from app.settings import db

            def get(key):
                return db.entries.find_one({"key": key})  # not a database: no collection
            """,
        "app/settings.py": """
            db = {"entries": None}
            """,
    })
    assert set(tables) == {"orders"}
    assert {a.module for a in tables["orders"].writers} == {"app.orders"}
    assert {a.module for a in tables["orders"].readers} == {"app.orders"}


def test_an_imported_database_shadowed_in_a_file_without_a_client(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A file importing no pymongo/motor client: rebinding an imported name drops it, an
    attribute store (`db.timeout = 5`) keeps it, and no assignment is resolved as a handle
    (the fast path: most files import no client)."""
    resolved: list[ast.AST] = []
    real = documents.dotted

    def counting(node: ast.AST) -> str | None:
        resolved.append(node)
        return real(node)

    monkeypatch.setattr(documents, "dotted", counting)
    source = textwrap.dedent("""
        from app.store import db, archive

        db.timeout = 5
        archive = {}

        def add(order):
            db.orders.insert_one(order)
            archive.orders.insert_one(order)
        """)
    facts = extract_facts(ast.parse(source), "app.orders", False, source)
    assert [(name, collection, op) for name, collection, op, _ in facts.mongo_uses] == [
        ("db", "orders", "write")]
    assert resolved == []
