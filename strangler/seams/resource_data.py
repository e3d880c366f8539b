"""An API package of one resource module per entity: each module joins its entity's data.

A REST layer written one module per resource (`webapi/resources/review_request.py`,
`webapi/resources/file_attachment.py`, `webapi/resources/webhook.py`) sits in a package of
its own, away from the apps that map the tables; its modules share the API framework's base
classes and helpers, so the clustering keeps the package whole, as one seam that holds
every domain's API. Their names are often not the apps' (`review_request` for `reviews/`,
`file_attachment` for `attachments/`), so `seams.api_homes` finds no home by name, and a
resource declared through a resource tree serves no route that the facts can see. What
each module works on is its data: the tables it reads and writes through the model
classes (`ReviewRequest.objects.filter`) and the model classes it uses.

A module's data home is the group holding the modules that map those tables, when one
group holds more than DATA_SHARE of its uses of mapped tables (a table mapped by a schema
module, every table in one `models.py`, names no group; nor does a settings store). A
module is a resource module of a foreign domain when it maps no table, its group maps none
of the tables it uses, and its data home is another group. A package is such an API when
it is named as a layer of the whole application (`resources`, `services`, `api`,
`handlers`: `words.TRUE_LAYERS`; a command-line package, an importer from another system
or one domain's mutations package working on others' data are no such layer),
MIN_RESOURCES of its direct child modules or more are resource modules of foreign domains,
their data homes are two groups or more (an API over several domains, not a domain's own
package using another's data), and most of them sit together in one group (the package
kept whole). Each of them then joins its data
home, and a module of the package left in that group without data uses of its own follows
the resource base it subclasses there (`review.py` extends `base_review.py`, which reads
the reviews). Pinned groups neither give nor take, and modules the user keeps together
stay.

When every table is mapped in the schema's one models module (`models.py` with all the
tables, `index_facts.schema_sized`), no group is a table's home, and the whole API stays one
group with its helpers. There the resource modules' names speak: a module of such a layer
package that uses exactly one schema table named like it (the table or its model class,
`services/overrides.py` reading `buildroot_overrides`, class `BuildrootOverride`; the
module's word equal to the table's or ending it) is that table's slice. When MIN_RESOURCES
of a package's modules or more name two tables or more and most of them sit in one group,
those in that group leave it, one new group per table."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from strangler.seams.layer_rejoin import _moved
from strangler.seams.words import TRUE_LAYERS

MIN_RESOURCES = 5  # resource modules of one package working on another group's data
DATA_SHARE = 0.5  # of a module's uses of mapped tables that must point to its data home


def _group_uses(groups: tuple[tuple[str, tuple[str, ...]], ...],
                uses: Iterable[tuple[str, str, int]], table_home: Mapping[str, str]
                ) -> tuple[dict[str, int], dict[str, Counter[int]]]:
    """Each grouped module's group, and module -> group -> its uses of the tables mapped
    there (`uses`: module, table, count; `table_home`: table -> the one module mapping it)."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for module, table, count in uses:
        mapper = table_home.get(table)
        if mapper is None or module not in label or mapper not in label or count <= 0:
            continue
        counts[module][label[mapper]] += count
    return label, counts


def data_homes(groups: tuple[tuple[str, tuple[str, ...]], ...],
               uses: Iterable[tuple[str, str, int]], table_home: Mapping[str, str]
               ) -> dict[str, int]:
    """module -> the index of the group holding more than DATA_SHARE of its uses of mapped
    tables (`uses`: module, table, count; `table_home`: table -> the one module mapping
    it), for the modules whose group maps none of the tables they use."""
    label, counts = _group_uses(groups, uses, table_home)
    homes: dict[str, int] = {}
    for module, found in counts.items():
        if found.get(label[module]):
            continue
        (best, top), *rest = sorted(found.items(), key=lambda item: (-item[1], item[0]))
        if top > DATA_SHARE * sum(found.values()) and (not rest or rest[0][1] < top):
            homes[module] = best
    return homes


def data_placed(groups: tuple[tuple[str, tuple[str, ...]], ...],
                uses: Iterable[tuple[str, str, int]], table_home: Mapping[str, str]
                ) -> set[str]:
    """The modules that map no table and sit with their data: more than DATA_SHARE of
    their uses of mapped tables (`uses`: module, table, count; `table_home`: table -> the
    one module mapping it) point to tables mapped in their own group."""
    label, counts = _group_uses(groups, uses, table_home)
    mappers = set(table_home.values())
    return {m for m, found in counts.items() if m not in mappers
            and found[label[m]] > DATA_SHARE * sum(found.values())}


def table_homes(mapped_by: Mapping[str, Iterable[str]], schema: Iterable[str],
                settings: Iterable[str]) -> tuple[dict[str, str], set[str]]:
    """table -> the one module mapping it (a schema-sized module's tables and the settings
    stores name no home), and every module mapping a table."""
    schema_set, settings_set = set(schema), set(settings)
    table_home: dict[str, str] = {}
    mapping: set[str] = set()
    for table, modules in mapped_by.items():
        found = set(modules)
        mapping |= found
        if table in settings_set or len(found) != 1 or found & schema_set:
            continue
        table_home[table] = next(iter(found))
    return table_home, mapping


