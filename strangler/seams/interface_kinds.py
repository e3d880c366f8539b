"""Sibling plugins that declare the same extension interface, and have no seam, are one kind.

A project that ships its own plugins as packages of one namespace, each registered through
a packaging entry point (ckan's `ckanext.imageview`, `ckanext.textview`, ... in setup.cfg's
`ckan.plugins`), says what each plugin is for in its declaration: the interfaces of the
plugin framework it implements (`implements(IResourceView)`, or a framework class it
subclasses). The framework is kernel, so the clustering sees no tie between two resource
view plugins: each one is coupled to nothing but the kernel (left unassigned) or to a
sibling it calls (ckan's `textview` calls `resourceproxy`, which the clustering put beside
`tabledesigner`). A team draws the view plugins as one domain, the resource views.

The rule: an interface (a symbol of a kernel module that an entry-point plugin's module
subclasses, or names on the line of an `implements`/`implementer` call) declared by
IMPLEMENTERS (2) sibling plugins or more, every one of them without a seam of its own,
makes those plugins one group (their modules taken from the groups the clustering put them
in and from the unassigned modules). A plugin has a seam of its own when some group holds
more of its modules than of any other package (its package, for a plugin; the first two
parts of the name, `ckan.model`, for the rest). An interface one placed plugin declares
too (`IConfigurer`, `IBlueprint`, the datastore's `IResourceController`) is the
framework's, not a kind, and changes nothing, and so is one that any other placed module
declares (trac's `ISystemInfoProvider`, declared by its git and svn connectors and by the
environment, the database backends and the renderers); the interfaces with the most
implementers are read first, and a plugin joins one kind only. Pinned groups and
lever-placed modules stay where they are. Runs after `implementers.extension_implementers`
(the subclassing of a seam's base module) and before the user's levers. Such a group is
named after its interface (`module_interfaces`: `resource_view`), not after its biggest
plugin."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from strangler.model import ProjectIndex, SymbolUse
from strangler.seams.propose import Grouping

IMPLEMENTERS = 2  # sibling plugins declaring one interface that make it a kind
DECLARATIONS = frozenset({"implements", "implementer"})  # zope-style interface declarations


def _owner(module: str, plugins: dict[str, str]) -> str:
    """The package a module counts for: its plugin's, else the first two name parts."""
    for package in _prefixes(module):
        if package in plugins.values():
            return package
    return ".".join(module.split(".")[:2])


def _prefixes(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:end]) for end in range(len(parts), 0, -1)]


def declared(index: ProjectIndex, among: Iterable[str]) -> list[SymbolUse]:
    """The uses of names on the line of an `implements`/`implementer` call made by a module
    `among` (the interfaces it declares), in the index's order."""
    among = set(among)
    declaring: dict[str, set[int]] = defaultdict(set)  # module -> lines of `implements` calls
    for use in index.uses:
        if use.source in among and use.name in DECLARATIONS and use.kind == "call":
            declaring[use.source].update(use.lines)
    return [use for use in index.uses if (lines := declaring.get(use.source))
            and use.name not in DECLARATIONS and lines & set(use.lines)]


def plugin_interfaces(index: ProjectIndex, kernel: Iterable[str], packages: set[str],
                      placed: set[str]) -> dict[str, set[tuple[str, str]]]:
    """Each plugin package -> the kernel symbols its modules declare as interfaces (named
    on the line of an `implements`/`implementer` call). A plugin package is the package of
    a `placed` module (grouped or unassigned) that makes such a declaration, below a
    namespace package (`ckanext.imageview` of `ckanext.imageview.plugin`)."""
    kernel_set = set(kernel)
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for use in declared(index, placed):
        if use.target not in kernel_set:
            continue
        package = use.source if use.source in packages else use.source.rpartition(".")[0]
        if package in packages and "." in package and package not in kernel_set:
            found[package].add((use.target, use.name))
    return dict(found)


def interface_kinds(grouping: Grouping, isolated: list[str], index: ProjectIndex,
                    kernel: Iterable[str], packages: set[str],
                    fixed: Iterable[str] = ()) -> tuple[Grouping, list[str]]:
    """The grouping with each kind of seamless sibling plugins made one group, and the
    isolated modules left (see the module docstring)."""
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    declared = plugin_interfaces(index, kernel, packages, {*label, *isolated})
    if len(declared) < IMPLEMENTERS:
        return grouping, isolated
    plugins = {p: p for p in declared}
    pinned = {i for i, (pin, _) in enumerate(grouping.groups) if pin}
    fixed_set = set(fixed)

    def own(plugin: str) -> list[str]:
        return sorted(m for m in [*label, *isolated]
                      if m == plugin or m.startswith(plugin + "."))

    leaders: set[str] = set()
    for _, members in grouping.groups:
        counts = Counter(_owner(m, plugins) for m in members)
        ranked = counts.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            leaders.add(ranked[0][0])
    implementers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for plugin, interfaces in declared.items():
        for interface in interfaces:
            implementers[interface].add(plugin)
    taken: set[str] = set()
    kinds: list[list[str]] = []
    # (every placed module declaring each interface, plugin or not: `_declarers`)
    everywhere = _declarers(index, {*label, *isolated})
    for interface in sorted(implementers, key=lambda i: (-len(implementers[i]), i)):
        family = implementers[interface]
        by_namespace: dict[str, list[str]] = defaultdict(list)
        for plugin in sorted(family):
            by_namespace[plugin.rpartition(".")[0]].append(plugin)
        for siblings in by_namespace.values():
            if (len(siblings) < IMPLEMENTERS or set(siblings) & leaders
                    or set(siblings) & taken):
                continue
            modules = [m for p in siblings for m in own(p)]
            if not modules or any(m in fixed_set or label.get(m) in pinned for m in modules):
                continue
            if not everywhere.get(interface[1], set()) <= set(modules):
                continue  # (a framework interface other code declares too: no kind)
            kinds.append(modules)
            taken.update(siblings)
    if not kinds:
        return grouping, isolated
    moved = {m for kind in kinds for m in kind}
    groups: list[tuple[str, Iterable[str]]] = [
        (pin, kept) for pin, members in grouping.groups
        if (kept := [m for m in members if m not in moved])]
    groups.extend(("", kind) for kind in kinds)
    return (Grouping.ordered(groups, grouping.choice),
            [m for m in isolated if m not in moved])


