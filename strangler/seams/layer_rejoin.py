"""Layer modules rejoin the seam of their domain word.

In a layered application a domain's modules carry its word in every layer
(`charts/`, `commands/chart/`, `daos/chart`, `tasks/thumbnails` beside `thumbnails/`):
`words.domain_units` makes them one unit. The clustering keeps a unit's member with it
only while no other unit pulls it harder (`propose.cohesive_units`), so a job or a model
module that serves another domain as well (a cache-warming task that reads dashboards, the
user model every action uses) lands in that other domain's seam, and the slice is cut
across its layers. The team's own naming is the better witness for a layer module: once
the seams are drawn, a layer module whose domain unit sits in another seam, and holds
more of its members there than beside the module, moves to that seam. Only modules of a
layer package move (a domain package's own modules are the unit's anchor, they decide);
pinned groups and modules kept together by the user stay where they are."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from strangler.seams.words import TRUE_LAYERS

# Packages that are a layer of every domain: the interface and data layers, and the
# background jobs (`tasks/cache`, `jobs/export`).
REJOIN_LAYERS = TRUE_LAYERS | frozenset({"tasks", "jobs"})


def in_layer(module: str) -> bool:
    """Whether one of the packages above `module` is a layer package (`commands/chart/
    create`, `tasks/cache`); the module's own name does not count."""
    return any(part in REJOIN_LAYERS for part in module.split(".")[:-1])


def rejoin_layers(groups: tuple[tuple[str, tuple[str, ...]], ...], units: dict[str, str],
                  kept: Iterable[str] = ()) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The groups with each layer module (`in_layer`) of a word unit (`word:chart`) moved
    to the group holding most of that unit's modules, when that group holds strictly more
    of them than the module's own group and is the only one that does. `kept`: modules
    the user keeps together (never moved); pinned groups neither give nor take."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(groups) if pin}
    members_of: dict[str, list[str]] = defaultdict(list)
    for module, unit in units.items():
        if unit.startswith("word:") and module in label:
            members_of[unit].append(module)
    held = set(kept)
    moves: dict[str, int] = {}
    for unit, members in sorted(members_of.items()):
        count = Counter(label[m] for m in members)
        if len(count) < 2:
            continue
        ranked = sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))
        home, most = ranked[0]
        if ranked[1][1] == most or home in pinned:
            continue
        for module in members:
            source = label[module]
            if source != home and source not in pinned and count[source] < most \
                    and module not in held and in_layer(module):
                moves[module] = home
    if not moves:
        return groups
    sets = [set(members) for _, members in groups]
    for module, target in sorted(moves.items()):
        sets[label[module]].discard(module)
        sets[target].add(module)
    return tuple((pin, tuple(sorted(members))) for (pin, _), members in zip(groups, sets,
                                                                             strict=True)
                 if members)
