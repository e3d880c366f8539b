"""The plumbing of an interface layer that mirrors the domains.

A package whose child packages are the domains' slices of one interface (`graphql/product`,
`graphql/order` beside the `product/` and `order/` apps: `words._mirrors`) has code of its own
besides those slices: its endpoint, request context, middleware, error formatting and
query-cost limits (modules directly in the package), and its own framework in child
packages named like platform code (`graphql/core`, `graphql/utils`). Every domain's slice
stands on them; no domain owns them. Their breadth does not show it: the endpoint is used
by the URLconf alone, the context by the framework alone, so the clustering glued them to
whichever domain pulled hardest. A module of that plumbing that maps and writes no table is
kernel. Applied after the clustering, like the other platform passes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from strangler.model import KernelModule
from strangler.seams.propose import Grouping, take_kernel
from strangler.seams.words import children_of

MIRROR_MIN = 3  # child packages in other domains' units that make a package a mirror
# Child packages of a mirror that hold its framework, not a domain's slice.
FRAMEWORK_KIDS = frozenset({"core", "common", "shared", "base", "utils", "util", "helpers",
                            "lib"})


def mirror_layers(units: dict[str, str], packages: set[str]) -> set[str]:
    """Packages whose child packages are, for MIRROR_MIN or more and half of them or more,
    wholly in the domain units of packages outside it (`units`: each module's domain unit,
    `words.domain_units`), while the package itself is its own unit."""
    kids = children_of(packages)
    inside: dict[str, set[str]] = defaultdict(set)  # child package -> units of its modules
    for module, unit in units.items():
        parts = module.split(".")
        for end in range(2, len(parts) + 1):
            inside[".".join(parts[:end])].add(unit)
    found: set[str] = set()
    for package, children in kids.items():
        own = units.get(package)
        if own is None or own != package:
            continue
        mirrored = [c for c in children if len(inside[c]) == 1 and (u := next(iter(
            inside[c]))) != own and not u.startswith(package + ".") and not u.startswith("word:")]
        if len(mirrored) >= MIRROR_MIN and len(mirrored) * 2 >= len(children):
            found.add(package)
    return found


def plumbing(module: str, mirrors: set[str], packages: set[str]) -> str | None:
    """The mirror package whose plumbing `module` is: the package itself, a module directly
    in it, or a module of one of its FRAMEWORK_KIDS child packages; else None."""
    for mirror in sorted(mirrors):
        if module == mirror:
            return mirror
        if module.startswith(mirror + "."):
            kid = module[len(mirror) + 1:].split(".", 1)[0]
            if kid in FRAMEWORK_KIDS or (kid == module[len(mirror) + 1:]
                                         and module not in packages):
                return mirror
    return None


def plumbing_kernel(grouping: Grouping, isolated: Iterable[str], units: dict[str, str],
                    packages: set[str], owners: set[str], fixed: Iterable[str]
                    ) -> tuple[Grouping, list[str], list[KernelModule]]:
    """The plumbing modules (`plumbing`) of the mirror layers, grouped or isolated, that own
    no data (`owners`) and that no lever placed (`fixed`, pinned groups), taken out as
    kernel. Returns the grouping, the isolated modules left and the kernel modules."""
    mirrors = mirror_layers(units, packages)
    if not mirrors:
        return grouping, list(isolated), []
    return take_kernel(grouping, isolated, owners, fixed,
                       lambda module: plumbing(module, mirrors, packages), lambda layer: (
                           f"the plumbing of {layer}, an interface layer whose packages are "
                           "the domains' slices: no domain's code"))
