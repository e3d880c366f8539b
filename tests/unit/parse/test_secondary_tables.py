"""A many-to-many association table named by string in `relationship(secondary="...")`:
the model module that declares the relationship reads and writes it through the ORM."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

MODELS = """
    from flask_sqlalchemy import SQLAlchemy
    db = SQLAlchemy()

    class ChatParticipant(db.Model):
        __tablename__ = "chat_participant"
        chat_id = db.Column(db.Integer, db.ForeignKey("chat.id"), primary_key=True)
        person_id = db.Column(db.Integer, db.ForeignKey("person.id"), primary_key=True)

    class Person(db.Model):
        __tablename__ = "person"
        id = db.Column(db.Integer, primary_key=True)

    class Chat(db.Model):
        __tablename__ = "chat"
        id = db.Column(db.Integer, primary_key=True)
        participants = db.relationship("Person", secondary="chat_participant", lazy="joined")
        ghosts = db.relationship("Person", secondary="no_such_table")
"""


def _readers(index, table: str) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    found = {t.name: t for t in index.tables}[table]
    return {(a.module, a.via) for a in found.readers}


def test_a_secondary_table_named_by_string_has_its_relationship_as_accessor(
        tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/models/__init__.py": "",
        "app/models/chat.py": MODELS,
        "app/services.py": """
            from app.models.chat import Chat

            def chats():
                return Chat.query.all()
        """,
    })
    index = index_of(root)
    assert _readers(index, "chat_participant") == {("app.models.chat", "secondary")}
    assert {a.module for a in {t.name: t for t in index.tables}["chat"].readers} \
        == {"app.services"}
    # a string that names no known table (an expression SQLAlchemy evaluates) adds nothing
    assert "no_such_table" not in {t.name for t in index.tables}
    facts = index.completeness
    assert facts is not None
    assert "chat_participant" not in facts.tables_without_accessor
