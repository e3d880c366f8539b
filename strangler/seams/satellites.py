"""A satellite table joins the slice of the code that uses it.

In a one-model-per-module layout every table is a word unit of its own: a model module and
the generic CRUD routes over it (`models/hardware_item.py`, `blueprints/crud/
hardware_item.py`). A compound word ties `budget_entry` to `budget` (`seams.compounds`), but
a satellite table with a name of its own (`hardware_item`, `software` and `department`, whose
service `departments_service` is the only code working on the hardware items; `day_off`
beside `time_spent`; `output_type` beside the `files_service`) was cut as a two-module seam
of its own: a service with no logic, whose data another service alone works on.

Data first: a word unit made only of table mappers and route modules (no logic of its own:
its model modules read and write less than its routes, unlike a `models/notes.py` holding
the accessor class its router calls), left by the clustering as a group of its own, joins
the group whose modules read and write its tables most, when that group holds
SATELLITE_SHARE of those reads and writes (outside the unit, each place weighted by its
module's share of its own reads and writes: a sync job over every table counts little). A
table that several slices work on alike (`milestone`: the schedule, an importer and two
sync jobs) stays a seam of its own. Applied after the clustering; not with a number of
services the user asked for."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from strangler.graph import TableLink
from strangler.model import ProjectIndex
from strangler.seams.propose import Grouping

# The share of a satellite's reads and writes (outside its own unit) that one group must
# hold for the satellite to join it.
SATELLITE_SHARE = 2 / 3


def satellite_homes(grouping: Grouping, index: ProjectIndex, access: Iterable[TableLink],
                    units: dict[str, str], serving: AbstractSet[str],
                    fixed: AbstractSet[str]) -> Grouping:
    """`grouping` with each satellite unit (see the module's docstring) in the group that
    works on its tables. `access`: the module-table links (`graph.table_access`); `units`:
    each module's domain unit; `serving`: modules declaring or handling a route; `fixed`:
    modules a lever placed. Pinned groups neither give nor take."""
    maps: dict[str, set[str]] = defaultdict(set)
    for table in index.tables:
        for model in table.models:
            maps[model.module].add(table.name)
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(grouping.groups) if pin}
    members: dict[str, list[str]] = defaultdict(list)
    for module in sorted(label):
        if (unit := units.get(module, "")).startswith("word:"):
            members[unit].append(module)
    # (model modules that read and write more than the unit's routes carry its logic: an
    # accessor class beside the model, as in a models/ + routers/ layout; a relationship's
    # association table counts once)
    links = list(access)
    work: Counter[str] = Counter()
    for link in links:
        work[link.module] += link.reads + link.writes
    tables_of: dict[str, set[str]] = {}
    for unit, modules in members.items():
        placed = {label[m] for m in modules}
        if (len(placed) != 1 or (group := next(iter(placed))) in pinned
                or len(grouping.groups[group][1]) != len(modules)
                or any(m in fixed for m in modules)
                or not all(maps.get(m) or m in serving for m in modules)
                or _model_logic(modules, maps, work)):
            continue
        tables_of[unit] = {t for m in modules for t in maps.get(m, ())}
    if not tables_of:
        return grouping
    unit_of_table: dict[str, set[str]] = defaultdict(set)
    for unit, tables in tables_of.items():
        for name in tables:
            unit_of_table[name].add(unit)
    # Each place counts for the share of its module's reads and writes it is: a service
    # working on the satellite counts more than a sync or deletion job over every table.
    total: Counter[str] = Counter()
    for link in links:
        total[link.module] += link.reads + link.writes
    weight: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for link in links:
        for unit in unit_of_table.get(link.table, ()):
            if units.get(link.module) != unit and link.module in label and total[link.module]:
                weight[unit][label[link.module]] += ((link.reads + link.writes)
                                                     / total[link.module])
    moves: dict[str, int] = {}
    for unit in sorted(tables_of):
        shares = weight[unit]
        if not shares:
            continue
        home, count = min(shares.items(), key=lambda item: (-item[1], item[0]))
        if (home in pinned or home == label[members[unit][0]]
                or count < SATELLITE_SHARE * sum(shares.values())):
            continue
        for module in members[unit]:
            moves[module] = home
    if not moves:
        return grouping
    regrouped = [(pin, [m for m in ms if m not in moves]) for pin, ms in grouping.groups]
    for module, home in sorted(moves.items()):
        regrouped[home][1].append(module)
    return Grouping(tuple((pin, tuple(sorted(ms))) for pin, ms in regrouped if ms),
                    grouping.choice)


def _model_logic(modules: list[str], maps: dict[str, set[str]], work: Counter[str]) -> bool:
    """Whether the unit's model modules read and write its tables themselves (some places,
    and at least as many as its route modules do): a repository, not a bare mapping."""
    modelled = sum(work[m] for m in modules if maps.get(m))
    routed = sum(work[m] for m in modules if not maps.get(m))
    return modelled > 0 and modelled >= routed
