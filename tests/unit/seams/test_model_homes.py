"""Issue 10: a model module whose tables only another seam works on joins that seam
(`seams.model_homes`)."""

from __future__ import annotations

from strangler.graph import TableLink
from strangler.seams.model_homes import model_homes
from strangler.seams.propose import Choice, Grouping

GROUPS = (("", ("app.logic.dictize", "app.logic.save", "app.model.package")),
          ("", ("app.model.resource", "app.views.dataset", "app.views.resource")))
MAPS = {"app.model.package": frozenset({"package"}),
        "app.model.resource": frozenset({"resource"})}


def _links(*pairs: tuple[str, str]) -> list[TableLink]:
    return [TableLink(module, table, 1, 1, 1) for module, table in pairs]


def _homes(links: list[TableLink], groups: tuple[tuple[str, tuple[str, ...]], ...] = GROUPS,
           served: frozenset[str] = frozenset({"app.views.dataset", "app.views.resource"}),
           fixed: frozenset[str] = frozenset()) -> list[tuple[str, ...]]:
    return sorted(members for _, members in model_homes(
        Grouping(groups, Choice(None)), links, MAPS, frozenset(), served, fixed).groups)


USED_ELSEWHERE = _links(("app.model.resource", "resource"), ("app.logic.dictize", "resource"),
                        ("app.logic.save", "resource"), ("app.model.package", "package"))


def test_a_model_only_another_seam_works_on_joins_it() -> None:
    assert _homes(USED_ELSEWHERE) == [
        ("app.logic.dictize", "app.logic.save", "app.model.package", "app.model.resource"),
        ("app.views.dataset", "app.views.resource")]


def test_a_model_its_own_seam_uses_stays() -> None:
    links = [*USED_ELSEWHERE, *_links(("app.views.resource", "resource"))]
    assert _homes(links) == sorted(members for _, members in GROUPS)


def test_one_outside_accessor_is_not_enough() -> None:
    links = _links(("app.model.resource", "resource"), ("app.logic.save", "resource"))
    assert _homes(links) == sorted(members for _, members in GROUPS)


def test_a_table_several_seams_work_on_alike_stays() -> None:
    groups = (*GROUPS, ("", ("app.jobs.sync", "app.jobs.export")))
    links = [*USED_ELSEWHERE, *_links(("app.jobs.sync", "resource"),
                                      ("app.jobs.export", "resource"))]
    assert _homes(links, groups) == sorted(members for _, members in groups)


def test_a_model_a_lever_placed_stays() -> None:
    assert _homes(USED_ELSEWHERE, fixed=frozenset({"app.model.resource"})) == sorted(
        members for _, members in GROUPS)


def test_a_model_its_own_seam_imports_stays() -> None:
    # (its seam calls the accessor class it holds: `models/notes` and the notes router)
    groups = GROUPS
    moved = sorted(members for _, members in model_homes(
        Grouping(groups, Choice(None)), USED_ELSEWHERE, MAPS, frozenset(),
        frozenset({"app.views.dataset", "app.views.resource"}), frozenset(),
        {"app.model.resource": {"app.views.resource"}}).groups)
    assert moved == sorted(members for _, members in groups)
