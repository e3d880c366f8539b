"""The plumbing left in an application that is a layer of every domain.

When an app is a layer of the application (`control/` the back office, `presale/` the shop,
`api/` the REST API: `layer_apps.layer_app_units` sent the modules of its layer packages,
`control/views/orders`, `api/serializers/order`, to their domains' word units), what stays
in the app's own unit is what every domain's slice of that layer stands on: its middleware,
context processors, navigation, signals, pagination, exception handling, the API's
authentication, template tags, and the layer packages' own `__init__` (base views, base
forms). No domain owns it, and left together it is a seam named after the layer that cuts
through every domain. A module of that plumbing that maps no table is kernel, like the
plumbing of a mirrored interface layer (`layer_plumbing`). Applied after the clustering."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from strangler.model import KernelModule
from strangler.seams.layer_apps import LAYER_APP_MIN
from strangler.seams.propose import Grouping, take_kernel

# Layer packages that make a package a layered container (`words._units` looks into it):
# its slices define the domains, it is no layer of them.
LAYERED_MIN = 3


def layer_app_roots(units: dict[str, str], layers: frozenset[str],
                    mapping: AbstractSet[str] = frozenset()) -> set[str]:
    """App units whose layer packages sent LAYER_APP_MIN or more modules to word units
    that modules outside the app are in too (`app.views.orders` in `word:order` with
    `base.models.orders`, while `app.middleware` is in unit `app`). A word unit of the
    app's modules alone (`management/commands/runserver`) names no domain, and a layered
    container (LAYERED_MIN layer packages: `base/models`, `base/services`, `base/views`) is
    where the domains come from, not a layer of them. Nor does a word unit whose tables
    only the app's own modules map (`mapping`: the modules mapping a table): that is the
    app's own entity (`questions/models/page` and `questions/serializers/page`, which
    another app's `serializers/page` also shows), not a domain of the rest of the
    application that the app would be a layer of."""
    apps = {unit for unit in units.values() if not unit.startswith("word:")}
    members: dict[str, set[str]] = {}
    for name, unit in units.items():
        members.setdefault(unit, set()).add(name)

    def own_entity(unit: str, app: str) -> bool:
        mappers = [m for m in members[unit] if m in mapping]
        return bool(mappers) and all(m.startswith(app + ".") for m in mappers)
    sent: Counter[str] = Counter()
    for name, unit in units.items():
        if not unit.startswith("word:"):
            continue
        parts = name.split(".")
        for end in range(len(parts) - 2, 0, -1):  # the innermost app holding the module
            app = ".".join(parts[:end])
            if app in apps:
                if parts[end] in layers and any(not other.startswith(app + ".")
                                                for other in members[unit]) \
                        and not own_entity(unit, app):
                    sent[app] += 1
                break
    kids: dict[str, set[str]] = {}  # package -> its child packages named for a layer
    for name in units:
        parts = name.split(".")
        for end in range(1, len(parts) - 1):
            if parts[end] in layers:
                kids.setdefault(".".join(parts[:end]), set()).add(parts[end])
    return {app for app, count in sent.items()
            if count >= LAYER_APP_MIN and len(kids.get(app, ())) < LAYERED_MIN}


def app_plumbing(module: str, app: str, layers: frozenset[str]) -> bool:
    """`module` (in `app`'s unit) is the app's plumbing: the app itself, a module outside
    its layer packages (`app.middleware`, `app.auth.token`), or a layer package's own
    module (`app.views`: the base views). Modules inside a layer package that named no
    domain (`app.views.dashboards`) and command packages are left to the clustering."""
    rest = module[len(app) + 1:].split(".") if module != app else []
    return not rest or len(rest) == 1 or not any(part in layers for part in rest)


def layer_app_kernel(grouping: Grouping, isolated: Iterable[str], units: dict[str, str],
                     layers: frozenset[str], owners: set[str], fixed: Iterable[str],
                     mapping: AbstractSet[str] = frozenset()
                     ) -> tuple[Grouping, list[str], list[KernelModule]]:
    """The plumbing modules (`app_plumbing`) of the layer apps (`layer_app_roots`), grouped
    or isolated, still in their app's unit, that own no data (`owners`) and that no lever
    placed (`fixed`, pinned groups), taken out as kernel. Returns the grouping, the
    isolated modules left and the kernel modules."""
    apps = layer_app_roots(units, layers, mapping)
    if not apps:
        return grouping, list(isolated), []
    return take_kernel(
        grouping, isolated, owners, fixed,
        lambda m: units[m] if units.get(m) in apps and app_plumbing(m, units[m], layers)
        else None,
        lambda app: f"the plumbing of {app}, an application that is a layer of every domain "
                    "(its views and forms went to their domains)")


def quiet_layer_modules(grouping: Grouping, isolated: Iterable[str], units: dict[str, str],
                        layers: frozenset[str], data: AbstractSet[str],
                        edges: Iterable[tuple[str, str]], below: AbstractSet[str],
                        fixed: Iterable[str], mapping: AbstractSet[str] = frozenset()
                        ) -> tuple[Grouping, list[str], list[KernelModule]]:
    """The modules of a layer app's layer packages that named no domain (still in the
    app's unit: `control/forms/widgets`, `presale/views/robots`) and stand below the
    domains: they read, write and map no table (`data`: settings stores aside) and every
    project module they use at run time is kernel, a root (`below`) or another such
    module. They are the layer's scaffolding (widgets, renderers, a robots.txt view, the
    API's version endpoint), taken out as kernel. A module of the same packages built on
    a domain's code or data (`presale/views/checkout`, `control/views/oauth`) stays where
    the clustering put it. Returns the grouping, the isolated modules left and the
    kernel modules."""
    apps = layer_app_roots(units, layers, mapping)
    if not apps:
        return grouping, list(isolated), []
    fixed = set(fixed) | {m for pin, members in grouping.groups if pin for m in members}
    placed = {m for _, members in grouping.groups for m in members} | set(isolated)
    candidates = {m for m in placed if m not in fixed and m not in data
                  and units.get(m) in apps and not app_plumbing(m, units[m], layers)}
    if not candidates:
        return grouping, list(isolated), []
    uses: dict[str, set[str]] = {}
    users_of: dict[str, set[str]] = {}
    for source, target in edges:
        if source in candidates and target != source:
            uses.setdefault(source, set()).add(target)
            users_of.setdefault(target, set()).add(source)
    # The largest set resting only on the kernel, the roots and each other.
    queue = [m for m in candidates
             if any(t not in below and t not in candidates for t in uses.get(m, ()))]
    while queue:
        module = queue.pop()
        if module not in candidates:
            continue
        candidates.discard(module)
        queue.extend(users_of.get(module, set()) & candidates)
    return take_kernel(
        grouping, isolated, set(), (), lambda m: units[m] if m in candidates else None,
        lambda app: f"scaffolding of {app}'s layer packages, an application that is a layer "
                    "of every domain: no data, built only on the kernel")


def record_writers(owned: dict[str, set[str]], mapping: AbstractSet[str],
                   tables: Iterable[tuple[str, Iterable[str]]],
                   relations: Iterable[str]) -> set[str]:
    """The data owners (`owned`: module -> tables it maps or writes) whose only data are
    writes to standalone records: tables whose models refer to no other table (no foreign
    key, no relationship: a cached file, an API call log line). `tables`: (table, model
    classes mapping it); `relations`: the model classes that are a relation's source.
    A module mapping a table is never one."""
    referring = set(relations)
    standalone = {name for name, models in tables
                  if (found := list(models)) and not any(m in referring for m in found)}
    return {module for module, found in owned.items()
            if module not in mapping and found and found <= standalone}