def interface_word(symbol: str) -> str:
    """The word an interface names its kind by: `IResourceView` -> resource_view (the
    zope-style `I` prefix dropped, camel case split)."""
    name = symbol.rpartition(".")[2]
    if len(name) > 2 and name[0] == "I" and name[1].isupper():
        name = name[1:]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def module_interfaces(index: ProjectIndex, groups: Iterable[Iterable[str]],
                      kernel: Iterable[str], packages: set[str]) -> dict[str, str]:
    """Each module of a group made of sibling plugins of one kind -> the kind's word
    (`resource_view` for ckan's image, text and table view plugins, all declaring
    `IResourceView`): what the plugins share, where each path names only its own plugin.
    An interface names a group when IMPLEMENTERS plugins or more declare it, each
    sitting in that group (the one holding most of its modules) and none elsewhere, and
    their modules hold half the group's lines or more (the group is the kind, not a domain
    a plugin joined); the interfaces with the most implementers are read first, and a
    plugin takes one word. The seams' names read it (`naming.NameEvidence.kinds`). Only
    the group's own members decide, so a pin elsewhere leaves the name alone."""
    label: dict[str, int] = {}
    sizes: dict[int, int] = {}
    lines = {m.name: m.loc + 1 for m in index.modules}
    for i, members in enumerate(groups):
        for m in members:
            label[m] = i
            sizes[i] = sizes.get(i, 0) + lines.get(m, 1)
    declared = plugin_interfaces(index, kernel, packages, set(label))
    if len(declared) < IMPLEMENTERS:
        return {}

    def own(plugin: str) -> list[str]:
        return sorted(m for m in label if m == plugin or m.startswith(plugin + "."))

    everywhere = _declarers(index, set(label))
    home: dict[str, int] = {}
    for plugin in declared:
        votes = Counter(label[m] for m in own(plugin))
        if votes:
            home[plugin] = min(votes, key=lambda i: (-votes[i], i))
    implementers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for plugin, interfaces in declared.items():
        for interface in interfaces:
            implementers[interface].add(plugin)
    words: dict[str, str] = {}
    taken: set[str] = set()
    for interface in sorted(implementers, key=lambda i: (-len(implementers[i]), i)):
        family = sorted(implementers[interface])
        homes = {home.get(p, -1) for p in family}
        if len(family) < IMPLEMENTERS or len(homes) != 1 or -1 in homes or (
                set(family) & taken):
            continue
        if _shared_package(family):
            continue  # (their path names what they share: `tracopt.versioncontrol.*`)
        group = homes.pop()
        if any(label[m] != group for m in everywhere.get(interface[1], ())):
            continue  # (a framework interface every domain declares: `ITemplateProvider`)
        modules = [m for p in family for m in own(p) if label[m] == group]
        if sum(lines.get(m, 1) for m in modules) * 2 < sizes[group]:
            continue
        word = interface_word(interface[1])
        if not word:
            continue
        words.update((m, word) for m in modules)
        taken.update(family)
    return dict(sorted(words.items()))


def _declarers(index: ProjectIndex, placed: set[str]) -> dict[str, set[str]]:
    """Each interface name -> every grouped module declaring it (on the line of an
    `implements` call), whichever package or seam it sits in."""
    declaring: dict[str, set[int]] = defaultdict(set)
    for use in index.uses:
        if use.source in placed and use.name in DECLARATIONS and use.kind == "call":
            declaring[use.source].update(use.lines)
    found: dict[str, set[str]] = defaultdict(set)
    for use in index.uses:
        lines = declaring.get(use.source)
        if lines and use.name not in DECLARATIONS and lines & set(use.lines):
            found[use.name].add(use.source)
    return dict(found)


def _shared_package(plugins: list[str]) -> bool:
    """Whether the plugins share a package below the top level (`tracopt.versioncontrol.svn`
    and `tracopt.versioncontrol.git`): that package's name, not an interface they declare,
    says what they have in common."""
    common = plugins[0].split(".")
    for plugin in plugins[1:]:
        parts = plugin.split(".")
        size = 0
        while size < min(len(common), len(parts)) and common[size] == parts[size]:
            size += 1
        common = common[:size]
    return len(common) > 1
