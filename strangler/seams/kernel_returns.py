"""Kernel modules that, after the clustering, serve one seam go back to it.

The breadth rules of `kernel.find_kernel` count a module's users over the first,
kernel-blind Louvain run, whose groups often cut one domain in parts: its actions in one
group, its views in another, a plugin of it in a third (a layered catalog whose domains are
spread over `model/`, `logic/` and `views/` packages). A module that only that domain uses
then looks used by three domains, and the kernel takes domain code: the catalog's dataset
schemas and validators (`logic/schema`, `logic/validators`: 1,650 lines), which the
actions, the views and two plugins call.

Once the clustering has joined those parts, the module's users and its own imports say
where it belongs. A module the breadth rules chose (`kernel.BREADTH_REASONS`), with no
data of its own, goes back from the kernel to the seam S that holds most of its users in
seams (two at least) when either
- the final seams that use it are fewer than the breadth rules' bar (BAR, three domains)
  and S holds two thirds of those users (its users only looked broad); or
- at most BAR seams use it, S holds more of its users than any other seam, and every
  module in a seam that it uses itself is in S, two at least (it is built on S's code:
  the catalog's validators look up datasets and groups through the catalog's models). A
  platform module is built on the platform; one that imports a domain's code is that
  domain's, however many plugins call it.
Kernel users are not counted: the platform calling a domain's module is a dependency the
extraction turns into an API call, as it does for every seam the platform calls.

Never moved: a module whose name carries a platform name (`kernel.KERNEL_NAMES`: `utils`,
`lib`, `config`, `exceptions`...) or a generic one (`words.UNIT_STOP`: `general`, `core`,
`common`...), whatever its users (the team's naming says it is shared: a `utils/crypto` used
by one family of drivers is still a utility); a module a lever placed. Repeated until
nothing moves (a returned module's users count in its seam); linear in the run-time edges
per round."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from strangler.model import KernelModule

Groups = tuple[tuple[str, tuple[str, ...]], ...]

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
    """The kernel modules that the breadth rules chose (`kernel.BREADTH_REASONS`)."""
    from strangler.seams.kernel import BREADTH_REASONS

    return {k.module for k in kernel if BREADTH_REASONS.search(k.reason)}


def one_seam_homes(groups: Groups, candidates: AbstractSet[str],
                   edges: Iterable[tuple[str, str]], fixed: AbstractSet[str]
                   ) -> dict[str, int]:
    """module -> index of the group it goes back to, for the `candidates` (kernel modules)
    that one group uses (see the module's docstring). `edges`: (source, target) run-time
    dependencies; `fixed`: modules never moved (levers, platform and generic names)."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    users: dict[str, set[str]] = defaultdict(set)
    uses: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        if source != target and target in candidates:
            users[target].add(source)
        if source != target and source in candidates:
            uses[source].add(target)
    homes: dict[str, int] = {}
    changed = True
    while changed:
        changed = False
        for module in sorted(candidates - fixed - homes.keys()):
            seams = Counter(label[u] for u in users[module] if u in label)
            if not seams:
                continue
            ranked = sorted(seams.items(), key=lambda s: (-s[1], s[0]))
            home, count = ranked[0]
            built_on = Counter(label[t] for t in uses[module] if t in label)
            one_domain = (set(built_on) == {home}
                          and built_on[home] >= 2 and len(seams) <= BAR
                          and (len(ranked) == 1 or ranked[1][1] < count))
            if count >= 2 and (one_domain or len(seams) < BAR
                               and count * 3 >= sum(seams.values()) * 2):
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
