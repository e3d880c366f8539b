"""A family of backends written against one entity joins the slice that owns its table.

A package of backends beside their base class (database engine specs, alert
destinations) is a unit of its own for the clustering: dozens of modules coupled to one
another through the base and to the platform, and to the domain that uses them by a few
imports only. When the backends are written against one entity of the domain model (each
engine spec takes the `Database` row it runs for, each destination the `Alert` it sends),
they are that entity's behaviour, chosen per row: the slice of the entity's table owns
them. Data first: the family's group joins the group of the module that maps the entity's
table; when a schema module maps it (every table in one `models.py`, which says nothing
about the entity's slice), the group of the one module writing the table. A family that
names no entity of the model (payment providers reading settings), or several evenly, or
that has a table or a route of its own (an app of checks with its `Check` model) stays
where the clustering put it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from strangler.graph import CouplingGraph
from strangler.model import ProjectIndex
from strangler.seams.subsystems import Groups, moved_members

FAMILY_USERS = 3  # family modules that must use the entity (one use is an accident)
ENTITY_SHARE = 0.5  # the entity's share of the family's uses of model classes (more than)


def _package(module: str) -> str:
    return module.rsplit(".", 1)[0] if "." in module else ""


def package_bases(dependencies: Iterable[tuple[str, str, bool]], packages: set[str],
                  slices: set[str]) -> set[str]:
    """Package modules that are the base of a family: a package `__init__` subclassed by
    FAMILY_USERS of its own direct submodules or more, none of them in `slices`
    (`redash/destinations/__init__.py` holding `BaseDestination`). `kernel.family_bases`
    only sees a base beside its subclasses. `dependencies`: (source, target, is a base)."""
    members: dict[str, set[str]] = defaultdict(set)
    for source, target, base in dependencies:
        if base and target in packages and _package(source) == target:
            members[target].add(source)
    return {package for package, found in members.items()
            if len(found) >= FAMILY_USERS and not found & slices}


def family_members(bases: Iterable[str], modules: Iterable[str],
                   packages: Iterable[str] = ()) -> dict[str, set[str]]:
    """family package -> its modules: the package of each family base (`kernel.family_bases`)
    with everything below it, and each package that is itself a base (`package_bases`). A
    family nested in another family's package is its own."""
    names = sorted(modules)
    found: dict[str, set[str]] = {}
    for package in sorted({_package(b) for b in bases} | set(packages)):
        if package:
            found[package] = {m for m in names if m == package or m.startswith(package + ".")}
    return found


def family_entity(members: set[str], uses: Iterable[tuple[str, str, str, int]],
                  classes: Mapping[str, str]) -> str | None:
    """The model class (module-qualified) the family is written against: `uses` are
    (source, target, symbol, count) of the dependencies; `classes` maps each model class
    that maps a table to its table. The class must take more than ENTITY_SHARE of the
    family's uses of model classes outside it, from FAMILY_USERS of its modules or more."""
    counts: Counter[str] = Counter()
    users: dict[str, set[str]] = defaultdict(set)
    for source, target, symbol, count in uses:
        if source not in members or target in members:
            continue
        name = f"{target}.{symbol}"
        if name in classes:
            counts[name] += count
            users[name].add(source)
    if not counts:
        return None
    (best, top), *rest = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if rest and rest[0][1] == top:
        return None
    if top <= ENTITY_SHARE * sum(counts.values()) or len(users[best]) < FAMILY_USERS:
        return None
    return best


def sole_writers(links: Iterable[tuple[str, str, bool]]) -> dict[str, str]:
    """table -> the one module that writes it (`links`: module, table, writes), for tables
    written by exactly one module. Where a schema module maps every table, the writer is
    the entity's slice. (Whether a module writes, not how often: the clustering's cache
    key, `pipeline._core_key`, holds no more.)"""
    writers: dict[str, set[str]] = defaultdict(set)
    for module, table, writes in links:
        if writes:
            writers[table].add(module)
    return {table: next(iter(found)) for table, found in writers.items() if len(found) == 1}


def entity_families(groups: Groups, families: Mapping[str, set[str]],
                    uses: Iterable[tuple[str, str, str, int]],
                    classes: Mapping[str, str], homes: Mapping[str, str],
                    slices: set[str]) -> Groups:
    """`groups` with each family's own group merged into the group of the module that maps
    its entity's table. `homes` maps each model class to the module that maps its table
    (schema modules left out by the caller). A family with a module in `slices` (it maps
    or writes a table, or serves a route) is a slice of its own and stays: a Django app of
    checks with its own `Check` model. A family's own group is an unpinned group holding
    most of the family's modules, of which the family is the majority; the target group
    must be another unpinned group."""
    uses = list(uses)
    where = {name: i for i, (_, names) in enumerate(groups) for name in names}
    moves: dict[str, int] = {}
    merged: set[int] = set()  # groups merged away, and groups merged into (one step deep)
    for _, members in sorted(families.items()):
        if members & slices:
            continue
        placed = Counter(where[m] for m in members if m in where)
        if not placed:
            continue
        (own, count), *rest = placed.most_common()
        pin, names = groups[own]
        if pin or (rest and rest[0][1] == count) or count * 2 <= len(names):
            continue
        entity = family_entity(members, uses, classes)
        home = homes.get(entity) if entity else None
        target = where.get(home) if home else None
        if target is None or target == own or groups[target][0] or {own, target} & merged:
            continue
        merged |= {own, target}
        moves.update((m, target) for m in names)
    return moved_members(groups, moves)


def backend_homes(index: ProjectIndex, graph: CouplingGraph, groups: Groups,
                  owners: set[str]) -> Groups:
    """`entity_families` over the project's facts: the families of `kernel.family_bases`
    (`owners`: the modules with data of their own), the model classes of its tables (a
    settings store aside) and the module mapping each, unless a schema module maps it."""
    from strangler.seams.index_facts import data_facts, schema_sized, served_modules
    from strangler.seams.kernel import family_bases

    facts = data_facts(index, graph)
    slices = owners | facts.mapping | served_modules(index).serving
    families = family_members(
        family_bases(index, graph, owners), (m.name for m in index.modules),
        package_bases(((d.source, d.target, any(k == "base" for k, _ in d.kinds))
                       for d in graph.dependencies),
                      {m.name for m in index.modules if m.is_package}, slices))
    if not families:
        return groups
    mapped = Counter(m for found in facts.mapped_by.values() for m in found)
    classes: dict[str, str] = {}
    homes: dict[str, str] = {}
    writers = sole_writers((link.module, link.table, link.writes > 0)
                           for link in graph.table_access)
    for table in index.tables:
        if table.name in facts.settings:
            continue
        modules = {model.module for model in table.models}
        for model in table.models:
            classes[model.name] = table.name
            if len(modules) == 1 and not schema_sized(mapped[model.module], facts.tables):
                homes[model.name] = model.module
            elif len(modules) == 1 and writers.get(table.name):
                homes[model.name] = writers[table.name]
    uses = ((d.source, d.target, symbol, count) for d in graph.dependencies
            for symbol, count in d.symbols)
    return entity_families(groups, families, uses, classes, homes, slices)
