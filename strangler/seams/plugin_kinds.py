"""Entry-point plugins join the domain their kind is named after.

An application that loads its plugins from the packaging metadata (`setup.cfg` or
`pyproject.toml` entry points) often offers several kinds of them, each a base class of its
plugin framework (lemur: `plugins/bases/issuer.py`, `destination.py`, `source.py`,
`notification.py`, `export.py`, `metric.py`). A row of the domain the kind serves names the
plugin to call (`Destination.plugin_name`), so no import leads from that domain to its
plugins, and the clustering places a plugin by the helpers it shares with the other plugins:
destination, notification and issuer plugins end up in one or two plugin seams, named after
one of them. The kind is what the code does say: the plugin subclasses the kind's base.

Rule (`kind_homes`). A plugin package is the package of a module registered as an
entry point (`lemur/plugins/lemur_aws/`), holding no table and no route, none of the kind
bases and no module the user placed. A kind is a kernel module (the plugin framework) that
the modules of KIND_PLUGINS plugin packages or more subclass; the rule needs two kinds or
more (one kind tells no domain from another). A plugin package's kind is the one its classes
subclass most; on a tie, the kind more plugin packages implement alone (a kind every
plugin implements beside another, lemur's `source`, is a side capability). Then:

- a kind named after a domain unit (`destination` -> `destinations/`, singular or plural)
  sends its plugins to the group holding most of that unit's modules;
- a kind named after a module the kernel alone uses (`metric` -> `metrics.py`, imported by
  `extensions.py` only) is the platform's: its plugins join the kernel, with that module
  when it was left unassigned;
- another kind (`issuer`, `export`) gathers its plugins in the group holding most of them,
  or in a group of their own when the kernel held them all.

A plugin package whose modules use a non-kernel module of the group it sits in (lemur's
ACME plugin with the DNS providers it reads) stays: it sits with its data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet

from strangler.graph import Dependency
from strangler.model import KernelModule
from strangler.seams.propose import Grouping
from strangler.seams.words import singular

KIND_PLUGINS = 3  # plugin packages that subclass a kernel base to make it a plugin kind
ENTRY_KIND = "entry_point"
BASE_KIND = "base"


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _key(word: str) -> str:
    return singular(word.lower()).replace("_", "")


def _word(unit: str) -> str:
    return unit[5:] if unit.startswith("word:") else unit.rsplit(".", 1)[-1]


def plugin_packages(dependencies: Iterable[Dependency], modules: Iterable[str],
                    packages: AbstractSet[str], excluded: AbstractSet[str]) -> list[str]:
    """The packages of the modules registered as entry points (the module itself when it
    is a package; its parent package otherwise, or the module when it is top-level), that
    hold no `excluded` module (tables, routes, user-placed modules). Sorted."""
    names = sorted(modules)
    found: set[str] = set()
    for dependency in dependencies:
        if dependency.source == dependency.target:
            continue
        if not any(kind == ENTRY_KIND for kind, _ in dependency.kinds):
            continue
        target = dependency.target
        package = target if target in packages else (target.rpartition(".")[0] or target)
        if _under(dependency.source, package):
            continue  # (a package that registers its own modules is the application)
        found.add(package)
    # (a plugin package holding another is the container of both: only the inner ones)
    found = {p for p in found if not any(o != p and _under(o, p) for o in found)}
    return sorted(p for p in found
                  if not any(_under(m, p) and m in excluded for m in names))


def plugin_kinds(dependencies: Iterable[Dependency], plugins: Sequence[str],
                 kernel: AbstractSet[str], entries: AbstractSet[str]) -> dict[str, str]:
    """Each plugin package's kind (see the module docstring): package -> kind module.
    Only the classes of the registered modules (`entries`) count: a plugin package's
    configuration models subclass the application's settings base, which is no kind."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for dependency in dependencies:
        target = dependency.target
        if target not in kernel or dependency.source not in entries:
            continue
        based = sum(count for kind, count in dependency.kinds if kind == BASE_KIND)
        if not based:
            continue
        for package in plugins:
            if _under(dependency.source, package) and not _under(target, package):
                counts[package][target] += based
    implementers = Counter(kind for package in plugins for kind in counts[package])
    # (a base of the top-level package, `app/config.py`'s settings model, is the whole
    # application's; a plugin framework lives in a package of its own, `plugins/bases/`)
    kinds = {kind for kind, n in implementers.items() if n >= KIND_PLUGINS
             and "." in kind.rpartition(".")[0]}
    if len(kinds) < 2:
        return {}
    alone: Counter[str] = Counter()
    for package in plugins:
        implemented = [kind for kind in counts[package] if kind in kinds]
        if len(implemented) == 1:
            alone[implemented[0]] += 1
    found: dict[str, str] = {}
    for package in plugins:
        own = {kind: n for kind, n in counts[package].items() if kind in kinds}
        if own:
            found[package] = min(own, key=lambda k: (-own[k], -alone[k], k))
    return found


