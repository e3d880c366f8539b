"""Entry points and hubs: modules that reach into many domains without being one.

A command-line package (`cli/users`, `cli/queries`) calls into every domain it has a command
for, and a hub module (a command runner, a scheduler wiring every job) imports many domains
while nothing uses it. Clustered like any other module, such a module pulls the domains it
calls into one group and gives that group its name. Both are followers instead
(`seams._cluster`): the clustering runs without them, and each one then joins the group it
pulls hardest. A command package that is a component of its own (a `cli/` of admin tools
sharing their runner) is clustered as any other package; a `cli` names a seam only when
its commands are most of it (a noise word of `naming`, counted at half weight)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from strangler.graph import CouplingGraph
    from strangler.model import ProjectIndex

COMMAND_WORDS = frozenset({"cli"})  # a package or module of command-line commands
HUB_GROUPS = 6  # first-pass groups a hub's own imports reach, at least ...
HUB_USERS = 1  # ... while this many modules or fewer use it
MIRROR_MIN = 3  # commands named after domains, for a command package to be a layer


def command_package(module: str) -> str | None:
    """The command package a module belongs to (`app.cli` for `app.cli.users` and for the
    module `app.cli` itself), or None. The top package's own name does not count (a
    project named `cli`)."""
    parts = module.split(".")
    start = 1 if len(parts) > 1 else 0
    for depth in range(start, len(parts)):
        if parts[depth].lower() in COMMAND_WORDS:
            return ".".join(parts[:depth + 1])
    return None


def command_modules(modules: Iterable[str]) -> set[str]:
    """The modules of command-line packages (see `command_package`)."""
    return {m for m in modules if command_package(m) is not None}


def fan_out_hubs(graph: CouplingGraph, first_pass: dict[str, str], outside: set[str],
                 served: AbstractSet[str], data: set[str]) -> set[str]:
    """Modules whose own code dependencies reach HUB_GROUPS first-pass groups or more
    (besides their own) while at most HUB_USERS modules use them, and that serve no route
    and touch no table: they wire domains together, they are not the core of one.
    `outside`: kernel and root modules (using them says nothing about domains)."""
    from strangler.seams.signals import STATIC_KINDS

    reach: dict[str, set[str]] = defaultdict(set)
    users: dict[str, set[str]] = defaultdict(set)
    for dependency in graph.dependencies:
        source, target = dependency.source, dependency.target
        if source == target or not any(kind in STATIC_KINDS for kind, _ in dependency.kinds):
            continue
        if source not in outside:
            users[target].add(source)
        group = first_pass.get(target)
        if group is not None and target not in outside and group != first_pass.get(source):
            reach[source].add(group)
    return {m for m, groups in reach.items()
            if len(groups) >= HUB_GROUPS and len(users[m]) <= HUB_USERS
            and m in first_pass and m not in outside and m not in served and m not in data}


def route_hubs(index: ProjectIndex, graph: CouplingGraph, first_pass: dict[str, str],
               outside: set[str]) -> set[str]:
    """`fan_out_hubs` of a project. A module serves a route where it declares one or holds
    its handler (`index_facts.ServedModules.serving`): a blueprint's resources module whose
    routes its package `__init__` registers is that domain's HTTP surface, which leads the
    clustering; it is no hub wiring domains together, however many services it calls."""
    from strangler.seams.index_facts import data_facts, served_modules

    return fan_out_hubs(graph, first_pass, outside, served_modules(index).serving,
                        set(data_facts(index, graph).touches))


def loose_commands(graph: nx.Graph, first_pass: dict[str, str], commands: set[str],
                   units: dict[str, str]) -> set[str]:
    """The modules of the command packages that are a command layer of several domains:
    the package falls apart and its commands are named after the domains they serve
    (`cli/users`, `cli/groups`, `cli/queries` beside `handlers/users`, `models/groups`...).

    A command module holds to its package while it pulls the package's other modules at
    least as hard as it pulls any first-pass group outside the package (`first_pass`:
    module -> group of a kernel-blind clustering); a package falls apart when fewer than
    half of its modules hold. It is a layer when at least MIRROR_MIN of its modules, and
    half of them, are named after a domain unit (`units`, `words.domain_units`) outside
    the package. A package that holds (a `cli/` of admin tools sharing their runner), or
    whose commands are named after tasks (`cli/thumbnails`, `cli/reset`), is clustered as
    it is, and so is a package of one module (see `fan_out_hubs`)."""
    families: dict[str, set[str]] = defaultdict(set)
    for module in commands & set(graph.nodes):
        package = command_package(module)
        if package is not None:
            families[package].add(module)
    domains = _domain_keys(units)
    loose: set[str] = set()
    for package in sorted(families):
        family = kept = families[package]
        if len(family) < 2:
            continue
        named = sum(1 for m in family if m != package and (domains.get(_key(
            m.rsplit(".", 1)[-1])) or set()) - {units.get(m)})
        if named < MIRROR_MIN or named * 2 < len(family):
            continue
        while len(kept) >= 2:
            leaving = {m for m in kept
                       if _group_pull(graph, m, first_pass, kept) > _pull(graph, m, kept - {m})}
            if not leaving:
                break
            kept = kept - leaving
        if len(kept) < 2 or len(kept) * 2 < len(family):
            loose |= family
    return loose


def _key(word: str) -> str:
    """A domain's name compared across spellings: lower case, singular, no separator."""
    from strangler.seams.words import singular

    return singular(word.lower()).replace("_", "")


def _domain_keys(units: dict[str, str]) -> dict[str, set[str]]:
    """Domain name (`_key`) -> the domain units of that name; generic and layer words
    (`utils`, `views`, `config`) name no domain."""
    from strangler.seams.words import NOT_A_DOMAIN

    found: dict[str, set[str]] = defaultdict(set)
    for unit in set(units.values()):
        word = unit[5:] if unit.startswith("word:") else unit.rsplit(".", 1)[-1]
        if word.lower() not in NOT_A_DOMAIN and len(word) >= 3:
            found[_key(word)].add(unit)
    return found


def _pull(graph: nx.Graph, module: str, others: set[str]) -> float:
    return sum(data.get("weight", 1.0) for neighbour, data in graph[module].items()
               if neighbour in others)


def _group_pull(graph: nx.Graph, module: str, label: dict[str, str], family: set[str]
                ) -> float:
    """The pull of the group that pulls `module` hardest, its own package's modules left
    out (0 when none does)."""
    pull: dict[str, float] = defaultdict(float)
    for neighbour, data in graph[module].items():
        if neighbour in label and neighbour not in family:
            pull[label[neighbour]] += data.get("weight", 1.0)
    return max(pull.values(), default=0.0)
