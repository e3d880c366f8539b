"""Plugin families: the implementations of a package's extension points are one domain.

A package P is a plugin family when FAMILY of its children or more (`query_runner/pg`,
`plugins/dispatch_slack/`) each hold a subclass of a base class that lives in P itself (its
`__init__`, `query_runner/__init__`; a `bases/` package of abstract plugin types,
`plugins/bases/conference`) and hold no table and no route: they are plugins of one kind,
the vertical slice "integrations" or "data sources", as one package is in the packages
baseline. A layer package (`forms/`, `views/`: each child another domain's) is no family.
Two rules follow:

- `family_strays`: a member that the coupling placed away from the group holding most of
  the family's modules (a majority, two or more; not a pinned group) rejoins that group,
  whole, as `apps.app_strays` does for an app; a member the kernel took for its breadth
  (one plugin reused by another) rejoins too, if it is itself a plugin (it subclasses a
  base of the family). A member holding a module that owns a table stays with its data;
  one serving routes stays with them, unless P is a plugin container (`plugins/`): a
  domain app whose service subclasses a shared base (`apps/billing` on `apps/common`) is
  not moved into the biggest app's seam, while Dispatch's Slack plugin, with its event
  routes, still gathers with the other plugins. One named after a domain of the group
  it sits in is that domain's adapter (`plugins/webhook` with `webhook/`) and stays too.
- `extension_kernel`: the modules of P's child package that holds the bases of three
  members or more (`plugins/bases/`), outside every member, with no table and no route,
  are the plugin framework: kernel, as a Django project package is. Left in the group of
  the plugins that subclass them, they glue the framework to one plugin seam.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.index_facts import base_edges, served_modules
from strangler.seams.propose import Grouping
from strangler.seams.words import LAYER_WORDS, PLUGIN_CONTAINERS, singular

FAMILY = 3  # members (plugins) that make a package a plugin family


@dataclass(frozen=True)
class Family:
    """A plugin family: its package, its members (child module or package names) and the
    base modules in it that the members subclass (module -> members subclassing it)."""

    package: str
    members: frozenset[str]
    plugins: frozenset[str]  # modules that subclass a base of the family
    bases: tuple[tuple[str, frozenset[str]], ...]
    settled: frozenset[str] = frozenset()  # members holding a module that owns a table
    routed: frozenset[str] = frozenset()  # members holding a module that serves a route


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _member(module: str, package: str) -> str | None:
    """`package.child` holding `module`, or None when it is not below `package`."""
    if not module.startswith(package + "."):
        return None
    return package + "." + module[len(package) + 1:].split(".", 1)[0]


def plugin_families(index: ProjectIndex, graph: CouplingGraph, owners: set[str]
                    ) -> list[Family]:
    """The plugin families of a project (see the module docstring). A base's family
    package is the nearest package holding both the base and its subclass, never a
    top-level package (ORM and view bases subclassed all over the application are the
    platform's). A child holding tables or routes is no plugin, nor is a child holding
    bases that other children subclass (`plugins/bases/`: the framework)."""
    packages = {m.name for m in index.modules if m.is_package}
    # (the handler's module, not the module that registers the route: a Flask app that
    # registers every route in `blueprint.py` serves them from its controllers)
    served = served_modules(index).serving
    subclasses: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    plugins: dict[str, set[str]] = defaultdict(set)
    for source, base in base_edges(graph):
        package = base if base in packages else base.rpartition(".")[0]
        while package and not _under(source, package):
            package = package.rpartition(".")[0]
        if "." not in package or package.rsplit(".", 1)[1].lower() in LAYER_WORDS:
            continue  # (`forms/`, `views/`: a layer, each child a different domain's)
        member = _member(source, package)
        if member is None or _under(base, member):
            continue
        subclasses[package][base].add(member)
        plugins[package].add(source)
    modules = sorted(m.name for m in index.modules)
    found: list[Family] = []
    for package in sorted(subclasses):
        holders = {_member(base, package) for base in subclasses[package]} & packages
        # (a view or model family: its subclasses serve routes or map tables)
        bad = {_member(m, package) for m in plugins[package] if m in owners or m in served}
        members = {m for by in subclasses[package].values() for m in by} - bad - holders
        if len(members) < FAMILY or domain_package(
                package, {m for by in subclasses[package].values() for m in by} - holders,
                owners, served):
            continue
        bases = tuple(sorted((base, frozenset(by)) for base, by in
                             subclasses[package].items()))
        settled = {_member(m, package) for m in modules if m in owners} & members
        # (a child of `plugins/` serving routes is a plugin with its endpoints, Dispatch's
        # Slack events; a child of `apps/` serving routes is a domain of its own)
        routed = set() if package.rsplit(".", 1)[-1].lower() in PLUGIN_CONTAINERS else {
            _member(m, package) for m in modules if m in served} & members
        found.append(Family(package, frozenset(members), frozenset(
            p for p in plugins[package] if _member(p, package) in members), bases,
                            frozenset(m for m in settled if m is not None),
                            frozenset(m for m in routed if m is not None)))
    return found


def domain_package(package: str, members: Iterable[str], owners: set[str],
                   served: AbstractSet[str]) -> bool:
    """Whether the children `members` of `package` are domains rather than plugins: more
    than half of them hold a module that owns a table or serves a route. Plugins implement
    a few extension points and own little data; the domain packages of a modular monolith
    (`modules/<domain>/` with its models, blueprint and controllers) subclass each other's
    base controllers too, but each owns tables and routes: a package of domains, no family."""
    members = set(members)
    domains = {_member(m, package) for m in owners | served} & members
    return len(domains) * 2 > len(members)


def _key(word: str) -> str:
    return singular(word.lower()).replace("_", "")


def family_strays(grouping: Grouping, kernel: Iterable[KernelModule], families: list[Family],
                  units: dict[str, str], fixed: Iterable[str] = ()
                  ) -> tuple[Grouping, list[KernelModule]]:
    """Members of a family placed away from its home group rejoin it (see the module
    docstring). A member named after a domain unit (`units`, `words.domain_units`) of the
    group it sits in stays: it is that domain's adapter (`plugins/webhook` beside
    `webhook/`). `fixed`: modules the user keeps where they are (`together` and `kernels`
    globs). Returns the grouping and the kernel modules that stay."""
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    hosts: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for module, i in label.items():  # group -> domain word of a unit -> its modules there
        unit = units.get(module, module)
        word = unit[5:] if unit.startswith("word:") else unit.rsplit(".", 1)[-1]
        hosts[i][_key(word)].add(module)
    kernel = list(kernel)
    fixed = set(fixed)
    moves: dict[str, int] = {}
    for family in families:
        # (a plugin the user pinned elsewhere is no vote: pinning one plugin must not
        # leave the rest of its family without a majority, split as the coupling left it)
        votes = Counter(i for m, i in label.items() if _member(m, family.package)
                        in family.members and not grouping.groups[i][0] and m not in fixed)
        if not votes:
            continue
        home, count = min(votes.items(), key=lambda item: (-item[1], item[0]))
        if count < 2 or count * 2 <= sum(votes.values()) or grouping.groups[home][0]:
            continue
        stays = family.settled | family.routed
        for module, i in label.items():
            member = _member(module, family.package)
            if (i != home and not grouping.groups[i][0] and module not in fixed
                    and member in family.members and member not in stays
                    and not any(not _under(m, family.package) for m in
                                hosts[i].get(_key(member.rsplit(".", 1)[-1]), ()))):
                moves[module] = home
        for k in kernel:
            if (k.module in family.plugins and k.module not in fixed
                    and _member(k.module, family.package) not in stays):
                moves[k.module] = home
    if not moves:
        return grouping, kernel
    # A group made mostly of the plugins that leave it was theirs: the rest follows them.
    for pin, members in grouping.groups:
        leaving = [m for m in members if m in moves]
        if not pin and leaving and len(leaving) * 2 > len(members):
            target = Counter(moves[m] for m in leaving).most_common(1)[0][0]
            moves.update({m: target for m in members if m not in fixed})
    return grouping.moved(moves), [k for k in kernel if k.module not in moves]


def extension_kernel(families: list[Family], modules: Iterable[str], packages: set[str],
                     owners: set[str], served: AbstractSet[str], left_out: set[str]
                     ) -> list[KernelModule]:
    """The plugin framework of each family: a child package of the family (not a member)
    holding the bases of FAMILY members or more (`plugins/bases/`), and the child packages
    holding the bases of those (`plugins/base/`), less each module that maps or writes a
    table, serves a route or is left out (`left_out`: kernel, roots, examples, pinned or
    user-placed modules). A child package holding a module that owns a table or serves a
    route (`served`: `index_facts.ServedModules.serving`) is a domain, never the framework."""
    names = sorted(modules)
    found: list[KernelModule] = []
    for family in families:
        implementers: dict[str, set[str]] = defaultdict(set)
        for base, by in family.bases:
            holder = _member(base, family.package)
            if holder in packages:
                implementers[holder] |= by
        # (a holder owning a table or serving a route is a domain whose base classes
        # others reuse, `events/` with its base controllers: never the plugin framework)
        domains = {_member(m, family.package) for m in owners | served}
        framework = {h for h, by in implementers.items() if h not in family.members
                     and h not in domains and len(by & family.members) >= FAMILY}
        grown = True
        while grown:
            more = {h for h, by in implementers.items() if h not in framework
                    and h not in family.members and h not in domains and by & framework}
            framework |= more
            grown = bool(more)
        for holder in sorted(framework):
            found.extend(KernelModule(m, f"part of {holder}, the base classes the plugins of "
                                         f"{family.package} implement: the plugin "
                                         "framework, with no tables of its own")
                         for m in names if _under(m, holder) and m not in owners
                         and m not in served and m not in left_out)
    return found


def in_domain_package(container: str, units: Mapping[str, str]) -> bool:
    """Whether a plugin container sits inside its own domain unit's package (`auth/plugins/`
    in the unit `auth`, beside `auth/core.py` and the `/auth/...` API): its plugins are
    that domain's methods (password, token, TOTP), and their base and loader are the
    domain's code, not a framework of the platform. A container that is its own unit
    (`plugins/`), a slice of an interface layer (`graphql/plugins`) or a child of the
    project's top package is not."""
    unit = units.get(container, "")
    return "." in unit and container.startswith(unit + ".")


