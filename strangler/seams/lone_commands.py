"""A group made only of Django management commands is no service: it joins its app.

`manage.py <command>` runs a command with its app loaded; a command whose only tie is the
base command class of another app (`class Command(BaseUpdateCommand)`) is still its own
app's tool. A group holding nothing but commands (and their `management` packages) of one
domain unit joins the group holding most of that unit's other modules, or, when the unit
has none grouped, the group of the module the commands are tied to most (their base).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from strangler.seams.propose import Grouping


def is_management_command(module: str) -> bool:
    """`app.management`, `app.management.commands` or a module below them."""
    parts = module.split(".")
    return "management" in parts[1:] and (
        parts[-1] == "management" or parts[parts.index("management", 1) + 1:][:1]
        == ["commands"])


def lone_commands(grouping: Grouping, graph: Any, units: dict[str, str],
                  fixed: Iterable[str] = ()) -> Grouping:
    """Groups of management commands only (see the module's text) join their app's group
    or their base's. Pinned groups neither give nor take; modules the user keeps with
    others (`fixed`) stay."""
    fixed = set(fixed)
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    moves: dict[int, int] = {}
    for i, (pin, members) in enumerate(grouping.groups):
        if pin or fixed & set(members) or not all(map(is_management_command, members)):
            continue
        own = {units.get(m, m) for m in members}
        if len(own) != 1:
            continue
        unit = own.pop()
        homes = Counter(label[m] for m, u in units.items()
                        if u == unit and m in label and label[m] != i
                        and not grouping.groups[label[m]][0])
        if homes:
            moves[i] = min(homes, key=lambda g: (-homes[g], g))
            continue
        pull: dict[int, float] = defaultdict(float)
        for m in members:
            for other, data in graph[m].items() if m in graph else ():
                j = label.get(other)
                if j is not None and j != i and not grouping.groups[j][0]:
                    pull[j] += data.get("weight", 1.0)
        if pull:
            moves[i] = min(pull, key=lambda g: (-pull[g], g))
    if not moves:
        return grouping
    groups = [list(members) for _, members in grouping.groups]
    for source, target in moves.items():
        seen = {source}
        while target in moves and target not in seen:  # (a command group joining another
            seen.add(target)                              # one follows it)
            target = moves[target]
        if target != source:
            groups[target].extend(groups[source])
            groups[source] = []
    return Grouping.ordered(((pin, g) for (pin, _), g in zip(grouping.groups, groups,
                                                             strict=True) if g),
                            grouping.choice)
