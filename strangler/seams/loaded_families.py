"""Plugins a loader finds by a built name are one family, a slice of their own.

A scanner-report importer loads one parser per tool by name (`import_module(f"app.tools.
{name}.parser")` over the folders of `app/tools/`); nothing else imports the parsers, and
each one builds the rows of another domain (`Finding`), so the clustering puts hundreds of
them in that domain's seam, and those with helpers of their own in seams of their own. The
loader says what they are: plugins of one kind, an integration layer without data of its
own, the stateless service a team extracts first. Data first: the domain keeps its tables
and the code serving them; the plugins converting input into its rows are a slice apart.

A family (`families`): the modules loaders reach by name, through a pattern import
(`parse.link.dynamic_patterns`) or a list of dotted names (`parse.link.dotted_lists`:
`QUERY_RUNNERS = ["app.query_runner.pg", ...]`), FAMILY of them or more, each in its own
child (a member) of the package they share (`app/tools/`); the loaders of one package load
one family. A member is a child package (a folder of its own: `tools/aide/`, not a module
of a package's API such as ckan's `logic/action/get`) with everything in it; it takes part
when none of its modules maps a table (it may build the rows of another domain's: that is
what an importer's parsers are for), serves a route, is in the kernel or among the roots,
or is placed by the user, and no module outside the member imports its modules but the
family's own modules and loaders (a plugin is a leaf). The members' modules, the loaders
that sit in the family's package, and the family package's other modules that only the
members use (the parsers' shared helpers) are gathered (`loaded_families`): in the group
holding most of the family's clients (the grouped modules outside it, roots aside, that
use or load it: geonode's upload orchestrator and tasks for its format handlers, which are
its upload domain's), when one group holds more than half of them; else in a new group
of their own (DefectDojo's parsers, whose clients are spread over the findings, importers
and API). The group is named by the kind of plugin
(`family_words`): the last name the loaded modules share (`parser`), else the package's.
A family a group already holds, and nothing else, stays as it is. It acts where a number
of services is not asked for (it adds groups)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from collections.abc import Set as AbstractSet

from strangler.graph import Dependency
from strangler.model import Import
from strangler.seams.propose import Grouping

FAMILY = 5  # members one pattern loads that make a family


def name_loads(imports: Iterable[Import], pattern_loads: Iterable[tuple[str, str]]
               ) -> dict[str, set[str]]:
    """Loader -> the modules it loads by name: a list of dotted names (registry imports)
    or a pattern (`ProjectIndex.name_loads`)."""
    loads: dict[str, set[str]] = defaultdict(set)
    for i in imports:
        if i.registry and i.source != i.target:
            loads[i.source].add(i.target)
    for loader, target in pattern_loads:
        if loader != target:
            loads[loader].add(target)
    return loads


def _common_package(names: Collection[str]) -> str:
    parts = [n.split(".") for n in names]
    common: list[str] = []
    for column in zip(*parts, strict=False):
        if len(set(column)) != 1:
            break
        common.append(column[0])
    return ".".join(common)


def families(loads: dict[str, set[str]], dependencies: Iterable[Dependency],
             modules: Collection[str], excluded: AbstractSet[str]
             ) -> list[tuple[set[str], str]]:
    """Each family (see the module docstring): its modules and its word, the last name
    its loaded modules share (`parser`) or else its package's (`query_runner`)."""
    importers: dict[str, set[str]] = defaultdict(set)
    for d in dependencies:
        if d.source != d.target:
            importers[d.target].add(d.source)
    loaders = set(loads)
    names = sorted(modules)
    found: list[tuple[set[str], str]] = []
    taken: set[str] = set()
    by_package: dict[str, set[str]] = defaultdict(set)  # (several loaders of one family)
    loaders_of: dict[str, set[str]] = defaultdict(set)
    for loader, targets in loads.items():
        package = _common_package(targets)
        if package and len(targets) >= FAMILY:
            by_package[package] |= targets
            loaders_of[package].add(loader)
    for package, targets in sorted(by_package.items()):
        depth = package.count(".") + 1
        members: dict[str, set[str]] = defaultdict(set)
        for name in names:
            if name.startswith(package + ".") and name.count(".") >= depth:
                members[".".join(name.split(".")[:depth + 1])].add(name)
        loaded = {".".join(t.split(".")[:depth + 1]) for t in targets
                  if t.startswith(package + ".")}
        # (a member is a folder of its own: a plugin package, `tools/aide/`, not a module
        # of a package's API, `logic/action/get`)
        family = {member: inside for member, inside in members.items()
                  if member in loaded and len(inside) > 1 and member in inside
                  and not inside & excluded}
        if len(family) < FAMILY:
            continue
        inside = set().union(*family.values())
        # (a plugin is a leaf: only the family and its loaders import it)
        leaves = {member: mods for member, mods in family.items()
                  if all(importers[m] <= inside | loaders for m in mods)}
        if len(leaves) < FAMILY:
            continue
        group = set().union(*leaves.values())
        own = {m for m in names if m.rsplit(".", 1)[0] == package and m not in excluded}
        group |= loaders_of[package] & own
        group |= {m for m in own - group if importers[m] and importers[m] <= group}
        group -= taken
        if group:
            lasts = Counter(t.rsplit(".", 1)[-1] for t in targets if t in group)
            last, count = min(lasts.items(), key=lambda item: (-item[1], item[0])) \
                if lasts else ("", 0)
            word = last if count >= FAMILY and count * 2 > len(targets) \
                else package.rsplit(".", 1)[-1]
            found.append((group, word))
            taken |= group
    return found


