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
No module goes back to a seam holding more than half of the grouped modules (WHOLE_MIN or
more): that is the application left uncut (a flat package on an unlucky seed), not one
domain its helpers serve.

Never moved: a module whose name carries a platform name (`kernel.KERNEL_NAMES`: `utils`,
`lib`, `config`, `exceptions`...) or a generic one (`words.UNIT_STOP`: `general`, `core`,
`common`...), whatever its users (the team's naming says it is shared: a `utils/crypto` used
by one family of drivers is still a utility); a module a lever placed. A package named by a
platform word that is a layer of the domains (`domain_layers`: privacyIDEA's `lib/`, the
token, policy, realm... logic) does not count: a module that only its name marks goes back
when it is built on one seam's code (the second rule), not because few seams use it (CTFd's
`utils/` is such a layer, and its `countries` list, used by the user and team forms only,
stays a utility). Repeated until
nothing moves (a returned module's users count in its seam); linear in the run-time edges
per round."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

from strangler.model import KernelModule

Groups = tuple[tuple[str, tuple[str, ...]], ...]

# The breadth rules' bar (`kernel.find_kernel`: three domains at least): a candidate that the
# final seams show used by fewer seams goes back.
BAR = 3
# A group with more than this share of the grouped modules is the application left uncut,
# not a seam a kernel module could serve alone.
MOST_SHARE = 0.5
WHOLE_MIN = 20  # modules: a small project's one big seam is still a domain


def named_shared(modules: Iterable[str], tops: AbstractSet[str],
                 layers: AbstractSet[str] = frozenset()) -> set[str]:
    """The modules whose name says they are shared: a platform name among its parts
    (`kernel.name_parts` with the project's `tops`) or a generic last name. The name of a
    package of `layers` (`domain_layers`) and those above it are not counted: `lib/` is
    then the project's logic layer, not a library."""
    from strangler.seams.kernel import KERNEL_NAMES, name_parts
    from strangler.seams.words import UNIT_STOP

    ordered = sorted(layers, key=lambda layer: (-len(layer), layer))  # the deepest first

    def parts(module: str) -> set[str]:
        for layer in ordered:
            if module.startswith(layer + "."):
                return set(module[len(layer) + 1:].split("."))
        return name_parts(module, set(tops))

    return {m for m in modules
            if parts(m) & KERNEL_NAMES or m.rsplit(".", 1)[-1] in UNIT_STOP}


# A platform-named package whose children sit in this many seams or more, with more of its
# code in seams than in the kernel, is a layer of the domains (`domain_layers`).
LAYER_SEAMS = 5


def domain_layers(groups: Groups, kernel: Iterable[str], loc: Mapping[str, int]) -> set[str]:
    """The packages named by a platform word (`kernel.KERNEL_NAMES`) that are a layer of the
    domains, not a library: their direct children (each with its submodules) sit in
    LAYER_SEAMS seams or more, and the seams hold more of the package's lines than the
    kernel (privacyIDEA's `lib/`: the token, policy, realm, machine... logic, one module or
    package per domain)."""
    from strangler.seams.kernel import KERNEL_NAMES

    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    kernel_set = set(kernel)
    seams: dict[str, set[int]] = defaultdict(set)
    in_seams: Counter[str] = Counter()
    in_kernel: Counter[str] = Counter()
    for module in sorted(set(label) | kernel_set):
        parts = module.split(".")
        for depth in range(1, len(parts)):
            package = ".".join(parts[:depth])
            if parts[depth - 1] not in KERNEL_NAMES:
                continue
            if module in label:
                seams[package].add(label[module])
                in_seams[package] += loc.get(module, 0)
            else:
                in_kernel[package] += loc.get(module, 0)
    return {p for p, found in seams.items()
            if len(found) >= LAYER_SEAMS and in_seams[p] > in_kernel[p]}


def breadth_chosen(kernel: Iterable[KernelModule]) -> set[str]:
    """The kernel modules that the breadth rules chose (`kernel.BREADTH_REASONS`)."""
    from strangler.seams.kernel import BREADTH_REASONS

    return {k.module for k in kernel if BREADTH_REASONS.search(k.reason)}


def one_seam_homes(groups: Groups, candidates: AbstractSet[str],
                   edges: Iterable[tuple[str, str]], fixed: AbstractSet[str],
                   built_only: AbstractSet[str] = frozenset()) -> dict[str, int]:
    """module -> index of the group it goes back to, for the `candidates` (kernel modules)
    that one group uses (see the module's docstring). `edges`: (source, target) run-time
    dependencies; `fixed`: modules never moved (levers, platform and generic names);
    `built_only`: modules that go back only when built on the seam's code (a platform name
    that only a layer of the domains gives them: `domain_layers`)."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    # A group holding most of the grouped modules is no one domain that a module serves:
    # the clustering left the application uncut there (`MOST_SHARE`).
    whole = {i for i, (_, members) in enumerate(groups)
             if len(members) >= WHOLE_MIN and len(members) > MOST_SHARE * len(label)}
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
            if home in whole:
                continue
            built_on = Counter(label[t] for t in uses[module] if t in label)
            one_domain = (set(built_on) == {home}
                          and built_on[home] >= 2 and len(seams) <= BAR
                          and (len(ranked) == 1 or ranked[1][1] < count))
            if count >= 2 and (one_domain or len(seams) < BAR and module not in built_only
                               and count * 3 >= sum(seams.values()) * 2):
                homes[module] = home
                label[module] = home
                changed = True
    return homes


def return_to_seams(groups: Groups, kernel: list[KernelModule], edges: Iterable[tuple[str, str]],
                    fixed: AbstractSet[str], built_only: AbstractSet[str] = frozenset()
                    ) -> tuple[Groups, list[KernelModule]]:
    """The groups with the returned modules in their seams, and the kernel without them."""
    homes = one_seam_homes(groups, breadth_chosen(kernel), list(edges), fixed, built_only)
    if not homes:
        return groups, kernel
    from strangler.seams.subsystems import moved_members

    return moved_members(groups, homes), [k for k in kernel if k.module not in homes]