def container_framework(families: list[Family], modules: Iterable[str], packages: set[str],
                        owned: dict[str, set[str]], mapped_by: Mapping[str, AbstractSet[str]],
                        served: AbstractSet[str], left_out: set[str],
                        units: dict[str, str]) -> list[KernelModule]:
    """The plugin framework of a plugin container (`plugins/`, PLUGIN_CONTAINERS) that is a
    family: the container's `__init__`, its own modules outside every plugin (the base
    plugin, the manager that loads and configures the plugins, their configuration
    model) and the modules of other packages in the container's domain unit (`units`,
    `words.domain_units`: its slice of an interface layer, `graphql/plugins`). Those hold
    the container's own data at most: a module whose tables (`owned`, as
    `kernel.owned_tables` gives them) are all mapped by such modules (`mapped_by`: table
    -> the modules that map it) keeps the plugins' configuration, the framework's data,
    not a domain's. Modules that serve a route, the container's child packages (plugins,
    also those that subclass nothing of the family) and `left_out` modules stay. A
    container inside its domain's package (`in_domain_package`) has no framework here."""
    names = sorted(modules)
    found: list[KernelModule] = []
    for family in families:
        container = family.package
        if container.rsplit(".", 1)[-1].lower() not in PLUGIN_CONTAINERS:
            continue
        if in_domain_package(container, units):
            continue
        own = {m for m in names if m == container or (
            _member(m, container) == m and m not in packages and m not in family.members)}
        if container in units:  # its slice in an interface layer (`graphql/plugins`)
            own |= {m for m in names if units.get(m) == units[container]
                    and not _under(m, container)}
        own -= served | left_out
        framework = {m for m in own if all(mapped_by.get(t, set()) & own
                                           for t in owned.get(m, ()))}
        if _domain_app(container, set(names), framework | left_out, mapped_by, family.members):
            continue
        found.extend(KernelModule(m, f"the plugin framework of {container}: its own "
                                     "modules beside the plugins, with no domain's data")
                     for m in sorted(framework))
    return found


