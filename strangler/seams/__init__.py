"""Stage 3: coupling graph -> proposed service seams, with metrics, baselines and a plan."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex, SeamProposal, plural
from strangler.seams.config import ConfigError, SeamConfig, Signals, SignalWeights, parse_config
from strangler.seams.index_facts import data_facts, runtime_users, served_modules
from strangler.seams.propose import Choice, Grouping
from strangler.seams.subgraphs import induced_copy

if TYPE_CHECKING:
    from strangler.seams.metrics import MetricsMemo

__all__ = ["ConfigError", "SeamConfig", "SeamCore", "SeamRequest", "SignalWeights", "Signals",
           "adjusted_rand_index", "cochange_pairs", "parse_config", "propose_seams",
           "seam_core"]


def __getattr__(name: str) -> Any:
    # The algorithms load on first use: `strangler analyze` with an unchanged graph, and
    # `strangler check`, never need them.
    if name in ("adjusted_rand_index", "cochange_pairs"):
        from strangler.seams import metrics, signals

        return getattr(metrics if name == "adjusted_rand_index" else signals, name)
    raise AttributeError(name)


@dataclass(frozen=True)
class SeamRequest:
    config: SeamConfig = SeamConfig()
    signals: Signals = Signals()
    services: int = 0  # 0: chosen by the tool
    moves: tuple[tuple[str, str], ...] = ()  # what-if: (module glob, seam)
    keep_examples: bool = False  # --keep-examples: example/demo code is application code


@dataclass(frozen=True)
class SeamCore:
    """The costly part of a proposal (kernel, clustering, the Louvain baseline). It reads the
    graph's structure and weights, the routes' paths and the configuration, never a line
    number or a size, so `pipeline` reuses it when an edit leaves those unchanged; the rest of
    the proposal (names, descriptions, metrics) is rebuilt from the current input each time."""

    kernel: tuple[KernelModule, ...]
    roots: tuple[KernelModule, ...]
    grouping: Grouping
    isolated: tuple[str, ...]
    import_louvain: tuple[tuple[str, str], ...]
    cochange: int = 0  # module pairs with a co-change signal
    examples: tuple[KernelModule, ...] = ()  # example/demo/test-support code left out
    # `business_contexts` of the same input: it reads only the dependencies' kinds and the
    # routes, which decide the clustering too, so it is reused with it (None: compute it).
    contexts: tuple[tuple[str, frozenset[str]], ...] | None = None
    # Each module's domain unit (`words.domain_units` with the code neighbours): the
    # clustering reads it, and so does naming on every run (None: compute it).
    units: tuple[tuple[str, str], ...] | None = None


@dataclass
class _Before:
    """What `seam_core` knows before the clustering: the facts, the first kernel and roots,
    the examples, the domain units and the candidate graph (its `kernel`, `isolated` and
    `roots` lists are the ones the later steps extend)."""

    index: ProjectIndex
    graph: CouplingGraph
    request: SeamRequest
    config: SeamConfig
    modules: dict[str, Any]
    kernel: list[KernelModule]
    isolated: list[str]
    roots: list[KernelModule]
    root_set: set[str]
    chosen: set[str]
    examples: list[KernelModule]
    example_set: set[str]
    all_units: dict[str, str]
    candidate: Any
    compounds: dict[str, str]
    heads: dict[str, str]
    part_heads: dict[str, str]
    owned: dict[str, set[str]]
    neighbours: dict[str, set[str]]
    first_pass: dict[str, str]
    hubs: frozenset[str]
    loose: frozenset[str]
    enclosed: set[str]
    late: list[KernelModule]
    cochange: list[tuple[str, str, float]]
    contexts: dict[str, Any]
    asked_signals: Any
    baseline_later: Any


def seam_core(index: ProjectIndex, graph: CouplingGraph, request: SeamRequest,
              commits: Iterable[tuple[str, tuple[str, ...]]] = ()) -> SeamCore:
    """Kernel, roots and the chosen groups of a project (see `SeamCore`)."""
    from strangler.seams.config import matches
    from strangler.seams.kernel import find_examples, find_kernel, find_roots, owned_tables
    from strangler.seams.louvain import louvain_communities
    from strangler.seams.scripts import find_scripts
    from strangler.seams.settings_roots import locale_format_modules
    from strangler.seams.signals import (
        authors_of,
        business_contexts,
        cochange_pairs,
        is_table_node,
        signal_graph,
        static_neighbours,
    )
    from strangler.seams.test_support import find_test_support
    from strangler.seams.words import domain_units

    commits = list(commits)
    config = request.config
    modules = {m.name: m for m in index.modules}
    contexts = business_contexts(index, graph)
    cochange: list[tuple[str, str, float]] = []
    authorship: dict[str, frozenset[str]] = {}
    if request.signals.cochange:
        cochange = cochange_pairs((modules for _, modules in commits), config.huge_commit)
        authorship = authors_of(commits, config.huge_commit)
    full = signal_graph(index, graph, config.weights, request.signals, cochange, contexts,
                        authorship)
    tables = sorted(n for n in full.nodes if is_table_node(n))
    keep = request.keep_examples or config.examples == "keep"
    # (a module a lever names, pinned, kept together or in the kernel, is the user's
    # choice: never left out)
    chosen = {m for m in modules if config.pinned_service(m) or matches(m, config.kernels)
              or config.kept_together(m)}
    examples = [] if keep else [e for e in find_examples(index, graph)
                                if e.module not in chosen]
    if not keep:
        examples.extend(e for e in find_test_support(index, {e.module for e in examples})
                        if e.module not in chosen)
    example_set = {e.module for e in examples}
    imported: list[KernelModule] = []
    roots = [r for r in find_roots(index, graph, config, imported)
             if r.module not in example_set]
    imported = [k for k in imported if k.module not in example_set]
    if not keep:
        kept = {r.module for r in roots} | chosen
        examples.extend(find_scripts(index, graph, kept - example_set,
                                     frozenset(example_set)))
        example_set = {e.module for e in examples}
    root_set = {r.module for r in roots} | example_set
    # A first, kernel-blind grouping tells how many domains use each module.
    # (edges filtered from the full graph directly: a networkx subgraph view is slow to walk)
    first_nodes = (set(modules) - root_set - {k.module for k in imported}) | set(tables)
    first = [(a, b, w) for a, b, w in full.edges(data="weight")
             if a in first_nodes and b in first_nodes]
    first_pass = {m: str(i) for i, c in enumerate(louvain_communities(
        sorted(first_nodes), sorted(first), 1.0, config.seed)) for m in c if m in modules}
    enclosed: set[str] = set()
    late: list[KernelModule] = []
    kernel = find_kernel(index, graph, config, first_pass,
                         root_set | {k.module for k in imported}, enclosed, late)
    kernel.extend(imported)
    from strangler.seams.settings_packages import settings_packages

    kernel.extend(settings_packages(index, graph, config,
                                    root_set | {k.module for k in kernel}))
    kernel.extend(locale_format_modules(index, config, root_set | {k.module for k in kernel}))
    # (request middleware outside the domains' packages: `seams.middleware`)
    from strangler.seams.middleware import middleware_kernel

    kernel.extend(middleware_kernel(index, graph, config,
                                    root_set | {k.module for k in kernel} | chosen))
    # (modules the settings name as framework wiring: `seams.settings_wiring`)
    from strangler.seams.settings_wiring import wiring_kernel

    kernel.extend(wiring_kernel(index, graph, config,
                                root_set | {k.module for k in kernel} | chosen))
    # (the framework packages beside a container of domains: `seams.framework_packages`)
    from strangler.seams.framework_packages import framework_kernel, framework_routes

    kernel.extend(framework_kernel(
        modules, {m.name for m in index.modules if m.is_package},
        set(data_facts(index, graph).mapping),
        framework_routes(index), root_set | {k.module for k in kernel} | chosen,
        data_facts(index, graph).written))
    # (a framework inside the application that the rest builds on:
    # `framework_packages.upstream_frameworks`)
    from strangler.seams.framework_packages import upstream_frameworks
    from strangler.seams.signals import STATIC_KINDS

    static_edges = [(d.source, d.target) for d in graph.dependencies
                    if any(kind in STATIC_KINDS for kind, _ in d.kinds)]
    kernel.extend(upstream_frameworks(
        modules, {m.name for m in index.modules if m.is_package}, static_edges,
        data_facts(index, graph).data, root_set | {k.module for k in kernel} | chosen,
        root_set))
    # (an app's tasks or signal handlers of every concern, beside its kernel schema:
    # `seams.kind_hubs`)
    from strangler.seams.kind_hubs import kind_hubs

    kernel_now = {k.module for k in kernel}
    facts = data_facts(index, graph)
    kernel.extend(kind_hubs(
        modules, kernel_now, static_edges, facts.mapping, facts.touched, facts.mapped_by,
        served_modules(index).serving, root_set | kernel_now | chosen))
    excluded = {k.module for k in kernel} | root_set
    units = {m for m in modules if m not in excluded}
    # (the import-graph baseline reads no more than this: a forked child computes it
    # meanwhile on a big project, `seams.metrics.baseline_soon`)
    from strangler.seams.metrics import baseline_soon

    baseline_later = baseline_soon(graph, units, config.seed)
    candidate = induced_copy(full, sorted(units) + tables)
    # (a number of services asked for is held at the end, along the full signal graph)
    asked_signals = full if (request.services or config.services) else None
    del full, first
    # A table only kernel modules touch couples nothing; a module coupled to nothing but
    # such tables is isolated.
    candidate.remove_nodes_from([t for t in tables if candidate.degree(t) < 2])
    isolated = sorted(m for m in units if candidate.degree(m) == 0
                      and not config.pinned_service(m))
    candidate.remove_nodes_from(isolated)
    # Command-line layers and fan-out hubs follow the domains, they do not lead them.
    from strangler.seams.hubs import command_modules, loose_commands, route_hubs

    loose = frozenset(loose_commands(candidate, first_pass, command_modules(modules),
                                     domain_units(sorted(modules))))
    hubs = loose | route_hubs(index, graph, first_pass, excluded)
    neighbours = static_neighbours(graph)
    # (a layer word that names one of the project's tables is a domain word here)
    from strangler.seams.layer_domains import table_layer_words

    all_units = domain_units(sorted(modules), lambda m: neighbours.get(m, set()),
                             table_layer_words(index))
    owned = owned_tables(index, graph)
    from strangler.seams.compounds import compound_heads, package_heads
    from strangler.seams.table_views import view_heads

    # (a unit whose only data are rows of another unit's table is a part of it, as a
    # compound word's unit is of its head's: `seams.table_views`; so is a compound
    # package's of its sibling head package: `compounds.package_heads`)
    compounds = compound_heads(all_units, index, neighbours)
    part_heads = package_heads(all_units, index, neighbours)
    heads = {**part_heads, **view_heads(all_units, index, owned), **compounds}
    before = _Before(
        index=index, graph=graph, request=request, config=config, modules=modules,
        kernel=kernel, isolated=isolated, roots=roots, root_set=root_set, chosen=chosen,
        examples=examples, example_set=example_set, all_units=all_units, candidate=candidate,
        compounds=compounds, heads=heads, part_heads=part_heads, owned=owned, neighbours=neighbours,
        first_pass=first_pass, hubs=hubs, loose=loose, enclosed=enclosed, late=late,
        cochange=cochange, contexts=contexts, asked_signals=asked_signals,
        baseline_later=baseline_later)
    return _placed(before, *_grouped(before))


def _grouped(before: _Before) -> tuple[Grouping, list[str], list[KernelModule],
                                       list[KernelModule], list[KernelModule], set[str], set[str]]:
    """`seam_core`'s clustering and the rules that shape its groups: platform groups, the
    kernel found over them, Django apps, plugin families and kinds, command groups and the
    roots found late. Returns the grouping, the isolated modules, the kernel, the roots,
    the late roots, the data owners and the packages."""
    from strangler.seams.aggregates import table_parents
    from strangler.seams.kernel import (
        data_owners,
        domain_data_users,
        factory_roots,
        family_bases,
        kernel_only_groups,
        owned_tables,
        platform_groups,
        spread_packages,
    )
    from strangler.seams.layer_apps import plugin_strays
    from strangler.seams.platform import helper_kernel, package_homes
    from strangler.seams.slices import library_groups, sibling_families, unit_homes
    from strangler.seams.vocabularies import vocabulary_tables
    from strangler.seams.words import PLUGIN_CONTAINERS

    index = before.index
    graph = before.graph
    request = before.request
    config = before.config
    modules = before.modules
    kernel = before.kernel
    isolated = before.isolated
    roots = before.roots
    root_set = before.root_set
    chosen = before.chosen
    example_set = before.example_set
    all_units = before.all_units
    candidate = before.candidate
    heads = before.heads
    owned = before.owned
    neighbours = before.neighbours
    first_pass = before.first_pass
    hubs = before.hubs
    loose = before.loose
    enclosed = before.enclosed
    late = before.late
    # (a domain's helpers that its package keeps out of the kernel follow it: used from
    # several domains, they would glue those domains together, as kernel modules would)
    parents = table_parents(index)
    grouping = _cluster(candidate, modules, config, request.services, set(owned), all_units,
                        hubs | frozenset(enclosed), owned, parents, heads,
                        vocabulary_tables(index), _named_data(index, graph, all_units, parents))
    if not (request.services or config.services):
        # (a writer of its own unit's table stays with the table: `seams.unit_data`)
        from strangler.seams.unit_data import unit_writers

        grouping = unit_writers(grouping, index, all_units, owned, chosen, neighbours, heads)
        # (a satellite table joins the slice that works on it: `seams.satellites`)
        from strangler.seams.satellites import satellite_homes

        grouping = satellite_homes(grouping, index, graph.table_access, all_units,
                                   served_modules(index).serving, chosen)
    grouping, platform = platform_groups(index, graph, grouping)
    # Platform-named helpers whose breadth only the domain units show leave their groups
    # now, the clustering unchanged by them (`find_kernel`'s `late`).
    if late:
        grouping = grouping.without({k.module for k in late})
        # (a late module whose whole group was platform is in the kernel once)
        platform = [*platform, *(k for k in late if k.module not in {p.module for p in platform})]
    kernel.extend(k for k in platform if not config.pinned_service(k.module))
    # (internationalization packages are platform whatever their breadth: `seams.i18n`)
    from strangler.seams.i18n import i18n_kernel

    grouping, isolated, translations = i18n_kernel(
        grouping, isolated, {m.name for m in index.modules if m.is_package},
        data_owners(index, graph), chosen, data_facts(index, graph).mapping)
    kernel.extend(translations)
    # (the plumbing of an interface layer that mirrors the domains: `seams.layer_plumbing`)
    from strangler.seams.layer_plumbing import plumbing_kernel

    grouping, isolated, layer = plumbing_kernel(
        grouping, isolated, all_units, {m.name for m in index.modules if m.is_package},
        data_owners(index, graph), chosen)
    kernel.extend(layer)
    # (the plumbing left in an app that is a layer of every domain: `seams.layer_app_plumbing`;
    # writing standalone records, a cached file or an API call log, owns no domain data)
    from strangler.seams.layer_app_plumbing import layer_app_kernel, record_writers
    from strangler.seams.words import TRUE_LAYERS

    grouping, isolated, app_layer = layer_app_kernel(
        grouping, isolated, all_units, TRUE_LAYERS, data_owners(index, graph) - record_writers(
            owned_tables(index, graph), data_facts(index, graph).mapping,
            ((t.name, (m.name for m in t.models)) for t in index.tables),
            (r.source for r in index.relations)), chosen, data_facts(index, graph).mapping)
    kernel.extend(app_layer)
    grouping, behind = kernel_only_groups(index, graph, grouping, [k.module for k in kernel])
    kernel.extend(behind)
    owners = data_owners(index, graph)
    grouping, helpers = helper_kernel(
        index, graph, config, first_pass, grouping, [k.module for k in kernel], root_set,
        owners | family_bases(index, graph, owners) | domain_data_users(index, graph,
                                                                          first_pass))
    kernel.extend(helpers)
    isolated = [m for m in isolated if m not in {k.module for k in helpers}]
    grouping = library_groups(index, graph, grouping, [k.module for k in kernel], hubs)
    grouping, spread = spread_packages(index, graph, grouping, [k.module for k in kernel],
                                       isolated, root_set)
    kernel.extend(spread)
    isolated = [m for m in isolated if m not in {k.module for k in spread}]
    # (a library carried inside the project, using nothing of it: `seams.embedded`)
    from strangler.seams.embedded import embedded_libraries

    grouping, isolated, embedded, libraries = embedded_libraries(
        index, graph, grouping, [k.module for k in kernel], isolated, root_set | chosen)
    kernel.extend(embedded)
    # (the role modules of a layer package that several domains share: `seams.layer_helpers`)
    from strangler.seams.layer_helpers import layer_role_modules

    grouping, roles = layer_role_modules(index, graph, grouping, root_set | chosen)
    kernel.extend(roles)
    # (the entry points' own helpers, coupled to no seam: `seams.entry_helpers`)
    # (a plugin a root only loads by its entry-point group is no helper of it:
    # `seams.entry_plugins.loaded_only`)
    from strangler.seams.entry_helpers import entry_helpers
    from strangler.seams.entry_plugins import loaded_only
    from strangler.seams.kernel import runtime_edges

    by_group = loaded_only(graph)
    wrapped = entry_helpers(isolated, [e for e in runtime_edges(graph) if e not in by_group],
                            root_set, owners,
                            served_modules(index).serving,
                            chosen | {m for m in isolated if config.pinned_service(m)})
    kernel.extend(wrapped)
    isolated = [m for m in isolated if m not in {k.module for k in wrapped}]
    # (the scaffolding in a layer app's layer packages: `seams.layer_app_plumbing`)
    from strangler.seams.layer_app_plumbing import quiet_layer_modules

    grouping, isolated, quiet = quiet_layer_modules(
        grouping, isolated, all_units, TRUE_LAYERS, data_facts(index, graph).data,
        runtime_edges(graph), {k.module for k in kernel} | root_set, chosen,
        data_facts(index, graph).mapping)
    kernel.extend(quiet)
    from strangler.seams.layer_bases import plugin_frameworks

    grouping, homed = package_homes(index, config, grouping, [k.module for k in kernel],
                                    frozenset(plugin_frameworks(index, graph)))
    kernel = [k for k in kernel if k.module not in homed]
    packages = {m.name for m in index.modules if m.is_package}
    grouping, isolated = sibling_families(graph, grouping, isolated, packages)
    grouping, isolated = unit_homes(grouping, isolated, all_units, packages)
    if not (request.services or config.services):
        # (a number of services the user asked for is theirs: as `split_slices`, the apps
        # the clustering merged to reach it stay merged)
        grouping = _split_apps(grouping, candidate, all_units,
                               set(data_facts(index, graph).mapping), config,
                               before.part_heads)
        # (two table-owning Django apps with nothing between them: `seams.app_pieces`)
        from strangler.seams.app_pieces import split_unrelated_apps

        grouping = split_unrelated_apps(grouping, candidate, modules,
                                        data_facts(index, graph).mapping,
                                        [m for m in modules if config.kept_together(m)])
        # (sibling blueprint packages glued only by their hubs: `seams.blueprint_split`)
        from strangler.seams.apps import django_apps
        from strangler.seams.blueprint_split import blueprint_pieces, calls, http_serving

        grouping = blueprint_pieces(grouping, candidate, packages, http_serving(index),
                                    calls(graph),
                                    index.app_builders, data_facts(index, graph).mapping,
                                    set(django_apps(modules).values()),
                                    [m for m in modules if config.kept_together(m)],
                                    before.part_heads)
    grouping, isolated, kernel = _app_rules(grouping, isolated, kernel, all_units, owners,
                                            root_set, config)
    # (a Django app's strays, whatever its modules are named: `seams.app_pieces`)
    from strangler.seams.app_pieces import django_app_strays

    grouping = django_app_strays(grouping, modules, owners,
                                 [m for m in modules if config.kept_together(m)],
                                 owned, data_facts(index, graph).mapped_by)
    # (a Django app without tables that many apps use is platform: `seams.apps`)
    from strangler.seams.apps import platform_apps

    shared_apps = [k for k in platform_apps(modules, owners, runtime_edges(graph),
                                            {k.module for k in kernel} | root_set | chosen,
                                            examples=example_set,
                                            tables=_table_uses(index),
                                            relations=[(r.source_module, r.target_module)
                                                       for r in index.relations],
                                            served=served_modules(index).serving)
                   if not config.pinned_service(k.module)]
    if shared_apps:
        grouping, isolated = _taken_out(grouping, isolated, {k.module for k in shared_apps})
        kernel = [*kernel, *shared_apps]
    grouping = _lone_commands(grouping, candidate, all_units, config)
    grouping = plugin_strays(grouping, all_units, owners, PLUGIN_CONTAINERS, [
        m for m in modules if config.kept_together(m)])
    grouping, isolated, kernel = _family_rules(index, graph, grouping, isolated, kernel,
                                               owners, root_set, all_units, chosen)
    # (bundled plugins implementing one domain's extension point: `seams.implementers`)
    from strangler.seams.implementers import extension_implementers

    grouping = extension_implementers(grouping, graph, [k.module for k in kernel],
                                      set(data_facts(index, graph).mapping),
                                      {m.name for m in index.modules if m.is_package},
                                      PLUGIN_CONTAINERS, chosen)
    if not (request.services or config.services):
        # (sibling plugins declaring one interface, none with a seam:
        # `seams.interface_kinds`; it only adds groups, so not past a number asked for)
        from strangler.seams.interface_kinds import interface_kinds

        grouping, isolated = interface_kinds(grouping, isolated, index,
                                             [k.module for k in kernel], packages, chosen)
    if not (request.services or config.services):
        # (plugins a loader finds by name are a slice of their own: `seams.loaded_families`)
        from strangler.seams.loaded_families import loaded_families, name_loads

        grouping, isolated = loaded_families(
            grouping, isolated, name_loads(index.imports, index.name_loads),
            graph.dependencies, modules,
            data_facts(index, graph).mapping | served_modules(index).serving
            | {k.module for k in kernel} | root_set | chosen
            | {m for m in modules if config.pinned_service(m) or config.kept_together(m)})
    # (plugins of a platform package's own extension point: `seams.platform_plugins`)
    from strangler.seams.platform_plugins import platform_plugins

    grouping, plugged = platform_plugins(
        grouping, index, [k.module for k in kernel], data_facts(index, graph).data,
        served_modules(index).serving, chosen | {m for m in modules if config.pinned_service(m)})
    kernel.extend(plugged)
    from strangler.seams.commands import command_groups

    grouping = command_groups(index, graph, config, grouping, loose, all_units)
    grouping, late_roots = factory_roots(index, config, grouping)
    from strangler.seams.registry_roots import late_registry_roots

    grouping, registries = late_registry_roots(index, graph, config, grouping,
                                               root_set | {r.module for r in late_roots},
                                               frozenset(k.module for k in kernel))
    late_roots = [*late_roots, *registries]
    from strangler.seams.entries import script_roots

    grouping, scripts = script_roots(index, graph, config, grouping,
                                     root_set | {r.module for r in late_roots})
    late_roots = [*late_roots, *scripts]
    roots = [*roots, *late_roots]
    # (managers with their drivers, APIs with their providers, per-domain registry modules
    # with their domains: `seams.subsystems`)
    from strangler.seams.subsystems import subsystem_homes

    homed_groups, from_kernel = subsystem_homes(index, graph, grouping.groups,
                                                [k.module for k in kernel
                                                 if k.module not in libraries], all_units)
    grouping = Grouping(homed_groups, grouping.choice)
    kernel = [k for k in kernel if k.module not in from_kernel]
    # (a family of backends written against one entity joins the slice of its table:
    # `seams.backend_entities`)
    from strangler.seams.backend_entities import backend_homes

    grouping = Grouping(backend_homes(index, graph, grouping.groups, owners), grouping.choice)
    return grouping, isolated, kernel, roots, late_roots, owners, packages


def _placed(before: _Before, grouping: Grouping, isolated: list[str],
            kernel: list[KernelModule], roots: list[KernelModule],
            late_roots: list[KernelModule], owners: set[str], packages: set[str]) -> SeamCore:
    """`seam_core`'s placements after the clustering: kernel returns, subsystem and
    backend homes, layer rejoins, data clients, the late kernel (wiring, namespaces,
    strays, plumbing, helpers, plugin kinds), the app roots and, last, the user's levers
    and the number of services asked for."""
    from strangler.seams.kernel import runtime_edges

    index = before.index
    graph = before.graph
    request = before.request
    config = before.config
    modules = before.modules
    root_set = before.root_set
    chosen = before.chosen
    examples = before.examples
    example_set = before.example_set
    all_units = before.all_units
    candidate = before.candidate
    compounds = before.compounds
    owned = before.owned
    cochange = before.cochange
    contexts = before.contexts
    asked_signals = before.asked_signals
    baseline_later = before.baseline_later
    # (a kernel module that one seam uses goes back to it: `seams.kernel_returns`)
    from strangler.seams.kernel import project_packages
    from strangler.seams.kernel_returns import domain_layers, named_shared, return_to_seams

    layers = domain_layers(grouping.groups, [k.module for k in kernel],
                           {m: modules[m].loc for m in modules})
    shared = named_shared(modules, project_packages(index))
    layer_shared = named_shared(modules, project_packages(index), layers)
    returned, kernel = return_to_seams(
        grouping.groups, kernel, runtime_edges(graph),
        chosen | {m for m in modules if config.pinned_service(m)} | layer_shared,
        shared - layer_shared)
    # (a kernel module whose tables are one seam's goes back to it: `seams.data_returns`)
    from strangler.seams.data_returns import return_data_users

    facts = data_facts(index, graph)
    returned, kernel = return_data_users(
        returned, kernel,
        ((link.module, link.table, link.reads + link.writes) for link in graph.table_access),
        facts.mapped_by, facts.settings,
        chosen | {m for m in modules if config.pinned_service(m)}, facts.tables,
        runtime_edges(graph))
    grouping = Grouping(returned, grouping.choice)
    # (a layer module rejoins the seam holding most of its domain word: `seams.layer_rejoin`)
    from strangler.seams.compounds import rejoin_heads
    from strangler.seams.layer_rejoin import rejoin_layers, symbol_homes

    kept_modules = [m for m in modules if config.kept_together(m)]
    from strangler.seams.layer_rejoin import route_words

    # (a compound word's layer modules follow its head: `compounds.rejoin_heads`)
    rejoined_heads = {**rejoin_heads(all_units, graph.dependencies), **compounds}
    # (a word each Django app uses for a role of its own, no domain: `seams.app_roles`)
    from strangler.seams.app_roles import app_role_words

    grouping = Grouping.ordered(symbol_homes(rejoin_layers(
        grouping.groups, all_units, kept_modules, route_words(index), rejoined_heads,
        app_role_words(all_units, modules, data_facts(index, graph).mapping,
                       grouping.groups)),
        all_units, graph.dependencies,
        owners | data_facts(index, graph).mapping,
        kept_modules), grouping.choice)
    # (a layer pair's module and its twins in the other packages: `seams.layer_twins`)
    from strangler.seams.layer_twins import join_twins

    grouping = Grouping.ordered(join_twins(grouping.groups, modules,
                                           {m: modules[m].loc for m in modules},
                                           kept_modules), grouping.choice)
    # (an API package of one module per domain joins each to its domain's package:
    # `seams.api_homes`)
    from strangler.seams.api_homes import join_api_homes

    grouping = Grouping.ordered(join_api_homes(grouping.groups, modules,
                                               served_modules(index).serving,
                                               graph.dependencies,
                                               {m: modules[m].loc for m in modules},
                                               kept_modules), grouping.choice)
    # (an API package's resource modules join the seams of the tables they work on:
    # `seams.resource_data`)
    from strangler.seams.index_facts import base_edges, schema_sized
    from strangler.seams.resource_data import join_resource_data

    facts = data_facts(index, graph)
    # (asked again by the scattered apps below: `resource_data.data_placed`)
    table_uses = _module_table_uses(index, graph)
    schema = {m for m, found in facts.maps.items() if schema_sized(len(found), facts.tables)}
    resource_groups, by_data = join_resource_data(
        grouping.groups, table_uses, facts.mapped_by, schema, facts.settings, kept_modules,
        base_edges(graph),
        {table.name: [model.name for model in table.models] for table in index.tables})
    grouping = Grouping.ordered(resource_groups, grouping.choice)
    if not (request.services or config.services):
        # (a plugin with data of its own and the host slice it extends:
        # `seams.plugin_hosts`; a number of services the user asked for is theirs, as in
        # `_split_apps`: the plugin the clustering merged to reach it stays merged)
        from strangler.seams.plugin_hosts import plugin_hosts

        grouping = plugin_hosts(grouping, candidate, graph.dependencies, packages,
                                set(data_facts(index, graph).mapping), kept_modules)
    # (a package named by an abbreviation of a domain word: `seams.abbreviations`)
    from strangler.seams.abbreviations import abbreviation_homes

    grouping = Grouping.ordered(abbreviation_homes(grouping.groups, all_units,
                                                   graph.dependencies, kept_modules),
                                grouping.choice)
    # (a domain's logic without tables joins the data only it uses: `seams.data_clients`)
    from strangler.seams.data_clients import client_homes

    grouping = Grouping.ordered(client_homes(grouping.groups, all_units, graph.dependencies,
                                             owners | data_facts(index, graph).mapping,
                                             kept_modules), grouping.choice)
    # (an interface layer cut off from the logic it calls: `seams.layer_groups`)
    from strangler.seams.layer_groups import lone_layer_groups

    served = served_modules(index).serving
    grouping = Grouping.ordered(lone_layer_groups(grouping.groups, graph.dependencies,
                                                  served, all_units, kept_modules),
                                grouping.choice)
    # (permission checks without data or routes join the identity slice:
    # `seams.identity_logic`; measured with the tables identity by their columns, so a
    # table identity only by its credential name does not pick the home)
    from strangler.seams.identity_logic import identity_homes

    grouping = Grouping.ordered(identity_homes(
        grouping.groups, all_units, graph.dependencies, data_facts(index, graph).data,
        owners, served,
        {t.name: [m.module for m in t.models] for t in index.tables
         if t.sensitive is not None and "identity" in t.sensitive.kinds
         and not t.sensitive.credential},
        kept_modules), grouping.choice)
    # (the app's wiring that only its roots use: `seams.root_wiring`)
    from strangler.seams.root_wiring import root_wiring

    wiring = root_wiring(grouping.groups, graph, runtime_edges(graph),
                         root_set | {r.module for r in late_roots}, owners, served,
                         all_units, chosen)
    # (a plugin registered through an entry point is not wiring: `seams.entry_plugins`)
    from strangler.seams.entry_plugins import unregistered

    wiring = unregistered(wiring, graph)
    grouping = grouping.without({k.module for k in wiring})
    kernel.extend(wiring)
    # (an uncoupled layer package over many seams is their namespace: `seams.namespaces`)
    from strangler.seams.namespaces import namespace_kernel

    spaces = namespace_kernel(isolated, (members for _, members in grouping.groups),
                              {k.module for k in kernel},
                              {m.name for m in index.modules if m.is_package})
    if spaces:
        kernel = [*kernel, *spaces]
        isolated = [m for m in isolated if m not in {k.module for k in spaces}]
    # (modules loaded by convention inside a platform package: `seams.kernel_strays`)
    from strangler.seams.kernel_strays import kernel_package_strays, loaded_kernel

    grouping, loaded = loaded_kernel(
        grouping, [k.module for k in kernel], owners,
        served,
        chosen)
    kernel.extend(loaded)
    strays = kernel_package_strays(
        isolated, [k.module for k in kernel], [m for _, ms in grouping.groups for m in ms],
        packages, owners,
        served,
        chosen | {m for m in isolated if config.pinned_service(m)})
    kernel.extend(strays)
    isolated = [m for m in isolated if m not in {k.module for k in strays}]
    # (modules only the kernel uses, once the platform passes above grew it:
    # `kernel.kernel_only_users`)
    from strangler.seams.kernel import kernel_only_users

    grouping, only_kernel = kernel_only_users(grouping, graph, [k.module for k in kernel],
                                              owners, served, example_set, chosen,
                                              isolated)
    kernel.extend(only_kernel)
    isolated = [m for m in isolated if m not in {k.module for k in only_kernel}]
    # (the plumbing loose beside a layered application's layers: `seams.container_plumbing`)
    from strangler.seams.container_plumbing import container_plumbing

    grouping, isolated, plumbing = container_plumbing(
        grouping, isolated, [k.module for k in kernel],
        root_set | {r.module for r in late_roots}, index, graph, chosen)
    kernel.extend(plumbing)
    # (a module that only hands on names follows them: `seams.reexports`)
    from strangler.seams.reexports import reexport_homes

    grouping, shims = reexport_homes(grouping, [k.module for k in kernel], index, graph,
                                     chosen)
    kernel.extend(shims)
    # (a helper module named for a domain's slice is its logic: `seams.domain_helpers`)
    from strangler.seams.domain_helpers import domain_helpers

    helper_groups, kernel = domain_helpers(grouping.groups, kernel, all_units,
                                           chosen.__contains__, rejoined_heads)
    grouping = Grouping.ordered(helper_groups, grouping.choice)
    # (entry-point plugins join the domain their kind names: `seams.plugin_kinds`)
    from strangler.seams.plugin_kinds import kind_homes

    grouping, kernel, isolated = kind_homes(
        grouping, kernel, list(isolated), graph.dependencies, all_units, packages, owners,
        owners | served | root_set | {r.module for r in late_roots},
        chosen | {m for m in modules if config.pinned_service(m)},
        split=not (request.services or config.services))
    # (the pieces of an app that is mostly kernel: `seams.apps`)
    from strangler.seams.apps import platform_app_strays

    pieces = platform_app_strays(grouping, isolated, [k.module for k in kernel], modules, owned,
                                 data_facts(index, graph).mapped_by,
                                 served_modules(index).serving, chosen)
    if pieces:
        grouping, isolated = _taken_out(grouping, isolated, {k.module for k in pieces})
        kernel = [*kernel, *pieces]
    # (a library package of the project's own that many seams use: `seams.own_libraries`)
    from strangler.seams.own_libraries import LIBRARY_REASON, own_libraries

    libraries_found = own_libraries(
        grouping, runtime_edges(graph), modules,
        data_facts(index, graph).data | served_modules(index).serving | root_set
        | {r.module for r in late_roots} | chosen
        | {m for m in modules if config.pinned_service(m) or config.kept_together(m)},
        {k.module for k in kernel})
    if libraries_found:
        grouping, isolated = _taken_out(grouping, isolated, set(libraries_found))
        kernel = [*kernel, *(KernelModule(m, LIBRARY_REASON) for m in libraries_found)]
    if not (request.services or config.services):
        # (a Django app without tables scattered over seams is one: `seams.app_gather`;
        # it adds a group, so not past a number of services asked for)
        from strangler.seams.app_gather import scattered_apps
        from strangler.seams.resource_data import data_placed, table_homes

        homes, _ = table_homes(facts.mapped_by, schema, facts.settings)
        grouping, isolated = scattered_apps(
            grouping, isolated, {k.module for k in kernel}, modules,
            facts.mapping, all_units,
            chosen | by_data | {m for m in modules if config.pinned_service(m)},
            data_placed(grouping.groups, table_uses, homes))
    # (the module making the application object, and what only it uses, leave their
    # group or the kernel last: `seams.app_objects`)
    from strangler.seams.app_objects import late_app_roots

    grouping, kernel, isolated, app_roots = late_app_roots(
        index, graph, config, grouping, kernel, isolated,
        root_set | {r.module for r in late_roots})
    late_roots = [*late_roots, *app_roots]
    roots = [*roots, *app_roots]
    # (a settings store with a model of its own and the routes that edit it is a slice:
    # `seams.settings_slices`)
    from strangler.seams.settings_slices import settings_slices

    facts = data_facts(index, graph)
    grouping, kernel = settings_slices(
        grouping, kernel, runtime_users(graph), facts.mapped_by, facts.maps, facts.settings,
        owners, served_modules(index).serving, root_set | {r.module for r in late_roots},
        chosen | {m for m in modules if config.pinned_service(m)})
    from strangler.seams.model_homes import model_homes

    grouping = model_homes(grouping, graph.table_access, facts.maps, facts.settings,
                           served_modules(index).serving,
                           chosen | {m for m in modules if config.pinned_service(m)},
                           runtime_users(graph))
    if not (request.services or config.services):
        # (a container package whose children the placements above spread over several
        # seams: `kernel.spread_packages`, late; it may empty a group, so not past a
        # number of services asked for)
        from strangler.seams.kernel import spread_packages

        grouping, spread = spread_packages(
            index, graph, grouping, [k.module for k in kernel], isolated,
            root_set | {r.module for r in late_roots} | chosen, late=True)
        kernel.extend(spread)
        isolated = [m for m in isolated if m not in {k.module for k in spread}]
    # The user's levers are the last word over every step above (`seams.levers`).
    from strangler.seams.levers import hold_levers

    grouping, kernel, isolated = hold_levers(grouping, kernel, isolated, modules,
                                             root_set | {r.module for r in late_roots},
                                             config)
    if asked_signals is not None:
        # (the number of services asked for holds too: `seams.service_count`)
        from strangler.seams.service_count import hold_count

        grouping = hold_count(grouping, request.services or config.services, asked_signals,
                              config.min_size, config.seed)
    baseline = baseline_later()
    return SeamCore(tuple(sorted(kernel, key=lambda k: k.module)),
                    tuple(sorted(roots, key=lambda k: k.module)), grouping, tuple(isolated),
                    tuple(sorted(baseline.items())), len(cochange), tuple(examples),
                    tuple(sorted(contexts.items())), tuple(sorted(all_units.items())))


def _split_apps(grouping: Grouping, candidate: Any, units: dict[str, str], owners: set[str],
                config: SeamConfig, heads: dict[str, str]) -> Grouping:
    """`seams.app_split`: whole apps the clustering merged are split back into their apps
    (`owners`: the modules that map tables; `heads`: compound packages' heads, one part
    with them)."""
    from strangler.seams.app_split import data_apps, split_whole_apps
    from strangler.seams.words import app_units

    apps = app_units(units, with_modules=True) | data_apps(units, owners)
    if not apps:
        return grouping
    return split_whole_apps(grouping, candidate, units, apps, [
        m for m in units if config.kept_together(m)], heads)


def _lone_commands(grouping: Grouping, candidate: Any, units: dict[str, str],
                   config: SeamConfig) -> Grouping:
    """`seams.lone_commands`: a group of management commands only joins its app."""
    from strangler.seams.lone_commands import lone_commands

    return lone_commands(grouping, candidate, units, [
        m for m in units if config.kept_together(m)])


def _app_rules(grouping: Grouping, isolated: list[str], kernel: list[KernelModule],
               units: dict[str, str], owners: set[str], root_set: set[str],
               config: SeamConfig) -> tuple[Grouping, list[str], list[KernelModule]]:
    """`seams.apps`, in a project whose packages are apps: strays rejoin their app, a Django
    project package beside the apps is platform (kernel), and the kernel modules of an app
    that is a domain rejoin it. Returns the grouping, the isolated modules and the kernel."""
    from strangler.seams.apps import app_kernel_strays, app_strays, project_platform
    from strangler.seams.config import matches
    from strangler.seams.words import app_units

    apps = app_units(units, with_modules=True)
    if not apps:
        return grouping, isolated, kernel
    grouping = app_strays(grouping, units, apps, owners, [
        m for m in units if config.kept_together(m)])
    glue = [k for k in project_platform(units, apps, owners,
                                        {k.module for k in kernel} | root_set, root_set)
            if not config.pinned_service(k.module)]
    if glue:
        grouping, isolated = _taken_out(grouping, isolated, {k.module for k in glue})
    # (a module the user's `kernels` globs name stays in the kernel)
    chosen = [k.module for k in kernel if matches(k.module, config.kernels)]
    grouping, kernel = app_kernel_strays(grouping, [*kernel, *glue], units, apps, owners,
                                         chosen)
    return grouping, isolated, kernel


def _module_table_uses(index: ProjectIndex, graph: CouplingGraph
                       ) -> list[tuple[str, str, int]]:
    """(module, table, count): the tables each module reads and writes, and those whose
    model classes it uses."""
    model_tables = {model.name: table.name for table in index.tables for model in table.models}
    return [*((link.module, link.table, link.reads + link.writes)
              for link in graph.table_access),
            *((d.source, model_tables[f"{d.target}.{symbol}"], count)
              for d in graph.dependencies for symbol, count in d.symbols
              if f"{d.target}.{symbol}" in model_tables)]


def _table_uses(index: ProjectIndex) -> list[tuple[list[str], list[str], list[str]]]:
    """Each table's mapping, reading and writing modules (`apps.record_apps`)."""
    return [([m.module for m in t.models], [a.module for a in t.readers],
             [a.module for a in t.writers]) for t in index.tables]


