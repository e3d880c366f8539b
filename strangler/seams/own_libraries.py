"""A library package of the project's own, used across the seams, is kernel.

A project may keep general-purpose code in a package that knows nothing of the
application: mealie's `pkgs/` (a cache key, image minification, a safe HTTP transport,
file-system statistics), airflow's `_shared/secrets_masker`, treeherder's `client/`. Such
a package imports no other module of the project, maps and writes no table, serves no
route; the clustering puts it beside its heaviest user (mealie's image and HTTP helpers in
the scraper's seam), and whichever service is cut first would take a library every other
service needs. That is what a shared kernel is: code without domain data that many
domains use.

A package is such a library (`own_libraries`) when it is no top-level package and its
modules, OWN_MODULES or more, import nothing of the project outside it (at run time), none
of them maps or writes a table, serves a route, is a root or is placed by the user, and
modules of LIBRARY_SEAMS groups or more (the kernel and the roots aside) use it. Only the
outermost such package counts. Its modules join the kernel, except one named like a module
outside the package (`exceptions/challenges` beside `plugins/challenges`: a domain's part
kept in a package of one kind); its `__init__` always joins. A package whose modules the
clustering already shared out among LIBRARY_SEAMS groups or more (keystone's
`policies/<domain>`, each beside its domain's tables) is a registry of the domains' parts,
not a library. Checked first on the
proposals of all 72 projects at seed 42: by code lines, 92% of the modules of such
packages (used by three groups or more) are kernel in the references."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from collections.abc import Set as AbstractSet

from strangler.seams.propose import Grouping

OWN_MODULES = 2  # modules of the package, itself included
LIBRARY_SEAMS = 3  # groups whose modules use the package
LIBRARY_REASON = ("a library package of the project's own: it imports nothing else of the "
                  "project, has no tables and no routes, and several seams use it")


def own_libraries(grouping: Grouping, edges: Iterable[tuple[str, str]],
                  modules: Collection[str], excluded: AbstractSet[str],
                  kernel: AbstractSet[str] = frozenset()) -> list[str]:
    """The modules of the project's own library packages (see the module docstring) that
    are not in the `kernel` yet, sorted. `edges`: (source, target) at run time;
    `excluded`: modules that may be no library's (data, routes, roots, user-placed)."""
    names = sorted(modules)
    imports: dict[str, set[str]] = defaultdict(set)
    users: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        if source != target:
            imports[source].add(target)
            users[target].add(source)
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    packages = sorted({n.rsplit(".", 1)[0] for n in names if "." in n} & set(names))
    lasts: dict[str, set[str]] = defaultdict(set)
    for name in names:
        lasts[name.rsplit(".", 1)[-1]].add(name)
    found: list[str] = []
    taken: set[str] = set()
    for package in packages:  # (in name order: an outer package comes first)
        if "." not in package or package in taken:
            continue
        inside = {n for n in names if n == package or n.startswith(package + ".")}
        if len(inside) < OWN_MODULES or inside & excluded \
                or any(t not in inside for m in inside for t in imports[m]):
            continue
        seams = {label[u] for m in inside for u in users[m] if u not in inside and u in label}
        # (a package the seams share out is a registry of the domains' parts,
        # `policies/<domain>`: no library)
        if len(seams) < LIBRARY_SEAMS \
                or len({label[m] for m in inside if m in label}) >= LIBRARY_SEAMS:
            continue
        taken |= inside
        found.extend(m for m in inside if m not in kernel and (
            m == package or not lasts[m.rsplit(".", 1)[-1]] - inside))
    return sorted(found)
