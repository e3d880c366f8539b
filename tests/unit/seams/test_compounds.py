"""Issue 10 (helper `zoufold`): in an application with one model per module, a compound word
unit (`budget_entry`) whose head is another word unit (`budget`) and that is tied to it by
a foreign key or by code is a part of the head's slice, not a seam of its own. A shared
prefix without a tie, and a compound that is a package of its own outside the layers, fold
nothing."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from helpers import FLASK_DB, FLASK_MODEL, build_tree, graph_of

from strangler.model import ProjectIndex
from strangler.seams.compounds import compound_heads, slice_heads
from strangler.seams.propose import Choice, Grouping, split_slices
from strangler.seams.signals import static_neighbours
from strangler.seams.words import domain_units

CRUD = '''
from app.models.{name} import {cls}


def get_{name}(item):
    return {cls}.query.get(item)
'''


def _project(root: Path) -> Path:
    files: dict[str, str | bytes] = {
        "app/__init__.py": "",
        "app/models/__init__.py": FLASK_DB,
        "app/crud/__init__.py": "",
        "app/services/__init__.py": "",
        "app/utils/__init__.py": "",
        "app/query_runner/__init__.py": "from app.crud.query import get_query\n",
        "app/query_runner/pg.py": "from app.query_runner import get_query\n",
        "app/query_runner/mysql.py": "from app.query_runner import get_query\n",
        # `time` names a helper that nothing of the time_spent unit uses: a homonym
        "app/services/time_service.py": "def now():\n    return 0\n",
        "app/services/budget_service.py": "from app.crud.budget import get_budget\n\n\n"
                                          "def total(item):\n    return get_budget(item)\n",
    }
    models = {
        "budget": ("Budget", "budget", ""),
        # a budget entry points at its budget: the tie that makes it a part of it
        "budget_entry": ("BudgetEntry", "budget_entry",
                         '    budget_id = db.Column(db.Integer, '
                         'db.ForeignKey("budget.id"))\n'),
        "time_spent": ("TimeSpent", "time_spent", ""),
        "query": ("Query", "query", ""),
    }
    for name, (cls, table, extra) in models.items():
        files[f"app/models/{name}.py"] = FLASK_MODEL.format(cls=cls, table=table, extra=extra)
        files[f"app/crud/{name}.py"] = CRUD.format(name=name, cls=cls)
    return build_tree(root, files)


def test_a_compound_tied_to_its_head_is_its_part(tmp_path: Path) -> None:
    index, graph = graph_of(_project(tmp_path / "proj"))
    neighbours = static_neighbours(graph)
    units = domain_units(sorted(m.name for m in index.modules),
                         lambda m: neighbours.get(m, set()))
    assert units["app.models.budget_entry"] == "word:budget_entry"
    assert units["app.services.time_service"] == "word:time"
    assert units["app.query_runner.pg"] == "word:query_runner"
    # time_spent: no key and no code between it and `time`; query_runner: a package of
    # its own outside the layers, though it uses the query crud
    assert compound_heads(units, index, neighbours) == {"word:budget_entry": "word:budget"}


def test_code_alone_ties_a_compound_to_its_head() -> None:
    units = {"a.models.chat": "word:chat", "a.services.chat_message_service":
             "word:chat_message", "a.services.chat_export": "word:chat_export"}
    neighbours = {"a.services.chat_message_service": {"a.models.chat"},
                  "a.models.chat": {"a.services.chat_message_service"}}
    empty = ProjectIndex("", (), (), (), (), (), (), (), (), ())
    assert compound_heads(units, empty, neighbours) == {
        "word:chat_message": "word:chat"}


def test_a_chain_of_heads_stops_at_the_last_slice() -> None:
    heads = {"word:preview_file_state": "word:preview_file",
             "word:preview_file": "word:preview", "word:chat_message": "word:chat"}
    slices = {"unit:word:preview_file_state", "unit:word:preview_file",
              "unit:word:chat_message"}
    # `preview` is no slice: the chain stops at `preview_file`; `chat` is none either
    assert slice_heads(heads, slices) == {
        "unit:word:preview_file_state": "unit:word:preview_file"}
    slices |= {"unit:word:preview", "unit:word:chat"}
    assert slice_heads(heads, slices) == {
        "unit:word:preview_file_state": "unit:word:preview",
        "unit:word:preview_file": "unit:word:preview",
        "unit:word:chat_message": "unit:word:chat"}


def test_the_compound_slice_stays_in_its_heads_group() -> None:
    graph = nx.Graph()
    graph.add_weighted_edges_from([
        ("a.models.budget", "a.crud.budget", 4.0),
        ("a.crud.budget", "a.services.budget_service", 4.0),
        ("a.models.budget_entry", "a.crud.budget_entry", 4.0),
        ("a.models.budget_entry", "a.models.budget", 1.0),
        ("a.crud.budget", "a.crud.export", 1.0),  # a helper of no slice
    ])
    units = {m: "unit:word:" + m.rsplit(".", 1)[1].removesuffix("_service")
             for m in graph.nodes if m != "a.crud.export"}
    owned = {"a.models.budget": {"budget"}, "a.models.budget_entry": {"budget_entry"}}
    grouping = Grouping((("", tuple(sorted(graph.nodes))),), Choice(None))
    # without the rule, each table's two modules are a seam of their own
    assert len(split_slices(graph, grouping, units, set(owned), owned, {}).groups) == 2
    heads = {"word:budget_entry": "word:budget"}
    assert split_slices(graph, grouping, units, set(owned), owned, {}, heads).groups == (
        grouping.groups)


def test_a_compound_slice_takes_a_head_that_is_no_slice() -> None:
    """`blueprints/previews` (no table, one layer) is the interface of the preview files:
    it stays with them, though the comment slice pulls it harder."""
    graph = nx.Graph()
    graph.add_weighted_edges_from([
        ("a.models.preview_file", "a.crud.preview_file", 4.0),
        ("a.blueprints.previews", "a.blueprints.previews.resources", 4.0),
        ("a.blueprints.previews.resources", "a.models.preview_file", 1.0),
        ("a.blueprints.previews.resources", "a.services.comments_service", 3.0),
        ("a.models.comment", "a.services.comments_service", 4.0),
        ("a.models.comment", "a.crud.export", 1.0),  # a helper of no slice
    ])
    units = {m: "unit:word:" + m.rsplit(".", 1)[1].removesuffix("_service").rstrip("s")
             for m in graph.nodes if m != "a.crud.export"}
    units["a.blueprints.previews"] = units["a.blueprints.previews.resources"] = (
        "unit:word:preview")
    owned = {"a.models.preview_file": {"preview_file"}, "a.models.comment": {"comment"}}
    grouping = Grouping((("", tuple(sorted(graph.nodes))),), Choice(None))
    previews = {"a.blueprints.previews", "a.blueprints.previews.resources"}

    def group_of(found: Grouping, module: str) -> set[str]:
        return next(set(m) for _, m in found.groups if module in m)

    before = split_slices(graph, grouping, units, set(owned), owned, {})
    assert previews <= group_of(before, "a.models.comment")
    after = split_slices(graph, grouping, units, set(owned), owned, {},
                         {"word:preview_file": "word:preview"})
    assert group_of(after, "a.models.preview_file") == {
        "a.models.preview_file", "a.crud.preview_file", *previews}


def test_a_compound_package_is_a_part_of_its_sibling_head_package() -> None:
    from strangler.seams.compounds import package_heads

    units = {"app.customer.service": "app.customer", "app.customer.views": "app.customer",
             "app.customer_session.service": "app.customer_session",
             "app.customer_session.views": "app.customer_session",
             # no tie to `app.order`: a shared prefix alone is a coincidence of spelling
             "app.order_export.service": "app.order_export",
             "app.order.service": "app.order",
             # word units are `compound_heads`' business
             "app.models.customer_note": "word:customer_note"}
    neighbours = {"app.customer_session.service": {"app.customer.service"},
                  "app.customer.service": {"app.customer_session.service"}}
    empty = ProjectIndex("", (), (), (), (), (), (), (), (), ())
    assert package_heads(units, empty, neighbours) == {
        "app.customer_session": "app.customer"}


def test_a_compound_package_slice_joins_its_head_package_slice() -> None:
    graph = nx.Graph()
    units = {"app.customer.service": "unit:app.customer",
             "app.customer.models": "unit:app.customer",
             "app.customer_session.service": "unit:app.customer_session",
             "app.customer_session.models": "unit:app.customer_session"}
    for module in units:
        graph.add_node(module)
    graph.add_edge("app.customer.service", "app.customer.models", weight=3.0)
    graph.add_edge("app.customer_session.service", "app.customer_session.models", weight=3.0)
    graph.add_edge("app.customer_session.service", "app.customer.models", weight=0.5)
    grouping = Grouping.ordered([("", sorted(units))], Choice(None))
    owners = {"app.customer.models", "app.customer_session.models"}
    split = split_slices(graph, grouping, units, owners)
    assert len(split.groups) == 2  # two slices of their own without the head
    joined = split_slices(graph, grouping, units, owners,
                          heads={"app.customer_session": "app.customer"})
    assert joined == grouping


def test_a_word_unit_and_a_top_level_package_of_the_same_name_are_two_units() -> None:
    """A top-level package unit (`chat`, no dot: domains start at the top) and the word
    unit `word:chat` of layer modules are two units: a head `word:chat` is the word's
    slice, never the package's, and a compound takes no package's modules for its word."""
    from strangler.seams.compounds import absorb_heads, unit_key

    assert unit_key("unit:word:chat") != unit_key("unit:chat")
    assert unit_key("word:chat") == unit_key("unit:word:chat")
    assert unit_key("app.customer") == unit_key("unit:app.customer")
    heads = {"word:chat_message": "word:chat"}
    # the word `chat` is no slice: the chain stops; the package `chat` is no head
    assert slice_heads(heads, {"unit:word:chat_message", "unit:chat"}) == {}
    members_of = {"unit:word:chat_message": ["models.chat_message", "crud.chat_message"],
                  "unit:chat": ["chat", "chat.views"]}
    units = {m: u for u, found in members_of.items() for m in found}
    assert absorb_heads(heads, {"unit:word:chat_message"}, units, members_of) == (
        units, members_of)


def _fk(table: str) -> str:
    return f'    {table}_id = db.Column(db.Integer, db.ForeignKey("{table}.id"))\n'


def _hub_project(root: Path) -> Path:
    """`user` is the hub every table points at; `user_favourite_session` and
    `user_email` are compounds of its name, the first tied to `session` as well."""
    files: dict[str, str | bytes] = {
        "app/__init__.py": "",
        "app/models/__init__.py": FLASK_DB,
        "app/crud/__init__.py": "",
    }
    models = {
        "user": ("User", "user", ""),
        "session": ("Session", "session", _fk("user")),
        "track": ("Track", "track", _fk("user") + _fk("session")),
        "order": ("Order", "order", _fk("user")),
        "user_email": ("UserEmail", "user_email", _fk("user")),
        "user_favourite_session": ("UserFavouriteSession", "user_favourite_session",
                                   _fk("user") + _fk("session")),
    }
    for name, (cls, table, extra) in models.items():
        files[f"app/models/{name}.py"] = FLASK_MODEL.format(cls=cls, table=table, extra=extra)
        files[f"app/crud/{name}.py"] = CRUD.format(name=name, cls=cls)
    return build_tree(root, files)


def test_a_compound_of_a_hubs_name_is_a_part_of_the_unit_its_name_ends_with(
        tmp_path: Path) -> None:
    """Issue 10 (helper `oes`, open-event-server): `user_favourite_session` is the
    sessions' per-user data, not a part of the user every table points at; `user_email`,
    whose name ends with no unit, stays the user's."""
    index, graph = graph_of(_hub_project(tmp_path / "proj"))
    neighbours = static_neighbours(graph)
    units = domain_units(sorted(m.name for m in index.modules),
                         lambda m: neighbours.get(m, set()))
    assert compound_heads(units, index, neighbours) == {
        "word:user_email": "word:user",
        "word:user_favourite_session": "word:session"}


def test_between_two_hubs_the_head_decides() -> None:
    """`user_favourite_event`: `event` is a hub more central than `user`; the name's head
    keeps it. A head that is no hub keeps its compounds whatever their endings."""
    from strangler.seams.compounds import hub_tail

    members = {u: [u[5:]] for u in ("word:user", "word:event", "word:session",
                                    "word:user_favourite_event", "word:user_favourite_session",
                                    "word:session_user")}
    related = {"word:user_favourite_event": {"word:user", "word:event"},
               "word:user_favourite_session": {"word:user", "word:session"},
               "word:session_user": {"word:user", "word:session"}}
    central = {"word:user": 0.3, "word:event": 0.5, "word:session": 0.1}
    assert hub_tail("word:user_favourite_event", "word:user", members, related, {},
                    central) is None
    assert hub_tail("word:user_favourite_session", "word:user", members, related, {},
                    central) == "word:session"
    assert hub_tail("word:session_user", "word:session", members, related, {},
                    central) is None
