"""Issue 10 item 1 (mealie, set 15): a library package of the project's own (it imports
nothing else of the project, has no tables and no routes) that modules of three seams or
more use is kernel (`seams.own_libraries`), whichever seam the clustering put it in."""

from __future__ import annotations

from strangler.seams.own_libraries import own_libraries
from strangler.seams.propose import Choice, Grouping

SEAMS = {"recipes": ["app.recipes", "app.recipes.views", "app.recipes.images"],
         "users": ["app.users", "app.users.views", "app.users.avatars"],
         "scraper": ["app.scraper", "app.scraper.fetch"],
         "backups": ["app.backups", "app.backups.run"]}
PKGS = ["app.pkgs", "app.pkgs.img", "app.pkgs.img.minify", "app.pkgs.http",
        "app.pkgs.http.transport", "app.pkgs.stats", "app.pkgs.stats.fs",
        "app.pkgs.views"]
MODULES = ["app", *[m for ms in SEAMS.values() for m in ms], *PKGS]


def _grouping() -> Grouping:
    groups = [("", SEAMS["recipes"]), ("", SEAMS["users"]),
              ("", [*SEAMS["scraper"], *PKGS]), ("", SEAMS["backups"])]
    return Grouping.ordered(groups, Choice(None))


EDGES = [("app.recipes.images", "app.pkgs.img.minify"), ("app.users.avatars", "app.pkgs.img"),
         ("app.scraper.fetch", "app.pkgs.http.transport"),
         ("app.backups.run", "app.pkgs.stats.fs"), ("app.pkgs.img", "app.pkgs.img.minify"),
         ("app.recipes.views", "app.recipes.images"), ("app.users.views", "app.users.avatars")]


def test_a_library_package_many_seams_use_is_kernel() -> None:
    found = own_libraries(_grouping(), EDGES, MODULES, frozenset())
    # (`pkgs/views` is named like the seams' own `views`: a part of one domain kept there)
    assert found == sorted(set(PKGS) - {"app.pkgs.views"})


def test_a_package_importing_the_project_or_used_by_few_seams_is_no_library() -> None:
    # Importing the project from inside, the outer package is none; of its inner
    # packages, the image one (used by two seams) is none either.
    edges = [*EDGES, ("app.pkgs.http.transport", "app.scraper.fetch")]
    assert own_libraries(_grouping(), edges, MODULES, frozenset()) == []
    # A module with data (or a route, a root, a placed one) makes it no library.
    assert own_libraries(_grouping(), EDGES, MODULES, frozenset({"app.pkgs.stats.fs"})) == []
    assert own_libraries(_grouping(), EDGES[:2], MODULES, frozenset()) == []


def test_a_package_the_seams_share_out_is_a_registry_not_a_library() -> None:
    """keystone's `common/policies/<domain>`: each module beside its domain's tables, in
    three groups or more (two are a library the clustering cut, as mealie's `pkgs/`)."""
    groups = [("", [*SEAMS["recipes"], "app.pkgs.img", "app.pkgs.img.minify"]),
              ("", SEAMS["users"]),
              ("", [*SEAMS["scraper"], "app.pkgs", "app.pkgs.http", "app.pkgs.http.transport",
                    "app.pkgs.views"]),
              ("", [*SEAMS["backups"], "app.pkgs.stats", "app.pkgs.stats.fs"])]
    shared = Grouping.ordered(groups, Choice(None))
    assert own_libraries(shared, EDGES, MODULES, frozenset()) == []
