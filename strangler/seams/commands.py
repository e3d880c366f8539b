"""Command-line packages are a component of their own: a `cli/` or `cmd/` package near the
top of the application (`indico/cli/`, `keystone/cmd/`) holds the commands an operator
runs, each calling into the domain it administers. Clustered with the rest, each command
joins the domain it calls most, or the package forms a group that takes in the domain code
its commands share (the credential provider a `doctor` check and the bootstrap command
use). Kept as one group, the commands stay together and no domain is pulled into them.
A `commands/` package is not one: in a command-pattern application it is a layer of every
domain (`commands/chart/create`); nor is a `cli/` whose commands are named after the domains
and fall apart (`hubs.loose_commands`): those follow their domains."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from strangler.graph import CouplingGraph
from strangler.model import ProjectIndex
from strangler.seams.config import SeamConfig
from strangler.seams.propose import Grouping

COMMAND_PACKAGES = frozenset({"cli", "cmd"})
MIN_COMMANDS = 2  # modules of the package in the grouping, for it to be a group of its own


def command_packages(names: Iterable[str], packages: set[str], tops: set[str]) -> set[str]:
    """Packages named like a command-line package, at most two levels down (a source folder
    or namespace package in `tops` not counted): `app/cli`, not `app/plugins/x/cli`."""
    found = set()
    for name in names:
        parts = name.split(".")
        depth = len(parts) - (parts[0] in tops)
        if name in packages and parts[-1] in COMMAND_PACKAGES and 1 < depth <= 2:
            found.add(name)
    return found


def command_groups(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig,
                   grouping: Grouping, loose: Collection[str] = frozenset(),
                   units: Mapping[str, str] | None = None) -> Grouping:
    """The grouping with each command package's grouped modules (see the module's
    docstring) taken out of their groups into one group of their own. Pinned modules and
    modules that map a table (a model defined beside the commands is data) stay. A package
    with `loose` modules (`hubs.loose_commands`: commands named after the domains, that
    fall apart) is a layer of the domains, and its commands follow them. A module of a
    command's group that only the package's modules use (`lib/config_tool` behind
    `cli/config`) is the commands' helper and goes with them. A toolbox (`seams.toolboxes`:
    child packages behind several console scripts) sends its one-domain tools and its
    domain-named commands to their domains' groups first (`units`: module -> domain unit)."""
    from strangler.seams.index_facts import data_facts, runtime_users

    users = runtime_users(graph)
    group_of = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    from strangler.seams.kernel import _top_packages

    names = [m.name for m in index.modules]
    packages = {m.name for m in index.modules if m.is_package}
    mapping = data_facts(index, graph).mapping
    placed = {m for _, members in grouping.groups for m in members}
    taken: list[set[str]] = []
    joins: dict[str, int] = {}
    for package in sorted(command_packages(names, packages, _top_packages(index))):
        members = {m for m in placed if (m == package or m.startswith(package + "."))
                   and m not in mapping and not config.pinned_service(m)}
        if len(members) < MIN_COMMANDS or members & set(loose):
            continue
        joined = _tool_joins(index, graph, package, members, packages, {
            m: g for m, g in group_of.items() if not grouping.groups[g][0]}, units or {})
        joins.update(joined)
        members -= joined.keys()
        if len(members) < MIN_COMMANDS:
            continue
        homes = {group_of[m] for m in members}
        helpers = {m for m in placed - members - joins.keys() if group_of[m] in homes
                   and (used := users.get(m)) and used <= members and m not in mapping
                   and not config.pinned_service(m)}
        taken.append(members | helpers)
    if joins:
        grouping = grouping.moved(joins)
    if not taken:
        return grouping
    moved = set().union(*taken)
    return Grouping.ordered([*grouping.without(moved).groups,
                             *(("", members) for members in taken)], grouping.choice)


def _tool_joins(index: ProjectIndex, graph: CouplingGraph, package: str, members: set[str],
                packages: set[str], group_of: Mapping[str, int], units: Mapping[str, str]
                ) -> dict[str, int]:
    """`toolboxes.toolbox_moves` of one command package: module -> index of the group (of
    the grouping as clustered) it joins (`group_of`: the unpinned groups' modules; a pinned
    group takes no tool)."""
    from strangler.seams.hubs import _domain_keys, _key
    from strangler.seams.signals import STATIC_KINDS
    from strangler.seams.toolboxes import toolbox_moves

    if not index.scripts:
        return {}
    # (a domain named by a unit with modules outside the package: the command `token` is
    # itself in the unit `word:token`)
    homes = {u for m, u in units.items() if not (m == package or m.startswith(package + "."))}
    named = {key for key, found in _domain_keys(dict(units)).items() if found & homes}
    outside = {m: g for m, g in group_of.items() if m not in members}
    edges = [(d.source, d.target, d.weight) for d in graph.dependencies
             if d.source != d.target and any(k in STATIC_KINDS for k, _ in d.kinds)]
    return toolbox_moves(package, members, packages, index.scripts, edges, outside,
                         lambda m: _key(m.rsplit(".", 1)[-1]) in named)
