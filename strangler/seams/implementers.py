"""Bundled plugins that implement one domain's extension point serve that domain.

A plugin container (`plugins/`, `addons/`: `words.PLUGIN_CONTAINERS`) of bundled plugins is
cut one unit per plugin (`layer_apps.plugin_package_units`), and the clustering leaves each
plugin a seam of its own when its ties to the rest are one-to-one (a payment provider
subclasses the application's payment base and is called through a registry signal). But
when several sibling plugins subclass classes of the same module outside the container
(`base/payment.py`'s provider base: the bank transfer, Stripe and PayPal plugins), that
module is an extension point of the application, and the plugins are its implementations:
the payment providers are the payments domain, not three services. Such a plugin joins the
seam holding the base module; when that seam holds none of the base's implementations and
is bigger than the joining plugins together (the clustering put the base with one of its
callers' domain: `base/payment` in the orders seam at some seeds), the base goes with its
plugins instead, to the group holding most of their modules.

The base module must be a domain's: placed in a seam (not kernel, not a root: the
platform's model, form and view bases are kernel and make no domain), mapping no table
itself (a model base subclassed by plugins' models is data inheritance, not an extension
point), named like no layer nor below one (a `forms` or `views` module the plugins
subclass is a layer's base; a layer-named app with models of its own, healthchecks'
`api/` of the checks and channels, is a domain's app, not a layer), and outside the
plugin container (a family whose base is inside the container is `families.py`'s).
IMPLEMENTERS (2) sibling plugins or more must subclass it; a plugin implementing several
such modules serves the one it subclasses most (fewest implementers, then name, on a tie).
A plugin built on a sibling plugin's class (healthchecks' Discord transport on the Slack
plugin's `Slackalike`) implements what that sibling implements. A plugin whose tables sit in two
child packages or more is an application of its own (baserow's `contrib/dashboard/` of
widgets and data sources), not an adapter, and keeps its seam. A plugin in a pinned group,
or a base in one, is the user's choice and stays. Runs after the clustering and the plugin
rules, before the user's levers."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from strangler.graph import CouplingGraph
from strangler.seams.index_facts import base_edges
from strangler.seams.propose import Grouping
from strangler.seams.words import TRUE_LAYERS

IMPLEMENTERS = 2  # sibling plugins subclassing one module that make it an extension point
CONCEPTS = 2  # child packages with tables that make a plugin an application of its own


def _plugin_of(module: str, containers: frozenset[str]) -> tuple[str, str] | None:
    """(container, plugin package) of a module below a plugin container's child package."""
    parts = module.split(".")
    for end in range(len(parts) - 2, 0, -1):
        if parts[end - 1].lower() in containers and end > 1:
            return ".".join(parts[:end]), ".".join(parts[:end + 1])
    return None


def _below_layer(module: str, apps_with_models: set[str]) -> bool:
    """Whether a module is named like a layer or sits below one (`forms`, `views/base`),
    a layer-named app with models of its own aside (healthchecks' `api/transports`:
    `api/models` holds the checks and channels, `api` is that domain's app)."""
    parts = module.split(".")
    for end, part in enumerate(parts, 1):
        if part in TRUE_LAYERS and (end == len(parts)
                                    or ".".join(parts[:end]) not in apps_with_models):
            return True
    return False


def _apps_with_models(mappers: Iterable[str]) -> set[str]:
    """The packages holding a module that maps tables directly or in their `models`
    package (`hc.api` of `hc.api.models`, `app` of `app.models.orders`)."""
    found: set[str] = set()
    for module in mappers:
        parent = module.rpartition(".")[0]
        found.add(parent)
        if parent.endswith(".models"):
            found.add(parent.rpartition(".")[0])
    return found


def _of_concepts(plugin: str, mappers: set[str]) -> bool:
    """Whether a plugin is an application of its own: CONCEPTS or more of its child
    packages hold tables (baserow's `contrib/dashboard/` of `widgets/` and `data_sources/`),
    where an adapter keeps its few tables in its own modules (a payment plugin's
    `models.py`)."""
    prefix = plugin + "."
    return len({m[len(prefix):].split(".", 1)[0] for m in mappers
                if m.startswith(prefix) and "." in m[len(prefix):]}) >= CONCEPTS


