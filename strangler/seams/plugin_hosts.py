"""A plugin with data of its own and the host slice it extends are two seams.

A plugin package extends the application from outside: ckan's `ckanext.activity` records
an activity stream in its own `activity` table and adds pages to the user and dashboard
views, calling `views/user`, reading `model/user` and `model/dashboard`. The host never
imports the plugin (it is loaded through an entry point, by name), the plugin imports
the host. The clustering is blind to the direction: the plugin's many calls pull the
host's user slice (`views/user`, `views/dashboard`, `model/dashboard`, the authenticator)
into the plugin's group, and the activity seam holds the users' pages and tables.

The rule: a package below another package (`ckanext.activity`, not a top-level package)
that maps a table and that no module outside it uses at run time (entry-point links and
type-only imports do not count) is a plugin. A group holding most of a plugin's grouped
modules and modules of another top-level package than the plugin's (the application the
plugin namespace extends, `ckan` beside `ckanext`), one of them mapping a table of its
own, is cut in two: the plugin, and the host's modules (two or more); each other member
joins the part it is tied to most (`app_split._attach`: strongest tie first). Inside one
top-level package a package nothing imports is no plugin of a host but a part of the
application loaded by name: keystone's SQL and LDAP drivers (entry points) belong with
their managers, pretix's payment plugins with the payment providers' seam. The host's
modules never use the plugin, so nothing but the plugin's own calls tied them. Pinned
groups and groups holding a module the user keeps with others stay whole. Runs after the
layer rejoin (which brings a slice's model beside its routes) and before the user's
levers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from strangler.graph import Dependency
from strangler.seams.propose import Grouping

# (the kinds of a run-time use: a type-only import, an implicit package import or an
# entry-point registration is no use of the plugin)
USE_KINDS = frozenset({"import", "import_lazy", "call", "base", "decorator", "attribute",
                       "reference", "attribute_store", "located"})
HOST_MIN = 2  # modules the host's part keeps, at least


def unimported_packages(dependencies: Iterable[Dependency], packages: set[str]
                        ) -> set[str]:
    """The packages below another package that no module outside them uses at run time
    (`USE_KINDS`)."""
    used: set[str] = set()
    for dependency in dependencies:
        source, target = dependency.source, dependency.target
        if source == target or not any(kind in USE_KINDS for kind, _ in dependency.kinds):
            continue
        parts = target.split(".")
        for end in range(2, len(parts) + 1):
            package = ".".join(parts[:end])
            if package in packages and not (source == package
                                            or source.startswith(package + ".")):
                used.add(package)
    return {p for p in packages if "." in p and p not in used}


def plugin_hosts(grouping: Grouping, graph: Any, dependencies: Iterable[Dependency],
                 packages: set[str], mapping: set[str], fixed: Iterable[str] = ()
                 ) -> Grouping:
    """The grouping with each plugin's group cut into the plugin and its host's modules
    (see the module docstring). `graph`: the clustering's graph (its weights tie the
    other members to a part); `mapping`: modules that map a table; `fixed`: modules a
    lever keeps together."""
    from strangler.seams.app_split import _attach, split_groups

    loose = unimported_packages(dependencies, packages)
    plugins = sorted(p for p in loose
                     if any(m == p or m.startswith(p + ".") for m in mapping))
    # (the outermost plugin package only: a plugin's sub-package is the plugin's)
    plugins = [p for p in plugins if not any(p.startswith(q + ".") for q in plugins)]
    if not plugins:
        return grouping

    def plugin_of(module: str) -> str | None:
        for plugin in plugins:
            if module == plugin or module.startswith(plugin + "."):
                return plugin
        return None

    grouped = Counter(plugin_of(m) for _, members in grouping.groups for m in members)

    def parts(members: list[str]) -> list[list[str]] | None:
        count = Counter(plugin_of(m) for m in members)
        pieces = [p for p, n in count.items() if p is not None and n * 2 > grouped[p]]
        if not pieces:
            return None
        part_of = {m: p for m in members if (p := plugin_of(m)) in pieces}
        # (the host: a mapping module of another top-level package than the plugins'; a
        # sibling plugin or the plugin's own application is no host)
        tops = {p.split(".", 1)[0] for p in pieces}
        hosts = [m for m in members if m not in part_of and m in mapping
                 and m.split(".", 1)[0] not in tops]
        if not hosts:
            return None
        part_of.update((m, "") for m in hosts)
        _attach(members, graph, part_of)
        split: dict[str, list[str]] = {}
        for m in members:
            split.setdefault(part_of[m], []).append(m)
        if len(split.get("", ())) < HOST_MIN:
            return None
        return [split[p] for p in sorted(split)]

    return split_groups(grouping, fixed, parts)
