"""A domain's logic without tables joins the slice whose data only it uses.

In a layered application a domain may keep its data under another word than its logic:
`crud/webpush`, `models/webpush` and `views/webpush_api` store and manage push
subscriptions, `models/notifications` and `services/notifications` send the notifications
that read them. The word units keep the two apart, and the logic, called by every domain
that notifies, follows its callers' seam. Data first says otherwise: a table that one
domain's logic alone reads from outside the slice that stores it is that domain's data.
A word unit joins the group holding most of a data slice when

- the unit has no table of its own (none of its modules maps or writes one) and is written
  across two layer packages or more (a domain's logic, not a helper);
- the slice is a word unit with a table (one of its modules maps or writes it);
- outside the slice (its package facades aside: a `crud/__init__` re-exporting it), the
  slice's data modules are used by modules of this unit only, and by one module at least.

The other side (`sole_suppliers`): a table-less unit written across layers that several
domains build on, and that is itself built on one data slice only, joins that slice.

It acts once the seams are drawn, like `layer_rejoin`: pinned groups neither give nor
take, and modules the user keeps together stay."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from strangler.graph import Dependency
from strangler.seams.abbreviations import layer_package
from strangler.seams.layer_rejoin import _moved, in_layer

LOGIC_LAYERS = 2  # layer packages a table-less unit spans to be a domain's logic


def sole_clients(units: dict[str, str], dependencies: Iterable[Dependency],
                 owners: set[str]) -> dict[str, str]:
    """table-less word unit -> the data slice (word unit) whose data only it uses from
    outside (see the module docstring)."""
    members: dict[str, list[str]] = defaultdict(list)
    for module, unit in units.items():
        if unit.startswith("word:"):
            members[unit].append(module)
    data = {u for u, ms in members.items() if any(m in owners for m in ms)}
    logic = {u for u, ms in members.items() if u not in data
             and len({layer_package(m) for m in ms if in_layer(m)} - {""}) >= LOGIC_LAYERS}
    users: dict[str, set[str]] = defaultdict(set)  # data slice -> units using its data
    for dependency in dependencies:
        source, target = dependency.source, dependency.target
        slice_ = units.get(target, "")
        if slice_ not in data or target not in owners or units.get(source) == slice_ \
                or target.startswith(source + "."):
            continue  # (inside the slice, or a package facade re-exporting it)
        users[slice_].add(units.get(source) or source)
    found: dict[str, set[str]] = defaultdict(set)
    for slice_, clients in sorted(users.items()):
        if len(clients) == 1 and (client := next(iter(clients))) in logic:
            found[client].add(slice_)
    # (the sole client of two slices' data names no one home)
    return {client: min(slices) for client, slices in found.items() if len(slices) == 1}


SHARED_USERS = 2  # groups whose modules use a table-less unit built on one slice


def sole_suppliers(units: dict[str, str], dependencies: Iterable[Dependency],
                   owners: set[str], label: dict[str, int]) -> dict[str, str]:
    """table-less word unit -> the data slice (word unit) that is all it is built on.

    The other side of `sole_clients`: a unit without tables of its own whose every use of
    code in a seam (kernel and unassigned code aside: `label` holds the grouped modules)
    goes to the modules of one data slice, whose modules are used from SHARED_USERS groups
    or more, and that is written across layers (in a layer package and outside, or in two
    layer packages), is a service of that slice's data that several domains build on (the
    temporary-cache API and commands that the dashboards' filter state and the explore
    form data subclass, written on the key-value store's codec). None of its users can
    claim it, and the clustering hands it to the one that holds it hardest; its data
    names the home."""
    members: dict[str, list[str]] = defaultdict(list)
    for module, unit in units.items():
        if unit.startswith("word:"):
            members[unit].append(module)
    data = {u for u, ms in members.items() if any(m in owners for m in ms)}
    supplies: dict[str, set[str]] = defaultdict(set)  # unit -> units of the code it uses
    users: dict[str, set[int]] = defaultdict(set)  # unit -> groups of its users
    for dependency in dependencies:
        source, target = dependency.source, dependency.target
        unit, used = units.get(source, ""), units.get(target, "")
        if unit == used or source not in label or target not in label \
                or target.startswith(source + ".") or source.startswith(target + "."):
            continue  # (inside a unit, outside the seams, or a package facade)
        if unit.startswith("word:") and unit not in data:
            supplies[unit].add(used)
        if used.startswith("word:") and used not in data:
            users[used].add(label[source])
    # (written in a layer package and beside it, or in two layer packages: a slice of a
    # service across its layers, not a helper module)
    layered = {u for u, ms in members.items()
               if len({layer_package(m) if in_layer(m) else "" for m in ms}) >= LOGIC_LAYERS}
    return {unit: next(iter(used)) for unit, used in sorted(supplies.items())
            if unit in layered and len(used) == 1 and next(iter(used)) in data
            and len(users[unit]) >= SHARED_USERS}


def client_homes(groups: tuple[tuple[str, tuple[str, ...]], ...], units: dict[str, str],
                 dependencies: Iterable[Dependency], owners: set[str],
                 kept: Iterable[str] = ()) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The groups with each table-less domain unit (`sole_clients`, `sole_suppliers`)
    moved to the group holding most of the data slice only it uses, or that is all it is
    built on (ties: no move)."""
    dependencies = list(dependencies)
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    pairs = {**sole_suppliers(units, dependencies, owners, label),
             **sole_clients(units, dependencies, owners)}
    if not pairs:
        return groups
    pinned = {i for i, (pin, _) in enumerate(groups) if pin}
    held = set(kept)
    moves: dict[str, int] = {}
    for client, slice_ in sorted(pairs.items()):
        count = Counter(label[m] for m, u in units.items() if u == slice_ and m in label)
        ranked = sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]) \
                or ranked[0][0] in pinned:
            continue
        home = ranked[0][0]
        for module, unit in units.items():
            if unit == client and module in label and label[module] != home \
                    and label[module] not in pinned and module not in held:
                moves[module] = home
    return _moved(groups, label, moves)
