"""The user's levers hold to the end: pins, `together` groups and `kernels` globs.

`propose._constrain` applies the levers to the first clustering, but the steps after it
(slices, followers, hubs, library groups, app rules, the platform and helper kernels,
package homes) move modules again, each with its own reason. A lever is the user's word
over any such reason, so `hold_levers` applies them once more to the final grouping; with
no lever set it returns its input unchanged. `lever_notes` says, in the report, where a
`together` group still does not end in one seam and why (a root, a module the user's own
`kernels` globs name, a `--move`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from strangler.model import KernelModule
from strangler.seams.config import ConfigError, SeamConfig, matches
from strangler.seams.propose import Grouping

if TYPE_CHECKING:
    from strangler.seams.propose import Partition

USER_KERNEL = "marked as shared kernel in the configuration"


def together_groups(config: SeamConfig) -> list[tuple[str, ...]]:
    """The `together` groups, those sharing a glob merged (a module in two groups keeps
    both groups with it), in the configuration's order."""
    merged: list[list[str]] = []
    for group in config.together:
        globs = list(dict.fromkeys(group))
        overlapping = [g for g in merged if set(g) & set(globs)]
        for g in overlapping:
            merged.remove(g)
            globs = list(dict.fromkeys([*g, *globs]))
        merged.append(globs)
    return [tuple(g) for g in merged]


def user_kernel(module: str, config: SeamConfig) -> bool:
    """A module the user's `kernels` globs name (a pin wins over them, as in `find_kernel`)."""
    return matches(module, config.kernels) and not config.pinned_service(module)


def hold_levers(grouping: Grouping, kernel: list[KernelModule], isolated: list[str],
                modules: Iterable[str], left_out: set[str], config: SeamConfig
                ) -> tuple[Grouping, list[KernelModule], list[str]]:
    """Apply the levers to the final grouping: every module the `kernels` globs name is in
    the kernel, every pinned module in its service's group, and each `together` group in
    one group (its pinned service's, else the group holding most of its modules; its
    modules from the kernel or the unassigned join it; if none is grouped, its unassigned
    modules form a group). `left_out`: roots, examples and scripts, which no lever moves.
    Modules in two pins' groups of one `together` group are a ConfigError. Returns the
    grouping, the kernel and the isolated modules."""
    if not (config.pins or config.together or config.kernels):
        return grouping, kernel, isolated
    names = sorted(m for m in modules if m not in left_out)
    groups = [(pin, set(members)) for pin, members in grouping.groups]
    kernel_of = {k.module: k for k in kernel}
    loose = set(isolated)

    def take(module: str) -> None:
        for _, members in groups:
            members.discard(module)
        kernel_of.pop(module, None)
        loose.discard(module)

    for module in names:
        if user_kernel(module, config) and module not in kernel_of:
            take(module)
            kernel_of[module] = KernelModule(module, USER_KERNEL)
    for service, _ in config.pins:
        members = [m for m in names if config.pinned_service(m) == service]
        if not members:
            continue
        home = next((g for pin, g in groups if pin == service), None)
        if home is None:
            home = set()
            groups.append((service, home))
        for module in members:
            if module not in home:
                take(module)
                home.add(module)
    for globs in together_groups(config):
        members = [m for m in names if matches(m, globs) and not user_kernel(m, config)]
        services = sorted({s for m in members if (s := config.pinned_service(m))})
        if len(services) > 1:
            raise ConfigError(f"together {list(globs)}: its modules are pinned to "
                              f"{len(services)} services ({', '.join(services)}); a group "
                              "kept together can be pinned to one service at most")
        if services:
            target = next(g for pin, g in groups if pin == services[0])
        else:
            label = {m: i for i, (_, g) in enumerate(groups) for m in g}
            votes = Counter(label[m] for m in members if m in label)
            if votes:
                target = groups[min(votes, key=lambda i: (-votes[i], i))][1]
            elif any(m in loose for m in members):
                target = set()
                groups.append(("", target))
            else:  # all in the kernel, by the tool's choice: `lever_notes` says so
                continue
        for module in members:
            if module not in target:
                take(module)
                target.add(module)
    kept = Grouping.ordered(((pin, g) for pin, g in groups if g), grouping.choice)
    return (kept, sorted(kernel_of.values(), key=lambda k: k.module),
            [m for m in isolated if m in loose])


