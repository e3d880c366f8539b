"""Issue 10 (helper `zou10`): kinds of one table (shots and assets are rows of one `entity`
table) have a service and routes each and no model; the code whose only data are rows of
another unit's table is a part of that unit's slice (`seams.table_views`), not a seam
beside it. A service that writes another domain's table in passing (a user service
notifying people) and a command-line package are no views."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from helpers import build_tree, graph_of

from strangler.seams.kernel import owned_tables
from strangler.seams.propose import Grouping, split_slices
from strangler.seams.signals import static_neighbours
from strangler.seams.table_views import view_heads
from strangler.seams.words import domain_units

BASE = '''
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
'''
MODEL = '''
from app.models import db


class {cls}(db.Model):
    __tablename__ = "{table}"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))
'''
# Shots are rows of the entity table: created and read there, in most places.
SHOTS = '''
from app.models import db
from app.models.entity import Entity
from app.models.project import Project


def new_shot(name):
    shot = Entity(name=name)
    db.session.add(shot)
    db.session.commit()
    return shot


def get_shot(key):
    return Entity.query.get(key)


def all_shots():
    return Entity.query.all()


def shot_project(key):
    return Project.query.get(key)
'''
# The user service notifies people (one write) but works on projects (read most).
USERS = '''
from app.models import db
from app.models.notification import Notification
from app.models.project import Project


def notify(text):
    db.session.add(Notification(name=text))
    db.session.commit()


def my_projects():
    return Project.query.all()


def my_project(key):
    return Project.query.get(key)


def open_projects():
    return Project.query.filter_by(name="open").all()
'''
# A command that creates an entity: the command-line layer, no view of the entities.
COMMAND = '''
from app.models import db
from app.models.entity import Entity


def create_entity(name):
    db.session.add(Entity(name=name))
    db.session.commit()
'''


def _project(root: Path) -> Path:
    files: dict[str, str | bytes] = {
        "app/__init__.py": "",
        "app/models/__init__.py": BASE,
        "app/services/__init__.py": "",
        "app/services/shots_service.py": SHOTS,
        "app/services/users_service.py": USERS,
        "app/blueprints/__init__.py": "",
        "app/blueprints/shots.py": "from app.services.shots_service import all_shots\n",
        "app/blueprints/users.py": "from app.services.users_service import my_projects\n",
        "app/blueprints/projects.py": "from app.models.project import Project\n",
        "app/blueprints/entities.py": "from app.models.entity import Entity\n",
        "app/cli/__init__.py": "",
        "app/cli/entities.py": COMMAND,
    }
    for name, cls in (("entity", "Entity"), ("project", "Project"),
                      ("notification", "Notification")):
        files[f"app/models/{name}.py"] = MODEL.format(cls=cls, table=name)
    return build_tree(root, files)


def test_a_unit_writing_only_another_units_table_is_its_view(tmp_path: Path) -> None:
    index, graph = graph_of(_project(tmp_path / "proj"))
    neighbours = static_neighbours(graph)
    units = domain_units(sorted(m.name for m in index.modules),
                         lambda m: neighbours.get(m, set()))
    owned = owned_tables(index, graph)
    assert owned["app.services.shots_service"] == {"entity"}
    assert owned["app.services.users_service"] == {"notification"}
    assert "entity" in owned["app.cli.entities"]
    assert units["app.services.shots_service"] == "word:shot"
    # the user service reads projects most; the command is the command-line layer
    assert view_heads(units, index, owned) == {"word:shot": "word:entity"}


def test_the_view_joins_the_tables_slice_in_the_split() -> None:
    graph = nx.Graph()
    graph.add_weighted_edges_from([
        ("a.models.entity", "a.crud.entity", 4.0),
        ("a.blueprints.shots", "a.services.shots_service", 4.0),
        ("a.services.shots_service", "a.models.entity", 1.0),
        ("a.crud.entity", "a.crud.export", 1.0),  # a helper of no slice
    ])
    units = {"a.models.entity": "unit:word:entity", "a.crud.entity": "unit:word:entity",
             "a.blueprints.shots": "unit:word:shot",
             "a.services.shots_service": "unit:word:shot"}
    owned = {"a.models.entity": {"entity"}, "a.services.shots_service": {"entity"}}
    grouping = Grouping((("", tuple(sorted(graph.nodes))),), "test")
    # without the rule the shots are a seam beside the table they write
    assert len(split_slices(graph, grouping, units, set(owned), owned, {}).groups) == 2
    heads = {"word:shot": "word:entity"}
    assert split_slices(graph, grouping, units, set(owned), owned, {}, heads).groups == (
        grouping.groups)


def test_a_chain_passes_over_a_head_its_compound_absorbed() -> None:
    """`asset_instance` took `asset` (routes and service, no slice of their own); `asset`
    is a view of `entity`: the asset instances and the asset routes join the entities."""
    from strangler.seams.compounds import slice_heads

    heads = {"word:asset_instance": "word:asset", "word:asset": "word:entity"}
    slices = {"unit:word:asset_instance", "unit:word:entity"}
    assert slice_heads(heads, slices) == {}
    assert slice_heads(heads, slices, frozenset({"word:asset"})) == {
        "unit:word:asset_instance": "unit:word:entity"}
