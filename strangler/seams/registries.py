"""Registry packages of per-domain modules kept under a platform package.

Policy-in-code, permissions or validators are often one module per domain gathered in a
package of the platform (`common/policies/user.py`, `core/permissions/order.py`): the
package's `__init__` imports them all into one list, and nothing else imports them. The
clustering sees them as a group used only by the kernel, and they go to the kernel. Their
names are the domains' words: each module is that domain's layer (its access rules), and
it goes to the seam that holds the domain's own modules of that name."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from strangler.seams.kernel import KERNEL_NAMES
from strangler.seams.words import ROLE_AFFIX, children_of, singular

# Packages of the platform: a registry package sits below one of them.
PLATFORM_PARTS = frozenset({"common", "core", "utils", "util", "shared", "lib", "helpers"})
MIN_MEMBERS = 3  # the `__init__` gathers three of its modules or more


def _word(part: str) -> str:
    return singular(ROLE_AFFIX.sub("", part.lower()))


def registry_members(modules: Iterable[str], packages: set[str],
                     edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Modules of registry packages, with their domain word: direct, non-package submodules
    of a package below a platform package (`keystone.common.policies`) whose `__init__`
    imports three of them or more, each imported by nothing but that `__init__` and its
    sibling modules. A platform name (`base`, `utils`) names no domain."""
    children = children_of(name for name in modules if name not in packages)
    importers: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        if source != target:
            importers[target].add(source)
    found: dict[str, str] = {}
    for package in sorted(packages):
        parts = package.split(".")
        if not PLATFORM_PARTS & set(parts[:-1]):
            continue
        members = children.get(package, set())
        gathered = {m for m in members if package in importers[m]}
        if len(gathered) < MIN_MEMBERS:
            continue
        for member in sorted(gathered):
            word = _word(member.rsplit(".", 1)[1])
            if importers[member] <= members | {package} and word not in KERNEL_NAMES:
                found[member] = word
    return found


def registry_homes(groups: tuple[tuple[str, tuple[str, ...]], ...], kernel: Iterable[str],
                   members: dict[str, str]
                   ) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], set[str]]:
    """The groups with each kernel registry module (`registry_members`) added to the group
    that holds the most modules with a path part of its word (`common/policies/user` ->
    the group of `api/users`), when one group holds more than any other. Returns the
    groups and the modules taken from the kernel."""
    in_kernel = set(kernel)
    wanted = {m: w for m, w in members.items() if m in in_kernel and w}
    if not wanted:
        return groups, set()
    words = set(wanted.values())
    count: dict[str, Counter[int]] = defaultdict(Counter)
    for i, (_, names) in enumerate(groups):
        for name in names:
            if name in members:
                continue
            for word in {_word(p) for p in name.split(".")} & words:
                count[word][i] += 1
    added: dict[int, list[str]] = defaultdict(list)
    for module, word in sorted(wanted.items()):
        ranked = count[word].most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            added[ranked[0][0]].append(module)
    result = tuple((pin, tuple(sorted((*names, *added[i])))) if i in added else (pin, names)
                   for i, (pin, names) in enumerate(groups))
    return result, {m for found in added.values() for m in found}