def kind_homes(grouping: Grouping, kernel: list[KernelModule], isolated: list[str],
               dependencies: Sequence[Dependency], units: dict[str, str],
               packages: AbstractSet[str], owners: AbstractSet[str],
               excluded: AbstractSet[str], fixed: AbstractSet[str], split: bool = True
               ) -> tuple[Grouping, list[KernelModule], list[str]]:
    """Entry-point plugins placed by their kind (see the module docstring). `units`: each
    module's domain unit (`words.domain_units`); `excluded`: modules holding tables or
    serving routes, roots and examples (a plugin package holding one stays as it is);
    `fixed`: modules a lever placed; `split` False (the user asked for a number of
    services): no new group, a domain's plugins join its group and a kind no domain is
    named after stays where it is. Returns the grouping, the kernel and the isolated
    modules."""
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(grouping.groups) if pin}
    kernel_set = {k.module for k in kernel}
    names = sorted(set(label) | kernel_set | set(isolated) | set(units))
    kind_of = _kinds(dependencies, names, packages, kernel_set, set(excluded) | set(fixed)
                     | {m for i in pinned for m in grouping.groups[i][1]})
    if not kind_of:
        return grouping, kernel, isolated
    kinds = set(kind_of.values())
    framework = _common_package(sorted(kinds))
    plugins = sorted(kind_of)
    members = {p: [m for m in names if _under(m, p)] for p in plugins}
    in_plugin = {m for ms in members.values() for m in ms}
    # Who imports whom, past the plugin-framework bases (a subclass is no use of data).
    importers: dict[str, set[str]] = defaultdict(set)
    uses: dict[str, set[str]] = defaultdict(set)
    for dependency in dependencies:
        if dependency.source == dependency.target:
            continue
        if all(kind in (BASE_KIND, ENTRY_KIND) for kind, _ in dependency.kinds):
            continue
        importers[dependency.target].add(dependency.source)
        uses[dependency.source].add(dependency.target)
    moves: dict[str, int] = {}
    to_kernel: dict[str, str] = {}
    # (the package of the kinds is the plugin framework: its other grouped modules, the
    # `bases/__init__` that re-exports the kinds, join them in the kernel)
    own_framework = [m for m in names if framework and _under(m, framework)
                     and m not in in_plugin and m not in excluded and m not in fixed]
    for m in own_framework:
        if m in label and label[m] not in pinned:
            to_kernel[m] = f"part of {framework}, the package of the plugin kinds"
    new_groups: list[list[str]] = []
    for kind in sorted(kinds):
        mine = [p for p in plugins if kind_of[p] == kind and not _tied(
            members[p], uses, label, kernel_set | in_plugin | set(own_framework))]
        if not mine:
            continue
        word = _key(_word(kind))
        named = [m for m in names if m not in in_plugin and not _under(m, framework)
                 and _key(_word(units.get(m, m))) == word]
        home = _unit_home(named, label, pinned)
        if home is not None:
            plugged = [m for p in mine for m in members[p]]
            # (the kind's domain owns data and shares its group with another domain that
            # owns data: the domain with its extension point and plugins is a slice of
            # its own, as lemur's destinations beside sources and endpoints)
            domain = [m for m in named if label.get(m) == home]
            domain_units = {units.get(m, m) for m in domain}
            others = {units.get(m, m) for m in grouping.groups[home][1]
                      if m in owners and m not in in_plugin} - domain_units
            joined = [g for g in new_groups if set(domain) & set(g)]
            if joined:  # (another kind of the same domain cut it out already)
                joined[0].extend(plugged)
            elif split and others and any(m in owners for m in domain):
                new_groups.append([*domain, *plugged])
            else:
                moves.update({m: home for m in plugged})
            continue
        if named and all(m in kernel_set or (m in isolated and importers.get(m)
                                             and importers[m] <= kernel_set)
                         for m in named):
            extra = [m for m in named if m not in kernel_set]
            for m in [*extra, *(m for p in mine for m in members[p])]:
                to_kernel[m] = (f"a plugin of kind {kind}, named after {named[0]}, which "
                                "only the kernel uses: the platform's")
            continue
        if named or not split:
            continue  # (a unit the kernel does not hold alone, with no group of its own)
        # (a kind no domain is named after is a slice of its own: its plugins, one group)
        new_groups.append([m for p in mine for m in members[p]])
    moves = {m: i for m, i in moves.items() if label.get(m) != i}
    if not (moves or to_kernel or new_groups):
        return grouping, kernel, isolated
    fresh = {m for g in new_groups for m in g}
    left = grouping.moved({m: i for m, i in moves.items() if m not in to_kernel})
    taken = set(to_kernel) | fresh
    kept = [(pin, [m for m in ms if m not in taken]) for pin, ms in left.groups]
    left = Grouping.ordered([*((pin, ms) for pin, ms in kept if ms),
                             *(("", g) for g in new_groups)], grouping.choice)
    gone = set(moves) | fresh
    kernel = [k for k in kernel if k.module not in gone]
    kernel += [KernelModule(m, why) for m, why in sorted(to_kernel.items())
               if m not in kernel_set]
    isolated = [m for m in isolated if m not in gone and m not in to_kernel]
    return left, kernel, isolated


