"""Facts about the index and graph that many seams rules read, each computed once per
analysis: which modules serve the routes (`ServedModules`), who maps, writes or reads which
table (`DataFacts`), each module's run-time users (`runtime_users`) and who subclasses whom
(`base_edges`, `subclassed_by`).

Each is kept for the last index (and graph) asked for, held weakly, as `kernel.runtime_edges`
is: a proposal asks for them from some twenty rules, and the index and graph never change
while it is built."""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from strangler.graph import CouplingGraph
from strangler.model import ProjectIndex, serving_module

_T = TypeVar("_T")
# One entry per kind of record: (the objects it was built from, held weakly; the record).
_MEMO: dict[str, tuple[tuple[weakref.ref[Any], ...], Any]] = {}


def _memo(kind: str, sources: tuple[Any, ...], build: Callable[[], _T]) -> _T:
    """The record `kind` of `sources` (the same objects, by identity), built once."""
    found = _MEMO.get(kind)
    if found is not None and len(found[0]) == len(sources) \
            and all(ref() is source for ref, source in zip(found[0], sources, strict=True)):
        record: _T = found[1]
        return record
    record = build()
    _MEMO[kind] = (tuple(weakref.ref(source) for source in sources), record)
    return record


def once_per_index(kind: str, index: ProjectIndex, build: Callable[[], _T]) -> _T:
    """What `build` makes of `index` (a record the caller names `kind`), built once per
    index, as the records below are: for a rule's own record that several rules ask for.
    The record is shared by them: it is not to be changed."""
    return _memo(kind, (index,), build)


@dataclass(frozen=True)
class ServedModules:
    """The modules serving the project's routes, in the two senses the rules need.

    `declaring`: the modules that declare a route (`Route.module`: a URLconf, a registry,
    a blueprint module that registers its controllers' views): where the routes are *wired*.
    `handling`: the modules holding a route's handler (`model.serving_module`): who *serves*
    the HTTP surface. `handler_of[i]` is the handling module of `index.routes[i]`."""

    declaring: frozenset[str]
    handling: frozenset[str]
    handler_of: tuple[str, ...]

    @property
    def serving(self) -> frozenset[str]:
        """Modules that declare a route or hold its handler."""
        return self.declaring | self.handling


def served_modules(index: ProjectIndex) -> ServedModules:
    """The `ServedModules` of `index`, computed once per index."""

    def build() -> ServedModules:
        names = {m.name for m in index.modules}
        handler_of = tuple(serving_module(route, names) for route in index.routes)
        return ServedModules(frozenset(route.module for route in index.routes),
                             frozenset(handler_of), handler_of)

    return _memo("served", (index,), build)


@dataclass(frozen=True)
class DataFacts:
    """Who maps, writes or reads which table, as the seams rules count them.

    `mapping`: modules whose models (model classes, Table objects) map a table;
    `mapped_by`: each table -> the modules mapping it, and `maps` the other way round: each
    mapping module -> the tables it maps; `touches`: modules that read or write
    a table (`graph.table_access`); `settings`: the key-value settings stores
    (`kernel.settings_tables`), and `mapping_data`/`touches_data` the two sets without the
    modules that reach only those; `tables`: how many tables the project has (mapped or
    accessed); `owned`: `kernel.owned_tables`; `written`: each module -> the tables it
    writes (settings stores too); `touched`: each module -> the tables it reads or writes
    (settings stores too)."""

    mapping: frozenset[str]
    mapped_by: Mapping[str, frozenset[str]]
    maps: Mapping[str, frozenset[str]]
    touches: frozenset[str]
    settings: frozenset[str]
    mapping_data: frozenset[str]
    touches_data: frozenset[str]
    tables: int
    owned: Mapping[str, frozenset[str]]
    written: Mapping[str, frozenset[str]]
    touched: Mapping[str, frozenset[str]]

    @property
    def data(self) -> frozenset[str]:
        """Modules that map or touch a table."""
        return self.mapping | self.touches


