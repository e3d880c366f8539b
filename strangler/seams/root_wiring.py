"""The application's own wiring, used only by its roots, is platform.

The app factory wraps the application in middleware, installs its logger and its
request hooks; those modules are imported by the factory and by nothing else, and they are
built on settings and helpers. One call into a domain (a middleware that records an audit
entry) couples them to that domain's seam, so the clustering hands them to it, and a
small domain loses its seam to a module twice its size that is no part of it
(`seams.entry_helpers` only takes the ones coupled to no seam at all). A module that only
roots import, that owns no table and serves no route, whose own uses go mostly
(WIRING_SHARE of their weight or more) to the kernel, the roots and code outside any seam,
and that is alone of its domain unit in its seam (a plugin manager beside the plugin
specs it loads is that package's, not the app's), is the app's wiring: kernel."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from strangler.graph import CouplingGraph
from strangler.model import KernelModule
from strangler.seams.kernel import SETTINGS_NAMES

WIRING_SHARE = 0.75  # of a module's outgoing weight that goes to the platform


def root_wiring(groups: tuple[tuple[str, tuple[str, ...]], ...], graph: CouplingGraph,
                runtime: Iterable[tuple[str, str]], roots: set[str],
                owners: set[str], served: AbstractSet[str], units: dict[str, str],
                fixed: set[str]) -> list[KernelModule]:
    """The grouped modules that are the app's wiring (see the module's docstring).
    `runtime`: run-time (source, target) pairs, who imports whom; `owners`: modules that
    map or write a table; `served`: modules declaring or handling routes; `units`: each
    module's domain unit; `fixed`: modules pinned or placed by a lever (never taken).
    Modules of pinned groups are never taken."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(groups) if pin}
    importers: dict[str, set[str]] = defaultdict(set)
    for source, target in runtime:
        if source != target:
            importers[target].add(source)
    uses: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for dependency in graph.dependencies:
        if dependency.source != dependency.target and dependency.source in label:
            uses[dependency.source][dependency.target] += dependency.weight
    unit_count: dict[tuple[int, str], int] = defaultdict(int)
    for module, group in label.items():
        unit_count[(group, units.get(module, module))] += 1
    found: list[KernelModule] = []
    for module in sorted(label):
        group = label[module]
        if (group in pinned or module in fixed or module in owners or module in served
                or not importers[module] or not importers[module] <= roots
                or any(p in SETTINGS_NAMES or p.startswith("settings")
                       for p in module.split("."))
                or unit_count[(group, units.get(module, module))] > 1):
            continue
        out = uses[module]
        total = sum(out.values())
        platform = sum(w for target, w in out.items() if target not in label)
        if total and platform >= WIRING_SHARE * total:
            found.append(KernelModule(module, "only the application's roots use it (its "
                                              "middleware, logging or hooks), built on the "
                                              "platform, with no tables of its own"))
    return found