def _kinds(dependencies: Sequence[Dependency], names: Sequence[str],
           packages: AbstractSet[str], kernel: AbstractSet[str],
           excluded: AbstractSet[str]) -> dict[str, str]:
    """Plugin package -> its kind (see the module docstring), for the registered packages
    and those published apart; none holding a kind or an `excluded` module."""
    # (the registrations alone: what `plugin_packages` and `_entries` read of them all)
    registered = [d for d in dependencies if d.source != d.target
                  and any(kind == ENTRY_KIND for kind, _ in d.kinds)]
    plugins = plugin_packages(registered, names, packages, excluded)
    if not plugins:
        return {}
    # (a package built like the registered ones but published apart, whose entry point
    # the project's metadata does not list: `lemur_statsd/`, a metric plugin)
    based = _subclassed(dependencies, _entries(registered), kernel)
    unlisted = _unlisted(dependencies, based, packages, names, _common_package(sorted(based)),
                         set(plugins), excluded)
    plugins = sorted({*plugins, *unlisted})
    entries = _entries(registered) | {m for m in names for p in unlisted if _under(m, p)}
    kind_of = plugin_kinds(dependencies, plugins, kernel, entries)
    kinds = set(kind_of.values())
    return {p: k for p, k in kind_of.items() if not any(_under(k2, p) for k2 in kinds)}


def module_kinds(dependencies: Sequence[Dependency], names: Sequence[str],
                 packages: AbstractSet[str], kernel: AbstractSet[str],
                 excluded: AbstractSet[str]) -> dict[str, str]:
    """A plugin package and its registered module -> its kind's word (`issuer` of
    `plugins/bases/issuer.py`): what the plugin is, where its path names only its vendor.
    The package's other modules keep their words (the ACME issuer's DNS handlers speak
    for the DNS providers they sit with). The seams' names read it
    (`naming.NameEvidence.kinds`)."""
    kind_of = _kinds(dependencies, names, packages, kernel, excluded)
    if not kind_of:
        return {}
    entries = _entries(dependencies)
    # (spelled as the domain package the kind is named after: `destinations`)
    spelled = {_key(part): part for name in sorted(packages, reverse=True)
               for part in name.split(".")[1:2]}
    return {m: spelled.get(_key(_word(kind_of[p])), _word(kind_of[p]))
            for p in sorted(kind_of) for m in names
            if m == p or (m in entries and _under(m, p))}


def _entries(dependencies: Iterable[Dependency]) -> set[str]:
    """The modules registered as entry points (by a module other than themselves)."""
    return {d.target for d in dependencies if d.source != d.target
            and any(kind == ENTRY_KIND for kind, _ in d.kinds)}


def _subclassed(dependencies: Iterable[Dependency], entries: AbstractSet[str],
                kernel: AbstractSet[str]) -> set[str]:
    """The kernel modules some registered module (`entries`) subclasses."""
    return {d.target for d in dependencies if d.target in kernel and d.source in entries
            and d.source != d.target and any(kind == BASE_KIND for kind, _ in d.kinds)}


def _unlisted(dependencies: Iterable[Dependency], kinds: AbstractSet[str],
              packages: AbstractSet[str], names: Sequence[str], framework: str,
              plugins: AbstractSet[str], excluded: AbstractSet[str]) -> set[str]:
    """Top-level packages outside the framework's top package whose modules subclass one
    kind and nothing else of the kernel, with no `excluded` module: plugins published as
    distributions of their own."""
    top = framework.split(".", 1)[0]
    based: dict[str, set[str]] = defaultdict(set)
    for dependency in dependencies:
        if dependency.target not in kinds or dependency.source == dependency.target:
            continue
        if not any(kind == BASE_KIND for kind, _ in dependency.kinds):
            continue
        package = dependency.source.split(".", 1)[0]
        if package == top or package not in packages or any(
                _under(package, p) or _under(p, package) for p in plugins):
            continue
        based[package].add(dependency.target)
    return {p for p, k in based.items() if len(k) == 1
            and not any(_under(m, p) and m in excluded for m in names)}


def _tied(modules: list[str], uses: dict[str, set[str]], label: dict[str, int],
          platform: AbstractSet[str]) -> bool:
    """Whether a plugin package uses a module outside the `platform` (kernel and plugin
    packages) that sits in the group holding most of the package's modules: it sits with
    the data it works on."""
    votes = Counter(label[m] for m in modules if m in label)
    if not votes:
        return False
    home = min(votes, key=lambda i: (-votes[i], i))
    return any(label.get(t) == home for m in modules for t in uses.get(m, ())
               if t not in platform)


def _unit_home(named: list[str], label: dict[str, int], pinned: set[int]) -> int | None:
    """The unpinned group holding most of `named`, or None."""
    votes = Counter(label[m] for m in named if m in label and label[m] not in pinned)
    if not votes:
        return None
    return min(votes, key=lambda i: (-votes[i], i))


def _common_package(modules: list[str]) -> str:
    """The longest dotted prefix the `modules` share ('' when none)."""
    parts = [m.split(".")[:-1] for m in modules]
    common: list[str] = []
    for level in zip(*parts, strict=False):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return ".".join(common)
