"""A number of services the user asked for holds to the end (issue 10, item 8).

`choose_groups` clusters into the `--services N` (or `services = N`) groups asked for, but
the steps after it take groups into the kernel, rejoin apps or attach followers, so the
proposal could end with fewer or more seams than asked while the report said "as asked".
`hold_count` is the last step: while there are too many groups, the smallest unpinned one
joins the group it is coupled to most; while there are too few, the biggest unpinned group
that holds two parts of `min_size` modules or more is split in two along its own coupling
(Louvain on the group's part of the signal graph, its communities joined down to two).
Pinned groups are the user's and are never merged away or split."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from strangler.seams.louvain import louvain_communities
from strangler.seams.propose import Choice, Grouping
from strangler.seams.signals import is_table_node

# A group one Louvain run keeps whole is tried at finer resolutions before it counts as
# one piece.
SPLIT_RESOLUTIONS = (1.0, 2.0, 4.0, 8.0)


def hold_count(grouping: Grouping, count: int, signals: nx.Graph, min_size: int,
               seed: int) -> Grouping:
    """`grouping` with `count` groups where the coupling allows it; its `choice` says
    whether the number asked for was met. `signals`: the weighted signal graph (modules
    and tables) the clustering used; `min_size`: the smallest group worth a service."""
    if len(grouping.groups) == count:
        return grouping
    groups = [(pin, set(members)) for pin, members in grouping.groups]
    before = len(groups)
    while len(groups) > count and _merge_smallest(groups, signals):
        pass
    while len(groups) < count and _split_biggest(groups, signals, min_size, seed):
        pass
    if len(groups) == count:
        how = "joined" if before > count else "split"
        choice = Choice(count, f" as asked (--services {count}); the kernel, library and "
                               f"slice steps left {before}, {how} back to {count} along "
                               "their coupling")
        if grouping.choice.groups != count:  # the clustering itself could not reach it
            choice = Choice(None, f"{count} groups as asked (--services {count}): the "
                                  f"clustering and the steps after it left {before}, {how} "
                                  f"to {count} along their coupling")
    else:
        choice = Choice(None, f"not the {count} asked for: the coupling and the pins leave "
                              f"{len(groups)} groups of {min_size} modules or more (lower "
                              "min_size, or ask for another number)")
    return Grouping.ordered(groups, choice)


def _pull(signals: nx.Graph, members: set[str], label: dict[str, int]) -> dict[int, float]:
    """The weight of the edges from `members` to each other group, and at half weight
    through each node outside the groups (a shared table, a kernel or unassigned module)
    to every group touching it."""
    pull: dict[int, float] = defaultdict(float)
    for module in sorted(members):
        if module not in signals:
            continue
        for neighbour, data in signals[module].items():
            weight = data.get("weight", 1.0)
            if neighbour in label:
                pull[label[neighbour]] += weight
            elif neighbour not in members:
                # (a node outside the groups, a table or a kernel or unassigned module:
                # every other group touching it pulls at half weight; keeping tables only
                # cost Redash 0.60 -> 0.29 at --services 8)
                for other in sorted({label[m] for m in signals[neighbour] if m in label}):
                    pull[other] += weight / 2
    return pull


def _merge_smallest(groups: list[tuple[str, set[str]]], signals: nx.Graph) -> bool:
    """Join the smallest unpinned group to the group pulling it hardest (else the next
    smallest); False when every group is pinned."""
    free = [i for i, (pin, _) in enumerate(groups) if not pin]
    if not free:
        return False
    smallest = min(free, key=lambda i: (len(groups[i][1]), min(groups[i][1])))
    members = groups[smallest][1]
    label = {m: i for i, (_, g) in enumerate(groups) if i != smallest for m in g}
    pull = _pull(signals, members, label)
    if pull:
        target = max(sorted(pull), key=lambda i: pull[i])
    else:
        target = min((i for i in range(len(groups)) if i != smallest),
                     key=lambda i: (len(groups[i][1]), min(groups[i][1])))
    groups[target][1].update(members)
    del groups[smallest]
    return True


def _split_biggest(groups: list[tuple[str, set[str]]], signals: nx.Graph, min_size: int,
                   seed: int) -> bool:
    """Split the biggest unpinned group that has two parts of `min_size` modules or more;
    False when none has."""
    order = sorted((i for i, (pin, g) in enumerate(groups) if not pin),
                   key=lambda i: (-len(groups[i][1]), min(groups[i][1])))
    for i in order:
        members = groups[i][1]
        if len(members) < 2 * max(1, min_size):
            return False
        halves = _two_parts(members, signals, max(1, min_size), seed)
        if halves is not None:
            groups[i] = ("", halves[0])
            groups.append(("", halves[1]))
            return True
    return False


def _two_parts(members: set[str], signals: nx.Graph, min_size: int, seed: int
               ) -> tuple[set[str], set[str]] | None:
    """`members` in two parts along their coupling: Louvain communities of their part of
    the signal graph, the smallest joined to the one pulling it hardest until two are left
    (None when the coupling does not split them into two parts of `min_size` or more)."""
    tables = sorted({t for m in members if m in signals for t in signals[m]
                     if t not in members and is_table_node(t)})
    nodes = sorted(members) + tables
    edges = sorted((a, b, float(w))
                   for a, b, w in signals.subgraph(nodes).edges(data="weight", default=1.0))
    parts: list[set[str]] = []
    for resolution in SPLIT_RESOLUTIONS:
        found = [c & members for c in louvain_communities(nodes, edges, resolution, seed)]
        parts = sorted((c for c in found if c), key=lambda c: (-len(c), min(c)))
        if len(parts) >= 2:
            break
    else:
        return None
    while len(parts) > 2:
        smallest = parts.pop()
        label = {m: j for j, part in enumerate(parts) for m in part}
        pull = _pull(signals, smallest, label)
        target = max(sorted(pull), key=lambda j: pull[j]) if pull else len(parts) - 1
        parts[target] |= smallest
        parts.sort(key=lambda c: (-len(c), min(c)))
    if min(len(p) for p in parts) < min_size:
        return None
    return parts[0], parts[1]
