"""A family of backends written against one entity joins the slice owning its table
(`seams.backend_entities`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_tree

from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.graph import build_graph
from strangler.parse import ParseOptions, link, parse_project
from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.backend_entities import (
    entity_families,
    family_entity,
    family_members,
    package_bases,
    sole_writers,
)

ENGINES = {"app.engines", "app.engines.base", "app.engines.pg", "app.engines.mysql",
           "app.engines.lite"}
CLASSES = {"app.models.database.Database": "dbs", "app.models.query.Query": "query",
           "app.models.chart.Chart": "charts"}
HOMES = {"app.models.database.Database": "app.models.database",
         "app.models.query.Query": "app.models.query",
         "app.models.chart.Chart": "app.models.chart"}


def _uses(database: int, query: int) -> list[tuple[str, str, str, int]]:
    """Each engine names `Database` `database` times and `Query` `query` times."""
    found = []
    for engine in ("app.engines.base", "app.engines.pg", "app.engines.mysql"):
        found.append((engine, "app.models.database", "Database", database))
        found.append((engine, "app.models.query", "Query", query))
    found.append(("app.engines.pg", "app.engines.base", "BaseEngine", 4))  # inside: ignored
    found.append(("app.api.databases", "app.models.database", "Database", 50))  # not family
    return found


def test_a_family_is_the_package_of_its_base_with_everything_below() -> None:
    modules = [*ENGINES, "app.engines.contrib.x", "app.models.database", "app.enginesx"]
    assert family_members({"app.engines.base"}, modules) == {
        "app.engines": ENGINES | {"app.engines.contrib.x"}}


def test_a_package_subclassed_by_its_own_submodules_is_a_family_base() -> None:
    deps = [(f"app.destinations.{d}", "app.destinations", True)
            for d in ("slack", "email", "webhook")]
    packages = {"app.destinations", "app.models"}
    assert package_bases(deps, packages, set()) == {"app.destinations"}
    # two subclasses are no family; a subclass with data of its own makes a slice
    assert package_bases(deps[:2], packages, set()) == set()
    assert package_bases(deps, packages, {"app.destinations.email"}) == set()
    # imports are no subclassing; subclasses of another package do not count
    assert package_bases([(s, t, False) for s, t, _ in deps], packages, set()) == set()
    assert package_bases([(f"app.models.{d}", "app.destinations", True)
                          for d in ("a", "b", "c")], packages, set()) == set()
    assert family_members((), ["app.destinations", "app.destinations.slack", "app.x"],
                          {"app.destinations"}) == {
        "app.destinations": {"app.destinations", "app.destinations.slack"}}


def test_a_table_written_by_one_module_has_that_module_as_writer() -> None:
    links = [("app.handlers.alerts", "alerts", True), ("app.tasks.alerts", "alerts", False),
             ("app.a", "shared", True), ("app.b", "shared", True)]
    assert sole_writers(links) == {"alerts": "app.handlers.alerts"}


def test_the_entity_is_the_model_class_most_of_the_family_s_uses_name() -> None:
    assert family_entity(ENGINES, _uses(5, 2), CLASSES) == "app.models.database.Database"
    # two classes named evenly: no entity
    assert family_entity(ENGINES, _uses(3, 3), CLASSES) is None
    # the top class must take more than half of the uses
    uses = [*_uses(2, 1), ("app.engines.lite", "app.models.chart", "Chart", 5)]
    assert family_entity(ENGINES, uses, CLASSES) is None
    # fewer than three family modules naming it is an accident, not an entity
    assert family_entity(ENGINES, _uses(5, 2)[:4], CLASSES) is None
    # symbols that are no model class count for nothing
    assert family_entity(ENGINES, [(e, "app.utils", "helper", 9) for e in ENGINES],
                         CLASSES) is None


GROUPS = (("", ("app.api.databases", "app.commands.database", "app.models.database")),
          ("", ("app.engines", "app.engines.base", "app.engines.lite", "app.engines.mysql",
                "app.engines.pg", "app.utils.sql")),
          ("", ("app.api.queries", "app.models.query")))


def test_the_family_s_group_joins_the_group_mapping_its_entity() -> None:
    merged = entity_families(GROUPS, {"app.engines": ENGINES}, _uses(5, 2), CLASSES, HOMES,
                             set())
    assert merged == (
        ("", ("app.api.databases", "app.commands.database", "app.engines",
              "app.engines.base", "app.engines.lite", "app.engines.mysql", "app.engines.pg",
              "app.models.database", "app.utils.sql")),
        ("", ("app.api.queries", "app.models.query")))


def test_no_move_without_a_home_a_group_of_its_own_or_an_unpinned_target() -> None:
    families = {"app.engines": ENGINES}
    # the entity's table is mapped in a schema module (no home given): stays
    assert entity_families(GROUPS, families, _uses(5, 2), CLASSES, {}, set()) == GROUPS
    # pinned target or pinned family group: stays
    pinned = (("databases", GROUPS[0][1]), *GROUPS[1:])
    assert entity_families(pinned, families, _uses(5, 2), CLASSES, HOMES, set()) == pinned
    pinned = (GROUPS[0], ("engines", GROUPS[1][1]), GROUPS[2])
    assert entity_families(pinned, families, _uses(5, 2), CLASSES, HOMES, set()) == pinned
    # the family is not the majority of its group: the group is a domain's, not the family's
    mixed = (GROUPS[0], ("", (*GROUPS[1][1], "app.a", "app.b", "app.c", "app.d", "app.e")),
             GROUPS[2])
    assert entity_families(mixed, families, _uses(5, 2), CLASSES, HOMES, set()) == mixed
    # a family with a table (or a route) of its own is a slice itself: stays
    for own in ({"app.engines.lite"}, {"app.engines"}):
        assert entity_families(GROUPS, families, _uses(5, 2), CLASSES, HOMES, own) == GROUPS
    # the entity's model already sits with the family: nothing to join
    together = (("", ("app.api.databases",)),
                ("", (*GROUPS[1][1], "app.models.database")), GROUPS[2])
    assert entity_families(together, families, _uses(5, 2), CLASSES, HOMES, set()) == together


ENGINE_NAMES = ("pg", "mysql", "lite", "mssql", "oracle", "hive")
DOMAINS = (("database", "dbs"), ("chart", "charts"), ("report", "reports"))


def _layered_project() -> dict[str, str]:
    """Three layered domains (model, DAO, command, API) and a package of engines beside
    their base, each engine written against the `Database` model; the databases API picks
    the engine of a row through the package's registry."""
    files = {"app/__init__.py": "", "app/models/__init__.py": "", "app/api/__init__.py": "",
             "app/commands/__init__.py": "", "app/daos/__init__.py": "",
             "app/db.py": ("from sqlalchemy.orm import DeclarativeBase\n"
                           "class Base(DeclarativeBase):\n    pass\n")}
    for domain, table in DOMAINS:
        cls = domain.capitalize()
        files[f"app/models/{domain}.py"] = (
            "from sqlalchemy import Column, Integer, String\nfrom app.db import Base\n"
            f"class {cls}(Base):\n    __tablename__ = '{table}'\n"
            "    id = Column(Integer, primary_key=True)\n    name = Column(String)\n")
        files[f"app/daos/{domain}.py"] = (
            f"from app.models.{domain} import {cls}\nclass {cls}DAO:\n"
            f"    def find(self, db, i):\n        return db.query({cls}).get(i)\n"
            f"    def create(self, db):\n        db.add({cls}())\n")
        files[f"app/commands/{domain}.py"] = (
            f"from app.daos.{domain} import {cls}DAO\nfrom app.models.{domain} import {cls}\n"
            f"class Create{cls}:\n    def run(self, db):\n        return {cls}DAO().create(db)\n"
            f"class Get{cls}:\n    def run(self, db, i) -> {cls}:\n"
            f"        return {cls}DAO().find(db, i)\n")
        engine = domain == "database"
        files[f"app/api/{domain}s.py"] = (
            "from flask import Blueprint\n"
            + ("from app.engines import get_engine\n" if engine else "")
            + f"from app.commands.{domain} import Create{cls}, Get{cls}\n"
            f"bp = Blueprint('{domain}', __name__)\n"
            f"@bp.route('/{domain}s', methods=['POST'])\n"
            f"def create():\n    return Create{cls}().run(None)\n"
            f"@bp.route('/{domain}s/<int:i>')\ndef get(i):\n    return Get{cls}().run(None, i)\n"
            + ("@bp.route('/databases/<int:i>/engine')\n"
               "def engine(i):\n    return get_engine(GetDatabase().run(None, i)).name\n"
               if engine else ""))
    files["app/engines/__init__.py"] = "".join(
        f"from app.engines.{e} import {e.capitalize()}Engine\n" for e in ENGINE_NAMES) + (
        "ENGINES = {" + ", ".join(f"'{e}': {e.capitalize()}Engine" for e in ENGINE_NAMES)
        + "}\ndef get_engine(database):\n    return ENGINES[database.name]\n")
    files["app/engines/base.py"] = (
        "from app.models.database import Database\nclass BaseEngine:\n    name = ''\n"
        "    def connect(self, database: Database):\n        return database.name\n"
        "    def quote(self, database: Database, s):\n        return s\n")
    for e in ENGINE_NAMES:
        files[f"app/engines/{e}.py"] = (
            "from app.engines.base import BaseEngine\nfrom app.models.database import Database\n"
            f"class {e.capitalize()}Engine(BaseEngine):\n    name = '{e}'\n"
            "    def connect(self, database: Database):\n"
            "        return super().connect(database)\n"
            "    def quote(self, database: Database, s):\n"
            "        return BaseEngine.quote(self, database, s)\n")
    return files


