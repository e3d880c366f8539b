"""Package `__init__` modules no coupling placed: each joins the seam of most of its submodules,
or, where they sit spread over the kernel and several seams, the kernel as their namespace."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import TYPE_CHECKING

from strangler.model import KernelModule

if TYPE_CHECKING:
    from strangler.seams.propose import Partition


def fold_packages(partition: Partition, candidates: list[str]) -> Partition:
    """An uncoupled package `__init__` joins the seam holding most of its submodules. The
    deepest packages go first, so one whose only child is an uncoupled package of its own
    (`app/management/` holding `commands/`) follows that child once it has joined."""
    return fold_and_spaces(partition, candidates, frozenset(), ())[0]


def fold_and_spaces(partition: Partition, candidates: list[str], kernel: AbstractSet[str],
                    names: Iterable[str]) -> tuple[Partition, list[KernelModule]]:
    """`fold_packages`, and the namespace test of `seams.namespaces` once more for the
    packages it reaches: an uncoupled package whose direct submodules, its own uncoupled
    child packages folded first, sit in the kernel (`kernel`) and seams, in
    `namespaces.MIN_PLACES` places or more with no seam holding more than half of them, is
    the namespace those seams share: kernel (`flaskbb/core/`: `auth/` and `user/` each
    folded into its seam, `tokens` in `auth`'s, `exceptions` kernel). `namespace_kernel`
    ran before the fold, when the child packages were still unplaced. A package holding
    an `apps` module (`names`: every module) is one Django app, never a namespace.
    Returns the partition and the namespace packages, as kernel modules."""
    from collections import Counter

    from strangler.seams.namespaces import APP_CONFIG, MIN_PLACES

    known = set(names)
    labels = partition.labels()
    groups = {name: set(members) for name, members in partition.groups}
    children_of: dict[str, list[str]] = {}
    for module, seam in [*labels.items(), *((m, "") for m in sorted(kernel))]:
        if "." in module:
            children_of.setdefault(module.rsplit(".", 1)[0], []).append(seam)
    spaces: list[KernelModule] = []
    for package in sorted(candidates, key=lambda m: (-m.count("."), m)):
        placed = children_of.get(package, [])
        children = [c for c in placed if c]
        seams = Counter(children)
        if (kernel and len(set(placed)) >= MIN_PLACES and "" in placed
                and all(n * 2 <= len(placed) for n in seams.values())
                and f"{package}.{APP_CONFIG}" not in known):
            spaces.append(KernelModule(
                package, f"the namespace of a package whose {len(placed)} modules sit in "
                         f"{len(seams)} seams and the kernel, coupled to nothing itself"))
            if "." in package:
                children_of.setdefault(package.rsplit(".", 1)[0], []).append("")
            continue
        if children:
            target, votes = seams.most_common(1)[0]
            if votes * 2 > len(children):
                groups[target].add(package)
                if "." in package:
                    children_of.setdefault(package.rsplit(".", 1)[0], []).append(target)
    ordered = tuple(sorted((n, tuple(sorted(m))) for n, m in groups.items()))
    return replace(partition, groups=ordered), spaces
