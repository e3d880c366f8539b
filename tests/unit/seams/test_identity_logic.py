"""Authorization logic cut off from the identity data it guards joins the seam that owns
it (`seams.identity_logic`)."""

from __future__ import annotations

from strangler.graph import Dependency
from strangler.seams.identity_logic import identity_home, identity_homes

# A CKAN-shaped layered app: permission checks cut by verb (`logic/auth/*`), built on
# `authz`, which the clustering left with the catalog's actions.
UNITS = {
    "app.logic.auth": "word:auth", "app.logic.auth.create": "word:auth",
    "app.logic.auth.get": "word:auth", "app.logic.auth.update": "word:auth",
    "app.authz": "word:authz",
    "app.logic.action.get": "app.logic", "app.logic.action.create": "app.logic",
    "app.model.package": "word:package", "app.views.dataset": "word:dataset",
    "app.model.user": "word:user", "app.views.user": "word:user",
}
GROUPS = (
    ("", ("app.authz", "app.logic.action.create", "app.logic.action.get",
          "app.model.package", "app.views.dataset")),
    ("", ("app.logic.auth", "app.logic.auth.create", "app.logic.auth.get",
          "app.logic.auth.update")),
    ("", ("app.model.user", "app.views.user")),
)
# (authz reads the membership tables; the catalog's and the users' modules map theirs)
DATA = {"app.authz", "app.logic.action.get", "app.model.package", "app.model.user"}
OWNERS = {"app.model.package", "app.model.user"}
SERVED = {"app.views.dataset", "app.views.user"}
IDENTITY = {"user": ["app.model.user"]}


def _use(source: str, target: str) -> Dependency:
    return Dependency(source, target, (("call", 1),), (), 1.0, 1)


USES = [_use(f"app.logic.auth.{verb}", "app.authz") for verb in ("create", "get", "update")]


def test_permission_checks_and_their_module_join_the_identity_slice() -> None:
    assert identity_home(GROUPS, IDENTITY) == 2
    assert identity_homes(GROUPS, UNITS, USES, DATA, OWNERS, SERVED, IDENTITY) == (
        ("", ("app.logic.action.create", "app.logic.action.get", "app.model.package",
              "app.views.dataset")),
        ("", ("app.authz", "app.logic.auth", "app.logic.auth.create", "app.logic.auth.get",
              "app.logic.auth.update", "app.model.user", "app.views.user")),
    )


def test_an_auth_slice_with_routes_or_tables_stays() -> None:
    # (an `auth` blueprint with its login pages is a slice of its own)
    served = SERVED | {"app.logic.auth.get"}
    moved = identity_homes(GROUPS, UNITS, USES, DATA, OWNERS, served, IDENTITY)
    assert ("", ("app.logic.auth", "app.logic.auth.create", "app.logic.auth.get",
                 "app.logic.auth.update")) in moved
    # (a check module reading a table of its own: the group is no table-less logic)
    data = DATA | {"app.logic.auth.update"}
    moved = identity_homes(GROUPS, UNITS, USES, data, OWNERS, SERVED, IDENTITY)
    assert ("", ("app.logic.auth", "app.logic.auth.create", "app.logic.auth.get",
                 "app.logic.auth.update")) in moved
    # (a module of an auth word that writes a table is data, not a check: it stays)
    moved = identity_homes(GROUPS, UNITS, USES, DATA, OWNERS | {"app.authz"}, SERVED, IDENTITY)
    assert "app.authz" in moved[0][1]


def test_no_identity_table_or_two_homes_moves_nothing() -> None:
    assert identity_homes(GROUPS, UNITS, USES, DATA, OWNERS, SERVED, {}) == GROUPS
    # (identity tables mapped in two groups alike: no home)
    two = {"user": ["app.model.user"], "account": ["app.model.package"]}
    assert identity_home(GROUPS, two) is None
    assert identity_homes(GROUPS, UNITS, USES, DATA, OWNERS, SERVED, two) == GROUPS


def test_pinned_groups_and_kept_modules_stay() -> None:
    pinned = (GROUPS[0], ("auth", GROUPS[1][1]), GROUPS[2])
    moved = identity_homes(pinned, UNITS, USES, DATA, OWNERS, SERVED, IDENTITY)
    assert ("auth", GROUPS[1][1]) in moved
    kept = identity_homes(GROUPS, UNITS, USES, DATA, OWNERS, SERVED, IDENTITY,
                          kept=["app.logic.auth.get", "app.authz"])
    assert kept[:2] == GROUPS[:2]
    home = (GROUPS[0], GROUPS[1], ("users", GROUPS[2][1]))
    assert identity_homes(home, UNITS, USES, DATA, OWNERS, SERVED, IDENTITY) == home


def test_a_group_led_by_other_words_stays_and_so_does_authz() -> None:
    units = {**UNITS, "app.logic.auth.create": "word:create",
             "app.logic.auth.get": "word:get"}
    # (two of four modules are the auth unit, not most: no checks merge, and a module of
    # an auth word moves only with the checks built on it)
    assert identity_homes(GROUPS, units, USES, DATA, OWNERS, SERVED, IDENTITY) == GROUPS
    # (checks that do not import authz leave it where it is)
    moved = identity_homes(GROUPS, UNITS, [], DATA, OWNERS, SERVED, IDENTITY)
    assert "app.authz" in moved[0][1] and "app.logic.auth.get" in moved[1][1]
