"""Settings written in parts: a Django settings module that star-imports its defaults.

`settings.py` often starts with `from ._base_settings import *` (or `from .settings_global
import *`) and a build or test variant star-imports the same part. Each part is settings,
a root of the application, however many packages read a value from it: clustered, the
part's lists of dotted names (INSTALLED_APPS, the core plugins) glue the apps' `apps.py`
modules into a seam of their own."""

from __future__ import annotations

import re
from collections import defaultdict

from strangler.model import KernelModule, ProjectIndex
from strangler.seams.config import SeamConfig, matches
from strangler.seams.index_facts import served_modules
from strangler.seams.words import TRUE_LAYERS

SETTINGS_WORDS = ("settings", "config", "conf")
# Modules of a `settings/` package that are a feature's, not settings parts (`base`, `dev`).
NOT_SETTINGS = TRUE_LAYERS | {"admin", "urls", "tasks", "signals", "templatetags", "apps"}


def settings_named(module: str) -> bool:
    """A module directly in the top package (or top level) named for settings:
    `settings`, `_base_settings`, `settings_global`, `conf`; or a module of a `settings`
    package named by no layer (`settings/base`, `settings/dev`; not `settings/views` of a
    user-settings feature)."""
    parts = module.split(".")
    package = parts[-2].lower() if len(parts) >= 2 else ""
    # (`settings/` only: a `config/` package is often the application's configuration
    # model, pydantic classes of every domain, not Django's settings in parts)
    if len(parts) <= 3 and package == "settings" and parts[-1].lower() not in NOT_SETTINGS:
        return True
    if len(parts) > 2:
        return False
    last = parts[-1].strip("_").lower()
    return any(last == word or last.endswith("_" + word) or last.startswith(word + "_")
               for word in SETTINGS_WORDS)


def settings_parts(index: ProjectIndex, config: SeamConfig, found: set[str]
                   ) -> list[KernelModule]:
    """Settings-named modules that star-import another settings-named module, and the
    modules they star-import: both are the application's settings (`found`: roots already
    chosen, left as they are). A module that serves a route or is pinned is left alone."""
    served = served_modules(index).serving
    parts: set[str] = set()
    for imp in index.imports:
        if imp.star and imp.source != imp.target and settings_named(imp.source) \
                and settings_named(imp.target) and _one_settings(imp.source, imp.target):
            parts |= {imp.source, imp.target}
    return [KernelModule(name, "the application's settings (a part the settings module "
                               "star-imports)")
            for name in sorted(parts - found - served)
            if not config.pinned_service(name) and not matches(name, config.kernels)]


def _one_settings(source: str, target: str) -> bool:
    """Two parts of one application's settings: modules directly in the top package
    (`settings` star-importing `_base_settings`), siblings in one settings package
    (`settings/dev` and `settings/base`), or the package and its module (`settings/__init__`
    star-importing `settings/base`)."""
    if source.count(".") < 2 and target.count(".") < 2:
        return True
    return target.rpartition(".")[0] in (source.rpartition(".")[0], source)


# Django's language codes as package names: `de`, `en_US`, `zh_Hant`, `sr_Latn`.
LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z]{2,4})?$")
FORMAT_LOCALES = 2  # locale packages holding a `formats` module that make a format path


def locale_format_modules(index: ProjectIndex, config: SeamConfig, taken: set[str]
                          ) -> list[KernelModule]:
    """Django's locale format modules (FORMAT_MODULE_PATH): a package whose child packages
    are language codes (`formats/de`, `formats/en_US`), FORMAT_LOCALES or more of them
    holding a `formats` module, which Django imports by name for the active language. The
    package, its locale packages and their modules are the platform's i18n, not a domain:
    no code of the project imports them, and clustered they form a seam of their own."""
    names = {m.name for m in index.modules}
    by_path: dict[str, set[str]] = defaultdict(set)
    for name in names:
        parts = name.split(".")
        if len(parts) >= 3 and parts[-1] == "formats" and LOCALE.match(parts[-2]):
            by_path[".".join(parts[:-2])].add(parts[-2])
    found: set[str] = set()
    for path, locales in by_path.items():
        if len(locales) < FORMAT_LOCALES:
            continue
        found.add(path)
        for locale in locales:
            found |= {f"{path}.{locale}", f"{path}.{locale}.formats"}
    return [KernelModule(name, "a Django locale format module (FORMAT_MODULE_PATH): "
                               "loaded by name for each language")
            for name in sorted((found & names) - taken)
            if not config.pinned_service(name)]
