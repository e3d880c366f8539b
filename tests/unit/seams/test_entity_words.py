"""A word wider than `words.MAX_SHARE` that names a mapped table is the app's central entity
and keeps its word edges (`seams.entity_words`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

from strangler.seams.entity_words import entity_words
from strangler.seams.words import MAX_SHARE, word_edges


def _app(tmp_path: Path, table: str) -> Path:
    files = {
        "app/__init__.py": "",
        "app/db.py": "class _Db:\n    Model = object\n\ndb = _Db()\n",
        "app/models/__init__.py": "",
        "app/models/token.py": f"from app.db import db\n\nclass Token(db.Model):\n"
                               f"    __tablename__ = '{table}'\n",
        "app/api/__init__.py": "",
        "app/api/token.py": "from app.models.token import Token\n\ndef show():\n"
                            "    return Token\n",
        "app/services/__init__.py": "",
        "app/services/token/__init__.py": "",
    }
    for i in range(MAX_SHARE):
        files[f"app/services/token/kind{i}.py"] = "from app.models.token import Token\n" \
                                                  "KIND = Token\n"
    return build_tree(tmp_path / table, files)


def _token_pairs(index) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(a, b) for a, b, _ in word_edges(index, 1.0)
            if {a, b} == {"app.api.token", "app.models.token"}}


def test_a_wide_word_naming_a_mapped_table_keeps_its_edges(tmp_path: Path) -> None:
    index = index_of(_app(tmp_path, "tokens"))
    assert "token" in entity_words(index)
    assert _token_pairs(index)


def test_a_wide_word_naming_no_table_ties_nothing(tmp_path: Path) -> None:
    index = index_of(_app(tmp_path, "credential"))
    assert "token" not in entity_words(index)
    assert not _token_pairs(index)
