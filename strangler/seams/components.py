"""Packages of components: programs that each work on the domains they serve.

A layered application may keep its background programs in one package, each program a
package of its own (`daemons/judge/`, `daemons/reaper/`, `daemons/conveyor/`, with a shared
`daemons/common.py`). The package's name is no domain; read as a word unit (`word:daemon`)
it held every program as one unit, and the clustering kept them together: one seam of the
daemons beside the domains whose rules, replicas and transfers they evaluate, delete and
submit. Each program works on the domains' logic (`core/rule`), not on its siblings, so:

- a word unit whose modules all sit in one package, a package holding COMPONENTS_MIN child
  packages or more of two modules each (the child package's `__init__` counts), none named
  by a layer word, and little else (two thirds of its children or more are such packages),
  is a package of components: each child package is a unit of its own (`components`);
- once the seams are drawn, each component joins the group it calls hardest: the static
  dependencies between its modules and the grouped modules outside it, summed over the
  component (`component_homes`), each module's share scaled down by how many components
  use it (an inverse document frequency, log(1 + N/n) / log(1 + N): a database helper
  every program calls says nothing of where one belongs), the container's own modules
  (`daemons/common`) left out. A component whose calls tie between groups stays.

A command-line package (`cli/`, `hubs.COMMAND_WORDS`) is left to `hubs`, whose commands
follow their domains one by one. Pinned groups neither give nor take; kept modules stay."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from strangler.graph import Dependency

COMPONENTS_MIN = 3  # child packages of two modules or more that make a package of components


def components(units: Mapping[str, str]) -> dict[str, str]:
    """Each module of a package of components (see the module docstring) -> its component
    (the child package holding it). `units`: each module's domain unit, word units as
    `word:<word>`; the package's own modules (`daemons/common`, its `__init__`) are none."""
    from strangler.seams.hubs import COMMAND_WORDS
    from strangler.seams.words import LAYER_WORDS

    members: dict[str, list[str]] = defaultdict(list)
    for name, unit in units.items():
        if unit.startswith("word:"):
            members[unit].append(name)
    found: dict[str, str] = {}
    for unit in sorted(members):
        names = members[unit]
        package = min(names, key=lambda n: (n.count("."), n))
        prefix = package + "."
        if package.rsplit(".", 1)[-1].lower() in COMMAND_WORDS or not all(
                n == package or n.startswith(prefix) for n in names):
            continue
        sizes = Counter(n[len(prefix):].split(".", 1)[0] for n in names if n.startswith(prefix))
        kids = {kid for kid, size in sizes.items()
                if size >= 2 and kid.lower() not in LAYER_WORDS}
        if len(kids) < COMPONENTS_MIN or len(kids) * 3 < len(sizes) * 2:
            continue
        for name in names:
            kid = name[len(prefix):].split(".", 1)[0] if name.startswith(prefix) else ""
            if kid in kids:
                found[name] = prefix + kid
    return found


def component_homes(groups: tuple[tuple[str, tuple[str, ...]], ...],
                    found: Mapping[str, str], dependencies: Iterable[Dependency],
                    kept: Iterable[str] = ()) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`groups` with each component (`components`: module -> component) in the group it
    calls hardest (see the module docstring)."""
    from strangler.seams.layer_rejoin import _moved

    if not found:
        return groups
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(groups) if pin}
    containers = {c.rpartition(".")[0] for c in found.values()}
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for dependency in dependencies:
        for own, other in ((dependency.source, dependency.target),
                           (dependency.target, dependency.source)):
            component = found.get(own)
            if component is None or found.get(other) == component or other not in label \
                    or other in containers or other.rpartition(".")[0] in containers:
                continue  # (the container's own modules are every component's plumbing)
            weights[(component, other)] += dependency.weight
    # (a module most components call, a database helper, is shared plumbing: its pull is
    # scaled down as the signal graph scales a table every module reads)
    users = Counter(other for _, other in weights)
    total = len(set(found.values()))
    scale = math.log(1 + total)
    pull: dict[str, Counter[int]] = defaultdict(Counter)
    for (component, other), weight in weights.items():
        pull[component][label[other]] += weight * math.log(1 + total / users[other]) / scale
    held = set(kept)
    moves: dict[str, int] = {}
    for component, weights in sorted(pull.items()):
        ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            continue
        home = ranked[0][0]
        if home in pinned:
            continue
        for module, own in found.items():
            if own == component and module in label and label[module] != home \
                    and label[module] not in pinned and module not in held:
                moves[module] = home
    return _moved(groups, label, moves)
