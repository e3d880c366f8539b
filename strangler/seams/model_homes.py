"""A model module whose tables only another seam works on joins that seam.

Issue 10: "a model that owns tables belongs to the seam that owns those tables", and data
first, the seam that owns a table is the one whose code reads and writes it. In a
one-model-per-module layout (ckan's `model/resource`, `model/task_status`) the clustering
sometimes leaves a model module in a group of views that never touch its table (the
dataset pages, which reach the data through the action API by name), while the
dictization, search and action modules that read and write `resource` sit in the catalog's
seam: the views' seam then looks like it owns the table, and the catalog's model layer is
cut in two.

Rule: a module that maps tables (no settings store: `settings_slices`), serves no route and
sits in an unpinned seam, whose tables no other module of its own seam reads or writes
(`graph.table_access`) and whose code no module of its own seam uses at run time (a
`models/notes` holding the accessor class its router calls is that router's), and whose
tables' other accessors in seams are two modules or more, SHARE of them in one other seam,
joins that seam. A model whose own seam uses its table
stays (the common case: a slice with its model); so does one whose table several seams
work on alike. Applied at the end of `_placed`, before the levers."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

from strangler.graph import TableLink
from strangler.seams.propose import Grouping

SHARE = 2 / 3  # of the table's accessors in seams that one other seam must hold


def model_homes(grouping: Grouping, access: Iterable[TableLink],
                maps: Mapping[str, AbstractSet[str]], settings: AbstractSet[str],
                served: AbstractSet[str], fixed: AbstractSet[str],
                users: Mapping[str, AbstractSet[str]] | None = None) -> Grouping:
    """`grouping` with each such model module (see the module's docstring) in the seam
    that works on its tables. `access`: the module-table links; `maps`: each mapping module
    -> the tables it maps (`index_facts.DataFacts.maps`); `settings`: the settings stores;
    `served`: modules declaring or handling routes; `fixed`: modules a lever placed; `users`:
    each module's run-time users (`index_facts.runtime_users`)."""
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(grouping.groups) if pin}
    accessors: dict[str, set[str]] = defaultdict(set)
    for link in access:
        accessors[link.table].add(link.module)
    importers = users or {}
    moves: dict[str, int] = {}
    for module in sorted(maps):
        home = label.get(module)
        if (home is None or home in pinned or module in fixed or module in served
                or maps[module] & settings):
            continue
        places: Counter[int] = Counter()
        for table in maps[module]:
            for user in accessors[table] - {module}:
                if user in label:
                    places[label[user]] += 1
        if not places or places[home] or any(label.get(u) == home
                                              for u in importers.get(module, ())):
            continue
        target, count = min(places.items(), key=lambda kv: (-kv[1], kv[0]))
        if target not in pinned and count >= 2 and count >= SHARE * places.total():
            moves[module] = target
    return grouping.moved(moves) if moves else grouping
