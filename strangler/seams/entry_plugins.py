"""A plugin registered through an entry point is not the app's wiring.

`seams.root_wiring` takes for kernel a module that only the application's roots import
(the factory's middleware, logger, request hooks). A plugin declared in the packaging
metadata (`setup.cfg`/`pyproject.toml` entry points, linked from the module that loads
them: lemur's issuer, destination and notification plugins, chosen at run time by a
name stored in a row) is reached from the roots too, but only through that registration:
the loader does not use it, the domain whose rows name it does. Such a module (every
importer reaches it through an `entry_point` link only) keeps the group the clustering
gave it instead of joining the kernel."""

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


def unregistered(wiring: Iterable[KernelModule], graph: CouplingGraph) -> list[KernelModule]:
    """The root wiring `seams.root_wiring` found, less the entry-point plugins."""
    registered = entry_point_plugins(graph)
    return [k for k in wiring if k.module not in registered]
