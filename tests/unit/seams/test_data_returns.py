"""Issue 10 (kernel, data first): a module the breadth rules put in the kernel because many
seams call it, but whose table uses are one seam's tables, is that seam's code and goes
back to it (privacyIDEA's `lib/token/query`, which the token API, token types, events and
policies call, and which reads the token tables)."""

from __future__ import annotations

from strangler.model import KernelModule

BREADTH = "no tables of its own; used by 7 of the 16 module groups"
GROUPS = (("", ("app.models.token", "app.lib.tokenclass", "app.api.token")),
          ("", ("app.models.realm", "app.lib.realm")),
          ("", ("app.api.event",)))
MAPPED = {"token": {"app.models.token"}, "tokeninfo": {"app.models.token"},
          "tokenowner": {"app.models.token"}, "realm": {"app.models.realm"},
          "config": {"app.models.config"}, "audit": {"app.models.audit"}}


def test_a_kernel_module_working_on_one_seams_tables_goes_back_to_it() -> None:
    from strangler.seams.data_returns import data_homes

    uses = {"app.lib.token.query": {"token": 30, "tokeninfo": 3, "tokenowner": 20,
                                    "realm": 10}}
    assert data_homes(GROUPS, {"app.lib.token.query"}, uses, MAPPED, set(), 3) == {
        "app.lib.token.query": 0}
    # a lever's module stays
    assert data_homes(GROUPS, {"app.lib.token.query"}, uses, MAPPED,
                      {"app.lib.token.query"}, 3) == {}


def test_two_seams_tables_few_tables_or_unowned_tables_leave_it_in_the_kernel() -> None:
    from strangler.seams.data_returns import data_homes

    even = {"m": {"token": 10, "tokeninfo": 5, "realm": 12}}
    assert data_homes(GROUPS, {"m"}, even, MAPPED, set(), 3) == {}
    two = {"m": {"token": 10, "tokeninfo": 5}}  # two tables: too few to show it
    assert data_homes(GROUPS, {"m"}, two, MAPPED, set(), 3) == {}
    # tables mapped in the kernel (`app.models.config`) or in no seam decide nothing,
    # and count against the share
    kernel_data = {"m": {"config": 30, "audit": 10, "token": 5}}
    assert data_homes(GROUPS, {"m"}, kernel_data, MAPPED, set(), 3) == {}
    # a table mapped by two seams' modules is no one seam's
    split = {**MAPPED, "token": {"app.models.token", "app.models.realm"}}
    uses = {"m": {"token": 30, "tokeninfo": 3, "tokenowner": 1}}
    assert data_homes(GROUPS, {"m"}, uses, split, set(), 3) == {}


def test_only_breadth_choices_without_a_platform_last_name_return() -> None:
    from strangler.seams.data_returns import return_data_users

    kernel = [KernelModule("app.lib.token.query", BREADTH),
              KernelModule("app.lib.utils", BREADTH),
              KernelModule("app.lib.tokenview", "named like a helper package")]
    links = [(m, t, n) for m in ("app.lib.token.query", "app.lib.utils", "app.lib.tokenview")
             for t, n in (("token", 10), ("tokeninfo", 5), ("tokenowner", 5))]
    groups, left = return_data_users(GROUPS, kernel, links, MAPPED, frozenset(), set(), 40)
    assert "app.lib.token.query" in groups[0][1]
    assert [k.module for k in left] == ["app.lib.utils", "app.lib.tokenview"]
    # the settings store's tables are not counted
    groups, left = return_data_users(GROUPS, kernel, links, MAPPED, frozenset({"token"}),
                                     set(), 40)
    assert len(left) == 3 and groups == GROUPS


def test_the_tables_of_one_models_module_holding_the_schema_decide_nothing() -> None:
    """Redash: every table in one `models` module, which sits in the users' seam; the
    serializers read five of its tables and stay in the kernel."""
    from strangler.seams.data_returns import return_data_users

    schema = {t: {"app.models"} for t in ("dashboards", "queries", "widgets", "favorites")}
    groups = (("", ("app.models", "app.handlers.users")), ("", ("app.handlers.queries",)))
    kernel = [KernelModule("app.serializers", BREADTH)]
    links = [("app.serializers", t, 3) for t in schema]
    assert return_data_users(groups, kernel, links, schema, frozenset(), set(), 6) == (
        groups, kernel)
    # the same tables in a project of many more tables are one domain's
    moved, left = return_data_users(groups, kernel, links, schema, frozenset(), set(), 40)
    assert "app.serializers" in moved[0][1] and not left


def test_a_data_user_whose_callers_sit_mostly_in_other_seams_stays() -> None:
    """Pretix's `multidomain/urlreverse` reads its app's domain table, but every app calls
    it to build URLs: no seam holds fewer of its users than another's, and it stays."""
    from strangler.seams.data_returns import data_homes

    uses = {"app.urls": {"token": 10, "tokeninfo": 2, "tokenowner": 2}}
    wide = [("app.lib.realm", "app.urls"), ("app.models.realm", "app.urls"),
            ("app.api.token", "app.urls")]
    assert data_homes(GROUPS, {"app.urls"}, uses, MAPPED, set(), 3, wide) == {}
    even = wide[:1] + wide[2:]
    assert data_homes(GROUPS, {"app.urls"}, uses, MAPPED, set(), 3, even) == {"app.urls": 0}
