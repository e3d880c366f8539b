"""Modules loaded by convention inside a platform package are platform too.

A framework loads some modules by name, never by import: Django's template tag libraries
(`{% load icon %}` finds `<app>/templatetags/icon.py`), management commands, signal
receivers named in settings. Such a module that nothing imports is coupled to nothing, so it
stayed unassigned, a "seam" of one module each. Its package says where it belongs: when the
package's own `__init__` is in the kernel (a platform package: pretix's
`base/templatetags/`), a module of it that nothing couples, that maps and writes no table
and serves no route, is the platform's too: kernel (not below the top package itself,
whose `__init__` says nothing: `app/tasks.py` beside it is the task runner's), and never
a Django management command (`<app>/management/commands/<name>.py`): an entry point run by
name (`manage.py <name>`), which nothing imports, has no users to share it, and stays
alone like a console script (COMMAND_PACKAGE). An isolated
package `__init__` (empty, as most are) is kernel when most of its direct submodules are
(`app/`, `app/management/` whose children are the platform's). Modules of a package that
is not kernel (a domain app's `templatetags/`) are left to the other rules
(`slices.unit_homes`, `package_folding.fold_packages`). Runs last among the platform
passes, when the kernel and the isolated modules are known. `loaded_kernel` does the same
for the grouped modules of a package the framework loads by name (LOADED_BY_NAME)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from strangler.model import KernelModule, plural
from strangler.seams.i18n import I18N_PACKAGES
from strangler.seams.kernel import KERNEL_NAMES
from strangler.seams.propose import Grouping
from strangler.seams.words import singular


def _parent(module: str) -> str:
    return module.rsplit(".", 1)[0] if "." in module else ""


# Packages whose modules the framework loads by name (Django's template tag libraries):
# each module is coupled to the templates that `{% load %}` it, not to the code that
# imports it, so the imports a few of them have say nothing of where they belong.
LOADED_BY_NAME = frozenset({"templatetags"})
# Django's command packages: `manage.py <name>` runs `<app>/management/commands/<name>.py`;
# the module is an entry point, not a library the platform's code shares.
COMMAND_PACKAGE = ("management", "commands")


def loaded_kernel(grouping: Grouping, kernel: Iterable[str], owners: set[str],
                  served: AbstractSet[str], fixed: set[str]) -> tuple[Grouping, list[KernelModule]]:
    """The grouped modules of a LOADED_BY_NAME package whose `__init__` is kernel (a
    platform's template tags: `base/templatetags/money`), with no tables of their own and
    no route, that no lever placed (`fixed`, pinned groups): kernel, taken out of their
    groups. A domain app's template tags (its package not in the kernel) stay."""
    members = set(kernel)
    fixed = fixed | {m for pin, group in grouping.groups if pin for m in group}
    found = [KernelModule(m, f"a template tag library of the platform package {_parent(m)}, "
                             "loaded by name from the templates, with no tables of its own")
             for _, group in grouping.groups for m in group
             if _parent(m) in members and _parent(m).rsplit(".", 1)[-1] in LOADED_BY_NAME
             and m not in owners and m not in served and m not in fixed
             and not _named_like_its_group(m, group)]
    if not found:
        return grouping, []
    return grouping.without({k.module for k in found}), sorted(found,
                                                               key=lambda k: k.module)


def _named_like_its_group(module: str, group: Iterable[str]) -> bool:
    """Whether a module of the group in another package has the module's name
    (`templatetags/patch` grouped with `views/patch`): the tags of that domain's slice. A
    platform name (`templatetags/locale` beside `views/locale`) names no slice."""
    last = module.rsplit(".", 1)[-1]
    name = singular(last)
    if {last, name} & (KERNEL_NAMES | I18N_PACKAGES):
        return False
    return any(other != module and _parent(other) != _parent(module)
               and singular(other.rsplit(".", 1)[-1]) == name for other in group)


def kernel_package_strays(isolated: Iterable[str], kernel: Iterable[str],
                          placed: Iterable[str], packages: set[str], owners: set[str],
                          served: AbstractSet[str], fixed: set[str]) -> list[KernelModule]:
    """The isolated modules that join the kernel (see the module docstring). `placed`: the
    modules grouped into seams; `packages`: the package `__init__` modules; `owners`: the
    modules that map or write tables; `served`: the modules serving routes; `fixed`:
    modules a lever names (pinned, kept together), never moved. Deepest packages first, so
    a package whose submodules joined counts them."""
    members = set(kernel)
    alone = sorted(set(isolated) - owners - served - fixed)
    found: list[KernelModule] = []
    for module in alone:
        if module not in packages and "." in _parent(module) and _parent(module) in members \
                and tuple(_parent(module).split(".")[-2:]) != COMMAND_PACKAGE:
            found.append(KernelModule(module, "loaded by convention from the platform "
                                              f"package {_parent(module)} (nothing imports "
                                              "it), with no tables of its own"))
    members.update(k.module for k in found)
    where: dict[str, Counter[str]] = {}
    for module in members | set(placed) | set(alone):
        if "." in module:
            where.setdefault(_parent(module), Counter())[
                "kernel" if module in members else "other"] += 1
    for module in sorted((m for m in alone if m in packages),
                         key=lambda m: (-m.count("."), m)):
        votes = where.get(module, Counter())
        if votes["kernel"] * 2 > sum(votes.values()):
            count = sum(votes.values())
            held = "which is" if count == 1 else "most of them"
            found.append(KernelModule(module, f"the package of {plural(count, 'module')}, "
                                              f"{held} in the kernel, coupled to nothing"))
            if "." in module:
                parent = where.setdefault(_parent(module), Counter())
                parent["other"] -= 1
                parent["kernel"] += 1
    return found
