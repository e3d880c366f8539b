"""Kernel modules that work on one seam's tables go back to that seam ("data first").

The breadth rules of `kernel.find_kernel` put a module in the kernel when many groups of the
first, kernel-blind grouping use it and it maps or writes no table. A domain's query module
is such a module: the token API, the token types, the events and the policy code all call
`lib/token/query` to find tokens, and it only reads the token tables. `kernel_returns` can
not give it back (seven seams use it, and its name, under a `lib/` logic layer, carries a
platform word), and `kernel.domain_data_users` judges it by the first grouping, which put it
beside neither the token model nor the token logic.

Once the clustering is done, the tables say where it belongs: a kernel is code with no
domain data of its own, and a module whose table uses are one seam's tables is that seam's
code, however many seams call it. A module the breadth rules chose (`kernel.BREADTH_REASONS`)
goes back to seam S when it uses DATA_USES distinct tables or more (the settings store
aside) and more than two thirds of the places where it reads or writes a table are on
tables mapped by S's modules alone (every model class of the table in S): the token query
module reads the realm and container tables too, 25 of its 89 table uses; and no other
seam holds more of its users (run-time edges) than S: Pretix's `multidomain/urlreverse`
reads its own app's domain table, but every app calls it to build URLs, the multidomain
seam no more than the others: it is the platform's. Tables mapped in
the kernel or in no seam decide nothing: they are no seam's. Nor do the tables of a module
that maps a schema's worth of them (`index_facts.schema_sized`: one `models.py` holding
every table, which the clustering put in some seam): the module, not the tables, would
then decide, and Redash's serializers would follow its one models module into the users'
seam.

Never moved: a module whose last name is a platform or generic name (`kernel.KERNEL_NAMES`,
`words.UNIT_STOP`: `utils`, `db`, `common`...; a package name such as `lib/` above it says
the layer, not the module, is called a library), a module a lever placed."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

from strangler.model import KernelModule

Groups = tuple[tuple[str, tuple[str, ...]], ...]

# The share of a module's tables that must be one seam's (more than two thirds, as
# `kernel.domain_data_users`).
SHARE_NUM, SHARE_DEN = 2, 3


def data_homes(groups: Groups, candidates: AbstractSet[str],
               uses: Mapping[str, Mapping[str, int]],
               mapped_by: Mapping[str, AbstractSet[str]], fixed: AbstractSet[str],
               least: int, edges: Iterable[tuple[str, str]] = ()) -> dict[str, int]:
    """module -> index of the group whose tables it works on, for the `candidates`.
    `uses`: module -> table -> how many places read or write it; `mapped_by`: table -> the
    modules that map it; `fixed`: never moved; `least`: the fewest distinct tables that
    show it; `edges`: (source, target) run-time dependencies: no seam holds more of the
    module's users than its home."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    users: dict[str, Counter[int]] = defaultdict(Counter)
    for source, target in edges:
        if target in candidates and source != target and source in label:
            users[target][label[source]] += 1
    owner: dict[str, int] = {}
    for table, mappers in mapped_by.items():
        holders = {label.get(m, -1) for m in mappers}
        if len(holders) == 1 and -1 not in holders:
            owner[table] = next(iter(holders))
    homes: dict[str, int] = {}
    for module in sorted(candidates - fixed):
        tables = uses.get(module, {})
        if len(tables) < least:
            continue
        seams: Counter[int] = Counter()
        for table, sites in tables.items():
            if table in owner:
                seams[owner[table]] += sites
        if not seams:
            continue
        home, count = sorted(seams.items(), key=lambda s: (-s[1], s[0]))[0]
        callers = users.get(module, Counter())
        if count * SHARE_DEN > sum(tables.values()) * SHARE_NUM \
                and callers[home] >= max(callers.values(), default=0):
            homes[module] = home
    return homes


def return_data_users(groups: Groups, kernel: list[KernelModule],
                      links: Iterable[tuple[str, str, int]],
                      mapped_by: Mapping[str, AbstractSet[str]],
                      settings: AbstractSet[str], fixed: AbstractSet[str], tables: int,
                      edges: Iterable[tuple[str, str]] = ()
                      ) -> tuple[Groups, list[KernelModule]]:
    """The groups with the kernel's one-seam data users in their seams, and the kernel
    without them. `links`: (module, table, places that read or write it); `settings`: the
    settings store's tables; `tables`: how many tables the project has; `edges`: run-time
    dependencies (source, target)."""
    from strangler.seams.index_facts import schema_sized
    from strangler.seams.kernel import DATA_USES, KERNEL_NAMES
    from strangler.seams.kernel_returns import breadth_chosen
    from strangler.seams.words import UNIT_STOP

    candidates = {m for m in breadth_chosen(kernel)
                  if m.rsplit(".", 1)[-1] not in KERNEL_NAMES | UNIT_STOP}
    uses: dict[str, Counter[str]] = defaultdict(Counter)
    for module, table, sites in links:
        if module in candidates and table not in settings:
            uses[module][table] += sites
    maps: Counter[str] = Counter(m for mappers in mapped_by.values() for m in mappers)
    schemas = {m for m, n in maps.items() if schema_sized(n, tables)}
    domain_mapped = {t: mappers for t, mappers in mapped_by.items() if not mappers & schemas}
    homes = data_homes(groups, candidates, uses, domain_mapped, fixed, DATA_USES, edges)
    if not homes:
        return groups, kernel
    from strangler.seams.subsystems import moved_members

    return moved_members(groups, homes), [k for k in kernel if k.module not in homes]