def _taken_out(grouping: Grouping, isolated: list[str], taken: set[str]
               ) -> tuple[Grouping, list[str]]:
    """The grouping and the isolated modules without `taken` (modules the kernel takes)."""
    return (Grouping.ordered(((pin, kept) for pin, members in grouping.groups
                              if (kept := [m for m in members if m not in taken])),
                             grouping.choice),
            [m for m in isolated if m not in taken])


def _family_rules(index: ProjectIndex, graph: CouplingGraph, grouping: Grouping,
                  isolated: list[str], kernel: list[KernelModule], owners: set[str],
                  root_set: set[str], units: dict[str, str], user_placed: set[str]
                  ) -> tuple[Grouping, list[str], list[KernelModule]]:
    """`seams.families`, in a project with plugin families: the plugin framework is
    kernel, and plugins placed away from their family rejoin it. `user_placed`: the
    modules a lever (pin, `kernels`, `together`) names. Returns the grouping, the
    isolated modules and the kernel."""
    from strangler.seams.families import (
        extension_kernel,
        family_strays,
        plugin_families,
    )

    families = plugin_families(index, graph, owners)
    if not families:
        return grouping, isolated, kernel
    names = [m.name for m in index.modules]
    framework = extension_kernel(
        families, names, {m.name for m in index.modules if m.is_package}, owners,
        served_modules(index).serving, {k.module for k in kernel} | root_set | user_placed)
    framework += _container_framework(index, graph, families, names,
                                      {k.module for k in kernel} | root_set | user_placed
                                      | {k.module for k in framework}, units)
    if framework:
        grouping, isolated = _taken_out(grouping, isolated, {k.module for k in framework})
        kernel = [*kernel, *framework]
    grouping, kernel = family_strays(grouping, kernel, families, units, user_placed)
    grouping = _data_adapters(index, graph, grouping, families, user_placed)
    return grouping, isolated, kernel


