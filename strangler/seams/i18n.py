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
from strangler.seams.propose import Grouping

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
    fixed = set(fixed) | {m for pin, members in grouping.groups if pin for m in members}
    candidates = {m for _, members in grouping.groups for m in members} | set(isolated)
    apps = {package for m in mappers if (package := i18n_package(m, packages))}
    found = sorted(m for m in candidates if m not in owners and m not in fixed
                   and (package := i18n_package(m, packages)) and package not in apps)
    if not found:
        return grouping, list(isolated), []
    taken = set(found)
    return grouping.without(taken), [m for m in isolated if m not in taken], [
        KernelModule(m, f"part of {i18n_package(m, packages)}, the platform's "
                        "internationalization, with no tables of its own")
        for m in found]
