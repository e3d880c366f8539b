"""A subsystem's manager joins the drivers it loads by entry point (`seams.drivers`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree

from strangler.adapters.cache import MemoryStore
from strangler.adapters.entry_points import read_entry_points
from strangler.adapters.filesystem import LocalFileSystem
from strangler.graph import build_graph
from strangler.parse import ParseOptions, link, parse_project
from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.drivers import loaders_with_drivers, own_drivers


def test_own_drivers_are_entry_point_targets_below_the_loader_s_package() -> None:
    links = [("app.identity.core", "app.identity.backends.sql"),
             ("app.identity.core", "app.identity.backends.ldap"),
             ("app.identity.core", "app.plugins.saml"),  # another package's plugin
             ("app.loader", "app.identity.backends.sql")]  # no package of its own
    assert own_drivers(links) == {"app.identity.core": {"app.identity.backends.sql",
                                                        "app.identity.backends.ldap"}}


def test_a_loader_moves_to_the_group_with_most_of_its_drivers_lines() -> None:
    groups = (("", ("app.identity.core", "app.resource.core")),
              ("", ("app.identity.backends.sql",)),
              ("", ("app.identity.backends.ldap", "app.resource.backends.sql")))
    drivers = {"app.identity.core": {"app.identity.backends.sql",
                                     "app.identity.backends.ldap"},
               "app.resource.core": {"app.resource.backends.sql"}}
    lines = {"app.identity.backends.sql": 400, "app.identity.backends.ldap": 90}
    assert loaders_with_drivers(groups, drivers, lines) == (
        ("", ("app.identity.backends.sql", "app.identity.core")),
        ("", ("app.identity.backends.ldap", "app.resource.backends.sql",
              "app.resource.core")))


def test_pinned_groups_and_ties_keep_the_loader() -> None:
    groups = (("identity", ("app.identity.core",)), ("", ("app.identity.backends.sql",)))
    drivers = {"app.identity.core": {"app.identity.backends.sql"}}
    assert loaders_with_drivers(groups, drivers, {}) == groups
    groups = (("", ("app.identity.core",)), ("", ("app.identity.backends.sql",)),
              ("", ("app.identity.backends.ldap",)))
    drivers = {"app.identity.core": {"app.identity.backends.sql",
                                     "app.identity.backends.ldap"}}
    assert loaders_with_drivers(groups, drivers, {}) == groups


SUBSYSTEMS = ("identity", "resource", "assignment")


def _project() -> dict[str, str]:
    """Three subsystems, each a manager loading its SQL driver through a setup.cfg entry
    point; the managers call one another many times, the drivers hold the tables, each
    with a foreign key to the next one's."""
    files = {"setup.cfg": "[options.entry_points]\n" + "".join(
        f"app.{s} =\n    sql = app.{s}.backends.sql:Driver\n" for s in SUBSYSTEMS),
        "app/__init__.py": "",
        "app/db.py": ("from sqlalchemy.orm import DeclarativeBase\n"
                      "class Base(DeclarativeBase):\n    pass\n")}
    for s in SUBSYSTEMS:
        others = [o for o in SUBSYSTEMS if o != s]
        files[f"app/{s}/__init__.py"] = ""
        files[f"app/{s}/backends/__init__.py"] = ""
        nxt = SUBSYSTEMS[(SUBSYSTEMS.index(s) + 1) % len(SUBSYSTEMS)]
        files[f"app/{s}/backends/sql.py"] = (
            "from sqlalchemy import Column, ForeignKey, Integer\nfrom app.db import Base\n"
            f"class Row(Base):\n    __tablename__ = '{s}'\n"
            "    id = Column(Integer, primary_key=True)\n"
            f"    {nxt}_id = Column(Integer, ForeignKey('{nxt}.id'))\n"
            "class Driver:\n    def create(self, db):\n        db.add(Row())\n"
            "    def read(self, db):\n        return db.query(Row).all()\n")
        files[f"app/{s}/core.py"] = (
            "from stevedore import driver\n"
            + "".join(f"from app.{o} import core as {o}_core\n" for o in others)
            + "class Manager:\n    def __init__(self):\n"
            f"        self.driver = driver.DriverManager('app.{s}', 'sql').driver\n"
            + "".join(f"    def use_{o}_{i}(self):\n        return {o}_core.Manager().get()\n"
                      for o in others for i in range(6))
            + "    def get(self):\n        return self.driver\n")
    return files


def test_each_manager_shares_a_seam_with_its_driver(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", _project())
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    index = link(root.name, parsed.files, parsed.problems, read_entry_points(root))
    graph = build_graph(index)
    assert sum(1 for d in graph.dependencies if dict(d.kinds).get("entry_point")) == 3
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    for s in SUBSYSTEMS:
        assert seam_of.get(f"app.{s}.core") == seam_of.get(f"app.{s}.backends.sql"), seam_of