def _data_adapters(index: ProjectIndex, graph: CouplingGraph, grouping: Grouping,
                   families: list[Any], user_placed: set[str]) -> Grouping:
    """`families.data_adapters` over the project's tables."""
    from strangler.seams.families import data_adapters
    from strangler.seams.kernel import owned_tables

    return data_adapters(grouping, families, owned_tables(index, graph),
                         data_facts(index, graph).mapped_by, user_placed)


def _container_framework(index: ProjectIndex, graph: CouplingGraph, families: list[Any],
                         names: list[str], left_out: set[str], units: dict[str, str]
                         ) -> list[KernelModule]:
    """`families.container_framework` over the project's tables and routes."""
    from strangler.seams.families import container_framework
    from strangler.seams.kernel import owned_tables

    # A module serves a route where it declares it or holds its handler (a view of the
    # container registered in the root URLconf makes the container an app, not a framework).
    return container_framework(families, names, {m.name for m in index.modules if m.is_package},
                               owned_tables(index, graph), data_facts(index, graph).mapped_by,
                               served_modules(index).serving,
                               left_out, units)


def _named_data(index: ProjectIndex, graph: CouplingGraph, units: dict[str, str],
                parents: dict[str, str]) -> frozenset[str]:
    """`named_data.named_data_units` of the project (`parents`: `aggregates.table_parents`)."""
    from strangler.seams.named_data import named_data_units

    facts = data_facts(index, graph)
    return frozenset(named_data_units(
        units, facts.maps, {t.name: [m.name for m in t.models] for t in index.tables},
        facts.tables, ((link.module, link.table) for link in graph.table_access), parents))


