"""Find the Python files of a project and name their modules.

Import roots: the analyzed folder itself, `src/` when it exists (the src layout), and a
sub-folder that is a project of its own (pyproject.toml, setup.py, setup.cfg) or a Django
project's folder (manage.py, as in a repository that keeps docs and scripts beside it). A
folder with `__init__.py` is a regular package; one without is a namespace package, named
like any other. Tests and migrations are left out unless asked for; so are numbered upgrade
scripts, recognised after parsing by their shape (`upgrade_scripts`).
"""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from strangler.adapters.filesystem import DataFile, FileEntry, FileSystem, ProjectMarker, WalkIssue
from strangler.model import Problem, SourceFile

ALWAYS_SKIPPED = {
    "__pycache__", "node_modules", "site-packages", "dist-packages", ".git", ".hg", ".svn",
    ".tox", ".nox", ".venv", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs",
}
SKIPPED_UNLESS_PACKAGE = {"build", "dist", "venv", "env", "virtualenv"}  # unless __init__.py
TEST_DIRS = {"tests", "test", "testing", "functional_tests", "integration_tests"}
# A package named `test` may be a domain's (DefectDojo's `dojo/test/`: the views and forms of
# its Test table): left out before parsing when a file in it is named like a test or is a
# `conftest.py`, else parsed, each of its files a test candidate, and left out with its folder
# after parsing only if one of them imports a test framework (`test_folders`).
DOMAIN_OR_TEST_DIRS = {"test"}
MIGRATION_DIRS = {"migrations", "migration", "alembic", "south_migrations"}
TEST_FRAMEWORKS = {"pytest", "unittest", "nose", "nose2", "hypothesis", "django.test",
                   "rest_framework.test", "flask.testing", "mock", "faker", "factory"}


@dataclass(frozen=True, slots=True)
class DiscoveryOptions:
    """Which files discovery keeps."""

    exclude: tuple[str, ...] = ()  # globs on relative paths or dotted module names
    include_tests: bool = False
    include_migrations: bool = False


@dataclass(frozen=True, slots=True)
class Discovered:
    """The files discovery found, and what it could not read."""

    files: tuple[tuple[SourceFile, FileEntry], ...]
    problems: tuple[Problem, ...]
    data_files: tuple[DataFile, ...] = ()  # that may describe the API (`parse.openapi`)


def _is_test_file(name: str) -> bool:
    return name.startswith("test_") or name.endswith("_test.py") or name == "tests.py"


def imports_test_framework(imported: list[str], kept: Callable[[str], bool] = lambda _: False
                           ) -> bool:
    """True when a module imports pytest, unittest or another test framework, or the
    project's own test code (`app.tests.utils`, `app.tests.test_views`): Django's `tests.py`
    often reaches its framework only through the project's test base classes. `kept(name)`:
    a module of the project named like a test file that is no test (buildbot's
    `db/test_results`, the table of test results): importing it is not importing tests."""
    return any(name in TEST_FRAMEWORKS or name.split(".")[0] in TEST_FRAMEWORKS
               or ".".join(name.split(".")[:2]) in TEST_FRAMEWORKS
               or (_names_test_code(name) and not kept(name)) for name in imported)


def test_modules(imports: dict[str, list[str]]) -> set[str]:
    """Of the modules named like test files (module -> its imports), those that are tests:
    each imports a test framework, or a module in a test folder, or one of these tests (a
    fixpoint: a test module importing a test module is a test too). A test-named module
    that imports none of them is kept (superset's `cli/test_db.py` is a command)."""
    tests: set[str] = set()

    def kept(name: str) -> bool:
        return name in imports and name not in tests

    while True:
        found = {module for module, imported in imports.items()
                 if module not in tests and imports_test_framework(imported, kept)}
        if not found:
            return tests
        tests.update(found)


def _names_test_code(name: str) -> bool:
    """A dotted name inside a test folder or of a test file (`pkg.tests.x`, `pkg.test_x`)."""
    parts = name.split(".")
    return any(part in TEST_DIRS for part in parts) or _is_test_file(parts[-1] + ".py")


def _test_folder(path: str) -> str | None:
    """The innermost folder of `path` that may be a domain's or a test folder
    (`DOMAIN_OR_TEST_DIRS`), or None."""
    parts = path.split("/")[:-1]
    cut = max((i for i, part in enumerate(parts) if part in DOMAIN_OR_TEST_DIRS), default=None)
    return None if cut is None else "/".join(parts[:cut + 1])


def _named_test_folders(paths: Iterable[str]) -> set[str]:
    """The folders of `_test_folder` holding a file named like a test or a `conftest.py`:
    test folders, left out before parsing."""
    return {folder for path in paths if (folder := _test_folder(path)) is not None
            and (_is_test_file(name := path.rsplit("/", 1)[-1]) or name == "conftest.py")}


def test_folders(sources: Iterable[SourceFile], tests: set[str]) -> set[str]:
    """The paths of the files in a package that may be a domain's or a test folder
    (`DOMAIN_OR_TEST_DIRS`, no file in it named like a test) when one of its modules is in
    `tests`: it imports a test framework. A folder of none is a domain's, kept whole."""
    folders: dict[str, list[SourceFile]] = defaultdict(list)
    for source in sources:
        if source.test_name and (folder := _test_folder(source.path)) is not None:
            folders[folder].append(source)
    return {source.path for members in folders.values()
            if any(s.module in tests for s in members) for source in members}


