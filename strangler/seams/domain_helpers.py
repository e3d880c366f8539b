"""Helper-package modules named for a domain leave the kernel for that domain's seam.

A layered application keeps each domain's logic where its layers are: `api/v1/notifications`,
`schemas/notifications`, `forms/notifications`, and the logic in `utils/notifications`; the
settings of `api/v1/config`, `forms/config`, `schemas/config` in `utils/config` and
`constants/config`. Judged by their package alone (`seams.platform`) or by how many groups
use them (`kernel.find_kernel`), such modules are platform: they have no tables of their own
(the one models module maps every table) and several domains call them. But the team's
naming says otherwise: a helper whose domain word (`words.domain_units`) names a slice that
the seams keep together is that slice's logic layer, and the service cut along the slice
takes it. So once the seams are drawn, a kernel module inside a helper package whose word
unit has DOMAIN_LAYERS members or more outside the kernel, more than half of them in one
seam, moves to that seam. A word whose code outside the helper packages is itself kernel
(`plugins/`, the plugin framework, beside `utils/plugins`) is the platform's, and modules the
user put in the kernel stay."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from strangler.model import KernelModule
from strangler.seams.platform import helper_packages_of

DOMAIN_LAYERS = 2  # members of the word unit in the seams that make it a domain's slice


def domain_helpers(groups: tuple[tuple[str, tuple[str, ...]], ...],
                   kernel: Iterable[KernelModule], units: dict[str, str],
                   fixed: Callable[[str], bool], heads: dict[str, str] | None = None
                   ) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], list[KernelModule]]:
    """The groups with each domain helper (see the module's docstring) added to its
    domain's group, and the kernel without them. `units`: each module's domain unit;
    `fixed`: modules the user keeps where they are (kernel globs). Pinned groups take
    no module."""
    kernel = list(kernel)
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(groups) if pin}
    members_of: dict[str, list[str]] = defaultdict(list)
    for module, unit in units.items():
        if module in label:
            members_of[unit].append(module)
    helpers = helper_packages_of(units)
    # (a word whose own code outside the helper packages is kernel is the platform's:
    # `plugins/` of a plugin framework beside `utils/plugins`)
    platform = {units.get(k.module, "") for k in kernel if k.module not in helpers}
    moves: dict[str, int] = {}
    for entry in kernel:
        module = entry.module
        unit = units.get(module, "")
        if (module not in helpers or not unit.startswith("word:") or unit in platform
                or fixed(module)):
            continue
        held = Counter(label[m] for m in members_of.get(unit, ()))
        if not held and heads and (head := heads.get(unit)) is not None \
                and head not in platform:
            # (a helper of a compound word, `utils/chat_fork`, is its head's slice's:
            # `compounds.rejoin_heads`)
            held = Counter(label[m] for m in members_of.get(head, ()))
        total = sum(held.values())
        if total < DOMAIN_LAYERS:
            continue
        home, most = min(held.items(), key=lambda kv: (-kv[1], kv[0]))
        if most * 2 > total and home not in pinned:
            moves[module] = home
    if not moves:
        return groups, kernel
    result = [(pin, tuple(sorted((*members, *(m for m, i in moves.items() if i == index)))))
              for index, (pin, members) in enumerate(groups)]
    return tuple(result), [k for k in kernel if k.module not in moves]
