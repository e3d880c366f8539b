"""Discovery: which `.py` files are analyzed, and the dotted module name each one gets."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_tree, imports_of, index_of

from strangler.adapters.filesystem import LocalFileSystem
from strangler.parse import DiscoveryOptions, discover


def _discover(root: Path, **options: object) -> dict[str, str]:
    """path -> module of every discovered file."""
    found = discover(LocalFileSystem(), str(root), DiscoveryOptions(**options))  # type: ignore[arg-type]
    assert found.problems == ()
    return {source.path: source.module for source, _ in found.files}


def _sources(root: Path, **options: object) -> dict[str, tuple[str, bool, str]]:
    """path -> (module, is_package, source_root) of every discovered file."""
    found = discover(LocalFileSystem(), str(root), DiscoveryOptions(**options))  # type: ignore[arg-type]
    return {s.path: (s.module, s.is_package, s.source_root) for s, _ in found.files}


def test_regular_package_and_nested_modules(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "shop/__init__.py": "",
        "shop/models.py": "",
        "shop/billing/__init__.py": "",
        "shop/billing/invoices.py": "",
        "shop/billing/tax/rates/eu.py": "",
    })
    assert _sources(root) == {
        "shop/__init__.py": ("shop", True, ""),
        "shop/billing/__init__.py": ("shop.billing", True, ""),
        "shop/billing/invoices.py": ("shop.billing.invoices", False, ""),
        "shop/billing/tax/rates/eu.py": ("shop.billing.tax.rates.eu", False, ""),
        "shop/models.py": ("shop.models", False, ""),
    }


def test_only_py_files_are_discovered(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "pkg/__init__.py": "",
        "pkg/mod.py": "",
        "pkg/mod.pyi": "",
        "pkg/notes.txt": "",
        "pkg/script": "",
        "pkg/README.md": "",
    })
    assert _discover(root) == {"pkg/__init__.py": "pkg", "pkg/mod.py": "pkg.mod"}


def test_init_at_the_import_root_names_no_module(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {"__init__.py": "", "tool.py": ""})
    assert _discover(root) == {"tool.py": "tool"}


def test_namespace_package_without_init(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "corp/plugins/auth.py": "",
        "corp/plugins/audit.py": "from corp.plugins import auth\nauth.login()\n",
        "corp/core/__init__.py": "",
    })
    assert _discover(root) == {
        "corp/core/__init__.py": "corp.core",
        "corp/plugins/audit.py": "corp.plugins.audit",
        "corp/plugins/auth.py": "corp.plugins.auth",
    }
    index = index_of(root)
    assert ("corp.plugins.auth", None, ()) in imports_of(index, "corp.plugins.audit")
    [use] = [u for u in index.uses if u.source == "corp.plugins.audit"]
    assert (use.target, use.name, use.kind, use.lines) == ("corp.plugins.auth", "login", "call",
                                                           (2,))


def test_src_layout_module_names_exclude_src(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "src/app/__init__.py": "",
        "src/app/core/models.py": "",
        "src/app/views.py": "from app.core import models\nfrom . import helpers\n",
        "src/app/helpers.py": "",
        "src/toolbox.py": "",
        "setup.py": "",
    })
    assert _sources(root) == {
        "setup.py": ("setup", False, ""),
        "src/app/__init__.py": ("app", True, "src"),
        "src/app/core/models.py": ("app.core.models", False, "src"),
        "src/app/helpers.py": ("app.helpers", False, "src"),
        "src/app/views.py": ("app.views", False, "src"),
        "src/toolbox.py": ("toolbox", False, "src"),
    }
    index = index_of(root)
    assert not any(m.name.startswith("src") for m in index.modules)
    targets = {target for target, _, _ in imports_of(index, "app.views")}
    assert {"app.core.models", "app.helpers"} <= targets


def test_several_top_level_packages_and_modules(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "orders/__init__.py": "",
        "orders/api.py": "import users.models\nimport settings\n",
        "users/__init__.py": "",
        "users/models.py": "",
        "settings.py": "",
        "manage.py": "import orders.api\n",
    })
    assert _discover(root) == {
        "manage.py": "manage",
        "orders/__init__.py": "orders",
        "orders/api.py": "orders.api",
        "settings.py": "settings",
        "users/__init__.py": "users",
        "users/models.py": "users.models",
    }
    index = index_of(root)
    packages = {m.name: m.package for m in index.modules}
    assert packages == {"manage": "", "settings": "", "orders": "orders",
                        "orders.api": "orders", "users": "users", "users.models": "users"}
    targets = {target for target, _, _ in imports_of(index, "orders.api")}
    assert {"users.models", "settings"} <= targets
    assert ("orders.api", None, ()) in imports_of(index, "manage")


TESTS_TREE: dict[str, str | bytes] = {
    "pkg/__init__.py": "",
    "pkg/core.py": "",
    "pkg/test_core.py": "import pytest\n",
    "pkg/core_test.py": "from unittest import mock\n",
    "pkg/test_db.py": "import click\n",  # a command named test_db, not a test
    "pkg/conftest.py": "",
    "pkg/tests/__init__.py": "",
    "pkg/tests/helpers.py": "",
    "pkg/test/check.py": "",
    "pkg/testing/fixtures.py": "",
    "tests/test_top.py": "import pytest\n",
    "tests/factories.py": "",
    "conftest.py": "",
    "pkg/contest.py": "",  # not a test file: a near miss
    "pkg/latest.py": "",  # neither
}


def test_tests_excluded_by_default(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", TESTS_TREE)
    # Discovery drops test folders and conftest.py; files named like tests stay candidates
    # until parsing shows whether they import a test framework.
    assert _discover(root) == {
        "pkg/__init__.py": "pkg",
        "pkg/contest.py": "pkg.contest",
        "pkg/core.py": "pkg.core",
        "pkg/latest.py": "pkg.latest",
        "pkg/test_core.py": "pkg.test_core",
        "pkg/core_test.py": "pkg.core_test",
        "pkg/test_db.py": "pkg.test_db",
    }
    index = index_of(root)
    assert {m.name for m in index.modules} == {"pkg", "pkg.contest", "pkg.core", "pkg.latest",
                                               "pkg.test_db"}


def test_tests_included_on_request(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", TESTS_TREE)
    found = _discover(root, include_tests=True)
    assert set(found) == set(TESTS_TREE)
    assert found["pkg/tests/helpers.py"] == "pkg.tests.helpers"
    assert found["tests/test_top.py"] == "tests.test_top"
    assert found["conftest.py"] == "conftest"
    index = index_of(root, include_tests=True)
    assert {"pkg.test_core", "pkg.conftest", "tests.factories"} <= {m.name for m in index.modules}


def test_a_tests_py_that_imports_the_projects_test_code_is_a_test(tmp_path: Path) -> None:
    """Django's `app/tests.py` often imports no framework itself, only the project's test
    base classes (Weblate: `from weblate.trans.tests.test_views import ViewTestCase`)."""
    root = build_tree(tmp_path / "proj", {
        "core/__init__.py": "",
        "core/models.py": "",
        "core/tests/__init__.py": "",
        "core/tests/test_views.py": "from django.test import TestCase\n",
        "app/__init__.py": "",
        "app/models.py": "",
        "app/tests.py": "from app.models import X\nfrom core.tests.test_views import Base\n",
        "app/test_export.py": "from core.tests import utils\n",
        "app/test_cli.py": "from app.models import X\n",  # a command named like a test
    })
    modules = {m.name for m in index_of(root).modules}
    assert "app.tests" not in modules and "app.test_export" not in modules
    assert {"app", "app.models", "app.test_cli", "core", "core.models"} <= modules


MIGRATIONS_TREE: dict[str, str | bytes] = {
    "blog/__init__.py": "",
    "blog/models.py": "",
    "blog/migrations/__init__.py": "",
    "blog/migrations/0001_initial.py": "",
    "alembic/env.py": "",
    "alembic/versions/abc123_add_users.py": "",
    "legacy/south_migrations/0001.py": "",
    "blog/migration_helpers.py": "",  # not a migrations folder
}


def test_migrations_excluded_by_default(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", MIGRATIONS_TREE)
    assert _discover(root) == {
        "blog/__init__.py": "blog",
        "blog/migration_helpers.py": "blog.migration_helpers",
        "blog/models.py": "blog.models",
    }


def test_migrations_included_on_request(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", MIGRATIONS_TREE)
    found = _discover(root, include_migrations=True)
    assert set(found) == set(MIGRATIONS_TREE)
    assert found["blog/migrations/0001_initial.py"] == "blog.migrations.0001_initial"
    assert found["alembic/versions/abc123_add_users.py"] == "alembic.versions.abc123_add_users"
    # The two switches are independent.
    assert "blog/migrations/0001_initial.py" not in _discover(root, include_tests=True)


EXCLUDE_TREE: dict[str, str | bytes] = {
    "pkg/__init__.py": "",
    "pkg/core.py": "",
    "pkg/legacy/__init__.py": "",
    "pkg/legacy/old.py": "",
    "pkg/legacy/deep/older.py": "",
    "pkg/legacy_api.py": "",
    "pkg/modern/legacy.py": "",
}


def test_exclude_path_glob(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", EXCLUDE_TREE)
    assert _discover(root, exclude=("pkg/legacy/*",)) == {
        "pkg/__init__.py": "pkg",
        "pkg/core.py": "pkg.core",
        "pkg/legacy_api.py": "pkg.legacy_api",
        "pkg/modern/legacy.py": "pkg.modern.legacy",
    }


def test_exclude_dotted_glob(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", EXCLUDE_TREE)
    assert _discover(root, exclude=("pkg.legacy*",)) == {
        "pkg/__init__.py": "pkg",
        "pkg/core.py": "pkg.core",
        "pkg/modern/legacy.py": "pkg.modern.legacy",
    }


def test_exclude_single_file_and_several_globs(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", EXCLUDE_TREE)
    assert set(_discover(root, exclude=("pkg/core.py", "pkg.modern.*"))) == {
        "pkg/__init__.py", "pkg/legacy/__init__.py", "pkg/legacy/old.py",
        "pkg/legacy/deep/older.py", "pkg/legacy_api.py",
    }


def test_exclude_in_src_layout_matches_paths_and_module_names(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "src/app/__init__.py": "",
        "src/app/legacy/old.py": "",
        "src/app/new.py": "",
    })
    expected = {"src/app/__init__.py": "app", "src/app/new.py": "app.new"}
    assert _discover(root, exclude=("src/app/legacy/*",)) == expected
    assert _discover(root, exclude=("app.legacy.*",)) == expected


def test_excluded_module_is_not_in_the_index(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "pkg/__init__.py": "",
        "pkg/core.py": "from pkg.legacy import old\n",
        "pkg/legacy/__init__.py": "",
        "pkg/legacy/old.py": "",
    })
    index = index_of(root, exclude=("pkg/legacy/*",))
    assert {m.name for m in index.modules} == {"pkg", "pkg.core"}
    # Importing pkg.legacy still runs pkg/__init__.py; nothing points into the excluded part.
    assert not any(target.startswith("pkg.legacy") for target, _, _ in imports_of(index,
                                                                                  "pkg.core"))


@pytest.mark.parametrize(
    "folder",
    [".hidden", ".git", ".venv", "venv", "node_modules", "__pycache__", "build", "dist",
     ".tox", "site-packages", "foo.egg-info"],
)
def test_tool_and_hidden_folders_are_skipped(tmp_path: Path, folder: str) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/main.py": "",
        f"{folder}/junk.py": "",
        f"{folder}/pkg/__init__.py": "",
        f"app/{folder}/nested.py": "",
    })
    assert _discover(root) == {"app/__init__.py": "app", "app/main.py": "app.main"}
    # Even the opt-in switches do not bring them back.
    assert _discover(root, include_tests=True, include_migrations=True) == {
        "app/__init__.py": "app", "app/main.py": "app.main",
    }


def test_discovered_files_are_sorted_and_carry_size(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {"b.py": "x = 1\n", "a/__init__.py": "", "a/z.py": ""})
    found = discover(LocalFileSystem(), str(root), DiscoveryOptions())
    assert [s.path for s, _ in found.files] == ["a/__init__.py", "a/z.py", "b.py"]
    assert {s.path: e.size for s, e in found.files}["b.py"] == len("x = 1\n")
    assert all(e.path == s.path for s, e in found.files)


def test_symlink_alias_inside_the_tree_does_not_rename_the_real_package(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {"app/__init__.py": "", "app/m.py": ""})
    (root / "aaa").symlink_to(root / "app", target_is_directory=True)
    found = discover(LocalFileSystem(), str(root), DiscoveryOptions())
    assert sorted(s.module for s, _ in found.files) == ["app", "app.m"]


def test_build_and_dist_are_kept_when_they_are_packages(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "pkg/__init__.py": "",
        "pkg/build/__init__.py": "",
        "pkg/build/steps.py": "",
        "build/lib/pkg/__init__.py": "",
        "dist/x.py": "",
    })
    found = discover(LocalFileSystem(), str(root), DiscoveryOptions())
    assert sorted(s.module for s, _ in found.files) == ["pkg", "pkg.build", "pkg.build.steps"]


def test_folders_that_are_not_identifiers_are_import_roots(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "corpus", {
        "shop-app/shop/__init__.py": "",
        "shop-app/shop/views.py": "from shop import models\n",
        "shop-app/shop/models.py": "",
        "blog app/blog/__init__.py": "",
    })
    index = index_of(root)
    assert {m.name for m in index.modules} == {"shop", "shop.views", "shop.models", "blog"}
    assert ("shop.models", None, ()) in imports_of(index, "shop.views")


def test_sub_projects_with_their_own_pyproject_are_import_roots(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "corpus", {
        "shop/pyproject.toml": "[project]\nname = 'shop'\n",
        "shop/shop/__init__.py": "",
        "shop/shop/views.py": "from shop import models\n",
        "shop/shop/models.py": "",
        "blog/setup.py": "",
        "blog/src/blog/__init__.py": "",
    })
    index = index_of(root)
    assert {m.name for m in index.modules} == {"shop", "shop.views", "shop.models", "blog",
                                               "setup"}
    assert ("shop.models", None, ()) in imports_of(index, "shop.views")


def test_a_django_projects_folder_is_an_import_root(tmp_path: Path) -> None:
    """A repository that keeps its Django project in a sub-folder (docs and scripts beside it):
    the apps import each other from manage.py's folder, so their modules are named from
    there and their imports resolve."""
    root = build_tree(tmp_path / "repo", {
        "pyproject.toml": "[project]\nname = 'site'\n",
        "scripts/release.py": "",
        "site/manage.py": "",
        "site/config/__init__.py": "",
        "site/config/settings.py": "",
        "site/orders/__init__.py": "",
        "site/orders/models.py": "from catalog.models import Product\n",
        "site/catalog/__init__.py": "",
        "site/catalog/models.py": "class Product: ...\n",
    })
    modules = _discover(root)
    assert modules["site/orders/models.py"] == "orders.models"
    assert modules["site/config/settings.py"] == "config.settings"
    assert modules["scripts/release.py"] == "scripts.release"
    index = index_of(root)
    assert ("orders.models", "catalog.models") in {(i.source, i.target) for i in index.imports}


UPGRADES_TREE: dict[str, str | bytes] = {
    "app/__init__.py": "",
    "app/env.py": "def upgrade(env):\n    return env\n",  # one module, not numbered
    "app/upgrades/__init__.py": "from app.env import upgrade as helper\n",
    "app/upgrades/db3.py": "def do_upgrade(env, ver, cursor):\n    pass\n",
    "app/upgrades/db4.py": "def do_upgrade(env, ver, cursor):\n    pass\n",
    "app/upgrades/db12.py": "def do_upgrade(env, ver, cursor):\n    pass\n",
    "app/db/versions/__init__.py": "",
    "app/db/versions/1a2b3c4d5e6f_add_users.py": "def upgrade():\n    pass\n",
    "app/db/versions/2b3c4d5e6f7a_add_orders.py": "def upgrade():\n    pass\n",
    "app/db/versions/3c4d5e6f7a8b_drop_x.py": "def upgrade():\n    pass\n",
    "app/db/versions/helpers.py": "def column():\n    pass\n",
    # numbered, but no upgrade function: not migrations
    "app/reports/r1.py": "def render():\n    pass\n",
    "app/reports/r2.py": "def render():\n    pass\n",
    "app/reports/r3.py": "def render():\n    pass\n",
}


def test_numbered_upgrade_scripts_are_migrations_by_shape(tmp_path: Path) -> None:
    """trac's `upgrades/db12.py` (`do_upgrade`) and alembic's `versions/` outside a
    `migrations` folder: a folder of numbered scripts defining `upgrade` is migrations."""
    root = build_tree(tmp_path / "proj", UPGRADES_TREE)
    modules = {m.name for m in index_of(root).modules}
    assert not {m for m in modules if m.startswith("app.upgrades")}
    assert not {m for m in modules if m.startswith("app.db.versions.")} - {
        "app.db.versions.helpers"}  # the scripts go; a helper beside them stays
    assert {"app", "app.env", "app.reports.r1", "app.reports.r2", "app.reports.r3",
            "app.db.versions", "app.db.versions.helpers"} <= modules


def test_numbered_upgrade_scripts_included_on_request(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", UPGRADES_TREE)
    modules = {m.name for m in index_of(root, include_migrations=True).modules}
    assert {"app.upgrades", "app.upgrades.db3", "app.upgrades.db12",
            "app.db.versions.1a2b3c4d5e6f_add_users"} <= modules


def test_a_module_named_like_a_test_that_imports_no_test_is_kept(tmp_path: Path) -> None:
    """buildbot's data API `data/test_results` imports the table module `db/test_results`:
    both are code, not tests. A test-named file importing a test (here `test_api` importing
    `test_core`, which imports pytest) is a test, however deep the chain."""
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/db/__init__.py": "",
        "app/db/test_results.py": "import sqlalchemy\n",
        "app/data/__init__.py": "",
        "app/data/test_results.py": "from app.db.test_results import Model\n",
        "app/test_core.py": "import pytest\n",
        "app/test_api.py": "from app.test_core import fixture\n",
        "app/test_views.py": "from app.test_api import client\n",
        "app/test_helpers.py": "from app.tests.base import Case\n",
    })
    names = {m.name for m in index_of(root).modules}
    assert {"app.db.test_results", "app.data.test_results"} <= names
    assert not names & {"app.test_core", "app.test_api", "app.test_views", "app.test_helpers"}


def test_a_test_package_holding_no_test_is_a_domain_s(tmp_path: Path) -> None:
    """DefectDojo's `dojo/test/` holds the views, forms and queries of its Test table: a
    package named `test` is parsed, and left out with its whole folder only if it holds a
    test (a file named like one, or one importing a test framework)."""
    root = build_tree(tmp_path / "proj", {
        "dojo/__init__.py": "",
        "dojo/models.py": "",
        "dojo/test/__init__.py": "",
        "dojo/test/views.py": "from dojo.test.queries import tests\n",
        "dojo/test/queries.py": "from dojo.models import Test\n",
        "dojo/test/ui/__init__.py": "",
        "dojo/test/ui/urls.py": "from dojo.test import views\n",
        "lib/__init__.py": "",
        "lib/test/__init__.py": "",
        "lib/test/helpers.py": "",  # (a helper of tests, importing no framework itself)
        "lib/test/cases.py": "import unittest\n",
        "app/__init__.py": "",
        "app/test/__init__.py": "",
        "app/test/test_models.py": "",
        "app/test/base.py": "",
    })
    modules = {m.name for m in index_of(root).modules}
    assert {"dojo.test", "dojo.test.views", "dojo.test.queries", "dojo.test.ui",
            "dojo.test.ui.urls"} <= modules
    assert not {m for m in modules if m.startswith(("lib.test", "app.test"))}
    assert {m.name for m in index_of(root, include_tests=True).modules} >= {
        "lib.test.helpers", "app.test.test_models"}


def test_django_migrations_in_a_folder_of_another_name_are_migrations(tmp_path: Path) -> None:
    """DefectDojo sets MIGRATION_MODULES to `dojo.db_migrations`: numbered modules that
    define Django's `Migration` class are migrations whatever their folder is called."""
    migration = ("from django.db import migrations\n"
                 "class Migration(migrations.Migration):\n    operations = []\n")
    root = build_tree(tmp_path / "proj", {
        "dojo/__init__.py": "",
        "dojo/models.py": "",
        "dojo/db_migrations/__init__.py": "",
        "dojo/db_migrations/0001_initial.py": migration,
        "dojo/db_migrations/0002_finding_cwe.py": migration,
        "dojo/db_migrations/0003_auto_20200101_1200.py": migration,
    })
    assert {m.name for m in index_of(root).modules} == {"dojo", "dojo.models"}
    assert "dojo.db_migrations.0002_finding_cwe" in {
        m.name for m in index_of(root, include_migrations=True).modules}


def test_a_test_package_is_told_before_parsing_when_its_files_are_named_like_tests(
        tmp_path: Path) -> None:
    """(review) A `test` package with a file named like a test goes before parsing, so its
    helpers are not parsed for nothing and a command importing them (`cli/test_db`) is still
    told for a test; nested, the innermost `test` package decides alone."""
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/cli/__init__.py": "",
        "app/cli/test_db.py": "from app.test.helpers import h\n",
        "app/test/__init__.py": "",
        "app/test/helpers.py": "h = 1\n",
        "app/test/test_x.py": "",
        "dojo/__init__.py": "",
        "dojo/test/__init__.py": "",
        "dojo/test/views.py": "",
        "dojo/test/test/__init__.py": "",
        "dojo/test/test/test_views.py": "import pytest\n",
    })
    found = _discover(root)
    assert "app/test/helpers.py" not in found and "dojo/test/test/test_views.py" not in found
    modules = {m.name for m in index_of(root).modules}
    assert "app.cli.test_db" not in modules
    assert {"dojo.test", "dojo.test.views"} <= modules