def resource_moves(groups: tuple[tuple[str, tuple[str, ...]], ...],
                   uses: Iterable[tuple[str, str, int]], table_home: Mapping[str, str],
                   mapping: Iterable[str], kept: Iterable[str] = (),
                   bases: Iterable[tuple[str, str]] = ()) -> dict[str, int]:
    """module -> the group it joins (see the module docstring). `bases`: (module, the
    module of a class it subclasses)."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(groups) if pin}
    skip = set(mapping) | set(kept)
    extends: dict[str, set[str]] = defaultdict(set)
    for module, base in bases:
        if module != base and module.rsplit(".", 1)[0] == base.rsplit(".", 1)[0]:
            extends[module].add(base)
    homes = {m: g for m, g in data_homes(groups, uses, table_home).items()
             if m not in skip and label[m] not in pinned and g not in pinned}
    packages: dict[str, list[str]] = defaultdict(list)
    for module in homes:
        if "." in module:
            packages[module.rsplit(".", 1)[0]].append(module)
    moves: dict[str, int] = {}
    for package, found in sorted(packages.items()):
        if package.rpartition(".")[2] not in TRUE_LAYERS or len(found) < MIN_RESOURCES \
                or len({homes[m] for m in found}) < 2:
            continue
        held = Counter(label[m] for m in found)
        (where, count), = held.most_common(1)
        if count * 2 <= len(found):
            continue
        moved = {m: homes[m] for m in found if label[m] == where}
        # (a resource without data uses of its own follows the resource base it extends)
        left = {m for m, g in label.items() if g == where and m not in moved and m not in skip
                and m.rsplit(".", 1)[0] == package}
        targets = set(moved.values())
        changed = True
        while changed:
            changed = False
            for module in sorted(left - set(moved)):
                joined = {moved[b] for b in extends.get(module, ()) if b in moved}
                if len(joined) == 1 and (target := next(iter(joined))) in targets:
                    moved[module] = target
                    changed = True
        moves.update(moved)
    return moves


def _key(name: str) -> str:
    """A word compared across spellings (`named_data._key`): `BuildrootOverride`,
    `buildroot_overrides` -> `buildrootoverride`."""
    from strangler.seams.named_data import word_key as key

    return key(name)


def schema_resources(groups: tuple[tuple[str, tuple[str, ...]], ...],
                     uses: Iterable[tuple[str, str, int]], schema_tables: Mapping[str, str],
                     classes: Mapping[str, Iterable[str]], mapping: Iterable[str],
                     kept: Iterable[str] = ()) -> dict[str, str]:
    """module -> the schema table naming it, for the resource modules of an API layer
    package over the tables of the schema's one models module (see the module docstring):
    `schema_tables`: each table a schema module maps -> that module; `classes`: table ->
    its model classes' names."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(groups) if pin}
    skip = set(mapping) | set(kept)
    keys: dict[str, set[str]] = defaultdict(set)
    for table in schema_tables:
        keys[table].add(_key(table))
        keys[table].update(_key(c.rsplit(".", 1)[-1]) for c in classes.get(table, ()))
    used: dict[str, set[str]] = defaultdict(set)
    for module, table, count in uses:
        if table in schema_tables and count > 0:
            used[module].add(table)
    named: dict[str, str] = {}
    for module, tables in used.items():
        package, _, leaf = module.rpartition(".")
        if (module in skip or module not in label or label[module] in pinned
                or package.rpartition(".")[2] not in TRUE_LAYERS):
            continue
        word = _key(leaf)
        found = sorted(t for t in tables if any(k == word or k.endswith(word) and
                                                len(k) > len(word) for k in keys[t]))
        if word and len(found) == 1:
            named[module] = found[0]
    packages: dict[str, list[str]] = defaultdict(list)
    for module in named:
        packages[module.rpartition(".")[0]].append(module)
    chosen: dict[str, str] = {}
    for _, found in sorted(packages.items()):
        if len(found) < MIN_RESOURCES or len({named[m] for m in found}) < 2:
            continue
        held = Counter(label[m] for m in found)
        (where, count), = held.most_common(1)
        if count * 2 > len(found):
            chosen.update((m, named[m]) for m in found if label[m] == where)
    return chosen


def join_resource_data(groups: tuple[tuple[str, tuple[str, ...]], ...],
                       uses: Iterable[tuple[str, str, int]],
                       mapped_by: Mapping[str, Iterable[str]], schema: Iterable[str],
                       settings: Iterable[str], kept: Iterable[str] = (),
                       bases: Iterable[tuple[str, str]] = (),
                       classes: Mapping[str, Iterable[str]] | None = None
                       ) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], set[str]]:
    """`groups` with the resource modules of each API package over several domains' data in
    their data homes. `mapped_by`: table -> the modules mapping it; `schema`: the modules
    mapping a schema's worth of tables; `settings`: the key-value settings stores;
    `bases`: (module, the module of a class it subclasses); `classes`: table -> the names of
    its model classes. Also the modules moved: placed
    by their data, they are no table-less app's to gather (`app_gather.scattered_apps`)."""
    schema_set, settings_set = set(schema), set(settings)
    table_home, mapping = table_homes(mapped_by, schema_set, settings_set)
    uses = list(uses)
    moves = resource_moves(groups, uses, table_home, mapping, kept, bases)
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    moved = _moved(groups, label, moves) if moves else groups
    # (the tables of the schema's one models module name no group: each resource module
    # named for one of them is its table's slice, cut out of the API's group)
    schema_tables = {table: module for table, modules in mapped_by.items()
                     for module in modules if module in schema_set
                     and table not in settings_set}
    cut = schema_resources(moved, uses, schema_tables, classes or {}, mapping,
                           set(kept) | set(moves)) if schema_tables else {}
    if cut:
        by_table: dict[str, list[str]] = defaultdict(list)
        for module, table in sorted(cut.items()):
            by_table[table].append(module)
        kept_groups = tuple((pin, tuple(m for m in members if m not in cut))
                            for pin, members in moved)
        moved = tuple(g for g in kept_groups if g[1]) + tuple(
            ("", tuple(found)) for _, found in sorted(by_table.items()))
    return moved, set(moves) | set(cut)
