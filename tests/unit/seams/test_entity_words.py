"""A word wider than `words.MAX_SHARE` that names a mapped table is the app's central entity
and keeps its word edges (`seams.entity_words`)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from helpers import build_tree, index_of

from strangler.seams.entity_words import ENTITY_SHARE, entity_words
from strangler.seams.words import MAX_SHARE, module_words, word_edges


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


def _by_word(index) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    found: dict[str, list[str]] = {}
    for module, words in module_words(index).items():
        for word in words:
            found.setdefault(word, []).append(module)
    return found


def _token_pairs(index) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(a, b) for a, b, _ in word_edges(index, 1.0)
            if {a, b} == {"app.api.token", "app.models.token"}}


def test_a_wide_word_naming_a_mapped_table_keeps_its_edges(tmp_path: Path) -> None:
    index = index_of(_app(tmp_path, "tokens"))
    assert "token" in entity_words(index, _by_word(index))
    assert _token_pairs(index)


def test_a_wide_word_naming_no_table_ties_nothing(tmp_path: Path) -> None:
    index = index_of(_app(tmp_path, "credential"))
    assert "token" not in entity_words(index, _by_word(index))
    assert not _token_pairs(index)


def test_a_table_word_in_under_a_tenth_of_the_modules_is_no_central_entity() -> None:
    # 42 of 659 modules (superset's `dashboard`): past the breadth limit, but one domain
    # among several; 49 of 331 (privacyIDEA's `token`): the entity the app is built around.
    table = SimpleNamespace(name="dashboards", models=("Dashboard",))
    wide = {"dashboard": [f"m{i}" for i in range(42)]}
    assert entity_words(SimpleNamespace(tables=[table], modules=range(659)), wide) \
        == frozenset()
    assert entity_words(SimpleNamespace(tables=[table], modules=range(331)), wide) \
        == {"dashboard"}
    assert 42 / 659 < ENTITY_SHARE <= 42 / 331
    # A table without a model class (raw SQL) names no entity.
    raw = SimpleNamespace(name="dashboards", models=())
    assert entity_words(SimpleNamespace(tables=[raw], modules=range(331)), wide) == frozenset()
