"""Namespace packages of a layer: an uncoupled package `__init__` over many seams.

A layer package's `__init__` is often empty (`schemas/__init__.py`, `core/views/__init__.py`):
nothing imports it by name and it imports nothing, so it is coupled to no module and the
clustering leaves it out. The proposal folds such a package into the seam that holds most
of its submodules (`package_folding.fold_packages`): it is that seam's package. Where no seam does,
because the package is a layer holding one module per domain (or its modules are the
platform's), the package is the namespace every domain shares: the kernel's, not an
unassigned module of its own.

The rule: an uncoupled package `__init__` whose placed direct submodules (in a group or the
kernel) sit in MIN_PLACES different places or more (groups, the kernel), no group holding
more than half of them. Two places are two domains' package, not a layer (superset's
`advanced_data_type/`, half in its own seam and half with the engine specs). A package
holding an `apps` module (a Django app: its AppConfig, pretix's bundled plugins) is one
app, a domain's package however the clustering split it: never a namespace."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from strangler.model import KernelModule

MIN_PLACES = 3  # groups (and the kernel) a namespace package's submodules sit in, at least
APP_CONFIG = "apps"  # the module of a Django app's AppConfig: its package is one app


def namespace_kernel(isolated: Iterable[str], groups: Iterable[Iterable[str]],
                     kernel: set[str], packages: set[str]) -> list[KernelModule]:
    """The namespace packages among `isolated` (see the module's docstring), as kernel
    modules. `groups`: the members of each group; `packages`: the package `__init__`s."""
    place: dict[str, str] = {m: "<kernel>" for m in kernel}
    for i, members in enumerate(groups):
        for module in members:
            place[module] = str(i)
    children: dict[str, list[str]] = {}
    for module, where in place.items():
        if "." in module:
            children.setdefault(module.rsplit(".", 1)[0], []).append(where)
    known = set(place) | set(isolated)
    found: list[KernelModule] = []
    for package in sorted(set(isolated) & packages):
        if f"{package}.{APP_CONFIG}" in known:
            continue
        placed = children.get(package, [])
        seams = Counter(p for p in placed if p != "<kernel>")
        if len(set(placed)) < MIN_PLACES or any(n * 2 > len(placed) for n in seams.values()):
            continue
        kernel_too = " and the kernel" if "<kernel>" in placed else ""
        found.append(KernelModule(
            package, f"the namespace of a package whose {len(placed)} modules sit in "
                     f"{len(seams)} seams{kernel_too}, coupled to nothing itself"))
    return found
