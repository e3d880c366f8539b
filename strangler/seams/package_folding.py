"""Package `__init__` modules no coupling placed: each joins the seam of most of its submodules."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from strangler.seams.propose import Partition


def fold_packages(partition: Partition, candidates: list[str]) -> Partition:
    """An uncoupled package `__init__` joins the seam holding most of its submodules. The
    deepest packages go first, so one whose only child is an uncoupled package of its own
    (`app/management/` holding `commands/`) follows that child once it has joined."""
    from collections import Counter

    labels = partition.labels()
    groups = {name: set(members) for name, members in partition.groups}
    children_of: dict[str, list[str]] = {}
    for module, seam in labels.items():
        if "." in module:
            children_of.setdefault(module.rsplit(".", 1)[0], []).append(seam)
    for package in sorted(candidates, key=lambda m: (-m.count("."), m)):
        children = children_of.get(package, [])
        if children:
            target, votes = Counter(children).most_common(1)[0]
            if votes * 2 > len(children):
                groups[target].add(package)
                if "." in package:
                    children_of.setdefault(package.rsplit(".", 1)[0], []).append(target)
    ordered = tuple(sorted((n, tuple(sorted(m))) for n, m in groups.items()))
    return replace(partition, groups=ordered)
