"""Issue 10 (a seam a team can trust): a vendored library one module uses is still a
library, the package that defines the application factory is a root and not a container
of the domains, and a module left alone behind one kernel module is the kernel's."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.embedded import embedded_libraries
from strangler.seams.kernel import kernel_only_users, spread_packages
from strangler.seams.propose import Choice, Grouping

LIB = ("app.safe.adapters", "app.safe.api", "app.safe.connection", "app.safe.exceptions",
       "app.safe.pool")


def _vendored(tmp_path: Path, star: bool = False) -> Path:
    """A flat app with two domains and `safe/`, a package that imports nothing of the
    project, used by one helper module only. Its modules are layers (adapters on a pool on
    connections) or, with `star`, per-domain modules around one base tied by `__init__`."""
    if star:
        safe = {"app/safe/__init__.py": "".join(f"from app.safe.{m} import R{m}\n"
                                                for m in ("base", "a", "b", "c", "d")),
                "app/safe/base.py": "class Rbase:\n    pass\n"}
        for m in ("a", "b", "c", "d"):
            safe[f"app/safe/{m}.py"] = f"from app.safe.base import Rbase\nR{m} = [Rbase]\n"
    else:
        safe = {
            "app/safe/__init__.py": "from app.safe.api import get\n"
                                    "from app.safe.exceptions import Refused\n",
            "app/safe/exceptions.py": "class Refused(Exception):\n    pass\n",
            "app/safe/connection.py": "from app.safe.exceptions import Refused\n"
                                      "class Conn:\n    error = Refused\n",
            "app/safe/pool.py": "from app.safe.connection import Conn\n"
                                "from app.safe.exceptions import Refused\n"
                                "class Pool:\n    conn = Conn\n",
            "app/safe/adapters.py": "from app.safe.pool import Pool\n"
                                    "from app.safe.connection import Conn\n"
                                    "class Adapter:\n    pool = Pool\n",
            "app/safe/api.py": "from app.safe.adapters import Adapter\n"
                               "from app.safe.exceptions import Refused\n"
                               "def get(url):\n    return Adapter, Refused, url\n",
        }
    return build_tree(tmp_path / "p", {
        "app/__init__.py": "",
        **safe,
        "app/helper.py": "from app import safe\n"
                         "def fetch(url):\n    return safe.get(url)\n",
        "app/books.py": "from app.helper import fetch\n"
                        "class Book:\n    __tablename__ = 'books'\n    cover = fetch\n",
        "app/users.py": "class User:\n    __tablename__ = 'users'\n",
    })


def test_a_vendored_library_one_module_uses_joins_the_kernel(tmp_path: Path) -> None:
    index, graph = graph_of(_vendored(tmp_path))
    grouping = Grouping((("", ("app.books", "app.helper", "app.safe", *LIB)),
                         ("", ("app.users",))), Choice(None))
    kept, _, added, library = embedded_libraries(index, graph, grouping, ["app"], [], [])
    assert {k.module for k in added} == {"app.safe", *LIB}
    assert library == {"app.safe", *LIB}
    assert kept.groups[0][1] == ("app.books", "app.helper")


def test_a_registry_of_modules_around_one_base_one_module_uses_stays(tmp_path: Path) -> None:
    """Only the package's `__init__` ties its modules together (`common/policies/`): no
    library's web below it, so it is left to the rules that place registries."""
    index, graph = graph_of(_vendored(tmp_path, star=True))
    star = tuple(f"app.safe.{m}" for m in ("a", "b", "base", "c", "d"))
    grouping = Grouping((("", ("app.books", "app.helper", "app.safe", *star)),
                         ("", ("app.users",))), Choice(None))
    _, _, added, _ = embedded_libraries(index, graph, grouping, ["app"], [], [])
    assert added == []


def test_the_package_that_defines_the_application_factory_is_not_spread(
        tmp_path: Path) -> None:
    """`cps/__init__` defines `create_app` and its modules lie in three seams: it is the
    application's root (`factory_roots`), not a container the domains share."""
    files = {"app/__init__.py": "def create_app():\n    return 1\n",
             "app/main.py": "from app import create_app\napp = create_app()\n"}
    for name in ("books", "users", "shelves"):
        files[f"app/{name}.py"] = "import app\n"
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    grouping = Grouping(tuple(("", (f"app.{n}",)) for n in ("books", "shelves", "users"))
                        + (("", ("app",)),), Choice(None))
    _, moved = spread_packages(index, graph, grouping, [], [], [])
    assert moved == []
    # Without the factory it is a container spread over the seams, as before.
    files["app/__init__.py"] = "X = 1\n"
    files["app/main.py"] = "import app\n"
    index, graph = graph_of(build_tree(tmp_path / "q", files))
    _, moved = spread_packages(index, graph, grouping, ["app.main"], [], [])
    assert [k.module for k in moved] == ["app"]


def test_a_lone_module_behind_one_kernel_module_joins_the_kernel(tmp_path: Path) -> None:
    """A data module (a table of language names) only the platform's language helper
    imports was left out of the clustering; a grouped module needs two kernel users."""
    index, graph = graph_of(build_tree(tmp_path / "p", {
        "app/__init__.py": "",
        "app/names.py": "NAMES = {'en': 'English'}\n",
        "app/languages.py": "from app.names import NAMES\n"
                            "def name(code):\n    return NAMES[code]\n",
        "app/books.py": "from app.languages import name\nB = name\n",
    }))
    grouping = Grouping((("", ("app.books",)),), Choice(None))
    _, moved = kernel_only_users(grouping, graph, ["app.languages"], set(), set(), set(),
                                 set(), ["app.names"])
    assert [k.module for k in moved] == ["app.names"]
    grouped = Grouping((("", ("app.books",)), ("", ("app.names",))), Choice(None))
    _, moved = kernel_only_users(grouped, graph, ["app.languages"], set(), set(), set(),
                                 set())
    assert moved == []
