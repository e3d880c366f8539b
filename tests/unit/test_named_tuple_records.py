"""`RawImport`, `Import` and `SymbolUse` are named tuples (made or loaded in a third of a
frozen dataclass' time, tens of thousands per run): they must still behave as the frozen
records their readers expect, and be digested like any other fact."""

from __future__ import annotations

import pickle
from dataclasses import replace

import orjson
import pytest

from strangler.model import RawImport
from strangler.parse.facts import extract_facts
from strangler.parse.link.derived import NAMED_TUPLES, READ, facts_digest
from strangler.parse.source import parse

SOURCE = '''\
import os
from .models import User as U
from flask import Blueprint
bp = Blueprint("users", __name__, url_prefix="/users")


def register(app):
    from . import views
    app.register_blueprint(bp)
    register_rules(bp)


@bp.route("/<int:id>")
def show(id):
    return U.query.get(id)
'''


def _facts(text: str = SOURCE):
    tree = parse(text, "app/users.py").tree
    assert tree is not None
    return extract_facts(tree, "app.users", False, text)


def test_fields_defaults_and_immutability() -> None:
    raw = RawImport(3, "app.models", "User", "U")
    assert (raw.line, raw.module, raw.name, raw.alias) == (3, "app.models", "User", "U")
    assert not (raw.type_only or raw.lazy or raw.guarded or raw.dynamic or raw.star)
    with pytest.raises(AttributeError):
        raw.module = "other"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(raw, protocol=pickle.HIGHEST_PROTOCOL)) == raw
    assert raw._replace(lazy=True).lazy


def test_extracted_imports_are_named_tuples() -> None:
    imports = _facts().imports
    assert imports and all(type(raw) is RawImport for raw in imports)
    assert {(raw.module, raw.lazy) for raw in imports} >= {("os", False),
                                                           ("app.models", False),
                                                           ("app", True)}


def test_every_digested_field_is_plain_data_for_orjson() -> None:
    """A field of named tuples missing from NAMED_TUPLES would be digested through repr(),
    ten times slower, on every changed file."""
    facts = _facts()
    for name in READ:
        value = getattr(facts, name)
        if name in NAMED_TUPLES:
            value = [tuple(item) for item in value]
        orjson.dumps(value)  # raises for a named tuple


def test_the_digest_follows_every_import_field() -> None:
    facts = _facts()
    first = facts.imports[0]
    for change in ({"line": first.line + 1}, {"lazy": not first.lazy}, {"star": True},
                   {"alias": "other"}):
        changed = replace(facts, imports=(first._replace(**change), *facts.imports[1:]))
        assert facts_digest(changed)[0] != facts_digest(facts)[0], change
    assert facts_digest(replace(facts, imports=(first._replace(star=True),)))[1]


def test_generated_clients_fold_into_the_modules_they_wrap() -> None:
    """`extract` reads imports of a generated client as imports of the wrapped module (it
    rewrites `RawImport`s with `_replace`: `dataclasses.replace` refuses named tuples)."""
    from strangler.extract import fold_clients
    from strangler.model import FileFacts, SourceFile

    client = (SourceFile("shop/billing_client/plans.py", "shop.billing_client.plans", False, ""),
              FileFacts(1, 1, imports=(RawImport(1, "shop.billing", "plans", "_local"),)))
    user = (SourceFile("shop/views.py", "shop.views", False, ""),
            FileFacts(2, 2, imports=(RawImport(1, "shop.billing_client", "plans", "plans"),
                                     RawImport(2, "shop.billing_client.plans", "get", "get"),
                                     RawImport(3, "os", None, "os"))))
    folded = fold_clients((client, user))
    assert [source.module for source, _ in folded] == ["shop.views"]
    assert folded[0][1].imports == (RawImport(1, "shop.billing", "plans", "plans"),
                                    RawImport(2, "shop.billing.plans", "get", "get"),
                                    RawImport(3, "os", None, "os"))


def test_the_index_holds_named_tuple_imports_and_uses() -> None:
    from strangler.model import Import, SourceFile, SymbolUse
    from strangler.parse.link import link

    files = [(SourceFile("app/__init__.py", "app", True, ""), _facts("")),
             (SourceFile("app/models.py", "app.models", False, ""),
              _facts("class User:\n    pass\n")),
             (SourceFile("app/users.py", "app.users", False, ""), _facts())]
    index = link("app", files)
    assert index.imports and all(type(i) is Import for i in index.imports)
    assert index.uses and all(type(u) is SymbolUse for u in index.uses)
    first = next(i for i in index.imports if i.target == "app.models")
    assert (first.source, first.name, first.line, first.lazy) == ("app.users", "User", 2, False)
    assert first == first._replace() and hash(first) == hash(first._replace())
    with pytest.raises(AttributeError):
        first.target = "x"  # type: ignore[misc]
    use = next(u for u in index.uses if u.target == "app.models")
    assert (use.name, use.lines) == ("User", (15,))
