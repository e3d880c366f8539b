"""Issue 10 (helper `aggregates`): child tables of one parent, their models in the parent's
module, are part of the parent's aggregate; the code that keeps them stays with the
parent's code instead of becoming a two-module seam of its own. A hub (`users`) takes a
child's code only when its own code writes the child's rows."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamRequest, propose_seams
from strangler.seams.aggregates import child_units, table_parents
from strangler.seams.propose import Choice

MODELS = '''
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Users(db.Model):
    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))


class Challenges(db.Model):
    __tablename__ = "challenges"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))
    flags = db.relationship("Flags")


class Flags(db.Model):
    __tablename__ = "flags"
    id = db.Column(db.Integer, primary_key=True)
    challenge_id = db.Column(db.Integer, db.ForeignKey("challenges.id", ondelete="CASCADE"))
    content = db.Column(db.Text)


class Hints(db.Model):
    __tablename__ = "hints"
    id = db.Column(db.Integer, primary_key=True)
    challenge_id = db.Column(db.Integer, db.ForeignKey("challenges.id", ondelete="CASCADE"))
    content = db.Column(db.Text)


class Solves(db.Model):
    __tablename__ = "solves"
    id = db.Column(db.Integer, primary_key=True)
    challenge_id = db.Column(db.Integer, db.ForeignKey("challenges.id"))
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"))


class Notifications(db.Model):
    __tablename__ = "notifications"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"))
    body = db.Column(db.Text)


class Tokens(db.Model):
    __tablename__ = "tokens"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"))
    value = db.Column(db.String(64))


class Pages(db.Model):
    __tablename__ = "pages"
    id = db.Column(db.Integer, primary_key=True)


class PageFiles(db.Model):
    __tablename__ = "page_files"
    id = db.Column(db.Integer, primary_key=True)
    page_id = db.Column(db.Integer, db.ForeignKey("pages.id"))
'''

# A badge points at the users too, but its model lives in a module of its own: a reference
# to another domain's entity, not a child.
BADGES = '''
from ctf.models import db


class Badges(db.Model):
    __tablename__ = "badges"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"))
'''

API = '''
from flask import request

from ctf.api import api
from ctf.models import {imports}
from ctf.schemas.{name} import {model}Schema
{extra_imports}

@api.route("/{name}", methods=["GET"])
def list_{name}():
    return {model}Schema().dump({model}.query.all())


@api.route("/{name}", methods=["POST"])
def create_{name}():
    row = {model}Schema().load(request.json)
    db.session.add(row)
    db.session.commit()
    return {model}Schema().dump(row)
{extra}'''

SCHEMA = '''
from ctf.models import {model}


class {model}Schema:
    model = {model}

    def load(self, data):
        return {model}(**data)

    def dump(self, value):
        return value
'''

# The challenge API creates flags (the root's code keeps its children's life cycle), and
# never a hint; the users API creates tokens, and never a notification.
CHALLENGE_EXTRA = '''

@api.route("/challenges/<int:item>/flags", methods=["POST"])
def add_flag(item):
    flag = Flags(challenge_id=item, content=request.json["content"])
    db.session.add(flag)
    db.session.commit()
    return ""


@api.route("/challenges/export", methods=["GET"])
def export():
    return dump_challenges(), ChallengesForm()
'''
FLAG_EXTRA = '''

@api.route("/flags/export", methods=["GET"])
def export():
    return dump_challenges()
'''
USER_EXTRA = '''

@api.route("/users/<int:item>/tokens", methods=["POST"])
def new_token(item):
    token = Tokens(user_id=item, value="x")
    db.session.add(token)
    db.session.commit()
    return UsersForm()
'''


def _project(root: Path) -> Path:
    files: dict[str, str | bytes] = {
        "ctf/__init__.py": "from flask import Flask\n\nfrom ctf.api import api\n\n\n"
                           "def create_app():\n    app = Flask(__name__)\n"
                           "    app.register_blueprint(api)\n    return app\n",
        "ctf/models.py": MODELS,
        "ctf/badges.py": BADGES,
        "ctf/api/__init__.py": 'from flask import Blueprint\n\napi = Blueprint("api", __name__)\n'
                               "\nfrom ctf.api import challenges, flags, hints, notifications, "
                               "tokens, users  # noqa\n",
        "ctf/schemas/__init__.py": "",
        "ctf/forms/__init__.py": "class BaseForm:\n    fields = ()\n",
        "ctf/forms/challenges.py": "from ctf.forms import BaseForm\n\n\n"
                                   "class ChallengesForm(BaseForm):\n    fields = ('name',)\n",
        "ctf/forms/users.py": "from ctf.forms import BaseForm\n\n\n"
                              "class UsersForm(BaseForm):\n    fields = ('name',)\n",
        # read by the challenge and the flag APIs: a helper, no data of its own
        "ctf/csv.py": "from ctf.models import Challenges, Flags\n\n\ndef dump_challenges():\n"
                      "    return [(c.name, Flags.query.filter_by(challenge_id=c.id).all())\n"
                      "            for c in Challenges.query.all()]\n",
    }
    for name, model in (("challenges", "Challenges"), ("flags", "Flags"), ("hints", "Hints"),
                        ("users", "Users"), ("notifications", "Notifications"),
                        ("tokens", "Tokens")):
        imports, extra_imports, extra = f"{model}, db", "", ""
        if name == "challenges":
            imports = "Challenges, Flags, db"
            extra_imports = ("from ctf.csv import dump_challenges\n"
                             "from ctf.forms.challenges import ChallengesForm\n")
            extra = CHALLENGE_EXTRA
        elif name == "flags":
            extra_imports, extra = "from ctf.csv import dump_challenges\n", FLAG_EXTRA
        elif name == "users":
            imports = "Tokens, Users, db"
            extra_imports, extra = "from ctf.forms.users import UsersForm\n", USER_EXTRA
        files[f"ctf/api/{name}.py"] = API.format(name=name, model=model, imports=imports,
                                                 extra_imports=extra_imports, extra=extra)
        files[f"ctf/schemas/{name}.py"] = SCHEMA.format(model=model)
    return build_tree(root, files)


def test_a_table_related_to_one_table_of_its_own_module_is_its_child(tmp_path: Path) -> None:
    index, _ = graph_of(_project(tmp_path / "proj"))
    # solves points at challenges and users: no child; badges' model is in another module;
    # pages and page_files relate only to each other: neither is the other's child.
    assert table_parents(index) == {"flags": "challenges", "hints": "challenges",
                                    "notifications": "users", "tokens": "users"}


def test_a_child_unit_joins_the_unit_that_owns_its_parent_and_writes_its_rows() -> None:
    members = {"challenge": ["api.challenges", "schemas.challenges"],
               "flag": ["api.flags", "schemas.flags"], "hint": ["api.hints"],
               "user": ["api.users"], "notification": ["api.notifications"],
               "solve": ["api.solves"]}
    owned = {"api.challenges": {"challenges", "flags"}, "schemas.challenges": {"challenges"},
             "api.flags": {"flags"}, "schemas.flags": {"flags"}, "api.hints": {"hints"},
             "api.users": {"users"}, "api.notifications": {"notifications"},
             "api.solves": {"solves", "flags"}}
    parents = {"flags": "challenges", "hints": "challenges", "notifications": "users"}
    # hint: the challenge's code never writes hints; notification: users code never writes
    # notifications (a hub keeps its references); solve: data of its own beside the flags
    assert child_units(members, owned, parents) == {"flag": "challenge"}
    # the unit with the most modules owning the parent wins, ties by name
    members["challenge2"] = ["api.challenge_admin"]
    owned["api.challenge_admin"] = {"challenges", "flags"}
    assert child_units(members, owned, parents)["flag"] == "challenge"


def test_the_flag_api_stays_with_the_challenge_seam_not_a_seam_of_its_own(
        tmp_path: Path) -> None:
    index, graph = graph_of(_project(tmp_path / "proj"))
    proposal = propose_seams(index, graph, SeamRequest())
    seam_of = dict(proposal.assignment)
    assert seam_of["ctf.api.flags"] == seam_of["ctf.schemas.flags"] == seam_of["ctf.api.challenges"]
    assert seam_of["ctf.api.tokens"] == seam_of["ctf.schemas.tokens"] == seam_of["ctf.api.users"]
    # no life cycle kept by the parent's code: seams of their own
    assert seam_of["ctf.api.hints"] != seam_of["ctf.api.challenges"]
    assert seam_of["ctf.api.notifications"] != seam_of["ctf.api.users"]
    # the same input gives the same partition
    again = propose_seams(index, graph, SeamRequest())
    assert again.assignment == proposal.assignment


def test_a_child_slice_leaves_another_group_for_its_parents_but_no_pinned_group() -> None:
    import networkx as nx

    from strangler.seams.propose import Grouping, split_slices

    graph = nx.Graph()
    graph.add_weighted_edges_from([
        ("a.api.challenges", "a.schemas.challenges", 4.0),
        ("a.api.flags", "a.schemas.flags", 4.0),
        # the flag API sits in the group of the API's leftovers (config, files)
        ("a.api.flags", "a.api.config", 2.0), ("a.api.config", "a.api.files", 2.0),
        ("a.api.files", "a.schemas.files", 4.0),
    ])
    units = {m: f"unit:word:{m.rsplit('.', 1)[1][:-1]}" for m in graph.nodes
             if m != "a.api.config"}
    owned = {"a.api.challenges": {"challenges", "flags"}, "a.schemas.flags": {"flags"},
             "a.schemas.files": {"files"}}
    parents = {"flags": "challenges"}
    challenge = ("a.api.challenges", "a.schemas.challenges")
    rest = ("a.api.config", "a.api.files", "a.api.flags", "a.schemas.files", "a.schemas.flags")
    grouping = Grouping((("", rest), ("", challenge)), Choice(None))
    groups = {frozenset(m) for _, m in split_slices(graph, grouping, units, set(owned), owned,
                                                    parents).groups}
    assert frozenset({*challenge, "a.api.flags", "a.schemas.flags"}) in groups
    before = {frozenset(m) for _, m in split_slices(graph, grouping, units, set(owned)).groups}
    assert frozenset(challenge) in before  # without the aggregates: flags stay apart
    # a pinned group is the user's: its child slice stays in it
    pinned = Grouping((("setup", rest), ("", challenge)), Choice(None))
    assert split_slices(graph, pinned, units, set(owned), owned, parents).groups == (
        pinned.groups)


def test_a_child_joins_the_group_holding_most_of_its_parent() -> None:
    """The parent's package `__init__` sits alone elsewhere: the child follows the group
    with the parent's models and views, not the first module by name."""
    from strangler.seams.propose import Grouping, _join_parents

    grouping = Grouping.ordered([("", ("a.models", "a.views", "b.x")), ("", ("a", "c.y")),
                                 ("", ("kid.m", "kid.n"))], Choice(None))
    members_of = {"a": ["a", "a.models", "a.views"], "kid": ["kid.m", "kid.n"]}
    joined = _join_parents(grouping, members_of, {"kid": "a"})
    assert ("", ("a.models", "a.views", "b.x", "kid.m", "kid.n")) in joined.groups
    assert ("", ("a", "c.y")) in joined.groups
