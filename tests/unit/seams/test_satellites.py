"""Issue 10 (helper pretixzou): a satellite table with a name of its own (a model module and
the CRUD routes over it, no logic) joins the slice whose code works on it most
(`seams.satellites`); one that several slices work on alike stays a seam of its own."""

from __future__ import annotations

from strangler.graph import TableLink
from strangler.model import ModelRef, ProjectIndex, Table
from strangler.seams.propose import Grouping
from strangler.seams.satellites import satellite_homes


def _index(*mapped: tuple[str, str]) -> ProjectIndex:
    tables = tuple(Table(table, (ModelRef(f"{module}.M", module, "", 1, "sqlalchemy"),), (), ())
                   for table, module in mapped)
    return ProjectIndex("", (), (), (), (), (), tables, (), (), ())


UNITS = {"a.models.department": "word:department", "a.crud.department": "word:department",
         "a.services.departments_service": "word:department",
         "a.models.hardware_item": "word:hardware_item",
         "a.crud.hardware_item": "word:hardware_item",
         "a.models.software": "word:software", "a.crud.software": "word:software",
         "a.models.file": "word:file", "a.services.files_service": "word:file",
         "a.commands.sync": "word:sync"}
INDEX = _index(("department", "a.models.department"), ("hardware_item", "a.models.hardware_item"),
               ("software", "a.models.software"), ("file", "a.models.file"))
SERVING = {"a.crud.department", "a.crud.hardware_item", "a.crud.software"}


def _grouping() -> Grouping:
    return Grouping((
        ("", ("a.crud.department", "a.models.department", "a.services.departments_service")),
        ("", ("a.crud.hardware_item", "a.models.hardware_item")),
        ("", ("a.crud.software", "a.models.software")),
        ("", ("a.models.file", "a.services.files_service")),
        ("", ("a.commands.sync",))), "test")


def _group_of(grouping: Grouping, module: str) -> set[str]:
    return next(set(members) for _, members in grouping.groups if module in members)


def test_a_satellite_joins_the_slice_working_on_it() -> None:
    access = [
        TableLink("a.services.departments_service", "department", 2, 2, 1),
        TableLink("a.services.departments_service", "hardware_item", 8, 0, 1),
        # a sync job over every table reads the hardware items too, once among many
        TableLink("a.commands.sync", "hardware_item", 1, 0, 1),
        TableLink("a.commands.sync", "department", 1, 0, 1),
        TableLink("a.commands.sync", "file", 1, 0, 1),
        TableLink("a.commands.sync", "software", 1, 0, 1),
        # the software is worked on by the departments and the files alike
        TableLink("a.services.departments_service", "software", 2, 0, 1),
        TableLink("a.services.files_service", "software", 2, 0, 1),
        TableLink("a.services.files_service", "file", 2, 2, 1),
    ]
    found = satellite_homes(_grouping(), INDEX, access, UNITS, SERVING, set())
    assert _group_of(found, "a.models.hardware_item") == {
        "a.crud.department", "a.models.department", "a.services.departments_service",
        "a.crud.hardware_item", "a.models.hardware_item"}
    assert _group_of(found, "a.models.software") == {"a.crud.software", "a.models.software"}
    # a lever's module keeps its unit where it is
    kept = satellite_homes(_grouping(), INDEX, access, UNITS, SERVING, {"a.crud.hardware_item"})
    assert _group_of(kept, "a.models.hardware_item") == {"a.crud.hardware_item",
                                                         "a.models.hardware_item"}


def test_a_unit_with_logic_or_sharing_its_group_is_no_satellite() -> None:
    access = [TableLink("a.services.departments_service", "file", 9, 9, 1)]
    # the files have a service of their own: no satellite
    found = satellite_homes(_grouping(), INDEX, access, UNITS, SERVING, set())
    assert found == _grouping()
    shared = Grouping((
        ("", ("a.crud.department", "a.models.department", "a.services.departments_service")),
        ("", ("a.crud.hardware_item", "a.models.hardware_item", "a.commands.sync"))), "test")
    access = [TableLink("a.services.departments_service", "hardware_item", 4, 0, 1)]
    assert satellite_homes(shared, INDEX, access, UNITS, SERVING, set()) == shared


def test_a_model_module_holding_its_accessor_is_a_domain_not_a_satellite() -> None:
    """`models/notes.py` with the accessor class its router calls (a models/ + routers/
    layout): the unit's own logic works on the table, however a search reads it."""
    units = {"a.models.note": "word:note", "a.routers.note": "word:note",
             "a.routers.search": "word:search", "a.utils.search": "word:search"}
    index = _index(("note", "a.models.note"))
    grouping = Grouping((("", ("a.models.note", "a.routers.note")),
                         ("", ("a.routers.search", "a.utils.search"))), "test")
    access = [TableLink("a.models.note", "note", 20, 7, 1),
              TableLink("a.routers.search", "note", 7, 0, 1)]
    assert satellite_homes(grouping, index, access, units, {"a.routers.note"}, set()) \
        == grouping
    # the same unit whose model only maps the table is a satellite of the search
    access = [TableLink("a.routers.note", "note", 1, 1, 1),
              TableLink("a.routers.search", "note", 7, 0, 1)]
    moved = satellite_homes(grouping, index, access, units, {"a.routers.note"}, set())
    assert _group_of(moved, "a.models.note") == {"a.models.note", "a.routers.note",
                                                 "a.routers.search", "a.utils.search"}
