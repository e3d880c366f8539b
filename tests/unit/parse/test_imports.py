"""Every import form, resolved to project modules, with its flags and line."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, imports_of, index_of


def test_absolute_relative_and_submodule_imports(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/core/__init__.py": "",
        "app/core/models.py": "class User: ...\n",
        "app/core/db.py": "def connect(): ...\n",
        "app/web/__init__.py": "",
        "app/web/deep/__init__.py": "",
        "app/web/deep/views.py": """
            import app.core.db
            from app.core import models
            from app.core.models import User
            from ...core import db as database
            from .. import deep
            from . import helpers
            """,
        "app/web/deep/helpers.py": "",
    })
    index = index_of(root)
    found = imports_of(index, "app.web.deep.views")
    assert ("app.core.db", None, ()) in found
    assert ("app", None, ("implicit",)) in found  # `import a.b.c` imports a and a.b
    assert ("app.core", None, ("implicit",)) in found
    assert ("app.core.models", None, ()) in found  # `from pkg import submodule`
    assert ("app.core.models", "User", ()) in found  # `from mod import name`
    assert ("app.web.deep.helpers", None, ()) in found  # relative, one dot
    assert ("app.web.deep", None, ()) in found  # relative, two dots, a package
    lines = {i.line for i in index.imports
             if i.source == "app.web.deep.views" and i.target == "app.core.db"}
    assert lines == {1, 4}  # absolute and three-dot relative import of the same module


def test_type_checking_lazy_guarded_and_dynamic_imports(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "pkg/__init__.py": "",
        "pkg/a.py": "",
        "pkg/b.py": "",
        "pkg/c.py": "",
        "pkg/d.py": "",
        "pkg/e.py": "",
        "pkg/main.py": """
            from typing import TYPE_CHECKING
            import importlib

            if TYPE_CHECKING:
                from pkg.a import Thing

            try:
                from pkg import b
            except ImportError:
                b = None

            def run():
                from pkg import c
                return c

            mod = importlib.import_module("pkg.d")
            other = __import__("pkg.e")
            dynamic = importlib.import_module(compute())
            """,
    })
    found = imports_of(index_of(root), "pkg.main")
    assert ("pkg.a", "Thing", ("type_only",)) in found
    assert ("pkg.b", None, ("guarded",)) in found
    assert ("pkg.c", None, ("lazy",)) in found
    assert ("pkg.d", None, ("dynamic",)) in found
    assert ("pkg.e", None, ("dynamic",)) in found
    assert len(found) == 5  # the non-literal import_module is not invented


def test_star_imports_resolve_through_literal_all(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "pkg/__init__.py": "",
        "pkg/api.py": """
            __all__ = ["public"]
            def public(): ...
            def also_public(): ...
            """,
        "pkg/plain.py": "def helper(): ...\ndef _private(): ...\n",
        "pkg/user.py": """
            from pkg.api import *
            from pkg.plain import *
            public()
            helper()
            """,
    })
    index = index_of(root)
    assert ("pkg.api", None, ("star",)) in imports_of(index, "pkg.user")
    uses = {(u.target, u.name, u.kind, u.lines) for u in index.uses if u.source == "pkg.user"}
    assert ("pkg.api", "public", "call", (3,)) in uses
    assert ("pkg.plain", "helper", "call", (4,)) in uses


def test_reexports_through_init_lead_to_the_defining_module(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "shop/__init__.py": "",
        "shop/models/__init__.py": "from .user import User\nfrom .order import Order\n",
        "shop/models/user.py": "class User:\n    @classmethod\n    def get(cls, i): ...\n",
        "shop/models/order.py": "class Order: ...\n",
        "shop/views.py": """
            from shop.models import User, Order
            import shop.models as m

            User.get(1)
            m.Order()
            """,
    })
    index = index_of(root)
    uses = {(u.target, u.name, u.kind) for u in index.uses if u.source == "shop.views"}
    assert ("shop.models.user", "User", "call") in uses
    assert ("shop.models.order", "Order", "call") in uses


def test_external_imports_are_recorded_apart_with_distribution(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "pkg/__init__.py": "",
        "pkg/x.py": "import os.path\nimport yaml\nfrom PIL import Image\nimport pkg\n",
    })
    index = index_of(root)
    external = {e.module: (e.category, e.distribution) for e in index.external}
    assert external["os"] == ("stdlib", None)
    assert external["yaml"] == ("third_party", "PyYAML")
    assert external["PIL"] == ("third_party", "Pillow")
    assert "pkg" not in external
    assert [i.target for i in index.imports if i.source == "pkg.x"] == ["pkg"]


def test_symbol_uses_by_kind_through_module_aliases(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "lib/__init__.py": "",
        "lib/core.py": """
            class Base: ...
            def register(f): return f
            def compute(x): return x
            LIMIT = 3
            """,
        "lib/user.py": """
            import lib.core
            import lib.core as core
            from lib.core import Base, register

            class Impl(Base):
                pass

            @register
            def job():
                return core.compute(core.LIMIT) + lib.core.compute(1)

            core.LIMIT = 4
            """,
    })
    index = index_of(root)
    uses = {(u.name, u.kind): u.lines for u in index.uses
            if u.source == "lib.user" and u.target == "lib.core"}
    assert uses[("Base", "base")] == (5,)
    assert uses[("register", "decorator")] == (8,)
    assert uses[("compute", "call")] == (10, 10)
    assert uses[("LIMIT", "attribute")] == (10,)
    assert uses[("LIMIT", "attribute_store")] == (12,)
