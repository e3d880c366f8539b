"""A subsystem's loader goes with the drivers it loads.

A subsystem that picks its storage driver at run time (stevedore, `importlib.metadata`
entry points named in setup.cfg or pyproject) has a manager module that loads the
driver modules of its own package (`identity/core.py` loading `identity/backends/sql.py`
and `identity/backends/ldap/`). The link is an entry point, a weak edge, while the
managers call each other through the application's service registry many times: the
clustering groups the managers together and leaves each one's drivers, which hold its
tables, in another seam. Data first: the manager joins the group holding most of its
drivers' code."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from strangler.seams.subsystems import Groups, moved_members


def own_drivers(links: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """loader -> the modules it loads through entry points (`links`: loader, target) that
    sit below the loader's own package (`a.identity.core` -> `a.identity.backends.sql`);
    a loader at the top of the project loads no driver of its own."""
    found: dict[str, set[str]] = defaultdict(set)
    for loader, target in links:
        package = loader.rsplit(".", 1)[0]
        if "." in package and target.startswith(package + ".") \
                and target != loader:
            found[loader].add(target)
    return dict(found)


def loaders_with_drivers(groups: Groups, drivers: Mapping[str, set[str]],
                         lines: Mapping[str, int]) -> Groups:
    """Each loader in an unpinned group moves to the unpinned group holding the most lines
    of its drivers (one more than any other group); a loader already there, outside every
    group or whose drivers are in no group stays."""
    where = {name: i for i, (_, names) in enumerate(groups) for name in names}
    moves: dict[str, int] = {}
    for loader, targets in sorted(drivers.items()):
        if loader not in where or groups[where[loader]][0]:
            continue
        weight: Counter[int] = Counter()
        for target in targets:
            if target in where:
                weight[where[target]] += lines.get(target, 0) + 1
        ranked = weight.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            continue
        home = ranked[0][0]
        if home != where[loader] and not groups[home][0]:
            moves[loader] = home
    return moved_members(groups, moves)
