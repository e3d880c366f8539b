"""Issue 10 (cuts follow layers): a library carried inside the project (`lib/vcs/`: backends,
nodes, utilities that use nothing of the project outside themselves) is platform, not cut
along whichever domain uses each part most."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.embedded import closed_part, embedded_libraries
from strangler.seams.propose import Choice, Grouping


def _hosting(tmp_path: Path, bag: bool = False, fronts: bool = True) -> Path:
    """Two domains (repositories, reviews) with tables and controllers, and `lib/vcs/`: a
    library of five modules using each other and nothing else of the project, with an
    `ssh` part that reads the users' table (not closed), used through three of its modules.
    With `bag`, `lib/vcs/` is five helpers that do not use each other; without `fronts`,
    the controllers use two of its modules only."""
    if bag:
        vcs = {f"lib/vcs/h{i}.py": f"def h{i}(x):\n    return x\n" for i in range(5)}
    else:
        vcs = {
            "lib/vcs/exceptions.py": "class VCSError(Exception):\n    pass\n",
            "lib/vcs/utils.py": "from lib.vcs.exceptions import VCSError\n"
                                "def safe(x):\n    return x, VCSError\n",
            "lib/vcs/base.py": "from lib.vcs.utils import safe\n"
                               "from lib.vcs.exceptions import VCSError\n"
                               "class Repo:\n    def get(self):\n        return safe(1)\n",
            "lib/vcs/git.py": "from lib.vcs.base import Repo\nfrom lib.vcs.utils import safe\n"
                              "class GitRepo(Repo):\n    pass\n",
            "lib/vcs/hg.py": "from lib.vcs.base import Repo\n"
                             "from lib.vcs.exceptions import VCSError\n"
                             "class HgRepo(Repo):\n    pass\n",
        }
    return build_tree(tmp_path / "app", {
        "lib/__init__.py": "",
        "lib/vcs/__init__.py": "",
        **vcs,
        "lib/vcs/ssh/__init__.py": "",
        "lib/vcs/ssh/serve.py": "from model.users import User\n"
                                "def serve():\n    return User\n",
        "model/__init__.py": "",
        "model/meta.py": "class Base:\n    pass\n",
        "model/users.py": "from model.meta import Base\n"
                          "class User(Base):\n    __tablename__ = 'users'\n",
        "model/repos.py": "from model.meta import Base\n"
                          "class Repository(Base):\n    __tablename__ = 'repositories'\n",
        "model/reviews.py": "from model.meta import Base\n"
                            "class Review(Base):\n    __tablename__ = 'reviews'\n",
        "controllers/__init__.py": "",
        "controllers/repos.py": ("from model.repos import Repository\n"
                                 + ("from lib.vcs.h0 import h0 as used\n" if bag
                                    else "from lib.vcs.git import GitRepo as used\n"
                                    + "from lib.vcs.exceptions import VCSError\n" * fronts)
                                 + "def show():\n    return Repository, used\n"),
        "controllers/reviews.py": ("from model.reviews import Review\n"
                                   + ("from lib.vcs.h1 import h1 as used\n" if bag
                                      else "from lib.vcs.hg import HgRepo as used\n")
                                   + "def show():\n    return Review, used\n"),
    })


def _grouping(vcs: tuple[str, ...]) -> Grouping:
    return Grouping((
        ("", ("controllers.repos", "model.repos", *vcs[:3])),
        ("", ("controllers.reviews", "model.reviews", *vcs[3:])),
        ("", ("lib.vcs.ssh", "lib.vcs.ssh.serve", "model.users"))), Choice(None))


def test_the_closed_part_drops_what_uses_the_project_and_emptied_packages() -> None:
    members = ["lib.vcs", "lib.vcs.a", "lib.vcs.b", "lib.vcs.c", "lib.vcs.ssh",
               "lib.vcs.ssh.serve"]
    uses = {"lib.vcs.a": {"lib.vcs.b"}, "lib.vcs.b": {"lib.vcs.c"},
            "lib.vcs.ssh.serve": {"model.users", "lib.vcs.a"},
            "lib.vcs.c": {"lib.vcs.ssh.serve"}}
    modules = set(members) | {"model.users"}
    # (c uses the ssh part, which uses the users' model: both drop, then b, then a)
    assert closed_part(members, uses, modules) == {"lib.vcs"}
    uses["lib.vcs.c"] = set()
    assert closed_part(members, uses, modules) == {"lib.vcs", "lib.vcs.a", "lib.vcs.b",
                                                   "lib.vcs.c"}


def test_an_embedded_library_used_by_two_seams_joins_the_kernel(tmp_path: Path) -> None:
    index, graph = graph_of(_hosting(tmp_path))
    vcs = ("lib.vcs.base", "lib.vcs.exceptions", "lib.vcs.git", "lib.vcs.hg",
           "lib.vcs.utils")
    grouping, isolated, added, library = embedded_libraries(
        index, graph, _grouping(vcs), ["lib", "model", "model.meta", "controllers"],
        ["lib.vcs"], [])
    assert {k.module for k in added} == {"lib.vcs", *vcs}
    assert all("embedded library `lib.vcs`" in k.reason for k in added)
    assert library == {"lib.vcs", *vcs}
    assert isolated == []
    left = {m for _, members in grouping.groups for m in members}
    # The part that reads the users' table stays where the clustering put it.
    assert {"lib.vcs.ssh", "lib.vcs.ssh.serve", "model.users"} <= left
    assert not left & set(vcs)
    # Pinned groups and excluded modules are not taken.
    pinned = Grouping((("repos", ("controllers.repos", "model.repos", *vcs[:3])),
                       *_grouping(vcs).groups[1:]), Choice(None))
    _, _, added, _ = embedded_libraries(index, graph, pinned, [], [], ["lib.vcs.hg"])
    assert {k.module for k in added} == {"lib.vcs.utils"}


def test_a_bag_of_helpers_or_a_library_of_one_seam_stays(tmp_path: Path) -> None:
    index, graph = graph_of(_hosting(tmp_path, bag=True))
    vcs = tuple(f"lib.vcs.h{i}" for i in range(5))
    _, _, added, library = embedded_libraries(index, graph, _grouping(vcs), [], [], [])
    assert added == [] and library == frozenset()
    index, graph = graph_of(_hosting(tmp_path / "one"))
    vcs = ("lib.vcs.base", "lib.vcs.exceptions", "lib.vcs.git", "lib.vcs.hg",
           "lib.vcs.utils")
    one = Grouping((("", ("controllers.repos", "controllers.reviews", "model.repos",
                          "model.reviews", *vcs)),), Choice(None))
    _, _, added, _ = embedded_libraries(index, graph, one, [], [], [])
    assert added == []
    # Used through two of its modules only (a registry read through its package, or a
    # pair of helpers): left to the rules that place registries.
    index, graph = graph_of(_hosting(tmp_path / "two", fronts=False))
    _, _, added, _ = embedded_libraries(index, graph, _grouping(vcs), [], [], [])
    assert added == []


def test_only_whole_sub_packages_may_be_left_out_of_a_library() -> None:
    """A platform package of which a few helpers happen to use nothing else of the project
    (keystone's `common/`: `context`, `jwt_utils`, one module of `cache/`) is no library:
    the part left out must be whole sub-packages (Kallithea's `lib/vcs/ssh/`)."""
    from strangler.seams.embedded import _whole_packages

    members = ["lib.vcs", "lib.vcs.base", "lib.vcs.git", "lib.vcs.ssh", "lib.vcs.ssh.serve",
               "lib.vcs.utils", "lib.vcs.utils.paths"]
    left = {"lib.vcs", "lib.vcs.base", "lib.vcs.git", "lib.vcs.utils", "lib.vcs.utils.paths"}
    assert _whole_packages("lib.vcs", members, left)
    assert not _whole_packages("lib.vcs", members, left - {"lib.vcs.utils.paths"})
    assert not _whole_packages("lib.vcs", members, left - {"lib.vcs.git"})
