"""Registry modules named after data, or after a compound of domain words.

`seams.registries` sends a per-domain module of a registry package under the platform
(policy-in-code, permissions: `common/policies/user.py`) to the group holding the most
modules with a path part of its word. Two shapes it cannot place:

- the word is a table's name and no module path carries it (`identity_provider`,
  `consumer`, `policy_association`): the rules of that data belong to the data's owner,
  the group of the module that maps the table (data first); a table named `<x>_<word>`
  counts when it is the only one (`protocol` -> `federation_protocol`);
- the word is a compound of two words with homes (`ec2_credential`, `revoke_event`,
  `token_revocation`): it joins the one group its words' homes agree on.

The table rule runs before the path-word rule (a table's model is stronger evidence than
a namesake path part: `mapping` names the federation's `mapping` table and also the
identity's `mapping_backends` package); the compound rule runs after it, on what is left."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from strangler.seams.kernel import KERNEL_NAMES
from strangler.seams.registries import _word
from strangler.seams.subsystems import Groups
from strangler.seams.words import singular


def table_words(tables: Iterable[tuple[str, Iterable[str]]]) -> dict[str, set[str]]:
    """Singular table name (schema prefix aside) -> the modules that map it."""
    found: dict[str, set[str]] = defaultdict(set)
    for name, modules in tables:
        found[singular(name.rsplit(".", 1)[-1].lower())].update(modules)
    return dict(found)


def _table_modules(word: str, tables: Mapping[str, set[str]]) -> set[str]:
    """The model modules of the table the word names: the table of that name, else the
    one table named `<prefix>_<word>`."""
    if word in tables:
        return tables[word]
    suffixed = [name for name in tables if name.endswith(f"_{word}")]
    return tables[suffixed[0]] if len(suffixed) == 1 else set()


def _group_of(modules: set[str], where: Mapping[str, int]) -> int | None:
    """The one group that holds the modules (those in a group), if it is one."""
    found = {where[m] for m in modules if m in where}
    return next(iter(found)) if len(found) == 1 else None


def _add(groups: Groups, added: Mapping[int, list[str]]) -> Groups:
    return tuple((pin, tuple(sorted((*names, *added[i])))) if added.get(i) else (pin, names)
                 for i, (pin, names) in enumerate(groups))


def registry_table_homes(groups: Groups, kernel: Iterable[str], members: Mapping[str, str],
                         tables: Mapping[str, set[str]]) -> tuple[Groups, set[str]]:
    """Each kernel registry module (`registries.registry_members`) whose word names a table
    joins the group of the table's model module(s), when they are in one group. Returns the
    groups and the modules taken from the kernel."""
    in_kernel = set(kernel)
    where = {name: i for i, (_, names) in enumerate(groups) for name in names
             if name not in members}
    added: dict[int, list[str]] = defaultdict(list)
    for module, word in sorted(members.items()):
        if module not in in_kernel or not word:
            continue
        home = _group_of(_table_modules(word, tables) - set(members), where)
        if home is not None:
            added[home].append(module)
    return _add(groups, added), {m for found in added.values() for m in found}


def _path_homes(groups: Groups, members: Mapping[str, str]) -> dict[str, int]:
    """word -> the group holding the most modules with a path part of that word, when one
    group holds more than any other (`registries.registry_homes`' count)."""
    count: dict[str, Counter[int]] = defaultdict(Counter)
    for i, (_, names) in enumerate(groups):
        for name in names:
            if name not in members:
                for word in {_word(p) for p in name.split(".")}:
                    count[word][i] += 1
    homes: dict[str, int] = {}
    for word, counter in count.items():
        ranked = counter.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            homes[word] = ranked[0][0]
    return homes


def registry_compound_homes(groups: Groups, kernel: Iterable[str], members: Mapping[str, str],
                            tables: Mapping[str, set[str]]) -> tuple[Groups, set[str]]:
    """Each kernel registry module whose word is a compound of two words (`ec2_credential`;
    a longer name, `mutation_count_limit_rule`, is a phrase, not a pair of domains) joins the
    group that the homes of its words agree on: a word's home is its table's group (as
    `registry_table_homes`) or its path-word group (as `registry_homes`); words with no
    home and platform words (`base`, `config`) abstain; two homes that differ leave the
    module in the kernel. Returns the groups and the modules taken from the kernel."""
    in_kernel = set(kernel)
    where = {name: i for i, (_, names) in enumerate(groups) for name in names
             if name not in members}
    paths = _path_homes(groups, members)
    added: dict[int, list[str]] = defaultdict(list)
    for module, word in sorted(members.items()):
        parts = [part for part in word.split("_") if part]
        if module not in in_kernel or len(parts) != 2:
            continue
        homes: set[int] = set()
        for part in parts:
            part = singular(part)
            if part in KERNEL_NAMES:
                continue
            home = _group_of(tables.get(part, set()) - set(members), where)
            if home is None:
                home = paths.get(part)
            if home is not None:
                homes.add(home)
        if len(homes) == 1:
            added[homes.pop()].append(module)
    return _add(groups, added), {m for found in added.values() for m in found}


def home_registry_members(groups: Groups, kernel: Iterable[str], members: Mapping[str, str],
                          tables: Mapping[str, set[str]]) -> tuple[Groups, set[str], set[str]]:
    """The three homing rules in order (table, path word, compound) over the registry
    modules in the kernel and in groups: a registry module the clustering left with its
    package's other modules (a group of the registry and the platform around it) is as much
    its domain's layer as one the kernel took. A grouped module no rule places stays where it
    was. Returns the groups, the modules taken from the kernel and every module placed
    (`word` units for the naming)."""
    from strangler.seams.registries import registry_homes

    in_kernel = set(kernel)
    grouped = {name: i for i, (_, names) in enumerate(groups) for name in names
               if name in members}
    pool = in_kernel | set(grouped)
    bare = tuple((pin, tuple(n for n in names if n not in grouped)) for pin, names in groups)
    bare, by_table = registry_table_homes(bare, pool, members, tables)
    bare, by_path = registry_homes(bare, pool - by_table, dict(members))
    bare, by_parts = registry_compound_homes(bare, pool - by_table - by_path, members, tables)
    placed = by_table | by_path | by_parts
    back: dict[int, list[str]] = defaultdict(list)
    for name, i in grouped.items():
        if name not in placed:
            back[i].append(name)
    # (a group that held nothing but registry modules, all placed, is gone)
    kept = tuple(group for group in _add(bare, back) if group[1])
    return kept, placed & in_kernel, placed
