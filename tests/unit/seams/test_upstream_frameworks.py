"""Issue 10 (helper s14-fwkernel): a framework inside the application that the rest builds
on (kinto's `kinto.core`: resources, views, events, errors, a vendored web-service library,
and storage/permission/cache backends) is kernel, but for its parts with tables
(`framework_packages.upstream_frameworks`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.framework_packages import upstream_frameworks

CORE = [f"app.core.m{i}" for i in range(20)]
STORAGE = ["app.core.storage", "app.core.storage.sql", "app.core.storage.memory"]
OUTSIDE = {"app.views": ["a", "b", "c", "d"], "app.plugins": ["x", "y", "z"],
           "app.auth": ["p", "q", "r"]}


def _names() -> tuple[list[str], set[str]]:
    names = ["app", "app.config", "app.core", *CORE, *STORAGE]
    packages = {"app", "app.core", "app.core.storage", *OUTSIDE}
    for package, kids in OUTSIDE.items():
        names += [package, *(f"{package}.{kid}" for kid in kids)]
    return names, packages


def _uses(leaks: int = 1, users_in: tuple[str, ...] = tuple(OUTSIDE)) -> list[tuple[str, str]]:
    uses = [(CORE[i], CORE[i + 1]) for i in range(19)]
    uses += [("app.core", CORE[0]), ("app.core", "app.core.storage"),
             ("app.core.storage.sql", "app.core.storage"),
             ("app.core.storage.memory", "app.core.storage"),
             # (the settings a root holds are no leak)
             (CORE[3], "app.config")]
    uses += [(CORE[19 - i], "app.plugins.x") for i in range(leaks)]
    for package in users_in:
        for kid in OUTSIDE[package]:
            uses += [(f"{package}.{kid}", "app.core"), (f"{package}.{kid}", CORE[5])]
    return uses


def test_the_framework_is_kernel_but_for_its_parts_with_tables() -> None:
    names, packages = _names()
    kernel = upstream_frameworks(names, packages, _uses(), {"app.core.storage.sql"},
                                 placed={"app.config", CORE[7]}, left_out={"app.config"})
    found = {k.module for k in kernel}
    # The backends' part maps/reads/writes a table: a domain's, left to the clustering; a
    # module already placed (a root, the kernel, a lever's choice) stays where it is.
    assert found == {"app.core", *CORE} - {CORE[7]}
    assert "the framework the application builds on" in kernel[0].reason


def test_a_package_that_uses_the_rest_or_serves_one_package_is_no_framework() -> None:
    names, packages = _names()
    data = {"app.core.storage.sql"}
    # Two modules of 23 reach outside it: it is built on the rest as much as under it.
    assert upstream_frameworks(names, packages, _uses(leaks=2), data, set(), set()) == []
    # Used from two packages beside it only: one domain's library, not everyone's base.
    assert upstream_frameworks(names, packages, _uses(users_in=("app.views", "app.auth")),
                               data, set(), set()) == []
    # Fewer than 20 modules: a helper package, left to the breadth rules.
    small = [n for n in names if n not in CORE[15:]]
    uses = [(a, b) for a, b in _uses() if a in small and b in small]
    assert upstream_frameworks(small, packages, uses, data, set(), set()) == []


def _project() -> dict[str, str]:
    """`app/core/` (20 framework modules and `storage/`, which writes its own table) under
    `app/views/`, `app/plugins/` and `app/auth/`, each writing a table of its own; each of
    their modules uses one framework module, so no framework module is broad by itself."""
    files = {"app/__init__.py": "",
             "app/core/__init__.py": "".join(f"from app.core.m{i} import f{i}\n"
                                             for i in range(20)),
             "app/core/storage/__init__.py": "class Storage:\n    pass\n",
             "app/core/storage/sql.py": (
                 "from app.core.storage import Storage\n"
                 "class Sql(Storage):\n    def save(self, db):\n"
                 "        db.execute(\"INSERT INTO objects (id) VALUES (1)\")\n"),
             "app/core/storage/memory.py": ("from app.core.storage import Storage\n"
                                            "class Memory(Storage):\n    pass\n")}
    for i in range(20):
        files[f"app/core/m{i}.py"] = f"def f{i}(value):\n    return value\n"
    n = 0
    for package, kids in OUTSIDE.items():
        table = package.rsplit(".", 1)[1]
        files[package.replace(".", "/") + "/__init__.py"] = ""
        for kid in kids:
            files[f"{package.replace('.', '/')}/{kid}.py"] = (
                f"from app.core.m{n} import f{n}\n"
                f"def {kid}_save(db):\n    db.execute(\"INSERT INTO {table} (id) VALUES (1)\")\n"
                f"    return f{n}(db)\n")
            n += 1
    return files


def test_the_proposal_puts_the_framework_in_the_kernel(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _project()))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    reasons = {k.module: k.reason for k in proposal.kernel}
    # Each of `m0`..`m9` has users in one package only: kernel as a part of the framework,
    # not by its breadth.
    assert all("the framework the application builds on" in reasons.get(f"app.core.m{i}", "")
               for i in range(10))
    assert "app.core.storage.sql" not in reasons