def _seams(tmp_path: Path) -> dict[str, str]:
    root = build_tree(tmp_path / "p", _layered_project())
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    index = link(root.name, parsed.files, parsed.problems)
    proposal = propose_seams(index, build_graph(index),
                             SeamRequest(config=SeamConfig(min_size=1)))
    return {m: seam.name for seam in proposal.seams for m in seam.modules}


def test_the_engines_share_the_seam_of_the_database_slice(tmp_path: Path) -> None:
    seam_of = _seams(tmp_path)
    database = seam_of["app.models.database"]
    assert {seam_of[f"app.{m}"] for m in ("api.databases", "commands.database",
                                          "daos.database", "engines", "engines.base",
                                          *(f"engines.{e}" for e in ENGINE_NAMES))} \
        == {database}, seam_of
    assert seam_of["app.models.chart"] != database
    assert seam_of["app.models.report"] not in {database, seam_of["app.models.chart"]}


def test_without_the_rule_the_clustering_leaves_the_engines_apart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture needs the rule: the clustering alone gives the engines a seam."""
    import strangler.seams.backend_entities as backend_entities

    monkeypatch.setattr(backend_entities, "backend_homes",
                        lambda index, graph, groups, owners: groups)
    seam_of = _seams(tmp_path)
    assert seam_of["app.engines.base"] != seam_of["app.models.database"]


def _schema_project() -> dict[str, str]:
    """Every table in one `models.py`; the alerts handler writes the alerts; three
    destinations subclass the package's base and are written against `Alert`."""
    tables = ("Alert", "Query", "User", "Dashboard")
    files = {"app/__init__.py": "",
             "app/models.py": "from sqlalchemy import Column, Integer\n"
             "from sqlalchemy.orm import DeclarativeBase\nclass Base(DeclarativeBase):\n"
             "    pass\n" + "".join(f"class {t}(Base):\n    __tablename__ = '{t.lower()}s'\n"
                                 "    id = Column(Integer, primary_key=True)\n"
                                 for t in tables),
             "app/handlers/__init__.py": "",
             "app/handlers/alerts.py": "from app.models import Alert\n"
             "def create(db):\n    db.session.add(Alert())\n    db.session.commit()\n",
             "app/destinations/__init__.py": "class BaseDestination:\n"
             "    def notify(self, alert):\n        raise NotImplementedError\n"}
    for name in ("slack", "email", "webhook"):
        files[f"app/destinations/{name}.py"] = (
            "from app.destinations import BaseDestination\nfrom app.models import Alert\n"
            f"class {name.capitalize()}(BaseDestination):\n"
            "    def notify(self, alert: Alert):\n        return Alert.id\n")
    return files