def _domain_app(container: str, names: AbstractSet[str], framework: AbstractSet[str],
                mapped_by: Mapping[str, AbstractSet[str]], members: AbstractSet[str]) -> bool:
    """Whether a plugin container is a domain app rather than a framework: it maps tables
    of its own (a module of the container, outside its plugins, maps a model's table) and a
    module mapping them stays out of the framework (it writes another domain's tables or
    serves a route: Weblate's `addons/models` with the add-ons attached to components, and
    their views). Taking the rest (base add-on, forms, tasks) into the kernel would cut
    the app from its own models: the app, with its tables, stays one piece."""
    own_models = {m for modules in mapped_by.values() for m in modules
                  if _under(m, container) and m in names
                  and _member(m, container) not in members
                  and (m == container or _member(m, container) == m
                       or _member(m, container) == f"{container}.models")}
    return bool(own_models - framework)


def data_adapters(grouping: Grouping, families: list[Family], owned: dict[str, set[str]],
                  mapped_by: Mapping[str, AbstractSet[str]], fixed: Iterable[str] = ()) -> Grouping:
    """A plugin that writes the tables of a domain outside its family (an identity
    provider's plugin creating the application's users) is that domain's adapter: data
    first, the plugin's modules join the group whose modules map those tables, when one
    group maps them all. `owned`: each module's tables (`kernel.owned_tables`); `mapped_by`:
    each table's mapping modules; `fixed`: modules the user placed. Pinned groups are
    neither left nor joined."""
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    fixed = set(fixed)
    moves: dict[str, int] = {}
    for family in families:
        for member in sorted(family.settled):
            modules = [m for m in label if _under(m, member)]
            tables = {t for m in modules for t in owned.get(m, ())}
            outside = {t: {mm for mm in mapped_by.get(t, ()) if not _under(mm, family.package)}
                       for t in tables}
            if not tables or not all(outside.values()):
                continue  # (a table of the family's own: its configuration, its data)
            mappers = set().union(*outside.values())
            if any(mm not in label for mm in mappers):
                continue
            homes = {label[mm] for mm in mappers}
            if len(homes) != 1:
                continue
            home = next(iter(homes))
            if grouping.groups[home][0]:
                continue
            for m in modules:
                if label[m] != home and not grouping.groups[label[m]][0] and m not in fixed:
                    moves[m] = home
    if not moves:
        return grouping
    return grouping.moved(moves)
