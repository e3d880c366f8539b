"""Issue 10 (helper `zou10`): a service that writes its own domain's table
(`services/tasks_service` writing `task`, mapped by `models/task`) stays with that table's
slice though its many reads pull it elsewhere, and its routes follow it (`seams.unit_data`).
A lone model in a package of every domain's models is no slice to follow."""

from __future__ import annotations

from strangler.model import ModelRef, ProjectIndex, Table
from strangler.seams.propose import Grouping
from strangler.seams.unit_data import unit_writers


def _index(*mapped: tuple[str, str]) -> ProjectIndex:
    tables = tuple(Table(table, (ModelRef(f"{module}.M", module, "", 1, "sqlalchemy"),), (), ())
                   for table, module in mapped)
    return ProjectIndex("", (), (), (), (), (), tables, (), (), ())


UNITS = {"a.models.task": "word:task", "a.crud.task": "word:task",
         "a.services.tasks_service": "word:task", "a.blueprints.tasks": "word:task",
         "a.models.entity": "word:entity", "a.services.entities_service": "word:entity",
         "a.blueprints.shots": "word:shot"}


def _group_of(grouping: Grouping, module: str) -> set[str]:
    return next(set(members) for _, members in grouping.groups if module in members)


def test_the_writer_of_its_units_table_and_its_routes_join_the_slice() -> None:
    grouping = Grouping((
        ("", ("a.blueprints.shots", "a.blueprints.tasks", "a.models.entity",
              "a.services.entities_service", "a.services.tasks_service")),
        ("", ("a.crud.task", "a.models.task"))), "test")
    index = _index(("task", "a.models.task"), ("entity", "a.models.entity"))
    owned = {"a.models.task": {"task"}, "a.models.entity": {"entity"},
             "a.services.tasks_service": {"task", "entity"}}
    neighbours = {"a.blueprints.tasks": {"a.services.tasks_service", "a.blueprints.shots"},
                  "a.services.tasks_service": {"a.blueprints.tasks", "a.models.task"}}
    found = unit_writers(grouping, index, UNITS, owned, set(), neighbours)
    assert _group_of(found, "a.models.task") == {
        "a.crud.task", "a.models.task", "a.services.tasks_service", "a.blueprints.tasks"}
    assert _group_of(found, "a.models.entity") == {
        "a.blueprints.shots", "a.models.entity", "a.services.entities_service"}
    # a lever's module stays where it is
    kept = unit_writers(grouping, index, UNITS, owned, {"a.services.tasks_service"},
                        neighbours)
    assert "a.services.tasks_service" in _group_of(kept, "a.models.entity")


def test_a_lone_model_in_a_shared_models_group_is_no_slice() -> None:
    """`model/user` sits in the group of every model; the user views stay in theirs."""
    grouping = Grouping((
        ("", ("a.model.entity", "a.model.user", "a.model.task")),
        ("", ("a.views.user", "a.lib.authenticator"))), "test")
    units = {"a.model.user": "word:user", "a.views.user": "word:user"}
    index = _index(("user", "a.model.user"))
    owned = {"a.model.user": {"user"}, "a.views.user": {"user"}}
    assert unit_writers(grouping, index, units, owned, set(), {}) == grouping


def test_a_writer_of_a_compound_of_its_unit_joins_the_compounds_slice() -> None:
    """`schedule_service` writes `schedule_item`, whose unit is a compound of `schedule`:
    one family, so the service joins the schedule items' group."""
    grouping = Grouping((
        ("", ("a.models.entity", "a.services.entities_service",
              "a.services.schedule_service")),
        ("", ("a.crud.schedule_item", "a.models.schedule_item"))), "test")
    units = {"a.models.entity": "word:entity", "a.services.entities_service": "word:entity",
             "a.services.schedule_service": "word:schedule",
             "a.crud.schedule_item": "word:schedule_item",
             "a.models.schedule_item": "word:schedule_item"}
    index = _index(("schedule_item", "a.models.schedule_item"), ("entity", "a.models.entity"))
    owned = {"a.models.schedule_item": {"schedule_item"}, "a.models.entity": {"entity"},
             "a.services.schedule_service": {"schedule_item"}}
    assert unit_writers(grouping, index, units, owned, set()) == grouping
    found = unit_writers(grouping, index, units, owned, set(), {},
                         {"word:schedule_item": "word:schedule"})
    assert _group_of(found, "a.models.schedule_item") == {
        "a.crud.schedule_item", "a.models.schedule_item", "a.services.schedule_service"}


def test_no_home_when_the_units_models_are_split_evenly() -> None:
    """The family's two models sit in two groups: no group holds most of them, so the
    writer stays where the clustering put it (the first, biggest group, which won the
    tie, took the playlists' service and routes into the entities before)."""
    grouping = Grouping((
        ("", ("a.crud.entity", "a.crud.playlist_share_link", "a.models.entity",
              "a.models.playlist_share_link")),
        ("", ("a.crud.playlist", "a.models.playlist", "a.services.playlists_service"))),
        "test")
    units = {"a.models.playlist": "word:playlist", "a.crud.playlist": "word:playlist",
             "a.services.playlists_service": "word:playlist",
             "a.models.playlist_share_link": "word:playlist_share_link",
             "a.crud.playlist_share_link": "word:playlist_share_link"}
    index = _index(("playlist", "a.models.playlist"),
                   ("playlist_share_link", "a.models.playlist_share_link"))
    owned = {"a.models.playlist": {"playlist"},
             "a.models.playlist_share_link": {"playlist_share_link"},
             "a.services.playlists_service": {"playlist", "playlist_share_link"}}
    heads = {"word:playlist_share_link": "word:playlist"}
    assert unit_writers(grouping, index, units, owned, set(), {}, heads) == grouping