def test_an_entity_mapped_in_a_schema_module_is_homed_by_its_writer(tmp_path: Path) -> None:
    from strangler.seams.backend_entities import backend_homes

    root = build_tree(tmp_path / "p", _schema_project())
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    index = link(root.name, parsed.files, parsed.problems)
    graph = build_graph(index)
    destinations = ("app.destinations", "app.destinations.email", "app.destinations.slack",
                    "app.destinations.webhook")
    groups = (("", ("app.handlers.alerts",)), ("", destinations), ("", ("app.models",)))
    assert backend_homes(index, graph, groups, {"app.models", "app.handlers.alerts"}) == (
        ("", (*destinations, "app.handlers.alerts")), ("", ("app.models",)))


def test_merges_are_one_step_deep() -> None:
    """Once a group is merged into or away, no other family merges into or out of it
    (families in the order of their names): chained merges are no entity's slice."""
    checks = {"app.checks", "app.checks.base", "app.checks.a", "app.checks.b"}
    uses = [*_uses(5, 2), *((c, "app.engines.base", "Engine", 3) for c in sorted(checks))]
    classes = {**CLASSES, "app.engines.base.Engine": "engines"}
    homes = {**HOMES, "app.engines.base.Engine": "app.engines.base"}
    groups = (*GROUPS, ("", tuple(sorted(checks))))
    merged = entity_families(groups, {"app.engines": ENGINES, "app.checks": checks}, uses,
                             classes, homes, set())
    # `app.checks` (first by name) joins the engines' group, which then stays apart
    assert merged == (GROUPS[0], ("", tuple(sorted((*GROUPS[1][1], *checks)))), GROUPS[2])
