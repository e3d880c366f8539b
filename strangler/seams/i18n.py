"""Internationalization packages are platform (issue 10: a kernel holds "settings, i18n,
base classes, utilities").

A package named for translations (`translations/`, `i18n/`, `l10n/`, `locale/`) holds the
machinery that translates every domain's content: the translation types, fields and
loaders every domain uses, and the operations that write each domain's translations. The
breadth rules see the first part (used everywhere) but not the second: a `product_translate`
operation is used by nothing but the schema, and the clustering glued the lot to whichever
small domain pulled hardest. A module of such a package that maps and writes no table joins
the kernel, whatever its breadth. Applied after the clustering, like the other platform
passes: the groups around them keep the shape the clustering gave them. A package one of
whose modules maps a table (a model class) is an app named for its business (a translation
product's `translations/` app with its models and views), not the platform's machinery."""

from __future__ import annotations

from collections.abc import Iterable

from strangler.model import KernelModule
from strangler.seams.propose import Grouping, take_kernel

I18N_PACKAGES = frozenset({"translations", "translation", "i18n", "l10n", "locale",
                           "locales"})


def i18n_package(module: str, packages: set[str]) -> str | None:
    """The innermost package holding `module` (itself, if it is a package) whose name is an
    i18n word (I18N_PACKAGES), below the top level; None when there is none."""
    parts = module.split(".")
    for end in range(len(parts), 1, -1):
        package = ".".join(parts[:end])
        if parts[end - 1].lower() in I18N_PACKAGES and package in packages:
            return package
    return None


def i18n_kernel(grouping: Grouping, isolated: Iterable[str], packages: set[str],
                owners: set[str], fixed: Iterable[str], mappers: Iterable[str] = ()
                ) -> tuple[Grouping, list[str], list[KernelModule]]:
    """The modules of i18n packages (`i18n_package`), grouped or isolated, that own no data
    (`owners`: modules that map or write a table) and that no lever placed (`fixed`: pinned
    or user-placed modules), taken out as kernel; packages holding a module of `mappers`
    (modules whose model classes map a table) are apps and left alone. Returns the
    grouping, the isolated modules left and the kernel modules."""
    apps = {package for m in mappers if (package := i18n_package(m, packages))}

    def home(module: str) -> str | None:
        package = i18n_package(module, packages)
        return package if package not in apps else None

    return take_kernel(grouping, isolated, owners, fixed, home, lambda package: (
        f"part of {package}, the platform's internationalization, with no tables of its own"))
