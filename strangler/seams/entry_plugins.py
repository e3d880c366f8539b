"""A plugin registered through an entry point is not the app's wiring.

`seams.root_wiring` takes for kernel a module that only the application's roots import
(the factory's middleware, logger, request hooks). A plugin declared in the packaging
metadata (`setup.cfg`/`pyproject.toml` entry points, linked from the module that loads
them: lemur's issuer, destination and notification plugins, chosen at run time by a
name stored in a row) is reached from the roots too, but only through that registration:
the loader does not use it, the domain whose rows name it does. Such a module (every
importer reaches it through an `entry_point` link only) keeps the group the clustering
gave it instead of joining the kernel.

For the same reason a root's entry-point link is no use of the plugin by the entry point
(`loaded_only`): `seams.entry_helpers` takes for kernel an isolated module a root uses (the
handlers an ASGI entry point wraps the application in), and a loader that is a root (trac's
`loader`, which loads the `trac.plugins` group and so "wires" 18 packages) would otherwise
send there every plugin that nothing else couples to (`tracopt.ticket.clone`)."""

from __future__ import annotations

from collections.abc import Iterable

from strangler.graph import CouplingGraph
from strangler.model import KernelModule

ENTRY_KIND = "entry_point"  # the link kind of a packaging entry-point registration


def entry_point_plugins(graph: CouplingGraph) -> frozenset[str]:
    """Modules reached by at least one entry-point link and by no other kind of link."""
    registered: set[str] = set()
    otherwise: set[str] = set()
    for dependency in graph.dependencies:
        if dependency.source == dependency.target:
            continue
        kinds = {kind for kind, _ in dependency.kinds}
        if ENTRY_KIND in kinds:
            registered.add(dependency.target)
        if kinds - {ENTRY_KIND}:
            otherwise.add(dependency.target)
    return frozenset(registered - otherwise)


def loaded_only(graph: CouplingGraph) -> frozenset[tuple[str, str]]:
    """(loader, plugin) pairs linked by an entry-point registration and nothing else."""
    return frozenset((d.source, d.target) for d in graph.dependencies
                     if d.source != d.target and d.kinds
                     and all(kind == ENTRY_KIND for kind, _ in d.kinds))


def unregistered(wiring: Iterable[KernelModule], graph: CouplingGraph) -> list[KernelModule]:
    """The root wiring `seams.root_wiring` found, less the entry-point plugins."""
    registered = entry_point_plugins(graph)
    return [k for k in wiring if k.module not in registered]