def lever_notes(config: SeamConfig, labels: dict[str, str], kernel: Iterable[KernelModule],
                roots: Iterable[KernelModule], examples: Iterable[KernelModule],
                moved: Iterable[str]) -> list[str]:
    """A note for each `together` group whose modules do not end in one seam, saying where
    each of them is and why; `moved`: the modules a `--move` placed."""
    why = {k.module: f"in the shared kernel ({k.reason})" for k in kernel}
    why.update({r.module: f"a root ({r.reason})" for r in roots})
    why.update({e.module: f"left out ({e.reason})" for e in examples})
    moved = set(moved)
    notes: list[str] = []
    everything = set(labels) | set(why)
    for globs in together_groups(config):
        members = sorted(m for m in everything if matches(m, globs))
        seams = sorted({labels[m] for m in members if m in labels})
        if len(seams) <= 1 and not any(m in why for m in members):
            continue
        if not seams and all(why.get(m, "").startswith("in the shared kernel") for m in members):
            places = "all in the shared kernel"
        else:
            places = "; ".join(
                f"{m} " + (f"in seam {labels[m]!r}" + (" (--move)" if m in moved else "")
                           if m in labels else why.get(m, "unassigned"))
                for m in members)
        notes.append(f"together {list(globs)}: not one seam: {places}")
    return notes


def apply_moves(partition: Partition, moves: tuple[tuple[str, str], ...], movable: set[str]
                ) -> tuple[Partition, list[str], set[str]]:
    """Apply what-if moves: (notes, modules taken from the kernel or the roots). A glob that
    matches no module, or a target close to an existing seam's name but not it, is an error
    (ConfigError): a typo must not silently create a new seam."""
    import difflib

    from strangler.seams.config import matches

    groups = {name: set(members) for name, members in partition.groups}
    notes: list[str] = []
    freed: set[str] = set()
    for glob, target in moves:
        created = target not in groups
        if created:
            # A name close to an existing seam is a typo, not a new seam.
            close = difflib.get_close_matches(target, sorted(groups), n=1, cutoff=0.75)
            if close:
                raise ConfigError(f"--move {glob}={target}: no seam named {target!r}; did you "
                                  f"mean {close[0]!r}? (a new seam needs a name unlike the "
                                  "others)")
        moved = sorted(m for members in groups.values() for m in members if matches(m, (glob,)))
        taken = sorted(m for m in movable if matches(m, (glob,)))
        if not moved and not taken:
            raise ConfigError(f"--move {glob}={target}: no module matches {glob!r}")
        for members in groups.values():
            members.difference_update(moved)
        groups.setdefault(target, set()).update(moved, taken)
        freed.update(taken)
        notes.append(f"--move {glob}={target}: moved {', '.join([*moved, *taken])}"
                     + (f" into a new seam {target!r}" if created else ""))
    ordered = tuple(sorted((n, tuple(sorted(m))) for n, m in groups.items() if m))
    return replace(partition, groups=ordered), notes, freed


def unmatched_globs(config: SeamConfig, modules: set[str]) -> list[str]:
    """A warning for every configured glob (pin, kernels, together) that matches nothing."""
    from strangler.seams.config import matches

    found = [(f"[pin] {service}", glob) for service, globs in config.pins for glob in globs]
    found += [("kernels", glob) for glob in config.kernels]
    found += [("together", glob) for group in config.together for glob in group]
    return [f"configuration {where}: {glob!r} matches no module" for where, glob in found
            if not any(matches(m, (glob,)) for m in modules)]
