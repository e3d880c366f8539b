"""An API module joins the manager it reads through a service locator
(`seams.located_apis`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.located_apis import apis_with_providers, located_reads


def test_located_reads_count_lines_of_located_uses_only() -> None:
    rows = [("api.users", "users.core", "located", 4), ("api.users", "users.core", "located", 2),
            ("api.users", "orders.core", "located", 1), ("api.users", "common.util", "call", 9)]
    assert located_reads(rows) == {"api.users": Counter({"users.core": 6, "orders.core": 1})}


GROUPS = (("", ("api.users", "api.orders", "api.auth")),
          ("", ("users.core", "users.backends.sql")),
          ("", ("orders.core",)))


def test_a_serving_module_reading_one_provider_most_joins_it() -> None:
    reads = {"api.users": Counter({"users.core": 8, "orders.core": 2}),
             "api.auth": Counter({"users.core": 3, "orders.core": 3}),  # evenly: stays
             "api.orders": Counter({"orders.core": 4})}  # too few reads: stays
    serving = {"api.users", "api.auth", "api.orders"}
    assert apis_with_providers(GROUPS, reads, serving) == (
        ("", ("api.auth", "api.orders")),
        ("", ("api.users", "users.backends.sql", "users.core")),
        ("", ("orders.core",)))
    # (a module that serves no route is no API; a pinned group keeps its modules)
    assert apis_with_providers(GROUPS, reads, set()) == GROUPS
    pinned = (("web", GROUPS[0][1]), *GROUPS[1:])
    assert apis_with_providers(pinned, reads, serving) == pinned


DOMAINS = ("users", "orders", "projects")
REGISTRY = ("class Registry:\n    _items = {}\n"
            "    def __getattr__(self, key):\n        return self._items[key]\n"
            "Providers = Registry()\n")


def _project() -> dict[str, str]:
    """Three domains: a manager (providing `<d>_api`) whose tables its SQL module holds,
    and a Flask API module that reads its manager through the registry, shares a
    validation helper with the other APIs and calls the next API's helpers ten times."""
    files = {"app/__init__.py": "", "app/common/__init__.py": "",
             "app/common/registry.py": REGISTRY, "app/api/__init__.py": "",
             "app/db.py": ("from sqlalchemy.orm import DeclarativeBase\n"
                           "class Base(DeclarativeBase):\n    pass\n"),
             "app/api/validation.py": "".join(f"def check_{i}(x):\n    return x\n"
                                              for i in range(8))}
    for d in DOMAINS:
        files[f"app/{d}/__init__.py"] = ""
        files[f"app/{d}/sql.py"] = (
            "from sqlalchemy import Column, Integer\nfrom app.db import Base\n"
            f"class Row(Base):\n    __tablename__ = '{d}'\n"
            "    id = Column(Integer, primary_key=True)\n"
            "def add(db):\n    db.add(Row())\n")
        files[f"app/{d}/core.py"] = (
            f"from app.{d} import sql\n"
            f"class Manager:\n    _provides_api = '{d}_api'\n"
            "    def get(self, db):\n        return sql.add(db)\n")
        nxt = DOMAINS[(DOMAINS.index(d) + 1) % len(DOMAINS)]
        files[f"app/api/{d}.py"] = (
            "from flask import Blueprint\nfrom app.common import registry\n"
            f"from app.api import validation, {nxt}\n"
            + "".join(f"def shared_{i}(x):\n    return {nxt}.shared_{i}(x)\n"
                      for i in range(10))
            + f"bp = Blueprint('{d}', __name__)\nPROVIDERS = registry.Providers\n"
            f"@bp.route('/{d}')\ndef index():\n"
            + "".join(f"    validation.check_{i}(1)\n" for i in range(8))
            + "".join(f"    PROVIDERS.{d}_api.get({i})\n" for i in range(6))
            + "    return 'ok'\n")
    return files


def test_each_api_shares_a_seam_with_the_manager_it_reads(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _project()))
    assert located_reads((u.source, u.target, u.kind, len(u.lines)) for u in index.uses)[
        "app.api.users"] == Counter({"app.users.core": 6})
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    for d in DOMAINS:
        assert seam_of.get(f"app.api.{d}") == seam_of.get(f"app.{d}.core"), seam_of
