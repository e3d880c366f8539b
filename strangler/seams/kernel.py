"""The composition roots and the shared kernel.

Roots are the application factory, the root URLconf, WSGI/ASGI entry points and settings:
nothing else. The kernel is code with no domain data of its own that many domains use:
settings, i18n, base classes, helpers. A module that maps or writes tables owns domain data
and goes with the seam that owns those tables, never to the kernel, whatever its name."""

from __future__ import annotations

import re
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Literal

from strangler.graph import CouplingGraph
from strangler.model import APP_FACTORY_NAMES, KernelModule, ProjectIndex, plural
from strangler.seams.config import SeamConfig, matches
from strangler.seams.index_facts import (
    base_edges,
    data_facts,
    runtime_users,
    schema_sized,
    served_modules,
    subclassed_by,
)
from strangler.seams.propose import Grouping
from strangler.seams.settings_roots import settings_parts

# Names that hint at platform code. They lower the breadth a module needs to be kernel (outside
# a domain's package: `enclosed.domain_enclosed`); they never make a module that owns tables
# kernel.
KERNEL_NAMES = {"utils", "util", "utilities", "common", "helpers", "helper", "base", "constants",
                "exceptions", "errors", "types", "typing", "compat", "_compat", "extensions",
                "ext", "lib", "shared", "i18n", "translations", "mixins", "decorators",
                "settings", "config", "configs", "conf", "db", "database", "signals"}
RUNTIME_KINDS = ("import", "import_lazy", "call", "base", "decorator", "attribute", "reference",
                 "entry_point")
# Entry points by name: WSGI/ASGI modules, `python -m` entry, Django's manage.py.
ENTRY_NAMES = {"wsgi", "asgi", "__main__", "manage", "serve", "run", "runserver"}
APP_NAMES = {"app", "application", "factory", "create_app"}
# An initializer is no base: a module whose classes this many modules subclass (the base
# controller every route module extends) wires many packages too, and is the layer's base.
BASE_USERS = 3
SETTINGS_NAMES = {"settings", "config", "configs", "conf"}
IMPORTED_ENTRY = ("named like an entry point, or built on the roots alone, but application "
                  "code imports it: platform the application starts from, not a domain's")


def name_parts(module: str, project_packages: set[str]) -> set[str]:
    """The parts of a module's name that may say it is platform code: all but the project's
    own top-level package (one holding half of the modules or more: `superset` in
    `superset.utils`), so that a top-level `utilities/` beside Django apps counts."""
    parts = module.split(".")
    return set(parts[1:] if parts[0] in project_packages and len(parts) > 1 else parts)


def project_packages(index: ProjectIndex) -> set[str]:
    """Top-level packages that hold half of the project's modules or more."""
    counts = Counter(m.name.split(".")[0] for m in index.modules)
    return {top for top, n in counts.items() if n * 2 >= len(index.modules)}


def group_of(module: str) -> str:
    """The package a module belongs to for breadth counts: its first two name parts."""
    return ".".join(module.split(".")[:2])


# The last graph asked for and its run-time edges: some fifteen rules of one proposal ask
# for them (a third of the seams stage's CPU on superset when each rebuilt them).
# Held weakly: the memo never keeps a graph alive.
_RUNTIME_MEMO: list[tuple[weakref.ref[CouplingGraph], tuple[tuple[str, str], ...]]] = []


def runtime_edges(graph: CouplingGraph) -> tuple[tuple[str, str], ...]:
    """(source, target) of the dependencies that exist at run time."""
    if _RUNTIME_MEMO and _RUNTIME_MEMO[0][0]() is graph:
        return _RUNTIME_MEMO[0][1]
    runtime = frozenset(RUNTIME_KINDS)
    edges = tuple((d.source, d.target) for d in graph.dependencies
                  if d.source != d.target and any(kind in runtime for kind, _ in d.kinds))
    _RUNTIME_MEMO[:] = [(weakref.ref(graph), edges)]
    return edges


def data_owners(index: ProjectIndex, graph: CouplingGraph) -> set[str]:
    """Modules with domain data of their own: they map a table (a model class, a Table
    object) or write one. A module that creates or migrates most of the schema (a `db.py`
    holding every CREATE TABLE, a migrations module) is the platform's, not a domain's."""
    return set(owned_tables(index, graph))


# The columns of a settings store besides its key and value: a surrogate id and a soft
# delete flag. A foreign key or any other column makes the table a domain's (`package_extra`
# is one package's key-value pairs, `topics` has no key).
SETTINGS_EXTRA_COLUMNS = frozenset({"id", "state"})


def _framework_parts(index: ProjectIndex, graph: CouplingGraph, frameworks: set[str]
                     ) -> dict[str, str]:
    """`framework_parts.framework_parts` over the project's tables, routes and imports."""
    if not frameworks:
        return {}
    from strangler.seams.enclosed import domain_enclosed, platform_tops
    from strangler.seams.framework_parts import framework_parts

    names = [m.name for m in index.modules]
    settings = settings_tables(index)
    data = {link.module for link in graph.table_access if link.table not in settings}
    data |= {model.module for table in index.tables if table.name not in settings
             for model in table.models}
    tops = platform_tops(names)
    return framework_parts(
        frameworks, names, {m.name for m in index.modules if m.is_package}, data,
        # (a view module named after the container, its handlers routed from a URLconf,
        # serves routes as much as the URLconf does: no part)
        set(served_modules(index).serving), runtime_edges(graph),
        {n for n in names if domain_enclosed(n, tops, frozenset(KERNEL_NAMES))})


