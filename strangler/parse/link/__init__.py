"""Link per-file facts into one `ProjectIndex`: resolve imports, symbols, routes and tables.

Everything here is pure: it reads `(SourceFile, FileFacts)` pairs and returns frozen data.
One module per concern: `names` (resolution), `imports`, `uses`, `routes` (Flask and FastAPI),
`django`, `fab` (Flask-AppBuilder), `tables` (and `columns`, `declared`), `providers`
(service locators). A file's imports and uses are its own links: `link_reusing` reuses them
from the last run when the file, its import bindings, the set of modules and the interfaces
its names resolved through are all unchanged, so the result is the same as linking from
scratch. Uses through a service locator depend on the keys other files provide: they are
made again on every run, as entry-point links are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from strangler.model import (
    EntryPoint,
    ExternalImport,
    FactCompleteness,
    FileFacts,
    Import,
    Module,
    Problem,
    ProjectIndex,
    SourceFile,
    SymbolUse,
    Table,
    UnresolvedRoute,
)
from strangler.parse.link.app_objects import app_builders, factory_definers
from strangler.parse.link.declared_roots import declared_roots
from strangler.parse.link.derived import Derived, FactsDigest, derived_key, facts_digest
from strangler.parse.link.dotted_lists import dotted_list_links
from strangler.parse.link.dynamic_patterns import pattern_links
from strangler.parse.link.imports import external_imports, file_imports
from strangler.parse.link.names import Linker
from strangler.parse.link.paths import join_path
from strangler.parse.link.providers import provider_uses
from strangler.parse.link.registrations import registrations
from strangler.parse.link.routes import project_routes, route_order
from strangler.parse.link.spec_routes import spec_routes
from strangler.parse.link.tables import MemberUses, project_tables, unmapped_table_classes
from strangler.parse.link.uses import MemberUse, file_uses
from strangler.parse.link.wiring import settings_wiring
from strangler.parse.openapi import SpecOperation

__all__ = ["FileLinks", "LinkMemo", "Linker", "join_path", "link", "link_reusing"]


@dataclass(frozen=True, slots=True)
class FileLinks:
    """What one file links to, and what that depended on besides the file itself."""

    # Plain tuples, not the model's dataclasses: a memo of a big project loads 5x faster.
    key: tuple[str, bool, str, bytes]  # (path, is package, content digest, bindings digest)
    read: tuple[tuple[str, bytes], ...]  # (module, interface digest) resolution read
    imports: tuple[tuple[Any, ...], ...]  # Import's fields after `source`
    external: tuple[tuple[str, int], ...]  # (top-level name, line) outside the project
    uses: tuple[tuple[str, str, str, tuple[int, ...]], ...]  # (target, name, kind, lines)
    members: tuple[MemberUse, ...]


@dataclass(frozen=True, slots=True)
class LinkMemo:
    """Every file's links from one run, for the next one."""

    modules: bytes  # digest of the set of module names
    files: Mapping[str, FileLinks]  # by module name
    derived: Derived | None = None  # routes and tables, with the key of what they read


def link(root: str, files: Iterable[tuple[SourceFile, FileFacts]],
         problems: Iterable[Problem] = (),
         entry_points: Sequence[EntryPoint] = (),
         specs: Sequence[SpecOperation] = ()) -> ProjectIndex:
    """Link every file's facts into one project index (`specs`: the operations of the
    project's OpenAPI documents, `ParsedProject.specs`)."""
    return link_reusing(root, files, problems, entry_points=entry_points, specs=specs)[0]


# The caller's way to run a function elsewhere: `elsewhere(function, *args)` returns an
# object whose `result()` is `function(*args)` (the pipeline passes `seams.parallel.in_child`).
Elsewhere = Callable[..., Any]
# From this many files to link, the second half is linked by `elsewhere` (a forked child).
SPLIT_FROM = 1000


