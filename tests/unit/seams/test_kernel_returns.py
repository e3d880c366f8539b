"""Issue 10 (kernel, layered domains): a module the breadth rules put in the kernel because
the first, kernel-blind grouping cut one domain in parts (its actions, views and a plugin
each in a group) goes back to that domain's seam once the clustering has joined the parts:
CKAN's `logic/schema`, which only the catalog's actions, views and one plugin call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import build_tree, graph_of

from strangler.model import KernelModule

BREADTH = "no tables of its own; used by 3 of the 12 module groups"
GROUPS = (("", ("app.catalog.actions", "app.catalog.views", "app.catalog.plugin")),
          ("", ("app.user.views", "app.user.models")),
          ("", ("app.report.views",)))


def test_a_module_one_seam_uses_goes_back_to_it() -> None:
    from strangler.seams.kernel_returns import one_seam_homes

    edges = [("app.catalog.actions", "app.schema"), ("app.catalog.views", "app.schema"),
             ("app.user.views", "app.schema"),
             # kernel users do not count
             ("app.plugins.toolkit", "app.schema"), ("app.lib", "app.schema")]
    assert one_seam_homes(GROUPS, {"app.schema"}, edges, set()) == {"app.schema": 0}
    # a lever's module stays
    assert one_seam_homes(GROUPS, {"app.schema"}, edges, {"app.schema"}) == {}


def test_a_module_three_seams_use_or_one_user_per_seam_stays() -> None:
    from strangler.seams.kernel_returns import one_seam_homes

    three = [("app.catalog.actions", "app.schema"), ("app.catalog.views", "app.schema"),
             ("app.catalog.plugin", "app.schema"), ("app.user.views", "app.schema"),
             ("app.report.views", "app.schema")]
    assert one_seam_homes(GROUPS, {"app.schema"}, three, set()) == {}
    even = [("app.catalog.actions", "app.schema"), ("app.user.views", "app.schema"),
            ("app.user.models", "app.schema"), ("app.catalog.views", "app.schema")]
    assert one_seam_homes(GROUPS, {"app.schema"}, even, set()) == {}
    lone = [("app.catalog.actions", "app.schema")]
    assert one_seam_homes(GROUPS, {"app.schema"}, lone, set()) == {}


def test_a_module_built_on_one_seams_code_goes_back_to_it() -> None:
    """Three seams call the validators, most of them the catalog's, and the validators
    look datasets up through the catalog's own modules: the catalog's code."""
    from strangler.seams.kernel_returns import one_seam_homes

    users = [("app.catalog.actions", "app.validators"), ("app.catalog.views", "app.validators"),
             ("app.user.views", "app.validators"), ("app.report.views", "app.validators")]
    built = [("app.validators", "app.catalog.actions"), ("app.validators", "app.catalog.plugin"),
             ("app.validators", "app.lib")]  # (a kernel module: not counted)
    assert one_seam_homes(GROUPS, {"app.validators"}, users + built, set()) == {
        "app.validators": 0}
    # built on the platform alone, or on two seams' code: shared
    assert one_seam_homes(GROUPS, {"app.validators"}, users, set()) == {}
    assert one_seam_homes(GROUPS, {"app.validators"}, users + built + [
        ("app.validators", "app.user.models")], set()) == {}
    # one module of the seam is not enough; nor a seam that is not the main user
    assert one_seam_homes(GROUPS, {"app.validators"}, users + built[:1], set()) == {}
    tie = users[:1] + users[2:] + [("app.user.models", "app.validators")]
    assert one_seam_homes(GROUPS, {"app.validators"}, tie + built, set()) == {}
    # more than three seams: platform, whatever it is built on
    wide = GROUPS + (("", ("app.tag.views",)),)
    assert one_seam_homes(wide, {"app.validators"}, users + built + [
        ("app.tag.views", "app.validators")], set()) == {}


def test_a_returned_module_brings_the_helpers_only_it_and_its_seam_use() -> None:
    from strangler.seams.kernel_returns import one_seam_homes

    edges = [("app.catalog.actions", "app.schema"), ("app.catalog.views", "app.schema"),
             ("app.schema", "app.validators"), ("app.catalog.actions", "app.validators")]
    assert one_seam_homes(GROUPS, {"app.schema", "app.validators"}, edges, set()) == {
        "app.schema": 0, "app.validators": 0}


def test_only_modules_the_breadth_rules_chose_go_back() -> None:
    from strangler.seams.kernel_returns import return_to_seams

    kernel = [KernelModule("app.schema", BREADTH),
              KernelModule("app.forms", "a forms module with no tables of its own, used by "
                                        "2 domains"),
              KernelModule("app.base", "the base of the layer package app, used by its "
                                       "modules of 3 domains, with no tables of its own")]
    edges = [(source, target) for target in ("app.schema", "app.forms", "app.base")
             for source in ("app.catalog.actions", "app.catalog.views")]
    groups, left = return_to_seams(GROUPS, kernel, edges, set())
    assert "app.schema" in groups[0][1] and "app.forms" in groups[0][1]
    assert [k.module for k in left] == ["app.base"]


def _project(tmp_path: Path) -> Path:
    """A catalog (actions, views, a plugin) whose dataset schemas only the catalog uses, and
    three other domains."""
    files = {"app/__init__.py": "",
             "app/dataset_schema.py": "def default_schema():\n    return {}\n"}
    files["app/catalog/__init__.py"] = ""
    files["app/catalog/models.py"] = "class Dataset:\n    pass\n"
    for part in ("actions", "views", "search"):
        files[f"app/catalog/{part}.py"] = (
            "from app.catalog.models import Dataset\n"
            "from app.dataset_schema import default_schema\n"
            "def run():\n    return Dataset, default_schema()\n")
    for domain in ("user", "report", "tag"):
        files[f"app/{domain}/__init__.py"] = ""
        files[f"app/{domain}/models.py"] = f"class {domain.title()}:\n    pass\n"
        files[f"app/{domain}/views.py"] = (f"from app.{domain}.models import {domain.title()}\n"
                                           f"def show():\n    return {domain.title()}\n")
    return build_tree(tmp_path / "proj", files)


def test_seam_core_returns_the_schema_to_the_catalog(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first pass is forced to count the catalog's parts as three domains (as CKAN's
    does); after the clustering the schema is the catalog's again."""
    import strangler.seams.kernel as kernel_module
    from strangler.seams import SeamRequest, seam_core

    index, graph = graph_of(_project(tmp_path))
    real = kernel_module.find_kernel

    def split_first_pass(*args: Any) -> list[KernelModule]:
        found = real(*args)
        return [*(k for k in found if k.module != "app.dataset_schema"),
                KernelModule("app.dataset_schema", BREADTH)]

    monkeypatch.setattr(kernel_module, "find_kernel", split_first_pass)
    core = seam_core(index, graph, SeamRequest())
    assert "app.dataset_schema" not in {k.module for k in core.kernel}
    home = next(members for _, members in core.grouping.groups
                if "app.dataset_schema" in members)
    assert "app.catalog.actions" in home


def test_breadth_reasons_match_what_find_kernel_writes() -> None:
    """The breadth rules' reasons, as `find_kernel` words them, are what `kernel_returns`
    picks; the other kernel reasons are not."""
    from strangler.seams.kernel_returns import breadth_chosen

    kernel = [KernelModule("a.x", "no tables of its own; used by 4 of the 9 module groups"),
              KernelModule("a.y", "a utils module with no tables of its own, used by 3 domains"),
              KernelModule("a.z", "marked as shared kernel in the configuration"),
              KernelModule("a.w", "the plugin framework: its plugins register through it, and "
                                  "no module of its package has tables")]
    assert breadth_chosen(kernel) == {"a.x", "a.y"}