def schema_sized(found: int, tables: int) -> bool:
    """Whether `found` tables of the project's `tables` are a schema's, not one domain's:
    four or more, half of all or more (a `db.py` holding every CREATE TABLE)."""
    return found >= 4 and found * 2 >= tables


def schema_modules(index: ProjectIndex) -> frozenset[str]:
    """The modules whose models map a schema's worth of the project's tables
    (`schema_sized` of the tables the index maps), computed once per index."""

    def build() -> frozenset[str]:
        maps: dict[str, set[str]] = defaultdict(set)
        for table in index.tables:
            for model in table.models:
                maps[model.module].add(table.name)
        return frozenset(module for module, found in maps.items()
                         if schema_sized(len(found), len(index.tables)))

    return once_per_index("schema_modules", index, build)


def data_facts(index: ProjectIndex, graph: CouplingGraph) -> DataFacts:
    """The `DataFacts` of `index` and `graph`, computed once per analysis."""

    def build() -> DataFacts:
        from strangler.seams.kernel import settings_tables

        settings = frozenset(settings_tables(index))
        mapped_by: dict[str, set[str]] = {}
        maps: dict[str, set[str]] = {}
        owned: dict[str, set[str]] = defaultdict(set)
        for table in index.tables:
            for model in table.models:
                mapped_by.setdefault(table.name, set()).add(model.module)
                maps.setdefault(model.module, set()).add(table.name)
                if table.name not in settings:
                    owned[model.module].add(table.name)
        written: dict[str, set[str]] = defaultdict(set)
        touched: dict[str, set[str]] = defaultdict(set)
        for link in graph.table_access:
            touched[link.module].add(link.table)
            if link.writes:
                written[link.module].add(link.table)
                if link.table not in settings:
                    owned[link.module].add(link.table)
        tables = len({link.table for link in graph.table_access}
                     | {t.name for t in index.tables})
        return DataFacts(
            frozenset(maps), {t: frozenset(found) for t, found in mapped_by.items()},
            {module: frozenset(found) for module, found in maps.items()},
            frozenset(link.module for link in graph.table_access), settings,
            frozenset(model.module for table in index.tables if table.name not in settings
                      for model in table.models),
            frozenset(link.module for link in graph.table_access
                      if link.table not in settings),
            tables,
            {module: frozenset(found) for module, found in owned.items()
             if not schema_sized(len(found), tables)},
            {module: frozenset(found) for module, found in written.items()},
            {module: frozenset(found) for module, found in touched.items()})

    return _memo("data", (index, graph), build)


def runtime_users(graph: CouplingGraph) -> Mapping[str, frozenset[str]]:
    """Each module -> the modules that use it at run time (`kernel.runtime_edges`, never
    itself), computed once per graph."""

    def build() -> Mapping[str, frozenset[str]]:
        from strangler.seams.kernel import runtime_edges

        users: dict[str, set[str]] = defaultdict(set)
        for source, target in runtime_edges(graph):
            users[target].add(source)
        return {target: frozenset(found) for target, found in users.items()}

    return _memo("users", (graph,), build)


def base_edges(graph: CouplingGraph) -> tuple[tuple[str, str], ...]:
    """(subclassing module, module defining the base) of each dependency that subclasses a
    class of another module, in the graph's order, computed once per graph."""

    def build() -> tuple[tuple[str, str], ...]:
        return tuple((d.source, d.target) for d in graph.dependencies
                     if d.source != d.target and any(kind == "base" for kind, _ in d.kinds))

    return _memo("bases", (graph,), build)


def subclassed_by(graph: CouplingGraph) -> Mapping[str, frozenset[str]]:
    """Each module -> the other modules subclassing a class it defines (`base_edges`)."""

    def build() -> Mapping[str, frozenset[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for source, base in base_edges(graph):
            found[base].add(source)
        return {base: frozenset(sources) for base, sources in found.items()}

    return _memo("subclassed", (graph,), build)
