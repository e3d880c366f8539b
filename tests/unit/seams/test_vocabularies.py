"""Issue 10 (layered slices): a vocabulary an entity is labelled with (`topics`, linked to
`challenges` through the association `challenge_topics`: id and two foreign keys) is the
entity's. Its API slice was a seam of its own on CTFd: the aggregates see no child there
and their guard wants the entity's code to write the links, which only the vocabulary's
API does. A table linked to two entities, or an association with columns of its own, is no
vocabulary."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.propose import Grouping, split_slices
from strangler.seams.vocabularies import vocabulary_tables, vocabulary_units

DB = ("class _Db:\n    Model = object\n    Integer = int\n    String = str\n"
      "    def Column(self, *a, **k):\n        return None\n"
      "    def ForeignKey(self, *a, **k):\n        return None\n"
      "db = _Db()\n")


def _model(name: str, table: str, columns: str = "") -> str:
    return (f"class {name}(db.Model):\n    __tablename__ = '{table}'\n"
            f"    id = db.Column(db.Integer, primary_key=True)\n{columns}")


def _fk(column: str, target: str) -> str:
    return f"    {column} = db.Column(db.Integer, db.ForeignKey('{target}.id'))\n"


def _schema(tmp_path: Path, extra_column: bool = False) -> Path:
    """challenges with flags (a child); topics linked to challenges through
    challenge_topics; groups linked to challenges and users through memberships."""
    link_extra = "    note = db.Column(db.String)\n" if extra_column else ""
    models = "from db import db\n" + "".join((
        _model("Users", "users"),
        _model("Challenges", "challenges"),
        _model("Flags", "flags", _fk("challenge_id", "challenges")),
        _model("Topics", "topics", "    value = db.Column(db.String)\n"),
        _model("ChallengeTopics", "challenge_topics", _fk("challenge_id", "challenges")
               + _fk("topic_id", "topics") + link_extra),
        _model("Groups", "groups"),
        _model("Memberships", "memberships", _fk("group_id", "groups")
               + _fk("challenge_id", "challenges") + _fk("user_id", "users")),
    ))
    return build_tree(tmp_path / "vocab", {"db.py": DB, "app/__init__.py": "",
                                           "app/models.py": models})


def test_a_vocabulary_and_its_links_are_the_entitys(tmp_path: Path) -> None:
    index, _ = graph_of(_schema(tmp_path))
    assert vocabulary_tables(index) == {"topics": "challenges", "challenge_topics": "challenges"}


def test_an_association_with_columns_of_its_own_is_no_vocabulary(tmp_path: Path) -> None:
    index, _ = graph_of(_schema(tmp_path, extra_column=True))
    assert vocabulary_tables(index) == {}


VOCAB = {"topics": "challenges", "challenge_topics": "challenges"}
MEMBERS = {"word:challenge": ["app.api.challenges", "app.plugins.challenges"],
           "word:topic": ["app.api.topics", "app.schemas.topics"],
           "word:user": ["app.api.users", "app.schemas.users"]}
OWNED = {"app.plugins.challenges": {"challenges", "flags"},
         "app.api.topics": {"topics", "challenge_topics"},
         "app.api.users": {"users", "challenge_topics"}}


def test_the_vocabularys_slice_joins_the_entitys() -> None:
    # `word:user` also writes the links but owns users: no vocabulary slice.
    assert vocabulary_units(MEMBERS, OWNED, VOCAB) == {"word:topic": "word:challenge"}


def test_the_split_keeps_the_vocabulary_with_its_entity() -> None:
    import networkx as nx

    graph = nx.Graph()
    modules = [m for members in MEMBERS.values() for m in members]
    graph.add_nodes_from(modules)
    for members in MEMBERS.values():
        graph.add_edge(*members, weight=1.0)
    graph.add_edge("app.api.challenges", "app.api.topics", weight=0.1)
    graph.add_edge("app.api.challenges", "app.api.users", weight=0.1)
    # (a module of no slice, which follows the slice it pulls hardest)
    graph.add_edge("app.api.helpers", "app.api.users", weight=2.0)
    units = {m: u for u, members in MEMBERS.items() for m in members}
    grouping = Grouping((("", tuple(sorted([*modules, "app.api.helpers"]))),), "test")
    owners = set(OWNED)
    without = split_slices(graph, grouping, units, owners, OWNED, {}, None)
    assert len(without.groups) == 3
    joined = split_slices(graph, grouping, units, owners, OWNED, {}, None, VOCAB)
    groups = sorted(members for _, members in joined.groups)
    assert groups == [("app.api.challenges", "app.api.topics", "app.plugins.challenges",
                       "app.schemas.topics"),
                      ("app.api.helpers", "app.api.users", "app.schemas.users")]