def _cluster(candidate: Any, modules: dict[str, Any], config: SeamConfig, services: int,
             owners: set[str], all_units: dict[str, str],
             hubs: frozenset[str] = frozenset(), owned: dict[str, set[str]] | None = None,
             parents: dict[str, str] | None = None,
             heads: dict[str, str] | None = None,
             vocabularies: dict[str, str] | None = None,
             named: frozenset[str] = frozenset()) -> Grouping:
    """Group the candidate graph's modules. Modules of a verb-organised layer
    (`logic/action/create`) and the `hubs` (`seams.hubs`: command-line layers, fan-out
    hubs) are placed after the others, each with the group it pulls hardest: they serve
    every domain and would otherwise glue domains together. In a layered application (one
    with domain slices across layer packages), each domain unit's cohesive members are
    clustered as one node, so layers of a domain stay together. `all_units`: each module's
    domain unit (`words.domain_units`); `owned` and `parents`: each module's tables and each
    child table's parent, for the aggregates, and `heads` each compound word unit's head
    (`compounds.compound_heads`), for the slice split (`propose.split_slices`), with the
    `named` units (`named_data.named_data_units`)."""
    from strangler.seams.propose import (
        UNIT_NODE,
        attach_followers,
        choose_groups,
        cohesive_units,
        split_slices,
    )
    from strangler.seams.words import app_units, operation_modules

    followers = {m for m in operation_modules(sorted(n for n in candidate.nodes
                                                     if n in modules)) | hubs
                 if m in candidate and not config.pinned_service(m)}
    lead = induced_copy(candidate, sorted(set(candidate.nodes) - followers)) \
        if followers else candidate
    units = None
    if any(u.startswith("word:") for u in all_units.values()) \
            or app_units(all_units):
        # Pins are applied after the clustering (`_constrain`), so the units ignore them
        # and a pin moves its modules without reshaping the others' groups.
        from strangler.seams.layer_families import family_units

        # (a layer pair's twins of one word are held together: `layer_twins.held_twins`)
        from strangler.seams.layer_twins import held_twins

        kept = cohesive_units(lead, all_units)
        # (what is left of a big app laid out by kind once its layers were read into the
        # domains' units, awx's `main/`, is no domain: its modules are clustered one by one)
        from strangler.seams.layer_apps import app_remnants

        remnants = app_remnants(all_units)
        kept = {m: u for m, u in kept.items() if u[len(UNIT_NODE):] not in remnants}
        kept.update((m, UNIT_NODE + unit) for m, unit in held_twins(all_units).items()
                    if m in lead)
        units = family_units(lead, all_units, kept)
    grouping = choose_groups(lead, modules, config, services, units)
    if units and not services and not config.services:
        from strangler.seams.apps import django_apps

        grouping = split_slices(lead, grouping, units, owners, owned, parents, heads,
                                vocabularies, django_apps(modules),
                                {UNIT_NODE + unit for unit in named})
    return attach_followers(candidate, grouping, followers) if followers else grouping


