"""Kernel modules that, after the clustering, serve one seam go back to it.

The breadth rules of `kernel.find_kernel` count a module's users over the first,
kernel-blind Louvain run, whose groups often cut one domain in parts: its actions in one
group, its views in another, a plugin of it in a third (a layered catalog whose domains are
spread over `model/`, `logic/` and `views/` packages). A module that only that domain uses
then looks used by three domains, and the kernel takes domain code: the catalog's dataset
schemas (`logic/schema`, 760 lines), which the actions, the views and one plugin call.

Once the clustering has joined those parts, the module's users say where it belongs. A
module the breadth rules chose (`BREADTH`), with no data of its own, goes back from the
kernel to a seam when the final seams that use it are fewer than the breadth rules' bar
(BAR, three domains) and that seam holds two thirds of its users in seams, two at least.
Kernel users are not counted: the platform calling a domain's module is a dependency the
extraction turns into an API call, as it does for every seam the platform calls.

Never moved: a module whose name carries a platform name (`kernel.KERNEL_NAMES`: `utils`,
`lib`, `config`, `exceptions`...) or a generic one (`words.UNIT_STOP`: `general`, `core`,
`common`...), whatever its users (the team's naming says it is shared: a `utils/crypto` used
by one family of drivers is still a utility); a module a lever placed. Repeated until
nothing moves (a returned module's users count in its seam); linear in the run-time edges
per round."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from strangler.model import KernelModule

Groups = tuple[tuple[str, tuple[str, ...]], ...]

# The reasons `kernel.find_kernel` gives for a module chosen by how many domains use it.
BREADTH = re.compile(r"no tables of its own[;,] used by \d+ (of the \d+ module groups|domains)")
# The breadth rules' bar (`kernel.find_kernel`: three domains at least): a candidate that the
# final seams show used by fewer seams goes back.
BAR = 3


def named_shared(modules: Iterable[str], tops: AbstractSet[str]) -> set[str]:
    """The modules whose name says they are shared: a platform name among its parts
    (`kernel.name_parts` with the project's `tops`) or a generic last name."""
    from strangler.seams.kernel import KERNEL_NAMES, name_parts
    from strangler.seams.words import UNIT_STOP

    return {m for m in modules
            if name_parts(m, set(tops)) & KERNEL_NAMES or m.rsplit(".", 1)[-1] in UNIT_STOP}


def breadth_chosen(kernel: Iterable[KernelModule]) -> set[str]:
    """The kernel modules that the breadth rules chose (see `BREADTH`)."""
    return {k.module for k in kernel if BREADTH.search(k.reason)}


def one_seam_homes(groups: Groups, candidates: AbstractSet[str],
                   edges: Iterable[tuple[str, str]], fixed: AbstractSet[str]
                   ) -> dict[str, int]:
    """module -> index of the group it goes back to, for the `candidates` (kernel modules)
    that one group uses (see the module's docstring). `edges`: (source, target) run-time
    dependencies; `fixed`: modules never moved (levers, platform and generic names)."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    users: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        if source != target and target in candidates:
            users[target].add(source)
    homes: dict[str, int] = {}
    changed = True
    while changed:
        changed = False
        for module in sorted(candidates - fixed - homes.keys()):
            seams = Counter(label[u] for u in users[module] if u in label)
            if not seams or len(seams) >= BAR:
                continue
            home, count = min(seams.items(), key=lambda s: (-s[1], s[0]))
            if count >= 2 and count * 3 >= sum(seams.values()) * 2:
                homes[module] = home
                label[module] = home
                changed = True
    return homes


def return_to_seams(groups: Groups, kernel: list[KernelModule], edges: Iterable[tuple[str, str]],
                    fixed: AbstractSet[str]) -> tuple[Groups, list[KernelModule]]:
    """The groups with the returned modules in their seams, and the kernel without them."""
    homes = one_seam_homes(groups, breadth_chosen(kernel), list(edges), fixed)
    if not homes:
        return groups, kernel
    from strangler.seams.subsystems import moved_members

    return moved_members(groups, homes), [k for k in kernel if k.module not in homes]