def link_reusing(root: str, files: Iterable[tuple[SourceFile, FileFacts]],
                 problems: Iterable[Problem] = (),
                 digests: Mapping[str, str] | None = None,
                 memo: LinkMemo | None = None,
                 entry_points: Sequence[EntryPoint] = (),
                 elsewhere: Elsewhere | None = None,
                 specs: Sequence[SpecOperation] = ()) -> tuple[ProjectIndex, LinkMemo, int]:
    """`link`, reusing the per-file links of `memo` that are still valid; `digests` maps a
    path to its content hash (without it nothing is reused or remembered). Returns the
    index, the memo for the next run, and how many files' links were reused. Links from
    `entry_points` (the metadata's) and the routes of `specs` (the operations of the
    project's OpenAPI documents) are made on every run: they are few. With `elsewhere`
    and `SPLIT_FROM` files or more to link, half of them are linked by it meanwhile (each
    file's links read only the facts and the module names: the same links)."""
    linker = Linker(root, files, problems)
    modules = linker.module_set_digest()
    previous = memo.files if memo is not None and memo.modules == modules else {}
    per_file: dict[str, FileLinks] = {}
    keys: dict[str, tuple[str, bool, str, bytes]] = {}
    reused = 0
    for name, data in linker.data.items():
        digest = digests.get(data.source.path, "") if digests is not None else ""
        key = (data.source.path, data.source.is_package, digest, linker.bindings_digest(name))
        old = previous.get(name)
        if digest and old is not None and old.key == key and all(
                module in linker.data and linker.interface(module) == seen
                for module, seen in old.read):
            per_file[name] = old
            reused += 1
            continue
        keys[name] = key
    fresh = list(keys)
    later = None
    if elsewhere is not None and len(fresh) >= SPLIT_FROM:
        half = len(fresh) // 2
        later = elsewhere(_links_of, linker, fresh[half:], keys)
        fresh = fresh[:half]
    linked = _links_of(linker, fresh, keys)
    if later is not None:
        linked.update(later.result())
    if linked:  # in module order, as the memo and the index read them
        per_file = {name: per_file.get(name) or linked[name] for name in linker.data}
    kept = memo.derived if memo is not None else None
    index, derived = _index(linker, per_file, kept if digests is not None else None,
                            digests is not None, entry_points, specs)
    return index, LinkMemo(modules, per_file, derived), reused


def _links_of(linker: Linker, names: list[str], keys: Mapping[str, tuple[str, bool, str, bytes]]
              ) -> dict[str, FileLinks]:
    """The links of the files of modules `names` (`keys`: each one's memo key)."""
    found: dict[str, FileLinks] = {}
    for name in names:
        imports, external = file_imports(linker, name)
        uses, members, read = file_uses(linker, name)
        found[name] = FileLinks(
            keys[name], tuple((m, linker.interface(m)) for m in sorted(read)),
            tuple((i.target, i.line, i.name, i.type_only, i.lazy, i.guarded, i.dynamic, i.star,
                   i.implicit) for i in imports),
            tuple(external), tuple((u.target, u.name, u.kind, u.lines) for u in uses),
            tuple(members))
    return found


def _routes_tables(linker: Linker, per_file: dict[str, FileLinks], member_uses: MemberUses,
                   old: Derived | None, remember: bool) -> Derived:
    """Routes and tables: those of `old` when what they read is unchanged (see `derived`).
    Returns them as a `Derived`, with no key (b"") when they are not to be remembered."""
    key = b""
    digests: dict[str, FactsDigest] = {}
    if remember and all(links.key[2] for links in per_file.values()):
        known = old.facts if old is not None else {}
        for name, data in linker.data.items():
            identity = per_file[name].key[2]
            found = known.get(identity)
            digests[identity] = found if found is not None else facts_digest(data.facts)
        key = derived_key(linker, {name: (links.key[2], links.key[3], links.members)
                                   for name, links in per_file.items()}, digests)
        if old is not None and old.key == key:
            return Derived(key, digests, old.routes, old.unresolved, old.tables, old.relations)
    routes, unresolved = project_routes(linker)
    tables, relations = project_tables(linker, member_uses)
    return Derived(key, digests, tuple(routes), tuple(unresolved), tuple(tables),
                   tuple(relations))


# Entry-point groups whose entries are commands a user runs (`keystone-manage`), not plugins.
SCRIPT_GROUPS = frozenset({"console_scripts", "gui_scripts"})


