"""Plugins of a platform package's own extension point are platform too.

A component framework keeps its subsystems' extension points in the subsystem's package:
trac's content rendering (`trac.mimeview`) declares `IHTMLPreviewRenderer` in
`mimeview/api.py`, and its renderers (`mimeview/patch`, `rst`, `txtl`, `pygments`) sit
beside it, each a component declaring that interface (`implements(IHTMLPreviewRenderer)`)
and registered through the packaging entry points. The breadth rules make the package's
`api` and `__init__` kernel (every domain renders content); the renderers, used by nobody
(the framework finds them by their interface), are coupled only to what they call: a
renderer of wiki text calls the wiki's API, the syntax highlighter the preferences, so
each was left in a domain's seam it does not belong to.

The rule: a grouped module that declares an interface (a symbol named on the line of a
zope-style `implements`/`implementer` call) of a kernel module of its own package (a
sibling module, or the package's `__init__`), while that package's `__init__` is kernel
too, and that has no data (it maps, reads and writes no table) and serves no route, joins
the kernel: it is an implementation of the platform's own extension point. An interface
of a domain's package (a ticket or wiki extension point) is no platform's: its `__init__`
is no kernel module. A plugin below another package (ckan's `ckanext.*`, lemur's
`plugins.*`) declares the interfaces of a package that is not its own, and stays where it
is. Pinned groups and modules a lever names stay where they are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from strangler.model import KernelModule, ProjectIndex
from strangler.seams.interface_kinds import declared
from strangler.seams.propose import Grouping


def platform_plugins(grouping: Grouping, index: ProjectIndex, kernel: Iterable[str],
                     data: Iterable[str], served: Iterable[str], fixed: Iterable[str] = ()
                     ) -> tuple[Grouping, list[KernelModule]]:
    """The grouping without the platform's plugins, and those plugins as kernel modules
    (see the module docstring). `data`: modules that map, read or write a table;
    `served`: modules serving a route; `fixed`: modules a lever names."""
    kernel_set = set(kernel)
    skip = set(data) | set(served) | set(fixed)
    grouped = {m for pin, members in grouping.groups if not pin for m in members}
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for use in declared(index, grouped):
        package = use.source.rpartition(".")[0]
        if (package in kernel_set and use.target in kernel_set and use.source not in skip
                and (use.target == package or use.target.rpartition(".")[0] == package)):
            found[use.source].add((use.target, use.name))
    if not found:
        return grouping, []
    moved = [KernelModule(module, "a plugin of its platform package's own extension point "
                                  f"(it implements {name} of {target}), with no data of "
                                  "its own")
             for module, (target, name) in ((m, min(found[m])) for m in sorted(found))]
    return grouping.without(set(found)), moved
