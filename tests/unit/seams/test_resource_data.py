"""Issue 10 (helper `s18-resources`): the REST layer of an application written one resource
module per entity in a package of its own (`webapi/resources/review_request.py`), kept whole
as one seam by the clustering, sends each resource module to the seam of the tables it
works on; a resource without data uses of its own follows the resource base it extends. A
domain's own package using another domain's data, a package too small, and tables a schema
module maps are left as they were. And a package whose `__init__` fronts a family of
drivers (it imports the default one) is the family's domain, not the kernel, however many
domains use it."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.resource_data import join_resource_data

API = "app.webapi.resources"
RESOURCES = {"review_request": "reviews_request", "review": "reviews_review",
             "diff": "diff_set", "filediff": "diff_file", "repository": "scm_repository",
             "webhook": "hooks_target"}
MAPPERS = {"reviews_request": "app.reviews.models", "reviews_review": "app.reviews.models",
           "diff_set": "app.diffs.models", "diff_file": "app.diffs.models",
           "scm_repository": "app.scm.models", "hooks_target": "app.hooks.models"}


def _groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    api = [f"{API}.{r}" for r in RESOURCES] + [f"{API}.base_review", f"{API}.reply",
                                              "app.webapi.base", "app.webapi.errors"]
    return (("", tuple(sorted(api))),
            ("", ("app.reviews.models", "app.reviews.views")),
            ("", ("app.diffs.models", "app.diffs.parser")),
            ("", ("app.scm.models", "app.scm.git")),
            ("", ("app.hooks.models", "app.hooks.send")))


def _where(groups: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, int]:
    return {m: i for i, (_, members) in enumerate(groups) for m in members}


def _uses(extra: tuple[tuple[str, str, int], ...] = ()) -> list[tuple[str, str, int]]:
    uses = [(f"{API}.{r}", table, 3) for r, table in RESOURCES.items()]
    uses += [(f"{API}.base_review", "reviews_review", 2), ("app.webapi.base", "hooks_target", 1)]
    return uses + list(extra)


def _mapped() -> dict[str, list[str]]:
    return {table: [module] for table, module in MAPPERS.items()}


def test_resource_modules_join_the_seams_of_their_tables() -> None:
    groups, moved = join_resource_data(_groups(), _uses(), _mapped(), (), (),
                                       bases=[(f"{API}.reply", f"{API}.base_review")])
    found = _where(groups)
    for resource, table in RESOURCES.items():
        assert found[f"{API}.{resource}"] == found[MAPPERS[table]], resource
    # a resource without data of its own follows the resource base it extends
    assert found[f"{API}.reply"] == found["app.reviews.models"]
    # the API's own plumbing stays (one data use is no package of resources)
    assert found["app.webapi.errors"] == found["app.webapi.base"]
    assert f"{API}.reply" in moved and "app.webapi.base" not in moved


def test_a_group_mapping_the_tables_keeps_its_modules() -> None:
    # the resource's group maps one of the tables it uses: a domain's own code, not moved
    groups = _groups()
    api, *rest = groups
    mixed = (("", tuple(sorted(api[1] + ("app.reviews.models",)))),
             ("", ("app.reviews.views",)), *rest[1:])
    found = _where(join_resource_data(mixed, _uses(), _mapped(), (), ())[0])
    assert found[f"{API}.review_request"] == found["app.reviews.models"]


def test_too_few_resources_or_a_schema_module_move_nothing() -> None:
    few = [(m, t, n) for m, t, n in _uses() if not m.endswith(("diff", "filediff", "webhook"))]
    assert join_resource_data(_groups(), few, _mapped(), (), ())[0] == _groups()
    # every table in one schema module names no seam
    schema = {table: ["app.reviews.models"] for table in MAPPERS}
    assert join_resource_data(_groups(), _uses(), schema, ["app.reviews.models"], ())[0] \
        == _groups()
    # a pinned group neither gives nor takes
    pinned = (("api", _groups()[0][1]), *_groups()[1:])
    assert join_resource_data(pinned, _uses(), _mapped(), (), ())[0] == pinned


def _fetchers(tmp_path: Path) -> Path:
    """A fetchers package: a base class, three drivers subclassing it, an `__init__` that
    imports the default driver; four domains use the package through its `__init__`."""
    files = {
        "app/__init__.py": "",
        "app/fetchers/__init__.py": "from app.fetchers.plain import Plain as default\n"
                                    "def available():\n    return [default]\n",
        "app/fetchers/base.py": "class Fetcher:\n    pass\n",
        "app/text.py": "def slug(x):\n    return x\n",
    }
    for name in ("plain", "browser", "remote"):
        files[f"app/fetchers/{name}.py"] = (f"from app.fetchers.base import Fetcher\n"
                                            f"class {name.title()}(Fetcher):\n    pass\n")
    for domain in ("watches", "checks", "tags", "imports"):
        files[f"app/{domain}/__init__.py"] = ""
        files[f"app/{domain}/views.py"] = ("from app import fetchers, text\n"
                                           "def run():\n"
                                           "    return fetchers.available(), text.slug(1)\n")
    return build_tree(tmp_path / "proj", files)


def test_a_package_fronting_a_family_of_drivers_is_no_kernel(tmp_path: Path) -> None:
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import find_kernel

    index, graph = graph_of(_fetchers(tmp_path))
    clusters = {m.name: m.name.split(".")[1] for m in index.modules if "." in m.name}
    kernel = {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, ())}
    # four domains use `fetchers/__init__`, but what they use is the drivers' family
    assert "app.fetchers" not in kernel
    assert not {m for m in kernel if m.startswith("app.fetchers.")}
    assert "app.text" in kernel  # a helper without data used as widely stays shared


def test_a_package_not_named_as_a_layer_is_no_api() -> None:
    # an importer from another system, one module per entity it imports, is a domain of
    # its own: the same modules under `importers/remote` stay together
    renamed = "app.importers.remote"

    def moved(name: str) -> str:
        return name.replace(API, renamed)

    groups = tuple((pin, tuple(sorted(moved(m) for m in members)))
                   for pin, members in _groups())
    uses = [(moved(m), t, n) for m, t, n in _uses()]
    assert join_resource_data(groups, uses, _mapped(), (), ())[0] == groups


def test_resources_over_one_schema_module_are_cut_by_their_named_table() -> None:
    # every table in one models module (in the kernel): no group is a data home, but each
    # service module reads the table it is named for (or its model class: `overrides`
    # for `buildroot_overrides`, `BuildrootOverride`)
    services = {"builds": "builds", "comments": "comments", "overrides": "buildroot_overrides",
                "releases": "releases", "updates": "updates", "user": "users"}
    api = tuple(sorted([f"app.services.{s}" for s in services] + ["app.validators"]))
    groups = (("", api), ("", ("app.tasks.composer", "app.tasks.push")))
    uses = [(f"app.services.{s}", t, 4) for s, t in services.items()]
    uses += [("app.services.releases", "updates", 9), ("app.validators", "builds", 3)]
    schema = {t: ["app.models"] for t in [*services.values(), "bugs"]}
    classes = {"buildroot_overrides": ["app.models.BuildrootOverride"]}
    found, moved = join_resource_data(groups, uses, schema, ["app.models"], (),
                                      classes=classes)
    sizes = {m: len(members) for _, members in found for m in members}
    # each service is a slice of its own table; the API's helper stays where it was
    assert all(sizes[f"app.services.{s}"] == 1 for s in services)
    assert moved == {f"app.services.{s}" for s in services}
    assert ("", ("app.validators",)) in found
    # the same modules outside a layer package, or too few of them, stay
    few = [u for u in uses if not u[0].endswith(("builds", "comments"))]
    assert join_resource_data(groups, few, schema, ["app.models"], ())[0] == groups