def propose_seams(index: ProjectIndex, graph: CouplingGraph, request: SeamRequest,
                  commits: Iterable[tuple[str, tuple[str, ...]]] = (),
                  core: SeamCore | None = None,
                  metrics_memo: MetricsMemo | None = None) -> SeamProposal:
    """Propose services for a project; `commits` are (author, modules changed) per commit;
    `core` is `seam_core(...)` of the same structure when the caller has it already;
    `metrics_memo` holds metrics scored in earlier runs (each under a digest of its inputs)."""
    from strangler.seams.cycle_cuts import cross_seam_cycles, cycle_cuts
    from strangler.seams.explain import (
        describe_seams,
        foreign_tables,
        shared_tables,
        table_facts,
    )
    from strangler.seams.levers import apply_moves, unmatched_globs
    from strangler.seams.metrics import (
        baseline_verdicts,
        memo_metrics,
        metrics_inputs,
        package_baseline,
    )
    from strangler.seams.migration import backend_modules, entry_modules, migration_plan
    from strangler.seams.naming import name_evidence
    from strangler.seams.package_folding import fold_and_spaces
    from strangler.seams.propose import name_groups
    from strangler.seams.sensitive import sensitive_data
    from strangler.seams.signals import business_contexts, static_neighbours
    from strangler.seams.words import domain_units

    commits = list(commits)
    if core is None:
        core = seam_core(index, graph, request, commits)
    modules = {m.name: m for m in index.modules}
    kernel, roots = core.kernel, core.roots
    excluded = ({k.module for k in kernel} | {r.module for r in roots}
                | {e.module for e in core.examples})
    units = {m for m in modules if m not in excluded}
    contexts = (dict(core.contexts) if core.contexts is not None
                else business_contexts(index, graph))
    isolated = list(core.isolated)
    if core.units is not None:
        unit_of = dict(core.units)
    else:
        from strangler.seams.layer_domains import table_layer_words

        neighbours = static_neighbours(graph)
        unit_of = domain_units(sorted(modules), lambda m: neighbours.get(m, set()),
                               table_layer_words(index))
    # (an engine module joined to its layer twins is named by their word: `layer_twins`)
    from strangler.seams.layer_twins import twin_units

    unit_of.update(twin_units(modules))
    # (a plugin is named by its kind, not its vendor: `seams.plugin_kinds`)
    from strangler.seams.plugin_kinds import module_kinds

    evidence = name_evidence(index, graph)
    plugged = module_kinds(graph.dependencies, sorted(modules),
                           {m for m, module in modules.items() if module.is_package},
                           {k.module for k in kernel}, excluded)
    # (sibling plugins of one interface are named by it: `seams.interface_kinds`)
    from strangler.seams.interface_kinds import module_interfaces

    declared = module_interfaces(index, [members for _, members in core.grouping.groups],
                                 [k.module for k in kernel],
                                 {m for m, module in modules.items() if module.is_package})
    plugged = {**declared, **plugged}
    # (plugins a loader finds by name are named by their kind: `seams.loaded_families`)
    from strangler.seams.loaded_families import family_words, name_loads

    plugged = {**family_words([members for _, members in core.grouping.groups],
                              name_loads(index.imports, index.name_loads),
                              graph.dependencies, modules,
                              data_facts(index, graph).mapping
                              | served_modules(index).serving), **plugged}
    if plugged:
        evidence = replace(evidence, kinds=plugged)
    partition = name_groups(core.grouping, modules, evidence=evidence, units=unit_of)
    partition, spaces = fold_and_spaces(partition, isolated, {k.module for k in kernel},
                                         modules)
    if spaces:
        kernel = tuple(sorted([*kernel, *spaces], key=lambda k: k.module))
        excluded |= {k.module for k in spaces}
        units -= {k.module for k in spaces}
    isolated = sorted(set(isolated) - set(partition.labels()) - {k.module for k in spaces})
    notes: list[str] = []
    if isolated:
        notes.append(f"{len(isolated)} module{'s have' if len(isolated) > 1 else ' has'} no "
                     f"coupling to others and stay{'s' if len(isolated) == 1 else ''} "
                     f"unassigned: {', '.join(isolated[:10])}")
    examples = core.examples
    moved: list[str] = []
    if request.moves:
        # A module left out (kernel, root, example or script) joins the seam it is moved to.
        movable = ({k.module for k in kernel} | {r.module for r in roots} | set(isolated)
                   | {e.module for e in examples})
        partition, moved, freed = apply_moves(partition, request.moves, movable)
        units |= freed
        kernel = tuple(k for k in kernel if k.module not in freed)
        roots = tuple(r for r in roots if r.module not in freed)
        examples = tuple(e for e in examples if e.module not in freed)
    if examples:
        shown = ", ".join(e.module for e in examples[:5])
        notes.append(f"{len(examples)} example, demo, fixture, test-support or script "
                     f"module{'s' if len(examples) > 1 else ''} left out of the proposal "
                     f"({shown}{', …' if len(examples) > 5 else ''}); --keep-examples "
                     "or `examples = \"keep\"` keeps them")
    notes.extend(unmatched_globs(request.config, set(modules)))
    notes.extend(moved)
    if request.config.together:
        from strangler.seams.config import matches
        from strangler.seams.levers import lever_notes

        placed = {m for m in partition.labels()
                  if any(matches(m, (glob,)) for glob, _ in request.moves)}
        notes.extend(lever_notes(request.config, partition.labels(), kernel, roots, examples,
                                 placed))
    foreign = foreign_tables(index)
    if foreign:
        shown = ", ".join(sorted(foreign)[:5])
        notes.append(f"{plural(len(foreign), 'table')} that no model maps, nothing writes and "
                     f"only raw SQL reads ({shown}{', …' if len(foreign) > 5 else ''}): "
                     "another database's (a data source's catalog, say) or a leftover of a "
                     "migration; no seam owns or shares them")
    labels = partition.labels()
    cross_cycles = cross_seam_cycles(graph, labels)
    notes.extend(cycle_cuts(graph, labels, metrics_memo))
    facts = table_facts(index, graph, labels, {m.name: m.path for m in index.modules}, foreign)
    seams = describe_seams(index, graph, partition, cross_cycles, foreign, facts)
    metric_units = set(units)
    inputs = metrics_inputs(index, graph, contexts) if metrics_memo is not None else None

    def score(partition_labels: dict[str, str]) -> Any:
        return memo_metrics(metrics_memo, inputs, index, graph, partition_labels, metric_units,
                            contexts)

    metrics = (
        ("proposal", score(labels)),
        ("packages", score(package_baseline(metric_units))),
        ("import_louvain", score(dict(core.import_louvain))),
    )
    notes.extend(baseline_verdicts(metrics))
    signals_used = tuple(name for name in ("static", "data", "cochange", "routes", "package",
                                                  "words")
                         if getattr(request.signals, name))
    if request.signals.cochange and not commits:
        notes.append("git co-change: no history (not a git repository, or no commits touch "
                     "these files)")
    elif request.signals.cochange and not core.cochange:
        notes.append(f"git co-change: {len(commits)} commits, but no two modules changed "
                     "together twice: no co-change signal yet")
    return SeamProposal(
        seams=seams,
        kernel=kernel,
        roots=roots,
        plan=migration_plan(seams, sensitive_data(index), backend_modules(index),
                            entry_modules(index)),
        metrics=metrics,
        # The count is the seams': the kernel, library and slice steps after the
        # clustering may join or split its groups.
        choice=(f"{len(seams)} services: {_choice_words(partition.choice, len(seams))}; "
                f"modularity {dict(metrics)['proposal'].modularity:.3f} (import graph, as "
                "in the metrics table)"),
        assignment=tuple(sorted(labels.items())),
        signals=signals_used,
        notes=tuple(notes),
        shared_tables=shared_tables(facts),
        examples=examples,
    )


def _choice_words(choice: Choice, services: int) -> str:
    """The clustering's own account, and how its groups became `services` when the steps
    after it (kernel, libraries, slices, apps) joined or split some: "clustered into 10
    groups" beside "12 services" reads as a contradiction otherwise."""
    if choice.groups is None or choice.groups == services:
        return choice.text()
    return (f"{choice.head()} (made {services} by the steps after it: kernel, libraries, "
            f"domain slices){choice.rest}")
