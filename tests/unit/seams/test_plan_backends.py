"""A back-end is platform, not where the plan starts (issue 10 item 5): a package whose
sibling modules implement one interface of the package itself, some keeping the data in
tables and some not, is a storage or cache layer chosen by configuration, whatever it is
called (`migration.backend_modules`)."""

from __future__ import annotations

from strangler.model import (
    Module,
    ProjectIndex,
    Route,
    Seam,
    SymbolUse,
    Table,
    TableAccess,
)
from strangler.seams.explain import _rank_difficulty
from strangler.seams.migration import backend_modules, migration_plan
from strangler.seams.sensitive import SensitiveData

BACKENDS = ("app.core.keep", "app.core.keep.memory", "app.core.keep.sql",
            "app.core.keep.remote")


def _index(sql_in_all: bool = False, base: str = "app.core.keep") -> ProjectIndex:
    """`app.core.keep`: three implementations of its `KeepBase`; only `sql` stores a table
    (all three when `sql_in_all`, a plugin family of data-keeping members)."""
    modules = tuple(Module(name, name.replace(".", "/") + ".py", "app", name == BACKENDS[0],
                           100, 100) for name in (*BACKENDS, "app.notes.views"))
    uses = tuple(SymbolUse(kid, base, "KeepBase", "base", (3,)) for kid in BACKENDS[1:])
    keepers = BACKENDS[1:] if sql_in_all else ("app.core.keep.sql",)
    tables = tuple(Table(f"keep_{i}", (), (TableAccess(kid, "k.py", 5, "sql"),), ())
                   for i, kid in enumerate(keepers))
    return ProjectIndex("", modules, (), uses, (), (), tables, (), (), ())


def _seam(name: str, modules: tuple[str, ...], *, routes: bool) -> Seam:
    route = Route(("GET",), f"/{name}", f"{modules[0]}.index", modules[0], "v.py", 1, "flask")
    return Seam(name=name, modules=modules, loc=100 * len(modules), interface=(),
                routes=(route,) if routes else (), tables_owned=(f"{name}_table",),
                tables_shared=(), depends_on=(), used_by=(), why_together=(), cut_edges=(),
                difficulty="", difficulty_score=2.0)


def test_interchangeable_implementations_some_with_tables_are_a_backend() -> None:
    assert sorted(backend_modules(_index())) == sorted(BACKENDS)


def test_a_family_whose_members_all_keep_tables_or_a_base_elsewhere_is_no_backend() -> None:
    assert backend_modules(_index(sql_in_all=True)) == {}
    assert backend_modules(_index(base="app.other")) == {}


def test_a_backend_seam_goes_after_real_services_and_small_groups_and_says_why() -> None:
    index = _index()
    keep = _seam("keep", BACKENDS, routes=False)  # owns a table, easy, 400 lines: "real"
    notes = _seam("notes", ("app.notes.views", "app.notes.a", "app.notes.b"), routes=True)
    small = _seam("tiny", ("app.tiny",), routes=False)
    seams = tuple(_rank_difficulty([keep, notes, small]))
    plan = migration_plan(seams, SensitiveData({}), backend_modules(index))
    assert [step.seam for step in plan] == ["notes", "tiny", "keep"]
    assert "a back-end" in plan[2].reason
    # Without the back-ends known, the table-owning back-end would come before the group
    # too small to start with (and first of all without the routed slice).
    assert [s.seam for s in migration_plan(seams, SensitiveData({}))] == ["notes", "keep",
                                                                          "tiny"]


def test_when_only_backends_own_data_the_first_step_says_no_real_service_exists() -> None:
    keep = _seam("keep", BACKENDS, routes=False)
    small = _seam("tiny", ("app.tiny",), routes=False)
    plan = migration_plan(tuple(_rank_difficulty([keep, small])), SensitiveData({}),
                          backend_modules(_index()))
    assert plan[0].seam == "tiny"
    assert "no seam is a real first service yet" in plan[0].reason
    assert "no seam serves a route" in plan[0].reason and "(keep)" in plan[0].reason


def test_routes_of_an_application_a_seam_builds_itself_make_no_real_service() -> None:
    # `app.tools.proxy` builds its own web application (an app builder): its two routes
    # are that application's entry, not a slice of the monolith's routes.
    tools = _seam("tools", ("app.tools.proxy", "app.tools.a", "app.tools.b", "app.tools.c"),
                  routes=True)
    tools = Seam(**{**vars(tools), "tables_owned": ()})
    jobs = Seam(**{**vars(_seam("jobs", ("app.jobs.a", "app.jobs.b", "app.jobs.c"),
                                routes=False)), "tables_owned": ()})
    seams = tuple(_rank_difficulty([tools, jobs]))
    entries = frozenset({"app.tools.proxy"})
    plan = migration_plan(seams, SensitiveData({}), {}, entries)
    proxy = next(step for step in plan if step.seam == "tools")
    assert "an application it builds itself (app.tools.proxy)" in proxy.reason
    assert "not a service to start with" in proxy.reason
    assert "the only routes found are those of an application" in plan[0].reason
    # Without the entry known, the proxy's routes make the group the first service.
    assert migration_plan(seams, SensitiveData({}))[0].seam == "tools"
    assert "not a service" not in migration_plan(seams, SensitiveData({}))[0].reason


def test_entry_modules_are_app_builders_and_declared_roots() -> None:
    from strangler.seams.migration import entry_modules

    index = ProjectIndex("", (), (), (), (), (), (), (), (), (), declared_roots=(
        ("site.urls", "ROOT_URLCONF"),), app_builders=("app.tools.proxy",))
    assert entry_modules(index) == {"site.urls", "app.tools.proxy"}