# A numbered upgrade script's name: `db12`, `0042_add_index`, `v3`, an alembic revision
# (`1a2b3c4d5e6f_add_column`).
_NUMBERED = re.compile(r"(?:[A-Za-z]+_?)?\d+(?:_\w*)?|[0-9a-f]{8,}_\w+")
# (`upgrade` of alembic and trac, Django's `Migration` class in a folder named by the
# MIGRATION_MODULES setting: DefectDojo's `db_migrations/`)
UPGRADE_FUNCTIONS = frozenset({"upgrade", "do_upgrade", "Migration"})
MIN_UPGRADE_SCRIPTS = 3


def upgrade_scripts(files: Iterable[SourceFile],
                    defined: Callable[[SourceFile], Iterable[str]]) -> set[str]:
    """The paths of migrations that discovery cannot see by their folder's name: a folder
    (`upgrades/`, alembic's `versions/`, Django's `db_migrations/`) of MIN_UPGRADE_SCRIPTS or
    more modules with numbered names (`db12.py`, `0042_add_index.py`) that define `upgrade`,
    `do_upgrade` or a `Migration` class, making up most of the folder's modules. The
    scripts go, and the folder's `__init__` with them when the folder holds nothing else
    and the `__init__` defines nothing (imports aside).
    `defined(file)`: the top-level names the file defines, imported names left out."""
    folders: dict[str, list[SourceFile]] = defaultdict(list)
    for source in files:
        folders[source.path.rsplit("/", 1)[0] if "/" in source.path else ""].append(source)
    found: set[str] = set()
    for members in folders.values():
        scripts = [s for s in members if not s.is_package
                   and _NUMBERED.fullmatch(s.module.rsplit(".", 1)[-1])
                   and UPGRADE_FUNCTIONS & set(defined(s))]
        modules = [s for s in members if not s.is_package]
        if len(scripts) < MIN_UPGRADE_SCRIPTS or len(scripts) * 2 <= len(modules):
            continue
        found.update(s.path for s in scripts)
        if len(scripts) == len(modules):
            found.update(s.path for s in members if s.is_package
                         and not set(defined(s)) - {"__all__"})
    return found


def discover(fs: FileSystem, root: str, options: DiscoveryOptions) -> Discovered:
    """Every analyzable `.py` file under `root` with its dotted module name."""

    def skip_dir(relative: str, name: str, is_package: bool) -> bool:
        if name in ALWAYS_SKIPPED or name.startswith(".") or name.endswith(".egg-info"):
            return True
        if name in SKIPPED_UNLESS_PACKAGE and not is_package:
            return True
        if not options.include_tests and name in TEST_DIRS \
                and not (name in DOMAIN_OR_TEST_DIRS and is_package):
            return True
        if not options.include_migrations and name in MIGRATION_DIRS:
            return True
        child = f"{relative}/{name}" if relative else name
        return any(fnmatch.fnmatch(child, pattern) or fnmatch.fnmatch(child + "/", pattern)
                   for pattern in options.exclude)

    entries: list[FileEntry] = []
    problems: list[Problem] = []
    marked: set[str] = set()
    data_files: list[DataFile] = []
    for item in fs.walk_python(root, skip_dir):
        if isinstance(item, DataFile):
            if not any(fnmatch.fnmatch(item.path, pattern) for pattern in options.exclude):
                data_files.append(item)
        elif isinstance(item, WalkIssue):
            problems.append(Problem(item.path, 0, item.message, "warning"))
        elif isinstance(item, ProjectMarker):
            marked.add(item.path.rsplit("/", 1)[0])
        else:
            entries.append(item)
    # A sub-folder with its own pyproject.toml / setup.py and no __init__.py is a project of
    # its own: an import root, like the analyzed folder (a folder of several projects). So is
    # the folder of a Django project's manage.py: its apps import each other from there.
    packages = {e.path.rsplit("/", 1)[0] for e in entries if e.path.endswith("/__init__.py")}
    project_roots = sorted((m for m in marked if m not in packages), key=len, reverse=True)
    paths = {entry.path for entry in entries}
    src_layout = any(path.startswith("src/") for path in paths)
    files: list[tuple[SourceFile, FileEntry]] = []
    for entry in entries:
        name = entry.path.rsplit("/", 1)[-1]
        if not options.include_tests and name == "conftest.py":
            continue
        project = next((p for p in project_roots if entry.path.startswith(p + "/")), "")
        if project:
            source_root, relative = project, entry.path[len(project) + 1:]
            if relative.startswith("src/"):
                source_root, relative = f"{project}/src", relative[4:]
        elif src_layout and entry.path.startswith("src/"):
            source_root, relative = "src", entry.path[4:]
        else:
            source_root, relative = "", entry.path
        # A folder whose name is no identifier (`apache-superset/`, `my scripts/`) cannot be a
        # package: it is an import root, so a folder of several projects names their modules
        # as each project does.
        folders = relative.split("/")[:-1]
        cut = max((i + 1 for i, folder in enumerate(folders) if not folder.isidentifier()),
                  default=0)
        if cut:
            prefix = "/".join(folders[:cut])
            source_root = f"{source_root}/{prefix}" if source_root else prefix
            relative = "/".join(relative.split("/")[cut:])
        parts = relative[:-3].split("/")
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        if not parts:
            continue  # an `__init__.py` at the import root names no module
        module = ".".join(parts)
        if any(fnmatch.fnmatch(module, pattern) or fnmatch.fnmatch(entry.path, pattern)
               for pattern in options.exclude):
            continue
        test_name = not options.include_tests and (
            _is_test_file(name) or _test_folder(entry.path) is not None)
        files.append((SourceFile(entry.path, module, is_package, source_root, test_name), entry))
    if not options.include_tests:
        named = _named_test_folders(source.path for source, _ in files)
        files = [(source, entry) for source, entry in files
                 if _test_folder(source.path) not in named]
    files.sort(key=lambda pair: pair[0].path)
    return Discovered(tuple(files), tuple(problems), tuple(data_files))
