"""A runtime settings store with a model of its own and the pages that edit it is a slice.

`kernel.settings_tables` reads a bare key-value table as the platform's settings store: in
most applications every part reads its settings, and the module writing them (CTFd's
`utils/__init__`, `set_config`) is a helper of everyone. Some applications give the store a
model module of its own (ckan's `model/system_info`: the `system_info` table and its
get/set/delete functions), a small runtime layer that loads it into the application
(`lib/app_globals`: the `g` values a site administrator may change) and routes that edit it
(`views/admin`: `/ckan-admin/config`). That is the sysadmin's settings service, a vertical
slice (routes + logic + model + table) as issue 10 draws services, not platform code: the
store has few users across seams, and the users are the slice's own layers.

Rule: for a settings table whose every mapping module maps settings tables only (a model of
its own, not the one `models` module of every table, as CTFd's) and sits in a seam, with V
the route-serving modules of the seams (the kernel and the roots aside) that call a mapping
module directly (the editors), and K the modules, of the kernel or of a seam, that call a
mapping module, that an editor uses, that own no data and serve no route, and whose other
users (the editors, the roots, the kernel and K's own seam aside) sit in fewer than
FEW_SEAMS seams (the issue's kernel has many users across seams; `find_kernel` asks at
least 3 groups of a module it takes for its breadth): the mapping modules, V and K form one
seam of their own, taken out of their groups and the kernel. Nothing happens without an
editor (a store no route writes is settings). It runs after the app's roots are known
(`app_objects.late_app_roots`): the factory that installs the loader is no seam's user."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from strangler.model import KernelModule
from strangler.seams.propose import Grouping

FEW_SEAMS = 3  # users' seams below which a kernel module is no kernel of many


def settings_slices(grouping: Grouping, kernel: list[KernelModule],
                    users: Mapping[str, AbstractSet[str]],
                    mapped_by: Mapping[str, AbstractSet[str]],
                    maps: Mapping[str, AbstractSet[str]], settings: AbstractSet[str],
                    owners: AbstractSet[str], served: AbstractSet[str],
                    roots: AbstractSet[str], fixed: AbstractSet[str]
                    ) -> tuple[Grouping, list[KernelModule]]:
    """The grouping with each settings store's slice (see the module's docstring) as a
    group of its own, and the kernel less the modules it took. `users`: each module's
    run-time users (`index_facts.runtime_users`); `mapped_by`: table -> modules mapping it,
    and `maps` module -> tables it maps (`index_facts.DataFacts`); `settings`: the
    key-value settings tables; `owners`: modules that map or write a (non-settings) table;
    `served`: modules declaring or handling routes; `roots`: the roots; `fixed`: modules a
    lever placed (never moved). Pinned groups are left alone."""
    if not any(mapped_by.get(table) for table in settings):
        return grouping, kernel
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    pinned = {m for pin, members in grouping.groups if pin for m in members}
    kernel_set = {k.module for k in kernel}
    slices: list[set[str]] = []
    for table in sorted(settings):
        models = set(mapped_by.get(table, ()))
        if (not models or any(not maps.get(m, frozenset()) <= settings for m in models)
                or not models <= label.keys() or models & (fixed | pinned | roots)):
            continue
        # (the modules that use a mapping module at run time)
        callers = {u for m in models for u in users.get(m, ())}
        editors = {m for m in label if m in served and m in callers
                   and m not in fixed | pinned | roots | models}
        if not editors:
            continue
        layer: set[str] = set()
        for module in sorted(kernel_set | label.keys()):
            its_users = users.get(module, frozenset())
            if (module in owners or module in fixed | pinned | roots | models | editors
                    or module in served or module not in callers
                    or not its_users & editors):
                continue
            seams = {label[u] for u in its_users - editors if u in label} - {label.get(module)}
            if len(seams) < FEW_SEAMS:
                layer.add(module)
        found = models | editors | layer
        if not any(found & s for s in slices):
            slices.append(found)
    if not slices:
        return grouping, kernel
    taken = set().union(*slices)
    left = grouping.without(taken)
    return (Grouping.ordered([*left.groups, *(("", s) for s in slices)], grouping.choice),
            [k for k in kernel if k.module not in taken])
