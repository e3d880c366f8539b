"""Re-export modules follow what they re-export.

A platform that third-party plugins build on often publishes a plugin API: a package of
thin modules (`plugin/models.py`, `plugin/viewsets.py`, `plugin/exceptions.py`) whose whole
body is `from app.models import Artifact, Content, Repository, ...`. The same shape is a
compatibility shim left where a module used to be. Such a module has no code of its own:
it uses none of the names it imports, it only hands them on. The clustering places it by
its imports alone, so a shim over every domain's models lands in whichever seam pulled
hardest (pulpcore: a `plugin` seam of 22 modules, half of them such shims).

Rule, after every other placement: a module in a seam that imports names from the project
(`from x import name`, or `*`), uses none of the names it imports (no symbol use at all),
is hardly more than those imports (LINES_PER_NAME code lines per name, LINES_SLACK more),
maps, reads and writes no table, serves no route and is not a package over its own
submodules (half of its names from them or more: their facade, other rules judge it) goes
where most of the names it hands on live: to the kernel when the kernel holds more than
half of them (a plugin API over the platform's bases is the platform's), to a seam when
that seam holds more than half (a shim over one domain's module is that domain's); else
it stays. A lever's module never moves."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.index_facts import data_facts, served_modules
from strangler.seams.propose import Grouping

KERNEL = ""  # the kernel's place among the seams' indices
# A re-export module is about its imports: at most this many code lines per name it
# imports, plus a docstring's worth (a class of its own over one imported base is not one).
LINES_PER_NAME = 3
LINES_SLACK = 5


def reexport_homes(grouping: Grouping, kernel: Collection[str], index: ProjectIndex,
                   graph: CouplingGraph, fixed: Collection[str]
                   ) -> tuple[Grouping, list[KernelModule]]:
    """The grouping with each re-export module (see the module's docstring) moved to the
    seam it re-exports, and the ones that re-export the kernel, as kernel modules."""
    place: dict[str, int | str] = {m: KERNEL for m in kernel}
    for at, (_, members) in enumerate(grouping.groups):
        for member in members:
            place[member] = at
    pinned = {m for pin, members in grouping.groups if pin for m in members}
    users = {use.source for use in index.uses}
    facts = data_facts(index, graph)
    blocked = facts.data | served_modules(index).serving | set(fixed) | pinned | users
    names: dict[str, Counter[int | str]] = defaultdict(Counter)
    own: Counter[str] = Counter()  # names a package takes from its own submodules
    for link in index.imports:
        source, target = link.source, link.target
        if (source in blocked or link.type_only or link.lazy or link.implicit
                or not (link.name or link.star) or target == source):
            continue
        if target.startswith(source + "."):
            own[source] += 1
        elif source in place and place[source] != KERNEL and target in place:
            names[source][place[target]] += 1
    moves: dict[str, int] = {}
    taken: list[KernelModule] = []
    loc = {m.name: m.loc for m in index.modules}
    for module in sorted(names):
        votes = names[module]
        if loc[module] > LINES_PER_NAME * (sum(votes.values()) + own[module]) + LINES_SLACK:
            continue  # (code of its own, whose uses the facts may not show)
        if own[module] * 2 >= sum(votes.values()) + own[module]:
            continue  # (the facade of its own submodules)
        home, count = min(votes.items(), key=lambda item: (-item[1], str(item[0])))
        if count * 2 <= sum(votes.values()) or home == place[module]:
            continue
        if home == KERNEL:
            taken.append(KernelModule(module, "re-exports the shared kernel's names and uses "
                                              "none of them (a public API or a shim)"))
        else:
            moves[module] = int(home)
    grouping = grouping.moved(moves) if moves else grouping
    return grouping.without({k.module for k in taken}), taken
