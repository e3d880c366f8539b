"""An interface layer cut off from the logic it calls joins that logic's seam.

At some seeds the clustering draws a group that is one layer and nothing else: the views
of a catalog (`views/dataset`, `views/group`, `views/resource`) in one group, the actions
and models they call in another. Each view module is its own unit (no word unit ties a
`views/dataset` to `logic/action/get`), so no slice rule sees that they are one domain,
and the seam proposed is a layer, the thing issue 10 says a service is not. A group that
serves routes, most of whose modules sit in one layer package, and that sends LAYER_PULL
or more of its pull on other groups' modules to one group that is not mostly that layer
too, is the interface of that group's domain: it joins it. A group most of whose modules
are one domain unit (`admin/statistics` with `api/v1/statistics/*`) is a slice of its own,
spelled across layers, not a layer cut off: it stays."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from strangler.graph import Dependency
from strangler.seams.layer_rejoin import REJOIN_LAYERS, rejoin_layers

LAYER_PULL = 0.75  # of a layer group's pull on other groups' modules, to one group


def layer_package(module: str) -> str | None:
    """The first layer package above or at `module` (`app.views` of `app.views.dataset`)."""
    parts = module.split(".")
    for depth, part in enumerate(parts, start=1):
        if part in REJOIN_LAYERS:
            return ".".join(parts[:depth])
    return None


def _mostly(members: Iterable[str]) -> str | None:
    """The layer package holding more than half of `members`, if one does."""
    members = list(members)
    held = Counter(p for m in members if (p := layer_package(m)))
    if not held:
        return None
    package, count = min(held.items(), key=lambda kv: (-kv[1], kv[0]))
    return package if count * 2 > len(members) else None


def _one_unit(members: tuple[str, ...], units: dict[str, str]) -> bool:
    """Whether more than half of `members` are one domain unit."""
    count = Counter(units.get(m, m) for m in members)
    return max(count.values()) * 2 > len(members)


def lone_layer_groups(groups: tuple[tuple[str, tuple[str, ...]], ...],
                      dependencies: Iterable[Dependency], served: AbstractSet[str],
                      units: dict[str, str], kept: Iterable[str] = ()
                      ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The groups with each lone interface layer group (see the module's docstring) merged
    into the group it pulls. `served`: modules declaring or handling routes; `units`: each
    module's domain unit; a group holding a module of `kept` (kept together by the user)
    and pinned groups are left alone."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(groups) if pin}
    held = set(kept)
    pull: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for dependency in dependencies:
        a, b = label.get(dependency.source), label.get(dependency.target)
        if a is not None and b is not None and a != b:
            pull[a][b] += dependency.weight
            pull[b][a] += dependency.weight
    mostly = [_mostly(members) for _, members in groups]
    into: dict[int, int] = {}
    for i, (_, members) in enumerate(groups):
        if (i in pinned or mostly[i] is None or not pull[i] or held & set(members)
                or not served & set(members) or _one_unit(members, units)):
            continue
        target, weight = min(pull[i].items(), key=lambda kv: (-kv[1], kv[0]))
        if (weight >= LAYER_PULL * sum(pull[i].values()) and target not in pinned
                and mostly[target] != mostly[i]):
            into[i] = target
    # (a group that takes one in is not given away itself: merges are one step deep)
    into = {i: t for i, t in into.items() if t not in into}
    if not into:
        return groups
    merged = [set(members) for _, members in groups]
    for source, target in sorted(into.items()):
        merged[target] |= merged[source]
        merged[source] = set()
    # (a member of another domain word that rode along, `api/users` in a group led by
    # `api/orders`, goes back to its word's seam: `layer_rejoin.rejoin_layers`)
    return rejoin_layers(tuple((pin, tuple(sorted(members))) for (pin, _), members
                               in zip(groups, merged, strict=True) if members), units, held)
