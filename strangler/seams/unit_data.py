"""A module that writes its own unit's table stays with that table's slice.

`propose.cohesive_units` lets a module leave its domain unit when another unit pulls it
harder: a `views/users` module whose code is all about groups is the groups' view. A
service that writes its own domain's table is another case. `services/tasks_service`
writes the `task` table that `models/task` (its word unit) maps; it also reads entities,
projects, persons and comments, and those reads outweigh the few calls into its own
models, so the clustering put it beside the entities, with the routes that call it. Data
first: the code that writes a table's rows belongs to the service owning the table. A
module whose word unit maps a table the module writes joins the group holding the
unit's mapping modules (most of them), wherever the pull put it, when that group holds
two of the unit's modules or more (the unit's slice: a lone `model/user` in a group of
every domain's models is none); a module of the unit that uses or is used by a member so
placed follows (the routes that call the service). A unit here is a family: the unit
with the compounds and views whose chain of heads ends at it (`schedule_service` writes
`schedule_item`, a compound of `schedule`; `playlist_sharing_service` writes
`playlist_share_link`, both compounds of `playlist`), and the home group must hold more
than half of the family's mapping modules (with `models/playlist` and
`models/playlist_share_link` in two groups, a tie, the writers stay where they are)."""

from __future__ import annotations

from collections import Counter, defaultdict

from strangler.model import ProjectIndex
from strangler.seams.propose import Grouping


def unit_writers(grouping: Grouping, index: ProjectIndex, units: dict[str, str],
                 owned: dict[str, set[str]], fixed: set[str],
                 neighbours: dict[str, set[str]] | None = None,
                 heads: dict[str, str] | None = None) -> Grouping:
    """`grouping` with each writer of its own unit's table in that unit's group (see the
    module docstring). `units`: each module's domain unit (`words.domain_units`); `owned`:
    each module's tables, mapped or written (`kernel.owned_tables`); `fixed`: modules a
    lever placed; `neighbours`: each module's code neighbours, for the modules of the unit
    that follow a member placed with its slice (the routes calling the service), again
    until none moves; `heads`: each compound's or view's head unit (`compounds`,
    `table_views`), a unit's family being one unit here. Pinned groups keep their members
    and take none."""
    maps: dict[str, set[str]] = {}
    for table in index.tables:
        for model in table.models:
            maps.setdefault(model.module, set()).add(table.name)
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(grouping.groups) if pin}
    if heads:
        # (a unit's family: the compounds and views whose chain of heads ends at it)
        units = {m: _root(u, heads) if u.startswith("word:") else u for m, u in units.items()}
    members: dict[str, list[str]] = defaultdict(list)
    for module in sorted(label):
        if (unit := units.get(module)) is not None and unit.startswith("word:"):
            members[unit].append(module)
    homes = {unit: home for unit in members if (home := _slice_home(members[unit], maps,
                                                                    label)) is not None}
    moves: dict[str, int] = {}
    for module, tables in sorted(owned.items()):
        unit = units.get(module)
        if (module not in label or module in maps or module in fixed or unit not in homes
                or label[module] in pinned or homes[unit] in pinned
                or homes[unit] == label[module]):
            continue
        if tables & set().union(*(maps.get(m, set()) for m in members[unit])):
            moves[module] = homes[unit]
    if neighbours is not None:
        # (the unit's other modules tied to a moved or placed member follow it: the
        # routes that call the service)
        placed = {m: moves.get(m, label[m]) for m in label}
        changed = True
        while changed:
            changed = False
            for module in sorted(label):
                unit = units.get(module)
                if (module in moves or module in maps or module in fixed or unit not in homes
                        or label[module] in pinned or homes[unit] in pinned
                        or homes[unit] == label[module]):
                    continue
                if any(units.get(m) == unit and placed.get(m) == homes[unit]
                       for m in neighbours.get(module, ())):
                    moves[module] = placed[module] = homes[unit]
                    changed = True
    if not moves:
        return grouping
    return grouping.moved(moves)


def _root(unit: str, heads: dict[str, str]) -> str:
    """The last unit along `unit`'s chain of heads (itself when it has none)."""
    seen = {unit}
    while unit in heads and heads[unit] not in seen:
        unit = heads[unit]
        seen.add(unit)
    return unit


def _slice_home(members: list[str], maps: dict[str, set[str]], label: dict[str, int]
                ) -> int | None:
    """The group holding a unit's slice: the one holding more than half of the unit's
    modules that map a table, when it holds two of the unit's modules or more (a lone
    model in a package of every domain's models is no slice); else None."""
    held = Counter(label[m] for m in members if maps.get(m))
    if not held:
        return None
    home = min(held, key=lambda i: (-held[i], i))
    if held[home] * 2 <= held.total():  # (no group holds most of them: no one home)
        return None
    return home if sum(1 for m in members if label[m] == home) >= 2 else None
