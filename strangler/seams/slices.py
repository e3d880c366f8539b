"""Groups that are a part of another group's slice, not a service of their own."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from strangler.graph import CouplingGraph
from strangler.model import ProjectIndex
from strangler.seams.index_facts import data_facts, served_modules
from strangler.seams.propose import Grouping


def library_groups(index: ProjectIndex, graph: CouplingGraph, grouping: Grouping,
                   kernel: Iterable[str], hubs: Iterable[str] = ()) -> Grouping:
    """A group that serves no route, touches no table and is used by exactly one other
    group (the kernel aside) is that group's library, not a service of its own: it joins
    its user (`utils/pandas_postprocessing` behind the chart queries). A package's
    `__init__` loading its own submodule in a hook is no user of it
    (`_hooked_submodules`). Pinned groups, and groups a pinned group would swallow, are
    left as they are. Uses by `hubs` (`seams.hubs`: a command runner calls every domain)
    make no group a library."""
    from strangler.seams.kernel import runtime_edges

    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    kernel_set = set(kernel) | set(hubs)
    served = served_modules(index).serving
    touches = data_facts(index, graph).touches
    users: dict[int, set[int]] = defaultdict(set)
    # (a package loading its own submodule in a hook, `jupyterhub/__init__` publishing the
    # server extension in `singleuser/extension`, is no user of it: `_hooked_submodules`)
    hooked = _hooked_submodules(graph)
    for source, target in runtime_edges(graph):
        a, b = label.get(source), label.get(target)
        if a is not None and b is not None and a != b and source not in kernel_set \
                and (source, target) not in hooked:
            users[b].add(a)
    into: dict[int, int] = {}
    for i, (pinned, members) in enumerate(grouping.groups):
        if pinned or len(users[i]) != 1 or any(m in served or m in touches for m in members):
            continue
        user = next(iter(users[i]))
        if not grouping.groups[user][0]:
            into[i] = user
    if not into:
        return grouping

    def final(i: int) -> int:
        path = [i]  # a library of a library joins the last; two using each other, one
        while path[-1] in into and into[path[-1]] not in path:
            path.append(into[path[-1]])
        if path[-1] in into:  # a cycle: its first group in the order holds it
            return min(path[path.index(into[path[-1]]):])
        return path[-1]

    merged: dict[int, set[str]] = defaultdict(set)
    for i, (_, members) in enumerate(grouping.groups):
        merged[final(i)].update(members)
    return Grouping.ordered(((grouping.groups[i][0], m) for i, m in merged.items()),
                            grouping.choice)


def _hooked_submodules(graph: CouplingGraph) -> set[tuple[str, str]]:
    """(package, submodule) where a package's `__init__` imports one of its own submodules
    only inside a function (a lazy import, never at the top): a hook that loads it on
    demand (an extension point, `_jupyter_server_extension_points`), no use of it as a
    library. A top-level import (a re-export, `bases/__init__` gathering the plugin kinds)
    is a use, and still makes its group the package's library."""
    found: set[tuple[str, str]] = set()
    for dependency in graph.dependencies:
        if dependency.target.startswith(dependency.source + "."):
            kinds = {kind for kind, _ in dependency.kinds}
            if "import_lazy" in kinds and "import" not in kinds:
                found.add((dependency.source, dependency.target))
    return found


def sibling_families(graph: CouplingGraph, grouping: Grouping, isolated: Iterable[str],
                     packages: set[str]) -> tuple[Grouping, list[str]]:
    """Plugins coupled to nothing but the kernel and roots (`query_runner/athena` and
    `query_runner/pg` only subclass the base in `query_runner/__init__` and register
    themselves) join the group holding most of their package's other modules (two or more,
    a majority). A plugin uses its family: it imports its package or a sibling; scripts
    that sit side by side without using each other (`tools/`, `scripts/`) stay alone.
    Pinned groups take no one, and package `__init__`s are left to follow their own
    submodules (see `package_folding.fold_packages`). Returns the grouping and the modules
    still alone."""
    from strangler.seams.kernel import runtime_edges

    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    grouped_children: dict[str, list[int]] = defaultdict(list)
    for module, i in label.items():
        if "." in module:
            grouped_children[module.rsplit(".", 1)[0]].append(i)
    candidates = {m for m in isolated if "." in m and m not in packages}
    uses_family = {source for source, target in runtime_edges(graph) if source in candidates
                   and source.rsplit(".", 1)[0] in (target, target.rsplit(".", 1)[0])}
    home = _homes(grouping, grouped_children)
    joined: dict[int, list[str]] = defaultdict(list)
    for module in sorted(uses_family):
        if (parent := module.rsplit(".", 1)[0]) in home:
            joined[home[parent]].append(module)
    if not joined:
        return grouping, sorted(isolated)
    taken = {m for members in joined.values() for m in members}
    return (Grouping.ordered(((pin, (*members, *joined.get(i, ())))
                              for i, (pin, members) in enumerate(grouping.groups)),
                             grouping.choice),
            [m for m in sorted(isolated) if m not in taken])


def unit_homes(grouping: Grouping, isolated: Iterable[str], units: dict[str, str],
               packages: set[str]) -> tuple[Grouping, list[str]]:
    """A module coupled to nothing inside a domain unit (a Django app's `apps.py` or
    `management/commands/…`, which the framework loads by convention; a blueprint's
    constants) joins the group holding most of that unit's grouped modules (two or more,
    a majority), as the unit's other modules say where its code lives. A unit with no such
    group, and pinned groups, take no one; package `__init__`s follow their own submodules
    (`package_folding.fold_packages`). Returns the grouping and the modules still alone."""
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    votes: dict[str, list[int]] = defaultdict(list)
    for module, i in label.items():
        if module in units:
            votes[units[module]].append(i)
    home = _homes(grouping, votes)
    joined: dict[int, list[str]] = defaultdict(list)
    alone: list[str] = []
    for module in sorted(isolated):
        target = home.get(units.get(module, ""))
        if target is not None and module not in packages:
            joined[target].append(module)
        else:
            alone.append(module)
    if not joined:
        return grouping, alone
    return (Grouping.ordered(((pin, (*members, *joined.get(i, ())))
                              for i, (pin, members) in enumerate(grouping.groups)),
                             grouping.choice), alone)


def _homes(grouping: Grouping, votes: dict[str, list[int]]) -> dict[str, int]:
    """Each key's home: the group holding most of its grouped modules (`votes`: one group
    number per module; two or more, a majority), unless that group is a pinned service."""
    home: dict[str, int] = {}
    for key, found in votes.items():
        best, count = min(Counter(found).items(), key=lambda item: (-item[1], item[0]))
        if count >= 2 and count * 2 > len(found) and not grouping.groups[best][0]:
            home[key] = best
    return home