def extension_implementers(grouping: Grouping, graph: CouplingGraph, kernel: Iterable[str],
                           mappers: set[str], packages: set[str],
                           containers: frozenset[str], fixed: Iterable[str] = ()
                           ) -> Grouping:
    """The grouping with the implementing plugins joined to their base's group (see the
    module docstring). `mappers`: modules whose models map tables; `packages`: package
    `__init__` modules (a plugin is a package); `fixed`: modules a lever names."""
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    kernel_set, fixed_set = set(kernel), set(fixed)
    with_models = _apps_with_models(mappers)
    subclassing: dict[str, Counter[str]] = defaultdict(Counter)  # plugin -> base -> uses
    implementers: dict[str, set[str]] = defaultdict(set)  # base -> plugins
    siblings: dict[str, set[str]] = defaultdict(set)  # plugin -> the sibling plugins it extends
    for source, base in base_edges(graph):
        found = _plugin_of(source, containers)
        if found is None or found[1] not in packages:
            continue
        container, plugin = found
        held = _plugin_of(base, containers)
        if held is not None and held[0] == container and held[1] != plugin:
            siblings[plugin].add(held[1])
        if (base == container or base.startswith(container + ".") or base in kernel_set
                or base in mappers or base not in label
                or _below_layer(base, with_models)):
            continue
        subclassing[plugin][base] += 1
        implementers[base].add(plugin)
    # A plugin built on a sibling's class (healthchecks' Discord and Mattermost transports on
    # the Slack plugin's `Slackalike`) implements what that sibling implements itself: one
    # step, read from the direct bases, so the order of the plugins does not matter.
    direct = {plugin: tuple(bases) for plugin, bases in subclassing.items()}
    for plugin, extended in sorted(siblings.items()):
        if plugin in direct:
            continue
        for sibling in sorted(extended):
            for base in direct.get(sibling, ()):
                subclassing[plugin][base] += 1
                implementers[base].add(plugin)

    def own(plugin: str) -> list[str]:
        return [m for m in label if m == plugin or m.startswith(plugin + ".")]

    serving: dict[str, set[str]] = defaultdict(set)  # base -> the plugins that join it
    for plugin, bases in sorted(subclassing.items()):
        points = [b for b in bases if len(implementers[b]) >= IMPLEMENTERS]
        if not points or not own(plugin) or _of_concepts(plugin, mappers):
            # (a plugin with no module in a seam, left out as an example or in the kernel,
            # has nothing to move: it still counts as an implementation of its base)
            continue
        base = min(points, key=lambda b: (-len(implementers[b]), -bases[b], b))
        if {label[m] for m in own(plugin)} & {label[b] for b in bases}:
            continue  # (already beside a base it implements: `base/ticketoutput` and its PDF)
        serving[base].add(plugin)
    target: dict[str, int] = {}
    for base, plugins in sorted(serving.items()):
        # The base's group, if it holds one of its implementations already; else the
        # group holding most of the joining plugins' modules, and the base goes with them
        # (the clustering put it with one of its callers: `base/payment` in the orders).
        implemented = {label[m] for plugin in implementers[base] for m in own(plugin)}
        home = label[base]
        joining = sum(len(own(plugin)) for plugin in plugins)
        if home not in implemented and len(grouping.groups[home][1]) > joining:
            votes = Counter(label[m] for plugin in plugins for m in own(plugin))
            home = min(votes, key=lambda i: (-votes[i], i))
            if base not in fixed_set:
                target[base] = home
        if not grouping.groups[home][0]:
            target.update((plugin, home) for plugin in plugins)
    if not target:
        return grouping
    moved: dict[int, list[str]] = defaultdict(list)
    taken: set[str] = set()
    for module, i in sorted(label.items()):
        held = _plugin_of(module, containers) if "." in module else None
        owner = held[1] if held else module
        if (owner in target and i != target[owner] and not grouping.groups[i][0]
                and module not in fixed_set):
            moved[target[owner]].append(module)
            taken.add(module)
    if not taken:
        return grouping
    # (a group left with fewer modules than it gave, none of them pinned or mapping a
    # table, was those plugins' group: its rest follows them, the AppConfigs of small
    # plugins the clustering put there)
    for pin, members in grouping.groups:
        given = [m for m in members if m in taken]
        rest = [m for m in members if m not in taken]
        if (given and rest and len(rest) < len(given) and not pin
                and not set(rest) & (mappers | fixed_set)):
            goes = Counter(t for t, ms in moved.items() for m in ms if m in given)
            into = min(goes, key=lambda t: (-goes[t], t))
            moved[into].extend(rest)
            taken.update(rest)
    return Grouping.ordered(((pin, kept) for i, (pin, members) in enumerate(grouping.groups)
                             if (kept := (*[m for m in members if m not in taken],
                                          *moved.get(i, ())))),
                            grouping.choice)
