"""The plumbing loose beside a layered container's layer packages.

A layered application keeps one module per domain in each of its layer packages
(`app/models/<x>.py`, `app/serializers/<x>.py`, `app/viewsets/<x>.py`, `app/tasks/<x>.py`)
and, loose beside them in the same package and in the packages above it, what every
domain's layers stand on: utilities, middleware, request contexts, logging, metrics,
response and pagination classes, filters, hashing, MIME types, connection helpers. No
domain owns it. Each module has a handful of callers, so breadth alone misses it, and the
clustering scatters it into the domains that happen to call it (pulpcore: 14 such modules
in 6 seams).

Rule, after the clustering: in a layered container (a package with LAYERED_MIN or more
child packages that are layers: `TRUE_LAYERS` names, or layers known by their shape,
`mirror_layers`, holding CONTAINER_SHARE of the project's modules or more: the
application's layers, not one Django app's among many), a plain module directly in the
container or in a package enclosing it joins the kernel when
- it maps no table and serves no route, and writes none unless it is broad (modules of
  BROAD_SHARE of the seams use it: a utility every domain calls that also writes a
  schedule row);
- its name shares no word with the domains of the container's layers (`role_util` beside
  `models/role`, `access_policy` beside `models/access_policy` are those domains' logic);
- it is not named like an entry point or settings (roots are found elsewhere);
- it rests on no domain: every project module it uses at run time is kernel, a root or
  another such module (to a fixed point), unless it is broad.
Levers win: a pinned or chosen module stays."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.propose import Grouping

LAYERED_MIN = 3  # layer packages that make a package a layered container
# Of the project's modules, the share a layered container holds: the application's own
# layers, not those of one Django app among many (`manager/`'s views, models and api).
CONTAINER_SHARE = 1 / 3
BROAD_SHARE = 1 / 2  # of the seams whose modules use a broad module


def _words(name: str) -> set[str]:
    from strangler.seams.words import NOT_A_DOMAIN, singular

    return {singular(w) for w in name.lower().split("_") if len(w) >= 3} - NOT_A_DOMAIN


def layered_containers(names: Collection[str], packages: Collection[str]
                       ) -> dict[str, set[str]]:
    """Each layered container (see the module's docstring) -> the domain words of its layer
    packages' modules."""
    from strangler.seams.mirror_layers import mirrored_layers
    from strangler.seams.platform import package_sizes
    from strangler.seams.words import TRUE_LAYERS, children_of

    layers = TRUE_LAYERS | mirrored_layers(names)
    kids = children_of(names)
    held = package_sizes(names)
    found: dict[str, set[str]] = {}
    for container in sorted(packages):
        layered = [k for k in kids.get(container, ()) if k in packages
                   and k.rsplit(".", 1)[-1].lower() in layers]
        if len(layered) >= LAYERED_MIN and held[container] >= CONTAINER_SHARE * len(names):
            found[container] = {w for layer in layered for k in kids[layer]
                                for w in _words(k.rsplit(".", 1)[-1])}
    return found


def container_plumbing(grouping: Grouping, isolated: Iterable[str], kernel: Collection[str],
                       roots: Collection[str], index: ProjectIndex, graph: CouplingGraph,
                       fixed: Collection[str]
                       ) -> tuple[Grouping, list[str], list[KernelModule]]:
    """The plumbing modules (see the module's docstring), grouped or isolated, taken out
    as kernel. Returns the grouping, the isolated modules left and the kernel modules."""
    from strangler.seams.index_facts import data_facts, runtime_users, served_modules
    from strangler.seams.kernel import ENTRY_NAMES, SETTINGS_NAMES, runtime_edges

    names = [m.name for m in index.modules]
    packages = {m.name for m in index.modules if m.is_package}
    containers = layered_containers(names, packages)
    if not containers:
        return grouping, list(isolated), []
    facts = data_facts(index, graph)
    serving = served_modules(index).serving
    pinned = {m for pin, members in grouping.groups if pin for m in members}
    seam_of = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    users = runtime_users(graph)
    below = set(kernel) | set(roots)

    def broad(module: str) -> bool:
        seams = {seam_of[u] for u in users.get(module, ()) if u in seam_of}
        return len(seams) >= max(2, BROAD_SHARE * len(grouping.groups))

    candidates: set[str] = set()
    loose = set(seam_of) | set(isolated)
    for container, words in containers.items():
        parts = container.split(".")
        for end in range(1, len(parts) + 1):
            holder = ".".join(parts[:end])
            for module in loose:
                last = module.rsplit(".", 1)[-1]
                if (module.rsplit(".", 1)[0] != holder or module in packages
                        or module in below or module in fixed or module in pinned
                        or module in facts.mapping or module in serving
                        or last in ENTRY_NAMES or last in SETTINGS_NAMES
                        or last.startswith("settings") or _words(last) & words):
                    continue
                if module in facts.written and not broad(module):
                    continue
                candidates.add(module)
    uses: dict[str, set[str]] = defaultdict(set)
    for source, target in runtime_edges(graph):
        if source in candidates and target != source:
            uses[source].add(target)
    wide = {m for m in candidates if broad(m)}
    changed = True
    while changed:  # (the largest set resting only on the kernel, the roots and itself)
        changed = False
        for module in sorted(candidates - wide):
            if any(t not in below and t not in candidates for t in uses[module]):
                candidates.discard(module)
                changed = True
    if not candidates:
        return grouping, list(isolated), []
    found = sorted(candidates)
    return grouping.without(candidates), [m for m in isolated if m not in candidates], [
        KernelModule(m, "plumbing loose beside the layer packages of a layered application: "
                        "no tables of its own, named for no domain, built on no domain")
        for m in found]
