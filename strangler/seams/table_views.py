"""Views of one table: code that writes another unit's table and maps none is its part.

In a data model where several kinds of thing are rows of one table told apart by a type
column (assets, shots, sequences and edits are all `entity` rows; posts and pages of one
`content` table), each kind gets a blueprint and a service of its own (`blueprints/shots`,
`services/shots_service`) and no model: they create and change rows of the one table, whose
model sits in another word unit (`models/entity`). The slice split (`propose.split_slices`)
made each such word unit a seam of its own, beside the table's: several services writing
the same table, the opposite of data first. A service owns its tables; the code whose only
data are rows of a table another unit maps is a part of that unit's slice.

A word unit is a view of another word unit when none of its modules maps a table, its
modules write at least one table, every table they write is mapped by modules of that one
other unit only, and the table the unit's code reads and writes in the most places is one
of them (a `user` service that notifies people is no view of the notifications). A
command-line package (`cli/`, `seams.hubs`) is a layer of every domain it has a command
for, never a view of one (a `cli/sysadmin` command writing users). Code that writes tables
of several units (a cascade deletion, a breakdown writing entities, links and tasks) is no
view of any of them: it stays where the clustering put it. The rule acts where the compound
words act (`compounds`): the view's slice joins the table's slice, or takes the table's
unit when that is no slice; a chain passes over a head its compound took (`asset_instance`
took the asset routes, whose head is `entity`)."""

from __future__ import annotations

from collections import Counter, defaultdict

from strangler.model import ProjectIndex
from strangler.seams.hubs import command_package


def view_heads(units: dict[str, str], index: ProjectIndex,
               owned: dict[str, set[str]]) -> dict[str, str]:
    """word unit -> the word unit whose table it is a view of (see the module docstring).
    `units`: each module's domain unit (`words.domain_units`); `owned`: each module's
    tables, mapped or written (`kernel.owned_tables`)."""
    mapped_by: dict[str, set[str]] = defaultdict(set)  # table -> units mapping it
    mapping: set[str] = set()  # units that map a table
    for table in index.tables:
        for model in table.models:
            unit = units.get(model.module)
            if unit is not None and unit.startswith("word:"):
                mapped_by[table.name].add(unit)
                mapping.add(unit)
    written: dict[str, set[str]] = defaultdict(set)
    commands: set[str] = set()  # units holding command-line modules
    for module, unit in units.items():
        if command_package(module) is not None:
            commands.add(unit)
    for module, tables in owned.items():
        unit = units.get(module)
        if unit is not None and unit.startswith("word:") and unit not in commands:
            written[unit] |= tables
    places: dict[str, Counter[str]] = defaultdict(Counter)  # unit -> table -> places
    for table in index.tables:
        for access in (*table.readers, *table.writers):
            unit = units.get(access.module)
            if unit is not None:
                places[unit][table.name] += 1
    heads: dict[str, str] = {}
    for unit, tables in sorted(written.items()):
        if unit in mapping or not tables or not _mostly(places[unit], tables):
            continue
        owners = {u for t in tables for u in mapped_by.get(t, {""})}
        if len(owners) == 1 and "" not in owners and all(
                len(mapped_by[t]) == 1 for t in tables):
            heads[unit] = owners.pop()
    return heads


def _mostly(places: Counter[str], written: set[str]) -> bool:
    """Whether the table a unit's code reads and writes in the most places (strictly) is
    one it writes: a `user` service that reads projects in 40 places and writes a
    notification in 18 is no view of the notifications."""
    ranked = places.most_common(2)
    if not ranked:
        return False
    return ranked[0][0] in written and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])
