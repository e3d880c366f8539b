"""Issue 10 (helper layer9): settings written in parts by star imports are roots, and
Django's locale format modules (FORMAT_MODULE_PATH) are platform code, not a seam."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.config import SeamConfig
from strangler.seams.kernel import find_roots
from strangler.seams.settings_roots import locale_format_modules, settings_named


def _site(root: Path) -> Path:
    files = {
        "site/__init__.py": "__version__ = '1.0'\n",
        "site/_base_settings.py": "INSTALLED_APPS = ['site.shop', 'site.desk']\n"
                                  "FORMAT_MODULE_PATH = ['site.helpers.formats']\n",
        "site/settings.py": "from ._base_settings import *  # noqa\nDEBUG = False\n",
        "site/_build_settings.py": "from ._base_settings import *  # noqa\n",
        "site/helpers/__init__.py": "",
        "site/helpers/formats/__init__.py": "",
        "site/helpers/text.py": "def clean(s):\n    return s.strip()\n",
    }
    for locale in ("de", "en_US", "fr"):
        files[f"site/helpers/formats/{locale}/__init__.py"] = ""
        files[f"site/helpers/formats/{locale}/formats.py"] = "DATE_FORMAT = 'j. F Y'\n"
    # Three packages read a value from the settings: too many users for the name rule alone.
    for app in ("shop", "desk", "api"):
        files[f"site/{app}/__init__.py"] = ""
        files[f"site/{app}/views.py"] = "from site import settings\n\n" \
                                        "def show():\n    return settings.DEBUG\n"
    return build_tree(root, files)


def test_settings_parts_joined_by_star_imports_are_roots(tmp_path: Path) -> None:
    index, graph = graph_of(_site(tmp_path))
    roots = {r.module: r.reason for r in find_roots(index, graph, SeamConfig())}
    assert {"site.settings", "site._base_settings", "site._build_settings"} <= set(roots)
    assert "star-imports" in roots["site._base_settings"]
    assert "site.helpers.text" not in roots


def test_settings_names() -> None:
    assert settings_named("site._base_settings") and settings_named("site.settings_global")
    assert settings_named("conf")
    assert not settings_named("site.shop.settings")  # an app's settings page, not the root
    assert not settings_named("site.settingsview")
    # (a settings package's modules: `settings/base`, `settings/dev`)
    assert settings_named("site.settings.base") and settings_named("config.settings.local")
    # (a `config/` package of configuration models is no settings package)
    assert not settings_named("site.config.camera")
    assert not settings_named("site.settings.production.example")
    assert settings_named("settings.base")  # (a top-level settings package)
    # (a user-settings feature's layer modules are no settings)
    assert not settings_named("site.settings.views") and not settings_named("site.settings.forms")


def test_modules_of_a_settings_package_joined_by_star_imports_are_roots(
        tmp_path: Path) -> None:
    """patchwork's `settings/dev` star-imports `settings/base`, and the settings module
    manage.py names (`settings/production`) is not in the repository: both parts are the
    application's settings, not a `setting` seam."""
    files = {
        "site/__init__.py": "",
        "site/settings/__init__.py": "",
        "site/settings/base.py": "INSTALLED_APPS = ['site.shop']\nDEBUG = False\n",
        "site/settings/dev.py": "from .base import *  # noqa\nDEBUG = True\n",
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', "
                     "'site.settings.production')\n",
    }
    roots = _roots_read_by_three_apps(tmp_path, files, "base", "DEBUG")
    assert {"site.settings.base", "site.settings.dev"} <= roots


def test_locale_format_modules_are_platform(tmp_path: Path) -> None:
    index, _ = graph_of(_site(tmp_path))
    found = {k.module for k in locale_format_modules(index, SeamConfig(), set())}
    assert found == {"site.helpers.formats", "site.helpers.formats.de",
                     "site.helpers.formats.de.formats", "site.helpers.formats.en_US",
                     "site.helpers.formats.en_US.formats", "site.helpers.formats.fr",
                     "site.helpers.formats.fr.formats"}


def test_one_formats_module_is_no_format_path(tmp_path: Path) -> None:
    root = build_tree(tmp_path, {"app/__init__.py": "", "app/io/__init__.py": "",
                                 "app/io/de/__init__.py": "", "app/io/de/formats.py": "X = 1\n",
                                 "app/io/csv.py": "Y = 2\n"})
    index, _ = graph_of(root)
    assert locale_format_modules(index, SeamConfig(), set()) == []


def test_a_user_settings_feature_s_star_imports_make_no_roots(tmp_path: Path) -> None:
    """`app/settings/` of the users' preferences pages: `views` star-imports `forms`, and
    neither is the application's settings."""
    files = {
        "site/__init__.py": "",
        "site/settings/__init__.py": "",
        "site/settings/forms.py": "class PrefsForm:\n    pass\n",
        "site/settings/views.py": "from .forms import *  # noqa\n\n"
                                  "def prefs():\n    return PrefsForm()\n",
        "site/settings/helpers.py": "from .views import *  # noqa\n",
    }
    roots = _roots_read_by_three_apps(tmp_path, files, "views", "prefs()")
    assert not {"site.settings.forms", "site.settings.views"} & roots


def _roots_read_by_three_apps(tmp_path: Path, files: dict[str, str], module: str,
                              value: str) -> set[str]:
    """The roots of the project `files` once three apps read `value` of
    `site.settings.<module>`: too many users for the name rule alone."""
    for app in ("shop", "desk", "api"):
        files[f"site/{app}/__init__.py"] = ""
        files[f"site/{app}/views.py"] = (f"from site.settings import {module}\n\n"
                                         f"def show():\n    return {module}.{value}\n")
    index, graph = graph_of(build_tree(tmp_path / "proj", files))
    return {r.module for r in find_roots(index, graph, SeamConfig())}