def settings_tables(index: ProjectIndex) -> set[str]:
    """Key-value settings stores: tables whose columns are a `key` and a `value` and
    nothing else (SETTINGS_EXTRA_COLUMNS aside). Every part of an application reads and
    writes its settings; the store is the platform's, not domain data: writing it makes
    no module a data owner."""
    return {table.name for table in index.tables
            if {c.name for c in table.columns} - SETTINGS_EXTRA_COLUMNS == {"key", "value"}}


def owned_tables(index: ProjectIndex, graph: CouplingGraph) -> dict[str, set[str]]:
    """The tables of each module of `data_owners`: those it maps or writes (a settings
    store, `settings_tables`, aside)."""
    return {module: set(found) for module, found in data_facts(index, graph).owned.items()}


def schema_modules(index: ProjectIndex, graph: CouplingGraph) -> set[str]:
    """Modules that create or migrate most of the schema without mapping a table with a
    model class: they write four tables or more, half of the project's tables or more (a
    `db.py` holding every CREATE TABLE, a migrations module). They are the platform's. A
    models module that maps most of the tables is left as it is: in one project it is the
    main domain's (`forum/models`), in another the model every domain shares."""
    facts = data_facts(index, graph)
    return {module for module, found in facts.written.items()
            if module not in facts.mapping and schema_sized(len(found), facts.tables)}


