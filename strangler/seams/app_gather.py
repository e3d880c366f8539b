"""A Django app without tables that the clustering scattered is one slice of its own.

A Django app (`apps.django_apps`: a package holding an `apps` module, Django's AppConfig)
that maps no table has no data to decide its home: its modules follow whatever they touch.
An app of that kind that is a domain of its own (rdmo's `management`: the content editor's
API, views and the XML import of every content element, used by none of the content apps)
touches every domain a little, so its modules land in as many seams (`projects`,
`question`, `import`, `rule`, `manager`), no seam holding most of them, and no step can
send its strays home (`apps.app_strays` needs a group holding a majority). Where the data
cannot tell, the maintainers' cut does: such an app's modules left in seams or isolated are
gathered into one group of their own.

Not gathered: an app whose modules are mostly named for domains of the rest of the
application (half or more of its placed modules in word units that modules outside the app
share: pretix's back office `control/views/orders`, `control/forms/vouchers`), a layer of
every domain, scattered on purpose (`layer_apps.layer_app_units`); an app most of whose
grouped modules sit with the data they work on (Kiwi TCMS's JSON-RPC app: one API module per
domain, each in the seam mapping the tables it reads: `resource_data.data_placed`), which
data first keeps where it is; an app that is platform
(more of its modules in the kernel than placed: `apps.platform_app_strays` decides those);
an app with fewer than `GATHER_MIN` modules in groups or over fewer groups; an app one group
already holds a majority of (its strays are `apps.app_strays`' case); pinned groups and
modules a lever places (`together`, pins, `kernels`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from strangler.seams.propose import Grouping

GATHER_MIN = 3  # grouped modules of the app, spread over as many groups at least


def scattered_apps(grouping: Grouping, isolated: Iterable[str], kernel: AbstractSet[str],
                   names: Iterable[str], mapping: AbstractSet[str], units: dict[str, str],
                   fixed: AbstractSet[str] = frozenset(),
                   with_their_data: AbstractSet[str] = frozenset()
                   ) -> tuple[Grouping, list[str]]:
    """The grouping with each scattered table-less Django app (see the module's text)
    gathered into one new group of its grouped and isolated modules, and the isolated
    modules left. `kernel`: the kernel modules; `mapping`: the modules mapping a table;
    `units`: each module's domain unit (`words.domain_units`); `fixed`: modules a lever
    placed; `with_their_data`: modules without tables of their own sitting with most of the
    data they use (`resource_data.data_placed`)."""
    from strangler.seams.apps import django_apps

    app_of = django_apps(names)
    if not app_of:
        return grouping, list(isolated)
    isolated = list(isolated)
    with_data = {app_of[m] for m in mapping if m in app_of}
    label = {m: i for i, (pin, members) in enumerate(grouping.groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(grouping.groups) if pin}
    members: dict[str, list[str]] = {}
    for module, app in app_of.items():
        members.setdefault(app, []).append(module)
    in_unit: dict[str, set[str]] = {}
    for module, unit in units.items():
        in_unit.setdefault(unit, set()).add(module)

    def named_elsewhere(module: str, app: str) -> bool:
        unit = units.get(module, "")
        return unit.startswith("word:") and any(
            app_of.get(other) != app for other in in_unit[unit])
    gathered: list[list[str]] = []
    for app, mods in sorted(members.items()):
        if app in with_data or any(m in fixed or label.get(m) in pinned for m in mods):
            continue
        grouped = [m for m in mods if m in label]
        loose = [m for m in mods if m in isolated]
        if sum(1 for m in mods if m in kernel) > len(grouped) + len(loose):
            continue  # platform
        if sum(1 for m in grouped + loose if named_elsewhere(m, app)) * 2 \
                >= len(grouped) + len(loose):
            continue  # a layer of the domains
        if sum(1 for m in grouped if m in with_their_data) * 2 > len(grouped):
            continue  # each part sits with the data it works on
        votes = Counter(label[m] for m in grouped)
        if len(grouped) < GATHER_MIN or len(votes) < GATHER_MIN \
                or max(votes.values()) * 2 > len(grouped):
            continue
        gathered.append(sorted(grouped + loose))
    if not gathered:
        return grouping, isolated
    taken = {m for group in gathered for m in group}
    kept = grouping.without(taken)
    return (Grouping.ordered([*kept.groups, *(("", group) for group in gathered)],
                             grouping.choice),
            [m for m in isolated if m not in taken])
