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