def loaded_families(grouping: Grouping, isolated: list[str], loads: dict[str, set[str]],
                    dependencies: Iterable[Dependency], modules: Collection[str],
                    excluded: AbstractSet[str]) -> tuple[Grouping, list[str]]:
    """The grouping with each family (see the module docstring) gathered in its clients'
    group or in a group of its own, and the isolated modules left. `loads`: loader -> the
    modules it loads by name; `excluded`: modules no family takes (data, routes, kernel,
    roots, user-placed)."""
    dependencies = list(dependencies)
    gathered = [group for group, _ in families(loads, dependencies, modules, excluded)]
    if not gathered:
        return grouping, isolated
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(grouping.groups) if pin}
    moves: dict[str, int] = {}
    new_groups: list[set[str]] = []
    for group in gathered:
        # (the family's clients: grouped modules outside it that use or load it)
        clients = Counter(label[d.source] for d in dependencies
                          if d.target in group and d.source not in group
                          and d.source in label and d.source not in excluded)
        for loader, targets in loads.items():
            if loader in label and loader not in group and loader not in excluded \
                    and targets & group:
                clients[label[loader]] += 1
        host = max(clients.items(), key=lambda item: (item[1], -item[0]))[0] \
            if clients else None
        if host is not None and clients[host] * 2 > sum(clients.values()) \
                and host not in pinned:
            moves.update((m, host) for m in group
                         if m in isolated or m in label and label[m] != host)
        else:
            new_groups.append(group)
    if moves:
        placed = set(moves)
        regrouped = [(pin, [*(m for m in members if m not in placed),
                            *(m for m in placed if moves[m] == i)])
                     for i, (pin, members) in enumerate(grouping.groups)]
        grouping = Grouping.ordered([g for g in regrouped if g[1]], grouping.choice)
        isolated = [m for m in isolated if m not in placed]
    if not new_groups:
        return grouping, isolated
    taken = set().union(*new_groups)
    kept = grouping.without(taken)
    return (Grouping.ordered([*kept.groups, *(("", sorted(g)) for g in new_groups)],
                             grouping.choice),
            [m for m in isolated if m not in taken])


def family_words(groups: Iterable[Iterable[str]], loads: dict[str, set[str]],
                 dependencies: Iterable[Dependency], modules: Collection[str],
                 excluded: AbstractSet[str]) -> dict[str, str]:
    """Each module of a group that is mostly one family, and holds no table's model and no
    route of another domain (`excluded`), -> the family's word: the seam is named by the
    kind of plugin, not by its biggest plugin; a host domain keeps its own name."""
    groups = [tuple(members) for members in groups]
    label = {m: i for i, members in enumerate(groups) for m in members}
    sizes = Counter(label.values())
    words: dict[str, str] = {}
    for group, word in families(loads, dependencies, modules, excluded):
        votes = Counter(label[m] for m in group if m in label)
        if not votes:
            continue
        home, count = min(votes.items(), key=lambda item: (-item[1], item[0]))
        if count * 2 > sizes[home] and not excluded & set(groups[home]):
            words.update((m, word) for m in group if label.get(m) == home)
    return words
