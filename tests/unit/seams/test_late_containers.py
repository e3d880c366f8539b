"""Issue 10 (helper s15-lowheld): container packages judged once more late.

- `kernel.spread_packages(..., late=True)`: after the placements that follow the clustering,
  a container whose children those placements spread over several seams joins the kernel;
  a package most of whose children are kernel is not judged again;
- `package_folding.fold_and_spaces`: an uncoupled package whose uncoupled child packages were folded
  into different seams, with a kernel child, is a namespace (kernel), not the seam of a
  plurality of its children.
"""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.model import KernelModule
from strangler.seams.kernel import spread_packages
from strangler.seams.package_folding import fold_and_spaces, fold_packages
from strangler.seams.propose import Choice, Grouping, Partition


def _tools(tmp_path: Path) -> Path:
    """`app.tools` holds one package per tool; `app.base` holds a base and helpers."""
    return build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/tools/__init__.py": ("from app.tools import backup, restore, psql\n"
                                  "TOOLS = [backup, restore, psql]\n"),
        "app/tools/backup/__init__.py": "X = 1\n",
        "app/tools/restore/__init__.py": "X = 1\n",
        "app/tools/psql/__init__.py": "X = 1\n",
        "app/base/__init__.py": "",
        "app/base/one.py": "X = 1\n",
        "app/base/two.py": "X = 1\n",
        "app/base/three.py": "X = 1\n",
    })


def test_late_pass_moves_a_spread_container_but_not_a_kernel_majority(tmp_path: Path
                                                                      ) -> None:
    index, graph = graph_of(_tools(tmp_path))
    grouping = Grouping((
        ("", ("app.tools", "app.tools.backup")),
        ("", ("app.tools.restore",)),
        ("", ("app.tools.psql", "app.base")),
    ), Choice(None))
    kernel = ["app.base.one", "app.base.two", "app.base.three"]
    kept, moved = spread_packages(index, graph, grouping, kernel, [], [], late=True)
    reasons = {k.module: k.reason for k in moved}
    # Three tools, each in a seam of its own now: the container is shared.
    assert "spread over 3 seams" in reasons["app.tools"]
    # All of `app.base`'s children are kernel, but the late pass leaves that test to the
    # first pass (a later rule took the package out of the kernel for a reason).
    assert "app.base" not in reasons
    remaining = {m for _, members in kept.groups for m in members}
    assert "app.tools" not in remaining and "app.base" in remaining
    # The first pass does take it.
    _, first = spread_packages(index, graph, grouping, kernel, [], [])
    assert "app.base" in {k.module for k in first}


def test_late_pass_leaves_a_container_whose_children_share_a_seam(tmp_path: Path) -> None:
    index, graph = graph_of(_tools(tmp_path))
    grouping = Grouping((
        ("", ("app.tools", "app.tools.backup", "app.tools.restore")),
        ("", ("app.tools.psql",)),
    ), Choice(None))
    _, moved = spread_packages(index, graph, grouping, [], [], [], late=True)
    assert moved == []


def test_an_uncoupled_package_over_folded_children_and_the_kernel_is_a_namespace() -> None:
    partition = Partition((
        ("auth", ("core.auth.activation", "core.auth.password", "core.tokens")),
        ("user", ("core.user.repo",)),
    ))
    kernel = {"core.exceptions"}
    names = ["core", "core.auth", "core.auth.activation", "core.auth.password",
             "core.tokens", "core.user", "core.user.repo", "core.exceptions"]
    folded, spaces = fold_and_spaces(partition, ["core", "core.auth", "core.user"],
                                      kernel, names)
    labels = folded.labels()
    # The child packages follow their submodules, as before.
    assert labels["core.auth"] == "auth" and labels["core.user"] == "user"
    # `core`: auth 2 (its package, tokens), user 1, the kernel 1: no seam holds a majority.
    assert [k.module for k in spaces] == ["core"]
    assert isinstance(spaces[0], KernelModule) and "core" not in labels
    # Without the kernel child it is the plurality's, as `fold_packages` always had it...
    assert fold_packages(partition, ["core", "core.auth", "core.user"]).labels()["core"] \
        == "auth"


def test_a_django_app_or_a_majority_is_never_a_namespace() -> None:
    partition = Partition((
        ("auth", ("shop.auth.views", "shop.tokens")),
        ("user", ("shop.user.repo",)),
    ))
    names = ["shop", "shop.apps", "shop.auth", "shop.auth.views", "shop.tokens", "shop.user",
             "shop.user.repo", "shop.errors"]
    folded, spaces = fold_and_spaces(partition, ["shop", "shop.auth", "shop.user"],
                                      {"shop.errors"}, names)
    # an app: never a namespace; it follows the plurality of its seams' children, as before
    assert spaces == [] and folded.labels()["shop"] == "auth"
    partition = Partition((
        ("auth", ("lib.auth.views", "lib.tokens", "lib.more")),
        ("user", ("lib.user.repo",)),
    ))
    folded, spaces = fold_and_spaces(partition, ["lib", "lib.auth", "lib.user"],
                                      {"lib.errors"},
                                      ["lib", "lib.auth", "lib.auth.views", "lib.tokens",
                                       "lib.more", "lib.user", "lib.user.repo",
                                       "lib.errors"])
    # auth holds 3 of 5 (its package, tokens, more): the seam's package.
    assert spaces == [] and folded.labels()["lib"] == "auth"
