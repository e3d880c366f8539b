"""The module whose job is registering the application's blueprints or routers: a Flask or
FastAPI application's root URLconf, told from what it does, not from its name. It serves
no route (or one per OWN_ROUTES_SHARE it registers: a health check) and touches no table
itself, and either

- registers two blueprints/routers or more (`register_blueprint`, `include_router`,
  `mount`, `add_namespace`: `ProjectIndex.registrations`) and only the roots import it
  (the application factory calls it), or
- imports REGISTRY_IMPORTS modules or more that serve routes, outside its own package,
  and they are half of the project modules it imports or more (a list of API modules the
  factory registers in a loop).

A package's `__init__` importing its own view modules is left to its package, and so is a
sub-router whose route modules all sit in its own group once the seams are drawn (mealie's
`routes/recipe/__init__` including the recipe routers only): that slice's, not the root. Like the
application factory (`kernel.factory_roots`), the registry is found after the clustering
and taken out of its group, leaving the groups as they are: taken out before, the glue it
is between the blueprints split their domains apart (keystone, zou and dispatch each lost
0.004-0.009 of ARI that way)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.config import SeamConfig, matches
from strangler.seams.index_facts import data_facts, served_modules
from strangler.seams.propose import Grouping

REGISTRY_IMPORTS = 5
# It may serve a route of its own per OWN_ROUTES_SHARE it registers (a health check).
OWN_ROUTES_SHARE = 10
REGISTRY_REASON = ("registers the application's blueprints or routers: the application's root "
                   "URLconf")


def registry_roots(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig,
                   roots: set[str], edges: Iterable[tuple[str, str]],
                   platform: frozenset[str] = frozenset()) -> list[KernelModule]:
    """The route registries of the project that are not roots yet, sorted. `platform`: the
    kernel's modules, which may import a registry too (a cache helper clearing the API's
    cached responses): the roots and they are the ones that import it."""
    names = {m.name for m in index.modules}
    packages = {m.name for m in index.modules if m.is_package}
    own_routes: Counter[str] = Counter()
    for route, handler in zip(index.routes, served_modules(index).handler_of, strict=True):
        if route.kind != "http":  # a GraphQL schema assembles types, it registers no URL
            continue
        for module in {handler, route.module}:
            own_routes[module] += 1
    touches = data_facts(index, graph).data
    importers: dict[str, set[str]] = defaultdict(set)
    targets: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        if source != target:
            importers[target].add(source)
            targets[source].add(target)
    registers = dict(index.registrations)
    found: list[KernelModule] = []
    served = set(own_routes)
    for name in sorted(names - roots - touches):
        if config.pinned_service(name) or matches(name, config.kernels):
            continue
        own = name + "." if name in packages else None
        outside = {t for t in targets[name] if own is None or not t.startswith(own)}
        routed = outside & served
        registers_many = registers.get(name, 0) >= 2 and importers[name] <= roots | platform
        imports_apis = len(routed) >= REGISTRY_IMPORTS and len(routed) * 2 >= len(outside)
        # a health check or an index view of its own does not make it a domain's
        few_own = own_routes[name] * OWN_ROUTES_SHARE <= max(registers.get(name, 0),
                                                              len(routed))
        if (registers_many or imports_apis) and few_own:
            found.append(KernelModule(name, REGISTRY_REASON))
    return found


def late_registry_roots(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig,
                        grouping: Grouping, roots: set[str],
                        platform: frozenset[str] = frozenset()
                        ) -> tuple[Grouping, list[KernelModule]]:
    """The route registries found in the clustering's groups, taken out of them
    (`platform`: the kernel's modules, see `registry_roots`)."""
    from strangler.seams.entry_plugins import entry_point_plugins
    from strangler.seams.kernel import runtime_edges

    grouped = {m for _, members in grouping.groups for m in members}
    # (a plugin that only its entry-point registration reaches is loaded by the roots, and
    # what it `mount`s is an HTTP adapter on its own client session, not the application's
    # routers: `seams.entry_plugins`)
    grouped -= entry_point_plugins(graph)
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    packages = {m.name for m in index.modules if m.is_package}
    serving = served_modules(index).serving
    found = [r for r in registry_roots(index, graph, config, roots, runtime_edges(graph),
                                       platform)
             if r.module in grouped
             and not (r.module in packages and _one_slice_router(r.module, label, serving))]
    if not found:
        return grouping, []
    return grouping.without({r.module for r in found}), found


def _one_slice_router(package: str, label: Mapping[str, int], serving: Iterable[str]) -> bool:
    """Whether the route-serving modules inside `package` (`serving`) all sit in its own
    group (`label`): the sub-router of one slice (`routes/recipe/__init__` including the
    recipe routers), which is that slice's, not the application's root URLconf."""
    inside = [m for m in serving if m.startswith(package + ".")]
    return bool(inside) and all(label.get(m) == label[package] for m in inside)
