"""Subsystems whose layers the clustering cannot see joined: the last placements of
`seam_core` before the user's levers.

In order: a manager joins the drivers it loads by entry point (`seams.drivers`), an API
module joins the provider it reads through a service locator (`seams.located_apis`), and
the per-domain modules of a registry package under the platform join their domain's group
(`seams.registries`, `seams.registry_data`), which by then holds its API and its manager."""

from __future__ import annotations

from collections.abc import Mapping

from strangler.graph import CouplingGraph
from strangler.model import ProjectIndex

Groups = tuple[tuple[str, tuple[str, ...]], ...]


def moved_members(groups: Groups, moves: Mapping[str, int]) -> Groups:
    """`groups`, in their order, with each module of `moves` taken from its group into the
    group of that index; an emptied group is dropped."""
    if not moves:
        return groups
    result = [(pin, [n for n in names if n not in moves]) for pin, names in groups]
    for module, home in moves.items():
        result[home][1].append(module)
    return tuple((pin, tuple(sorted(names))) for pin, names in result if names)


def subsystem_homes(index: ProjectIndex, graph: CouplingGraph, groups: Groups,
                    kernel: list[str], units: dict[str, str]) -> tuple[Groups, set[str]]:
    """The groups after the three placements, and the modules taken from the kernel.
    `units` (module -> domain unit) is updated in place: a placed registry module names
    its domain's word (`policies/endpoint` votes for `endpoint` where its seam is named)."""
    from strangler.seams.drivers import loaders_with_drivers, own_drivers
    from strangler.seams.index_facts import served_modules
    from strangler.seams.kernel import runtime_edges
    from strangler.seams.located_apis import apis_with_providers, located_reads
    from strangler.seams.registries import registry_members
    from strangler.seams.registry_data import home_registry_members, table_words

    groups = loaders_with_drivers(
        groups, own_drivers((d.source, d.target) for d in graph.dependencies
                            if any(kind == "entry_point" for kind, _ in d.kinds)),
        {m.name: m.loc for m in index.modules})
    # (from the graph's kind counts, which `pipeline._core_key` holds: one per read line)
    groups = apis_with_providers(
        groups, located_reads((d.source, d.target, kind, n) for d in graph.dependencies
                              for kind, n in d.kinds if kind == "located"),
        served_modules(index).handling)
    members = registry_members([m.name for m in index.modules],
                               {m.name for m in index.modules if m.is_package},
                               runtime_edges(graph))
    groups, from_kernel, placed = home_registry_members(
        groups, kernel, members,
        table_words((t.name, {model.module for model in t.models}) for t in index.tables))
    units.update((m, f"word:{members[m]}") for m in placed)
    return groups, from_kernel