def _entry_point_links(linker: Linker, entry_points: Sequence[EntryPoint]
                       ) -> dict[str, list[Import]]:
    """By loader module: an import of each project module registered under a group it
    loads (modules outside the project are not linked)."""
    registered: dict[str, set[str]] = defaultdict(set)
    for entry in entry_points:
        if entry.module in linker.data:
            registered[entry.group].add(entry.module)
    found: dict[str, list[Import]] = {}
    if not registered:
        return found
    loaders = _indirect_loaders(linker)
    for name, data in linker.data.items():
        loads = list(data.facts.entry_point_loads)
        if loaders:
            loads.extend(_indirect_loads(linker, name, loaders))
        links = {(target, line, lazy) for group, line, lazy in loads
                 for target in registered.get(group, ()) if target != name}
        if links:
            found[name] = [Import(name, target, line, None, type_only=False, lazy=lazy,
                                  guarded=False, dynamic=True, star=False, entry_point=True)
                           for target, line, lazy in sorted(links)]
    return found


def _indirect_loaders(linker: Linker) -> dict[tuple[str, str], list[tuple[int, str, bool]]]:
    """(module, function) -> (position, parameter, deferred) of each parameter the function
    loads as an entry-point group (`def load_eggs(name): ... iter_entry_points(name)`)."""
    loaders: dict[tuple[str, str], list[tuple[int, str, bool]]] = defaultdict(list)
    for name, data in linker.data.items():
        for function, position, parameter, deferred in data.facts.entry_point_params:
            loaders[(name, function)].append((position, parameter, deferred))
    return loaders


def _indirect_loads(linker: Linker, module: str,
                    loaders: dict[tuple[str, str], list[tuple[int, str, bool]]]
                    ) -> list[tuple[str, int, bool]]:
    """(group, line, lazy) of each call in `module` that passes a literal group to a loader
    function as its group parameter (`load_eggs("trac.plugins")`): one level deep."""
    found: list[tuple[str, int, bool]] = []
    for callee, slot, literal, line, lazy in linker.data[module].facts.entry_point_calls:
        target, function, rest = linker.resolve_local(module, callee)
        if rest:
            continue
        for position, parameter, deferred in loaders.get((target, function), ()):
            if slot in (f"#{position}", parameter):
                found.append((literal, line, lazy or deferred))
    return found


def _index(linker: Linker, per_file: dict[str, FileLinks], old: Derived | None = None,
           remember: bool = False, entry_points: Sequence[EntryPoint] = (),
           specs: Sequence[SpecOperation] = ()) -> tuple[ProjectIndex, Derived | None]:
    modules = tuple(
        Module(
            name=name,
            path=data.source.path,
            package=name.split(".")[0] if "." in name or data.source.is_package else "",
            is_package=data.source.is_package,
            loc=data.facts.loc,
            lines=data.facts.lines,
        )
        for name, data in sorted(linker.data.items())
    )
    imports: list[Import] = []
    uses: list[SymbolUse] = []
    member_uses: MemberUses = defaultdict(list)
    loaded = _entry_point_links(linker, entry_points)
    located = provider_uses(linker)  # reads on a service locator: read all files each run
    for name, found in dotted_list_links(linker).items():
        loaded[name] = [*loaded.get(name, ()), *found]
    name_loads, unmatched = pattern_links(linker)
    for name in linker.data:  # in module order: each file's lists are sorted
        links = per_file[name]
        own = [Import(name, *row) for row in links.imports]
        if name in loaded:
            own = sorted(own + loaded[name], key=lambda i: (i.target, i.line, i.name or "",
                                                            i.entry_point, i.registry))
        imports.extend(own)
        uses.extend(SymbolUse(name, *row) for row in links.uses)
        uses.extend(located.get(name, ()))
        for target, symbol, rest, kind, line in links.members:
            member_uses[(target, symbol)].append((name, rest, kind, line))
    external = external_imports((name, links.external) for name, links in per_file.items())
    derived = _routes_tables(linker, per_file, member_uses, old, remember)
    routes, unresolved = list(derived.routes), list(derived.unresolved)
    if specs:
        routes = sorted([*routes, *spec_routes(linker, specs)], key=route_order)
    tables = list(derived.tables)
    problems = list(linker.extra_problems)
    for data in linker.data.values():
        for problem in data.facts.problems:
            problems.append(Problem(data.source.path, problem.line, problem.message,
                                    problem.severity))
    problems.sort(key=lambda p: (p.path, p.line, p.message))
    return ProjectIndex(
        root=linker.root,
        modules=modules,
        imports=tuple(imports),
        uses=tuple(uses),
        routes=tuple(routes),
        unresolved_routes=tuple(unresolved),
        tables=tuple(tables),
        relations=derived.relations,
        external=tuple(external),
        problems=tuple(problems),
        completeness=_completeness(linker, imports, unresolved, tables, external, unmatched,
                                   len(name_loads)),
        data_attributes=tuple((name, data.facts.data_attributes)
                              for name, data in sorted(linker.data.items())
                              if data.facts.data_attributes),
        scripts=tuple(sorted({entry.module for entry in entry_points
                              if entry.group in SCRIPT_GROUPS and entry.module in linker.data})),
        declared_roots=declared_roots(linker),
        registrations=registrations(linker),
        app_builders=app_builders(linker),
        factory_definers=factory_definers(linker),
        settings_wiring=settings_wiring(linker),
        name_loads=name_loads,
    ), (derived if derived.key else None)


