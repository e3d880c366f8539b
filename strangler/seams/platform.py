"""The project's own helper packages (`utils/`, `lib/`, `common/`, a top-level `utilities/`).

A helper package is platform as a whole: its modules are kept together as the shared
library the domains stand on, not scattered one by one into the domain that happens to use
each most. A module of it joins the kernel when it has no domain data (maps, writes and
reads no table) and stands below the domains: every project module it uses is kernel, a
root, or another such module. A helper that builds on a domain's models (`utils/search`
over the forum's tables) is that domain's code and stays where the clustering put it, and
so does a sub-package of a helper package that one domain alone uses
(`utils/pandas_postprocessing` behind the chart queries). A helper package inside a
domain's package (`tools/sqleditor/utils`, `contacts/lib`) is that domain's, not the
platform's library: it is judged like any other module (`domain_helper_packages`).

This runs after the clustering, as the other platform passes do: the helpers leave their
groups, and the groups themselves are not recomputed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.config import SeamConfig
from strangler.seams.propose import Grouping
from strangler.seams.words import children_of

# Package names that hold helpers by convention (a `constants/` package of enums and
# defaults too). Settings, database and signal packages are not here: in Django a `config`
# or `db` package is often an app with tables and views.
HELPER_PACKAGES = frozenset({"utils", "util", "utilities", "lib", "libs", "common", "helpers",
                             "helper", "shared", "types", "typing", "mixins", "constants"})
# Infrastructure adapter packages: the clients of the key-value stores, caches and job
# queues the whole application talks through (`stores/redis_client`, `stores/auth_tokens`).
# Each adapter may have one caller, but the package is the platform's plumbing, not a
# domain's: judged as a helper package, so a module of it that maps, writes or reads a
# table, or builds on a domain's code, stays where the clustering put it (a Django `store`
# app with models keeps its models and the code on them).
ADAPTER_PACKAGES = frozenset({"stores", "store", "cache", "caches", "queue", "queues"})


def package_sizes(names: Iterable[str]) -> dict[str, int]:
    """Each package -> the number of `names` (dotted modules) below it."""
    sizes: dict[str, int] = defaultdict(int)
    for name in names:
        parts = name.split(".")
        for end in range(1, len(parts)):
            sizes[".".join(parts[:end])] += 1
    return sizes


def helper_packages_of(modules: Iterable[str]) -> dict[str, str]:
    """Each module inside a helper package -> that package: the innermost package above it
    named like a helper package and holding less than half of the project's modules (a
    project that lives entirely in `lib/` has no helper package)."""
    names = list(modules)
    sizes = package_sizes(names)
    found: dict[str, str] = {}
    for name in names:
        parts = name.split(".")
        for end in range(len(parts) - 1, 0, -1):
            package = ".".join(parts[:end])
            if (parts[end - 1] in HELPER_PACKAGES | ADAPTER_PACKAGES
                    and sizes[package] * 2 < len(names)):
                found[name] = package
                break
    return found


def domain_helper_packages(packages: Iterable[str], names: Iterable[str],
                           builders: Iterable[str] = ()) -> set[str]:
    """The helper packages a domain's package encloses (`tools/sqleditor/utils`,
    `contacts/lib`, `agentic/helpers`): a package above the helper package, below the
    platform's top packages (`enclosed.platform_tops`), is named by no layer, platform or
    generic word (`enclosed.domain_word`) and holds less than a third of the project's
    modules (a package wrapping the whole application names no domain) and makes no
    application object (`builders`: the web server's package is the platform's). The
    domain's name encloses them, as `enclosed` says of a lone `utils` module: they are that
    domain's helpers, not the platform's library."""
    from strangler.seams.enclosed import domain_word, platform_tops
    from strangler.seams.kernel import KERNEL_NAMES

    names = list(names)
    tops = platform_tops(names)
    sizes = package_sizes(names)
    words = frozenset(KERNEL_NAMES)
    found = set()
    for package in set(packages):
        parts = package.split(".")
        if any(sizes[above := ".".join(parts[:end])] * 3 < len(names)
               and domain_word(parts[end - 1], words)
               and not any(b == above or b.startswith(f"{above}.") for b in builders)
               for end in range(2 if parts[0] in tops else 1, len(parts))):
            found.add(package)
    return found


def helper_kernel(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig,
                  clusters: dict[str, str], grouping: Grouping, kernel: Iterable[str],
                  roots: Iterable[str], excluded: set[str]
                  ) -> tuple[Grouping, list[KernelModule]]:
    """The helper-package modules that join the kernel (see the module's docstring), and
    the grouping without them. `clusters` is the first, kernel-blind grouping (who uses a
    sub-package); `excluded`: modules that may not join (data owners, family bases, code
    that works on one domain's data). Pinned modules stay. A package `__init__` joins only
    with all of its direct submodules. Linear in modules and edges."""
    from strangler.seams.index_facts import data_facts, runtime_users
    from strangler.seams.kernel import runtime_edges, schema_modules

    names = [m.name for m in index.modules]
    package_of = helper_packages_of(names)
    # (a domain's own helper package is no platform library: `domain_helper_packages`)
    enclosed = domain_helper_packages(set(package_of.values()), names, index.app_builders)
    package_of = {name: package for name, package in package_of.items()
                  if package not in enclosed}
    named = set(package_of)
    below = set(kernel) | set(roots)
    # A package most of whose modules are kernel already is platform too, whatever its
    # name (`plugins/` of a plugin framework): its other direct submodules are judged alike.
    # (kernel modules only: a plugin's package holding its app object, a root, and its
    # test plugin, left out, is no platform package)
    children = children_of(names)
    kernel_set = set(kernel)
    for package, found in children.items():
        if len(inside := found & kernel_set) >= 2 and len(inside) * 2 > len(found):
            for name in found - below:
                package_of.setdefault(name, package)
    # (reading or writing the settings store is no domain data)
    touches = data_facts(index, graph).touches_data
    # A table mapped only inside one helper package (a thumbnail cache beside the image
    # helpers) is that package's own, the platform's: a helper whose only data are its own
    # package's tables keeps no domain's data.
    data: dict[str, set[str]] = defaultdict(set)
    homes: dict[str, set[str | None]] = defaultdict(set)
    for link in graph.table_access:
        data[link.module].add(link.table)
    for table in index.tables:
        for model in table.models:
            data[model.module].add(table.name)
            homes[table.name].add(package_of.get(model.module) if model.module in named
                                  else None)
    kept = {name for name in named if data.get(name)
            and all(homes.get(t) == {package_of[name]} for t in data[name])}
    candidates = {name for name in package_of
                  if name not in below and (name in kept or name not in excluded
                                            and name not in touches)
                  and not config.pinned_service(name)}
    # The sub-package below its helper package that each module sits in, if any.
    sub_of = {name: ".".join(name.split(".")[:package.count(".") + 2])
              for name, package in package_of.items()
              if name.count(".") > package.count(".") + 1}
    subs = set(sub_of.values())

    def sub_for(module: str) -> str | None:
        return sub_of.get(module) or (module if module in subs else None)

    # Its users are counted in the first, kernel-blind grouping and in the seams: either
    # may split one domain's code in two at some seed.
    seam_of = {m: str(i) for i, (_, members) in enumerate(grouping.groups) for m in members}
    uses: dict[str, set[str]] = defaultdict(set)
    domains_of: dict[str, set[str]] = defaultdict(set)
    seams_of: dict[str, set[str]] = defaultdict(set)
    # (a call into a domain from inside a function, imported there to break the import
    # cycle it would close, `validators.py` checking a domain name, leaves the helper the
    # platform's: only the helper's module-level uses make it rest on the domain)
    lazy = {(d.source, d.target) for d in graph.dependencies
            if any(kind == "import_lazy" for kind, _ in d.kinds)
            and not any(kind == "import" for kind, _ in d.kinds)}
    for source, target in runtime_edges(graph):
        if source in candidates and (source, target) not in lazy:
            uses[source].add(target)
        sub = sub_for(target)
        if sub and sub_for(source) != sub:
            if source in clusters:
                domains_of[sub].add(clusters[source])
            if source in seam_of:
                seams_of[sub].add(seam_of[source])
    candidates = {name for name in candidates if (sub := sub_for(name)) is None
                  or (len(domains_of[sub]) >= 2 and len(seams_of[sub]) >= 2)}
    # A helper whose one user bears its name (`cli/config_tool` over `lib/config_tool`) is
    # that module's implementation, split across layers, not a shared library.
    users = runtime_users(graph)
    candidates = {name for name in candidates
                  if not (len(used := users.get(name, frozenset())) == 1
                          and next(iter(used)).rsplit(".", 1)[-1] == name.rsplit(".", 1)[-1])}
    # A group the clustering formed around a helper (the member the rest of its group uses
    # most, by the weight of those uses, and no other group uses: an Electrum client with
    # the block-explorer code that calls it) is that helper's domain. Read from the graph,
    # never from sizes: the seams' core is reused after an edit that changes no dependency.
    pull: dict[str, float] = defaultdict(float)
    outside: set[str] = set()
    for dependency in graph.dependencies:
        source, target = dependency.source, dependency.target
        if source == target or seam_of.get(source) is None:
            continue
        if seam_of[source] == seam_of.get(target):
            pull[target] += dependency.weight
        else:
            outside.add(target)
    for _, members in grouping.groups:
        if len(members) >= 2:
            hub = min(members, key=lambda m: (-pull[m], m))
            if hub not in outside:
                candidates.discard(hub)
    # The largest set of candidates that rest only on the kernel, the roots and each other:
    # a module that uses one left out is left out in turn, and so is its package.
    users_of: dict[str, set[str]] = defaultdict(set)
    for name in candidates:
        for target in uses[name]:
            users_of[target].add(name)
    queue = [name for name in candidates
             if any(t not in below and t not in candidates for t in uses[name])
             or any(c not in below and c not in candidates for c in children[name])]
    while queue:
        name = queue.pop()
        if name not in candidates:
            continue
        candidates.discard(name)
        queue.extend(users_of[name] & candidates)
        if "." in name and (parent := name.rsplit(".", 1)[0]) in candidates:
            queue.append(parent)
    moved = [KernelModule(name, f"a module of the "
                                f"{'helper' if name in named else 'platform'}"
                                f" package {package_of[name]} with no data of its own, built "
                                "only on the kernel")
             for name in sorted(candidates)]
    # The module that creates or migrates most of the schema is the platform's too.
    for name in sorted(schema_modules(index, graph) - below - candidates):
        if not config.pinned_service(name):
            moved.append(KernelModule(name, "creates or migrates most of the schema: the "
                                            "platform's, not one domain's"))
            candidates.add(name)
    return grouping.without(candidates), moved


def package_homes(index: ProjectIndex, config: SeamConfig, grouping: Grouping,
                  kernel: Iterable[str], stay: frozenset[str] = frozenset()
                  ) -> tuple[Grouping, set[str]]:
    """Kernel package `__init__`s whose direct submodules sit mostly in one seam (more than
    half of them, two or more) join that seam: the package's entry (`cli/__init__` holding
    the command group every command registers on) is its package's code, however many
    domains import it. Modules marked as kernel in the configuration stay, and so do the
    `stay` ones (a plugin framework: most of its plugins may be one domain's, its
    registration API is still the platform's). Returns the grouping and the modules taken
    out of the kernel."""
    from collections import Counter

    from strangler.seams.config import matches

    kernel_set = set(kernel)
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    children: dict[str, list[str]] = defaultdict(list)
    for module in index.modules:
        if "." in module.name:
            children[module.name.rsplit(".", 1)[0]].append(module.name)
    joins: dict[int, list[str]] = defaultdict(list)
    for module in index.modules:
        name = module.name
        if (not module.is_package or name not in kernel_set or name in stay
                or matches(name, config.kernels)):
            continue
        places = Counter(label.get(c, -1) for c in children.get(name, ()) if c in label
                         or c in kernel_set)
        if not places:
            continue
        home, count = min(places.items(), key=lambda item: (-item[1], item[0]))
        if home >= 0 and count >= 2 and count * 2 > len(children[name]):
            joins[home].append(name)
    if not joins:
        return grouping, set()
    moved = {m for found in joins.values() for m in found}
    return (Grouping(tuple((pin, tuple(sorted((*members, *joins.get(i, ())))))
                           for i, (pin, members) in enumerate(grouping.groups)),
                     grouping.choice), moved)