def find_roots(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig,
               imported: list[KernelModule] | None = None) -> list[KernelModule]:
    """The composition roots, each with the reason it was chosen. `imported`, if given,
    receives the modules taken for entry points by their names, or because they use
    nothing but roots, that application code imports (`entries.imported_entries`): no
    roots, and platform (the kernel's), since they build on the roots alone or are what
    the application starts from (a schema's `manage` module an organisation service calls)."""
    edges = runtime_edges(graph)
    shallow_top = _top_packages(index)

    groups_of: dict[str, str] = {}  # (asked four times for each edge between groups)

    def group(module: str) -> str:
        found = groups_of.get(module)
        if found is None:
            # (below a source folder or a namespace package, one level further down)
            found = groups_of[module] = group_of(
                module.split(".", 1)[1] if module.split(".", 1)[0] in shallow_top
                and "." in module else module)
        return found

    users: dict[str, set[str]] = defaultdict(set)
    uses: dict[str, set[str]] = defaultdict(set)
    bases_of = subclassed_by(graph)
    for source, target in edges:
        if group(source) != group(target):
            users[target].add(group(source))
            uses[source].add(group(target))
    factories, _ = factory_modules(index)
    # (a module holding route handlers is a view, whichever module declares its routes)
    served = served_modules(index).serving
    touches = data_facts(index, graph).touches
    groups = {group(m.name) for m in index.modules}
    wiring = max(8, len(groups) // 4)
    # On a small project an application factory wires half of the packages.
    most = max(3, len(groups) // 2)
    # Where several apps have a `urls` module side by side, the root URLconf is the one in
    # the project package, beside settings or the WSGI/ASGI module (Django's layout).
    names = {m.name for m in index.modules}
    url_packages = {n.rsplit(".", 1)[0] for n in names if n.endswith(".urls")}
    project_packages = {p for p in url_packages if any(
        f"{p}.{last}" in names for last in ("settings", "wsgi", "asgi"))} \
        if len(url_packages) > 1 else set()
    roots = declared(index, config)
    declared_urlconf = any(r.reason == DECLARED_REASONS["ROOT_URLCONF"] for r in roots)
    # Console scripts nothing imports are roots now; those the roots import, after the
    # clustering (`entries.script_roots`).
    from strangler.seams.entries import SCRIPT_ROOT, free_scripts

    scripts = free_scripts(index, edges)
    declared_names = {r.module for r in roots}
    # (a Django app's package named `app` is a domain's, not the application object)
    django_apps = app_config_packages(index)
    # (the settings beside the WSGI/ASGI module, however deep: Django's project package,
    # `pulpcore/app/settings.py` beside `wsgi.py`)
    django_projects = {name.rsplit(".", 1)[0] for name in names
                       if "." in name and name.rsplit(".", 1)[1] in ("wsgi", "asgi")}
    for module in index.modules:
        name = module.name
        if config.pinned_service(name) or matches(name, config.kernels) \
                or name in declared_names:
            continue
        parts = name.split(".")
        last = parts[-1]
        shallow = len(parts) - (parts[0] in shallow_top) <= 2
        if last in ENTRY_NAMES:
            roots.append(KernelModule(name, f"{last}: an entry point of the application"))
        elif name in scripts:
            roots.append(KernelModule(name, SCRIPT_ROOT))
        elif (shallow or last == "settings" and name.rsplit(".", 1)[0] in django_projects) \
                and (last in SETTINGS_NAMES or last.startswith("settings")) \
                and len(users[name]) <= 2:
            roots.append(KernelModule(name, "the application's settings"))
        elif shallow and last == "urls" and not declared_urlconf and name not in touches and (
                not project_packages or name.rsplit(".", 1)[0] in project_packages):
            roots.append(KernelModule(name, "the root URLconf"))
        elif name in factories and name not in served and name not in touches:
            roots.append(KernelModule(name, "defines the application factory"))
        elif shallow and last in APP_NAMES and name not in touches and len(users[name]) <= 2 \
                and name not in django_apps:
            roots.append(KernelModule(name, "the application object or factory"))
        elif ((len(uses[name]) >= wiring and len(users[name]) <= 1)
              or (len(uses[name]) >= most and len(users[name]) * 3 < len(uses[name]))) \
                and name not in served and name not in touches \
                and len(bases_of.get(name, ())) < BASE_USERS:
            roots.append(KernelModule(name, f"wires {len(uses[name])} packages together and "
                                            "serves no route and no table: it initializes "
                                            "the application"))
    roots.extend(settings_parts(index, config, {r.module for r in roots}))
    # The initializer an application factory delegates to (`SupersetAppInitializer`): only
    # a factory uses it and it wires many packages. It may define a route or two (an index
    # view) and still be the root; Django views are used by URLconfs, not factories.
    factory_roots = {r.module for r in roots} & factories
    importers: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        if source != target:
            importers[target].add(source)
    found = {r.module for r in roots}
    for module in index.modules:
        name = module.name
        if (name not in found and factory_roots and importers[name]
                and importers[name] <= factory_roots and len(uses[name]) >= wiring
                and name not in touches and not config.pinned_service(name)
                and not matches(name, config.kernels)):
            roots.append(KernelModule(name, f"only the application factory uses it and it "
                                            f"wires {len(uses[name])} packages: it "
                                            "initializes the application"))
    # Entry scripts and packages that only start the application (serve.py, a package
    # re-exporting create_app) are roots too; a module the application imports does not
    # start it (an e-mail helper importing `mail` from the factory's module): see below.
    depends_on: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        depends_on[source].add(target)
    root_set = {r.module for r in roots}
    grew = bool(root_set)
    while grew:
        grew = False
        for module in index.modules:
            targets = depends_on[module.name] - {module.name}
            if module.name not in root_set and targets and targets <= root_set \
                    and not config.pinned_service(module.name):
                roots.append(KernelModule(module.name, "only starts the application"))
                root_set.add(module.name)
                grew = True
    # An entry point is run, not imported: one that application code imports (the
    # `[wsgi]` options module of a settings package) is no entry point, whatever its name.
    from strangler.seams.entries import imported_entries

    started = {r.module for r in roots if r.module.rsplit(".", 1)[-1] in ENTRY_NAMES
               or r.reason == "only starts the application"}
    dropped = imported_entries(started, root_set, edges)
    if imported is not None:
        # (one that holds route handlers, a domain's `controllers/manage`, is a view: left
        # to the clustering, neither root nor kernel)
        views = served_modules(index).handling
        imported.extend(KernelModule(r.module, IMPORTED_ENTRY) for r in roots
                        if r.module in dropped and r.module not in views)
    return [r for r in roots if r.module not in dropped]


DECLARED_REASONS = {
    "ROOT_URLCONF": "the root URLconf (ROOT_URLCONF in the settings)",
    "WSGI_APPLICATION": "the WSGI entry point (WSGI_APPLICATION in the settings)",
    "ASGI_APPLICATION": "the ASGI entry point (ASGI_APPLICATION in the settings)",
}


def app_config_packages(index: ProjectIndex) -> set[str]:
    """Packages that are a Django app and not the project package: they hold an `apps`
    module or their `__init__` subclasses a project class named `*AppConfig` (a plugin
    framework's config base), and hold no `urls`, `wsgi` or `asgi` module beside their
    settings. Saleor's `app/` (third-party apps, with `apps.py` and models) and a plugin's
    `pulp_file/app/` (its AppConfig in `__init__`) are such packages: named like the
    application object, they are a domain's."""
    names = {m.name for m in index.modules}
    packages = {m.name for m in index.modules if m.is_package}
    configured = {use.source for use in index.uses
                  if use.kind == "base" and use.source in packages
                  and use.name.endswith("AppConfig")}
    return {name for name in packages
            if (f"{name}.apps" in names or name in configured)
            and not any(f"{name}.{last}" in names for last in ("urls", "wsgi", "asgi"))}


def declared(index: ProjectIndex, config: SeamConfig) -> list[KernelModule]:
    """The roots the project's settings name (`ProjectIndex.declared_roots`): what the
    project says comes before any rule on names. A module pinned to a service or to the
    kernel is left to the pin."""
    roots: dict[str, KernelModule] = {}
    for module, setting in index.declared_roots:
        if module not in roots and not config.pinned_service(module) \
                and not matches(module, config.kernels):
            roots[module] = KernelModule(module, DECLARED_REASONS[setting])
    return list(roots.values())


def factory_modules(index: ProjectIndex) -> tuple[set[str], set[str]]:
    """The modules an application factory (`create_app`) is used or imported from, and
    among them those that define it: not a package that imports it to re-export it."""
    # (a call of a factory's name counts where the module binds that name: a stale call of
    # a function the module no longer defines names no factory)
    definers = set(index.factory_definers)
    factories = {use.target for use in index.uses
                 if use.name in APP_FACTORY_NAMES and use.target in definers}
    factories |= {imp.target for imp in index.imports if imp.name in APP_FACTORY_NAMES}
    return factories, factories - {imp.source for imp in index.imports
                                   if imp.name in APP_FACTORY_NAMES}


def factory_roots(index: ProjectIndex, config: SeamConfig, grouping: Grouping
                  ) -> tuple[Grouping, list[KernelModule]]:
    """The module that defines the application factory (`create_app`), found in a group
    after the clustering: `find_roots` passed it by because it reads a table at start-up
    (a user loader, the plugin registry), as factories do. It is a root, not a service's
    code; it took part in the clustering, whose groups it leaves as they are (taking it
    out before, the glue it is between a seam's parts split them apart). A package that
    only re-exports the factory is not it, nor is a module serving routes or pinned."""
    _, definers = factory_modules(index)
    served = served_modules(index).serving
    found = {m for _, members in grouping.groups for m in members
             if m in definers and m not in served and not config.pinned_service(m)
             and not matches(m, config.kernels)}
    if not found:
        return grouping, []
    return (grouping.without(found),
            [KernelModule(m, "defines the application factory (it also reads tables at "
                             "start-up)") for m in sorted(found)])


def _top_packages(index: ProjectIndex) -> set[str]:
    """Top-level names that are a source folder rather than the package: `src`, and the
    namespace package the application lives in (`acme` of `acme/shop/app.py`, see
    `words.namespace_prefix`)."""
    from strangler.seams.words import namespace_prefix

    namespace = namespace_prefix(m.name for m in index.modules).rstrip(".")
    return {namespace} - {""} | {
        m.name.split(".")[0] for m in index.modules if m.name.split(".")[0] == "src"}


FAMILY = 3  # subclasses beside their base that make a family of backends
FACADE_MIN = 3  # submodules an `__init__` imports that make it their facade (`spread_packages`)


def family_bases(index: ProjectIndex, graph: CouplingGraph, owners: set[str]) -> set[str]:
    """Base classes of a family of backends: a module subclassed by FAMILY modules or more
    of its own package that map no table, write none and serve no route (database engine
    specs, payment providers, storage drivers beside their `base`). The base is the
    family's, like its members; ORM and view base classes, whose subclasses own tables or
    serve routes, are the platform's."""
    # (routes a subclass declares: counting its handlers too cost Indico 0.004 ARI over
    # ten seeds and moved no other project; docs/decisions.md, helper served10)
    return set(families(index, graph, owners))


def families(index: ProjectIndex, graph: CouplingGraph, owners: set[str]
             ) -> dict[str, set[str]]:
    """`family_bases` with their members: base -> the modules of its package subclassing it."""
    served = served_modules(index).declaring
    members: dict[str, set[str]] = defaultdict(set)
    for source, target in base_edges(graph):
        if ("." in source and "." in target
                and source.rsplit(".", 1)[0] == target.rsplit(".", 1)[0]):
            members[target].add(source)
    return {base: found for base, found in members.items()
            if len(found) >= FAMILY and not found & (owners | served)}


def family_fronts(found: Mapping[str, AbstractSet[str]],
                  imports_of: Mapping[str, AbstractSet[str]]) -> set[str]:
    """The package `__init__`s that front a family of backends: the package of a family
    base (`family_bases`) whose `__init__` imports one of the family's members at run time
    (the default driver, or the one chosen by a setting: `content_fetchers/__init__`
    importing `content_fetchers/requests`, whose `fetcher` subclasses `base.Fetcher`).
    Many domains use such a package through its `__init__`, but what they use is the
    family: the front is the family's domain code, like the base, not the platform's; were
    it kernel, every driver it picks would follow it as "used only by the shared kernel".
    (`find_kernel` leaves out a package named as platform code, `KERNEL_NAMES`: a `types`
    package re-exporting the framework's base types and their variants is the platform's.)"""
    fronts: set[str] = set()
    for base, members in found.items():
        package = base.rpartition(".")[0]
        if package and imports_of.get(package, set()) & members:
            fronts.add(package)
    return fronts


# The share of the project's domain units (3 at least) that makes a platform-named module
# kernel when the first, kernel-blind grouping hides its breadth (a package-per-domain
# project whose first pass puts the users of `exceptions` or `utils/database` in one or two
# groups); other modules need 30%, the share of first-pass groups that makes any module
# kernel. Read after the clustering (`find_kernel`'s `late`), so it cannot reshape the seams.
UNIT_SHARE = 20

DATA_USES = 3  # table uses that show a module works on one domain's data


def counted_units(units: dict[str, str]) -> int:
    """The domain units the unit breadth bars of `find_kernel` are shares of: the units of
    two modules or more (a package of one module is no domain whose use counts). In a flat
    package no unit holds two modules, each module being a leaf unit of its own: then all
    units count. Counting none there dropped the bars to their floor of three, and the
    modules that three others import (the application's own model, views and file store)
    went to the kernel with its helpers, leaving too little to cut into seams."""
    sizes = Counter(units.values())
    several = sum(1 for n in sizes.values() if n >= 2)
    return several or len(sizes)


def domain_data_users(index: ProjectIndex, graph: CouplingGraph, clusters: dict[str, str]
                      ) -> set[str]:
    """Modules that work on one domain's data: DATA_USES table uses (module, table) or
    more, more than two thirds of them of tables mapped in the module's own first-pass
    domain (`clusters`). The catalog's dictization and search index read the catalog's
    tables: they are the catalog's code, however many plugins call them; a kernel holds no
    domain's data. One join to another domain's table (an order's customer) leaves a
    domain's GraphQL types or loaders the domain's; a helper reading two domains' tables
    evenly is shared. A module that maps most of the schema itself (every model in one
    `models/__init__.py`), or reads a schema's worth of the tables such a module maps (a
    database interface handing every model class to the queries), is judged as a schema,
    not as one domain's code: the group the schema sits in says nothing of it."""
    mapped: dict[str, set[str]] = defaultdict(set)
    mapping: dict[str, set[str]] = defaultdict(set)  # module -> the tables it maps
    for table in index.tables:
        for model in table.models:
            mapping[model.module].add(table.name)
            if model.module in clusters:
                mapped[table.name].add(clusters[model.module])
    tables = data_facts(index, graph).tables
    schema_tables = {t for found in mapping.values() if schema_sized(len(found), tables)
                     for t in found}
    uses: dict[str, list[str]] = defaultdict(list)
    for link in graph.table_access:
        uses[link.module].append(link.table)
    found: set[str] = set()
    for module, used in uses.items():
        if len(used) < DATA_USES or module not in clusters:
            continue
        if schema_sized(len(mapping[module]), tables):
            continue  # a schema module (see data_owners)
        if schema_sized(len(set(used) & schema_tables), tables):
            continue  # (reading a schema's worth of its tables: a database interface)
        own = sum(1 for t in used if mapped.get(t) == {clusters[module]})
        if own * 3 > len(used) * 2:
            found.add(module)
    return found


# The reasons `find_kernel` gives a module chosen by how many domains use it (below); read by
# `kernel_returns`, which re-checks those choices against the final seams. Keep in step.
BREADTH_REASONS = re.compile(
    r"(?:no tables of its own|maps \d+ of the project's \d+ tables, the schema: the "
    r"platform's, not one domain's data)[;,] used by \d+ (of the \d+ module groups|domains)")


def schema_mappers(index: ProjectIndex, graph: CouplingGraph) -> dict[str, tuple[int, int]]:
    """Modules that map or write so many tables that they are the schema, not one domain's
    data (`index_facts.schema_sized`): module -> (its tables, the project's tables). They
    are no data owners, but do map tables, and a reason must say so, not "no tables of its
    own" (`pgadmin.model`, `kallithea.model.db` declare every table)."""
    settings = settings_tables(index)
    found: dict[str, set[str]] = defaultdict(set)
    for table in index.tables:
        for model in table.models:
            if table.name not in settings:
                found[model.module].add(table.name)
    for link in graph.table_access:
        if link.writes and link.table not in settings:
            found[link.module].add(link.table)
    total = data_facts(index, graph).tables
    return {module: (len(tables), total) for module, tables in found.items()
            if schema_sized(len(tables), total)}


def own_tables_phrase(module: str, schema: dict[str, tuple[int, int]]) -> str:
    """"no tables of its own", or for a schema module how many tables it maps."""
    if module in schema:
        mapped, total = schema[module]
        return (f"maps {mapped} of the project's {total} tables, the schema: the platform's, "
                "not one domain's data")
    return "no tables of its own"


def find_kernel(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig,
                clusters: dict[str, str], roots: Iterable[str],
                enclosed: set[str] | None = None, late: list[KernelModule] | None = None
                ) -> list[KernelModule]:
    """The shared kernel: modules without domain data whose users sit in many domains.

    `clusters` is a first, kernel-blind grouping of the modules into domains; a module's
    breadth is the number of those domains, other than its own, that use it, or the number
    of the project's domain units (`words.domain_units`) when half of them use it.
    `enclosed`, if given, receives the modules a platform name would have made kernel but
    that a domain's package encloses (`enclosed.domain_enclosed`). `late`, if given,
    receives the modules outside a domain's package that the first grouping shows too
    narrow but 30% of the project's domain units use (UNIT_SHARE percent for a platform
    name): kernel too, but taken out only after the clustering, which they join as any
    module does (`seam_core`); without `late` they are not kernel."""
    from strangler.seams.words import MAX_SHARE, children_of, command_words, module_words

    edges = runtime_edges(graph)
    root_set = set(roots)
    owners = data_owners(index, graph)
    schema = schema_mappers(index, graph)
    # Domain code without tables of its own (`models/payments` beside `crud/payments`, which
    # writes the payments table) shares a domain word with code that owns tables.
    words = module_words(index)
    counts: dict[str, int] = defaultdict(int)
    for found in words.values():
        for word in found:
            counts[word] += 1
    # (the words of the schema's one models module name where the schema is stored, never a
    # domain: `db/sqla/models` beside `db/sqla/util`, which writes the bootstrap rows, leaves
    # `sqla` no domain word for `db/sqla/constants`)
    storage_words = {w for m in schema for w in words.get(m, ())}
    owned_words = {w for m in owners for w in words.get(m, ()) if counts[w] <= MAX_SHARE
                   and w not in storage_words}
    named_for_data = {m for m, found in words.items() if found & owned_words}
    # Named for data only through a command script's own name (`update_attribute_file_urls`
    # makes `file` look owned): kernel if its breadth says so, but taken out after the
    # clustering, as `late`, so that the seams keep the shape they had with it inside.
    domain_words = {w for m in owners for w in words.get(m, frozenset()) - command_words(m)
                    if counts[w] <= MAX_SHARE}
    script_named = {m for m in named_for_data if not words[m] & domain_words}
    # A package that re-exports its own submodules is their facade, not a shared helper.
    children = children_of(m.name for m in index.modules)
    imports_of: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        imports_of[source].add(target)
    # A facade over code without data (a configuration-declaration package) is judged on
    # its breadth like any helper.
    facades = {m.name for m in index.modules
               if m.is_package and len(fronted := imports_of[m.name] & children[m.name]) >= 3
               and fronted & (owners | named_for_data)}
    found_families = families(index, graph, owners)
    bases = set(found_families)
    fronts = {m for m in family_fronts(found_families, imports_of)
              if not name_parts(m, project_packages(index)) & KERNEL_NAMES}
    domain_code = domain_data_users(index, graph, clusters)
    # The base of a layer package (`forms/__init__`'s BaseForm, `forms/fields`): kernel
    # before the clustering, or it glues the layer's modules into one seam.
    from strangler.seams.layer_bases import layer_bases, plugin_frameworks

    scaffolds = layer_bases(index, graph)
    # (a base most of the layer's domains use, even one touching a table: `broad_bases`)
    from strangler.seams.broad_bases import broad_layer_bases

    broad = broad_layer_bases(index, graph)
    scaffolds = {**broad, **scaffolds}
    frameworks = plugin_frameworks(index, graph)
    parts_of = _framework_parts(index, graph, frameworks)
    # `services/settings` beside `crud/settings`, which writes the settings table: one
    # domain's layers, not a settings module of the platform.
    from strangler.seams.layer_families import mirrored_layers, slice_families

    mirrored = mirrored_layers((m.name for m in index.modules), owners)
    # (`models/lnurl`, `services/lnurl`, `views/lnurl_api`: a slice of three layers)
    mirrored |= slice_families(m.name for m in index.modules)
    users: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        if source in clusters and target in clusters and clusters[source] != clusters[target]:
            users[target].add(clusters[source])
    sizes: dict[str, int] = defaultdict(int)
    for label in clusters.values():
        sizes[label] += 1
    domains = sum(1 for n in sizes.values() if n >= 2)
    most = max(3, -(-domains * 3 // 10))  # ceil(30%)
    # Breadth over the project's own domain units too (Django apps, plugins, domain
    # packages): a first grouping that follows layers (every app's `graphql` together with
    # the framework's base types) hides a base package that every app uses.
    from strangler.seams.words import domain_units

    units = domain_units(sorted(clusters))
    unit_users: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        if source in units and target in units and units[source] != units[target]:
            unit_users[target].add(units[source])
    unit_domains = counted_units(units)
    # (`models/deployments` over the `deployment` table of the schema's one models module)
    from strangler.seams.named_data import named_data_modules

    facts = data_facts(index, graph)
    domain_code |= named_data_modules(
        units, facts.maps, {t.name: [m.name for m in t.models] for t in index.tables},
        facts.tables, ((link.module, link.table) for link in graph.table_access))
    unit_most = max(3, -(-unit_domains // 2))  # half of the units: a base every app uses
    unit_some = max(3, -(-unit_domains * UNIT_SHARE // 100))  # a platform name's bar
    unit_many = max(3, -(-unit_domains * 3 // 10))  # 30%, as for the first-pass groups
    kernel: list[KernelModule] = []
    tops = project_packages(index)
    # (a platform name counts for breadth only outside a domain's package)
    from strangler.seams.enclosed import domain_enclosed, platform_tops

    platform = platform_tops(m.name for m in index.modules)
    for module in index.modules:
        name = module.name
        if name in root_set or config.pinned_service(name):
            continue
        parts = name_parts(name, tops)
        # (`of`: every group a user may sit in, single modules too, as `breadth` counts)
        breadth, of = len(users[name]), len(sizes)
        if breadth < most and len(unit_users[name]) >= unit_most:
            breadth, of = len(unit_users[name]), len(set(units.values()))
            threshold = unit_most
        else:
            threshold = most
        if matches(name, config.kernels):
            kernel.append(KernelModule(name, "marked as shared kernel in the configuration"))
        elif name in scaffolds and (name not in owners or name in broad):
            layer = name if name in children else name.rsplit(".", 1)[0]
            kernel.append(KernelModule(
                name, f"the base of the layer package {layer}, used by its modules of "
                      f"{scaffolds[name]} domains, with {own_tables_phrase(name, schema)}"
                      .replace("with maps", "that maps")))
        elif name in frameworks and name not in owners:
            kernel.append(KernelModule(
                name, "the plugin framework: its plugins register through it, and no module "
                      "of its package has tables"))
        elif name in parts_of and name not in owners:
            kernel.append(KernelModule(
                name, f"a part of the plugin framework {parts_of[name]}: no tables of its "
                      "own, named after its container or called by its plugins"))
        elif (name in owners or name in named_for_data - script_named or name in facades
              or name in bases or name in fronts or name in domain_code
              or name in mirrored):
            continue
        elif name in script_named:
            if late is not None and (breadth >= threshold or breadth >= 2 and parts & KERNEL_NAMES
                                     and not domain_enclosed(name, platform,
                                                             frozenset(KERNEL_NAMES))):
                late.append(KernelModule(name, f"{own_tables_phrase(name, schema)}; used by "
                                               f"{breadth} of the {of} module groups"))
        elif breadth >= threshold:
            kernel.append(KernelModule(name, f"{own_tables_phrase(name, schema)}; used by "
                                             f"{breadth} of the {of} module groups"))
        elif breadth >= 2 and parts & KERNEL_NAMES:
            if domain_enclosed(name, platform, frozenset(KERNEL_NAMES)):
                if enclosed is not None:
                    enclosed.add(name)
                continue
            kernel.append(KernelModule(
                name, f"a {'/'.join(sorted(parts & KERNEL_NAMES))} module with no tables of "
                      f"its own, used by {breadth} domains"))
        elif (late is not None
              and len(unit_users[name]) >= (unit_some if parts & KERNEL_NAMES else unit_many)
              and not domain_enclosed(name, platform, frozenset(KERNEL_NAMES))):
            # (taken out after the clustering: taken out before it, they change which
            # modules cluster together, and a rule right module by module scores lower)
            kind = f"a {'/'.join(sorted(parts & KERNEL_NAMES))} module" if parts & KERNEL_NAMES \
                else "a module"
            late.append(KernelModule(
                name, f"{kind} with no tables of its own, used by {len(unit_users[name])} of "
                      f"the project's {unit_domains} domain units"))
    # Modules only the kernel uses, from two kernel modules or more (a base class, say),
    # belong to the kernel too, unless they own data.
    members = {k.module for k in kernel}
    dependents = runtime_users(graph)
    changed = True
    while changed:
        changed = False
        for module in index.modules:
            name = module.name
            users_of = dependents.get(name, frozenset())
            if (name in members or name in root_set or name in owners or len(users_of) < 2
                    or config.pinned_service(name)):
                continue
            if users_of <= members:
                kernel.append(KernelModule(name, "used only by the shared kernel"))
                members.add(name)
                changed = True
    return kernel


# Example, demo and test-support code: shipped beside the application, never part of a service.
EXAMPLE_PART = re.compile(r"(^|_)(examples?|demos?|testing|mocks?|testutils|conftest)($|_)"
                          r"|test_(data|utils|helpers|support)")
# Fixtures, and generators of dummy or fake data (`dummy_generator`, `fake_data`,
# `create_fake_admin`): test and demo support, unless the application loads them at run
# time. A fake backend of the application itself (`wallets/fake`) is no generator.
FIXTURE_PART = re.compile(r"(^|_)fixtures?($|_)"
                          r"|(^|_)(dummy|fake)_(data|generators?)($|_)"
                          r"|^(create|generate|make)_(dummy|fake)($|_)")


def example_kind(module: str) -> Literal["example", "fixture"] | None:
    """`example`, `fixture` or None, from the words of a module's name."""
    for part in module.lower().split("."):
        if EXAMPLE_PART.search(part):
            return "example"
        if FIXTURE_PART.search(part):
            return "fixture"
    return None


def find_examples(index: ProjectIndex, graph: CouplingGraph) -> list[KernelModule]:
    """Example, demo, fixture and test-support modules (`ckanext.example_*`, `*_demo`,
    `testing`, `mock_data`). Fixtures that the application itself loads at run time (default
    settings and groups, say) are kept: they are its data, not test support."""
    kinds = {m.name: kind for m in index.modules if (kind := example_kind(m.name))}
    used_by_app: set[str] = set()
    for source, target in runtime_edges(graph):
        if target in kinds and source not in kinds:
            used_by_app.add(target)
    return [KernelModule(name, f"{kind} code, left out of the proposal")
            for name, kind in sorted(kinds.items())
            if kind == "example" or name not in used_by_app]


def platform_groups(index: ProjectIndex, graph: CouplingGraph, grouping: Grouping
                    ) -> tuple[Grouping, list[KernelModule]]:
    """Groups that are platform, not services, and the kernel modules they become.

    A group is platform when it serves no route and owns no table (maps none, writes
    none), most of its modules carry a platform name (`config`, `i18n`, `lib`, `utils`...),
    and 30% of the groups that are services by their data (a member serves a route or owns
    a table; two at least) use it: configuration declarations, templating and i18n found
    together by the clustering, a database layer (trac's `db/*`, which the domains reach
    through the environment object, not by import). A group of integrations without routes or tables
    (payment backends, say) has domain names and stays a service. A group without the
    platform names is platform too when it stands below the groups that use it, is used
    directly, carries no word of a route-serving module and is no family of implementations
    (`platform_below.below_groups`: a thread helper and file utilities named for what they
    do)."""
    from strangler.seams.platform_below import below_groups

    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    served = served_modules(index).serving
    owners = data_owners(index, graph)
    users: dict[int, set[int]] = defaultdict(set)
    for source, target in runtime_edges(graph):
        a, b = label.get(source), label.get(target)
        if a is not None and b is not None and a != b:
            users[b].add(a)
    # (30% of the groups that are services by their data: those that serve a route or own
    # a table; a group without either is no service whose use counts)
    service_groups = {i for i, (_, members) in enumerate(grouping.groups)
                      if any(m in served or m in owners for m in members)}
    services = len(service_groups)
    need = max(2, -(-services * 3 // 10))  # ceil(30%)
    # (a group below the others: two services at least use it, so that a project, or a
    # part of it, without routes or tables has no group below the others)
    service_users = {i: found & service_groups for i, found in users.items()}
    tops = project_packages(index)
    kept: list[tuple[str, tuple[str, ...]]] = []
    moved: list[KernelModule] = []
    bases = list(base_edges(graph))
    below = {i for i in below_groups([members for _, members in grouping.groups],
                                     users, runtime_edges(graph), bases, served,
                                     tops | KERNEL_NAMES | {"__init__"})
             if len(service_users.get(i, ())) >= 2}
    for i, (pinned, members) in enumerate(grouping.groups):
        named = sum(1 for m in members if name_parts(m, tops) & KERNEL_NAMES)
        if (not pinned and len(users[i]) >= need and (named * 2 > len(members) or i in below)
                and not any(m in served or m in owners for m in members)):
            below_them = "" if named * 2 > len(members) else \
                ", and it stands below them (no platform names)"
            moved.extend(KernelModule(m, f"platform: its group serves no route, owns no "
                                         f"table and {len(users[i])} groups use it"
                                         f"{below_them}")
                         for m in members)
        else:
            kept.append((pinned, members))
    return Grouping(tuple(kept), grouping.choice), moved


def spread_packages(index: ProjectIndex, graph: CouplingGraph, grouping: Grouping,
                    kernel: Iterable[str], isolated: Iterable[str], excluded: Iterable[str],
                    *, late: bool = False) -> tuple[Grouping, list[KernelModule]]:
    """Package `__init__` modules whose direct submodules are spread over the kernel and
    two seams or more, none holding a majority: a layer's container (`commands/`, `daos/`,
    `lib/`) is shared by the domains, not one domain's. A namespace of packages (`ckanext/`,
    one package per plugin) spread over three seams or more is too, with no kernel child.
    Such an `__init__` with no data of its own (it maps and writes no table) joins the
    kernel. Linear in modules.

    `late`: the same test once more after the placements that follow the clustering (app
    splits, blueprint pieces, layer rejoins, kind homes) have spread a container's children
    that the clustering had kept together (`tools/`, one package per tool, each a seam of
    its own only after the blueprint split). Only spread containers move then: a package
    most of whose modules are kernel was judged by the first pass, and later rules that
    took its `__init__` out of the kernel had their reasons."""
    label: dict[str, str] = {m: f"g{i}" for i, (_, members) in enumerate(grouping.groups)
                             for m in members}
    kernel_set = set(kernel)
    for name in kernel_set:
        label[name] = "kernel"
    pinned = {m for name, members in grouping.groups if name for m in members}
    skip = set(excluded) | pinned | kernel_set
    children: dict[str, list[str]] = defaultdict(list)
    for module in index.modules:
        if "." in module.name:
            children[module.name.rsplit(".", 1)[0]].append(module.name)
    owners = data_owners(index, graph)
    packages = {m.name for m in index.modules if m.is_package}
    candidates = ({m for _, members in grouping.groups for m in members} | set(isolated))
    # (an `__init__` that re-exports three of its submodules or more is their facade)
    fronts: dict[str, int] = defaultdict(int)
    for source, target in set(runtime_edges(graph)):
        if target.rsplit(".", 1)[0] == source and "." in target:
            fronts[source] += 1
    # (a package whose `__init__` defines the application factory is the application's
    # root, not a container of the domains: `factory_roots` takes it after the clustering)
    _, definers = factory_modules(index)
    skip |= definers - served_modules(index).serving
    moved: list[KernelModule] = []
    for module in index.modules:
        name = module.name
        if not module.is_package or name not in candidates or name in skip or name in owners:
            continue
        places = Counter(label[c] for c in children.get(name, ()) if c in label)
        total = sum(places.values())
        if places["kernel"] * 2 > total and not late:
            held = "which is" if total == 1 else "most of them"
            moved.append(KernelModule(name, f"the package of {plural(total, 'module')}, "
                                            f"{held} in the kernel"))
        elif (len(places) >= 3 and max(places.values()) * 2 <= total
              and (places["kernel"] or all(c in packages for c in children[name])
                   or fronts[name] >= FACADE_MIN)):
            seams = len(places) - (1 if places["kernel"] else 0)
            moved.append(KernelModule(name, f"the package of {total} modules spread over "
                                            f"{seams} seams" + (" and the kernel"
                                                                if places["kernel"] else "")))
    return grouping.without({k.module for k in moved}), moved


def kernel_only_users(grouping: Grouping, graph: CouplingGraph, kernel: Iterable[str],
                      owners: AbstractSet[str], served: AbstractSet[str],
                      ignored: AbstractSet[str], fixed: AbstractSet[str],
                      isolated: Iterable[str] = ()) -> tuple[Grouping, list[KernelModule]]:
    """`find_kernel`'s last rule once more, after the platform passes that run after the
    clustering (platform groups, the roots' wiring, the platform's plugins) grew the
    kernel: a grouped module that two modules or more use at run time, all of them kernel
    (test support and examples left out, `ignored`), that owns no data (`owners`) and serves
    no route (`served`: a view module the kernel's URLconf imports is a domain's page), is
    the kernel's own part (trac's `log`, used by the environment and the logging admin
    panel, both kernel only after the clustering). Pinned groups and modules a lever names
    (`fixed`) stay. A module left out of the clustering (`isolated`: its only couplings
    were to the kernel, taken out first) needs one such user: a data module behind one
    kernel module (a table of language names behind the platform's language helper) is
    that module's part, as `kernel_only_groups` has it for a group. Repeated until nothing
    moves; linear in the edges each time."""
    members = set(kernel)
    dependents = runtime_users(graph)
    pinned = {m for pin, group in grouping.groups if pin for m in group}
    grouped = sorted(m for _, group in grouping.groups for m in group
                     if m not in pinned and m not in fixed and m not in owners
                     and m not in served)
    alone = {m for m in isolated if m not in fixed and m not in owners and m not in served
             and m not in ignored}
    moved: list[KernelModule] = []
    changed = True
    while changed:
        changed = False
        for name in sorted({*grouped, *alone}):
            users_of = dependents.get(name, frozenset()) - ignored
            if name not in members and len(users_of) >= (1 if name in alone else 2) \
                    and users_of <= members:
                moved.append(KernelModule(name, "used only by the shared kernel"))
                members.add(name)
                changed = True
    return grouping.without({k.module for k in moved}), moved


def kernel_only_groups(index: ProjectIndex, graph: CouplingGraph, grouping: Grouping,
                       kernel: Iterable[str]) -> tuple[Grouping, list[KernelModule]]:
    """Groups that only the kernel uses: no other group imports or calls them, kernel
    modules do, and they serve no route and touch no table (SQL dialects behind the
    kernel's SQL parser, say). They are the kernel's own parts; the module-level rule
    ("used only by the shared kernel") needs two kernel users, which a small helper
    package behind one kernel module does not have."""
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    kernel_set = set(kernel)
    served = served_modules(index).serving
    touches = data_facts(index, graph).touches
    used_by_groups: set[int] = set()
    used_by_kernel: set[int] = set()
    for source, target in runtime_edges(graph):
        b = label.get(target)
        if b is None:
            continue
        a = label.get(source)
        if a is not None and a != b:
            used_by_groups.add(b)
        elif source in kernel_set:
            used_by_kernel.add(b)
    kept: list[tuple[str, tuple[str, ...]]] = []
    moved: list[KernelModule] = []
    for i, (pinned, members) in enumerate(grouping.groups):
        if (not pinned and i in used_by_kernel and i not in used_by_groups
                and not any(m in served or m in touches for m in members)):
            moved.extend(KernelModule(m, "used only by the shared kernel (with its group)")
                         for m in members)
        else:
            kept.append((pinned, members))
    return Grouping(tuple(kept), grouping.choice), moved