# Data libraries whose models the linker does not read (top-level import names): a project
# on one of them has tables the facts cannot see, and says so.
# ORMs only: a database driver (`cassandra`, `couchdb`) may be a connector to the users' own
# data (Redash's query runners), not the project's tables.
UNREAD_DATA_LIBRARIES = frozenset({
    "pony", "ormar", "piccolo", "pynamodb", "neomodel", "redis_om", "sqlobject", "gino",
    "pydal", "orator", "masoniteorm"})
# Data APIs inside a general SDK, told by the submodule imported: `boto3` is also S3 and
# SQS, `boto3.dynamodb` is the project's DynamoDB tables (hedy's storage layer).
UNREAD_DATA_SUBMODULES = ("boto3.dynamodb", "aioboto3.dynamodb")


def _submodule_importers(linker: Linker, library: str) -> int:
    """How many of the project's modules import `library` (`boto3.dynamodb`) or a module
    below it; a vendored copy of the SDK (`boto3/` in the tree) is not counted."""
    top = library.split(".")[0]
    return sum(1 for name, data in linker.data.items() if name.split(".")[0] != top and any(
        imp.module == library or imp.module.startswith(library + ".")
        for imp in data.facts.imports))


def _completeness(linker: Linker, imports: list[Import], unresolved: list[UnresolvedRoute],
                  tables: list[Table], external: list[ExternalImport],
                  unmatched_patterns: Sequence[tuple[str, int]] = (),
                  pattern_links: int = 0) -> FactCompleteness:
    not_parsed = sorted(
        data.source.path for data in linker.data.values()
        if any(p.severity == "error" or p.message.startswith("skipped:")
               for p in data.facts.problems))
    return FactCompleteness(
        files=len(linker.data),
        files_not_parsed=tuple(not_parsed),
        tables=len(tables),
        tables_without_accessor=tuple(t.name for t in tables
                                      if not t.readers and not t.writers),
        unresolved_routes=len(unresolved),
        dynamic_imports=sum(1 for i in imports
                            if i.dynamic and not i.entry_point and not i.registry),
        dynamic_imports_unresolved=tuple(sorted(
            [*((name, line) for name, data in linker.data.items()
               for line in data.facts.dynamic_unresolved), *unmatched_patterns])),
        tables_without_columns=tuple(t.name for t in tables if not t.columns),
        entry_point_links=sum(1 for i in imports if i.entry_point),
        registry_links=sum(1 for i in imports if i.registry),
        pattern_links=pattern_links,
        unread_data_libraries=tuple(
            (found.module, len({module for module, _ in found.importers}))
            for found in external if found.module in UNREAD_DATA_LIBRARIES) + tuple(
            (library, count) for library in UNREAD_DATA_SUBMODULES
            if (count := _submodule_importers(linker, library))),
        unmapped_table_classes=unmapped_table_classes(linker, tables),
    )
