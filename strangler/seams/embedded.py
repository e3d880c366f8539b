"""Embedded libraries: a sub-package that uses nothing of the project outside itself.

A layered monolith often carries a library of its own inside a layer package: Kallithea's
`lib/vcs/` (the Git and Mercurial backends, nodes, changesets, utilities: 30 modules that
import nothing of `kallithea` outside `lib/vcs/`, used by the repository, review, gist and
hosting code alike). The clustering cuts such a library along whoever uses each part most
(the backends with the repository code, the `changeset` classes with the review seam by
their name), yet it has no domain data and no routes, and every domain builds on it: it is
platform, as a vendored third-party package would be.

The shape, read from imports only: take a package below the top level; drop, repeatedly,
each of its modules that uses (in code: the static kinds of the dependency graph) a project
module outside what is left, then each sub-package whose modules were all dropped. What is
left is the package's closed part. It is an embedded library when it holds `EMBEDDED_MIN`
modules or more and most of the package's modules, its modules use each other
(`EMBEDDED_WEB`: as many pairs of its modules using each other as it has modules: a
library's web, not a bag of helpers side by side such as LNbits' `utils/`), none of them
maps, reads or writes a table or serves a route, and modules of two seams or more use it
through `EMBEDDED_FRONTS` of its modules or more (a library's several entry modules; a
registry package of per-domain modules, `common/policies/`, is read through its
`__init__` and left to `seams.registries`).
A vendored package (its closed part is all of it: it uses nothing of the project at all)
whose plain modules, the `__init__` of its packages left out, make a web of their own is a
library whoever uses it, one module of one seam too (calibreweb's `cw_advocate`, used by
`helper` alone): `_vendored`.
Its modules join the kernel; the dropped ones (`lib/vcs/ssh/`, which reads the users'
keys) stay where the clustering put them. The biggest such package is taken, its
sub-packages not again. Each package's modules and their uses are read once per package
above them (the nesting depth), the uses of the project once per library found."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.index_facts import data_facts, served_modules
from strangler.seams.propose import Grouping
from strangler.seams.signals import STATIC_KINDS

EMBEDDED_MIN = 5  # modules in the closed part of the package
EMBEDDED_USERS = 2  # seams whose modules use the closed part
EMBEDDED_FRONTS = 3  # modules of the closed part that the rest of the project uses
EMBEDDED_WEB = 1.0  # pairs of its modules using each other, per module of the closed part


def closed_part(members: Iterable[str], uses: dict[str, set[str]],
                modules: set[str]) -> set[str]:
    """The modules of `members` (one package and everything below it) left once each that
    uses a project module outside what is left is dropped, repeatedly, and then each
    sub-package whose modules were all dropped."""
    left = set(members)
    users: dict[str, set[str]] = defaultdict(set)
    for source in left:
        for target in uses.get(source, ()):
            users[target].add(source)
    queue = sorted(m for m in left
                   if any(t in modules and t not in left for t in uses.get(m, ())))
    while queue:
        module = queue.pop()
        if module not in left:
            continue
        left.discard(module)
        queue.extend(sorted(u for u in users.get(module, ()) if u in left))
    # (a sub-package with modules below it, none of them left, is an emptied shell)
    below: set[str] = set()
    kept_below: set[str] = set()
    for module in members:
        parts = module.split(".")
        for end in range(1, len(parts)):
            below.add(".".join(parts[:end]))
            if module in left:
                kept_below.add(".".join(parts[:end]))
    return {m for m in left if m not in below or m in kept_below}


def _whole_packages(package: str, members: Iterable[str], left: set[str]) -> bool:
    """Whether the part of `package` left out of `left` is whole sub-packages: every module
    directly in `package` is left, and each sub-package is left or dropped as a whole (a
    library and its add-ons, not a few helpers picked out of a platform package)."""
    depth = package.count(".") + 1
    state: dict[str, set[bool]] = defaultdict(set)
    for module in members:
        if module != package:
            state[".".join(module.split(".")[:depth + 1])].add(module in left)
    subpackages = {".".join(m.split(".")[:depth + 1]) for m in members
                   if m.count(".") > depth}
    return all(len(found) == 1 and (child in subpackages or found == {True})
               for child, found in state.items())


def _vendored(members: list[str], left: set[str], inner: set[tuple[str, str]],
              packages: set[str]) -> bool:
    """Whether the package is a vendored library, one that is a library whoever uses it:
    every module of it is in its closed part (it uses nothing of the project at all), and
    its plain modules (the `__init__` of its packages left out) still make a web of their
    own (`EMBEDDED_WEB`): a library's layers (adapters on a pool manager on a connection
    pool on connections), not a registry's star of per-domain modules around one base that
    only an `__init__` ties together (`common/policies/`, left to `seams.registries`)."""
    if len(left) != len(members):
        return False
    plain = [m for m in left if m not in packages]
    pairs = sum(1 for a, b in inner if a not in packages and b not in packages)
    return bool(plain) and pairs >= len(plain) * EMBEDDED_WEB


def embedded_libraries(index: ProjectIndex, graph: CouplingGraph, grouping: Grouping,
                       kernel: Iterable[str], isolated: Iterable[str], excluded: Iterable[str]
                       ) -> tuple[Grouping, list[str], list[KernelModule], frozenset[str]]:
    """Move the modules of embedded libraries (see the module's text) from the seams and
    the lone modules to the kernel. Pinned groups and `excluded` modules (roots, the user's
    levers) are not taken. Returns the grouping, the lone modules left, the kernel modules
    added and every module of the libraries found (some were in the kernel already: no
    later rule takes them out of it as a domain's registry member, `seams.subsystems`)."""
    modules = {m.name for m in index.modules}
    packages = sorted(m.name for m in index.modules if m.is_package and "." in m.name)
    package_set = {m.name for m in index.modules if m.is_package}
    if not packages:
        return grouping, list(isolated), [], frozenset()
    uses: dict[str, set[str]] = defaultdict(set)
    for dependency in graph.dependencies:
        if dependency.source != dependency.target and any(
                kind in STATIC_KINDS for kind, _ in dependency.kinds):
            uses[dependency.source].add(dependency.target)
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    pinned = {m for name, members in grouping.groups if name for m in members}
    skip = pinned | set(excluded) | set(kernel)
    lone = set(isolated)
    facts = data_facts(index, graph)
    data = facts.data
    served = served_modules(index).serving
    by_package: dict[str, list[str]] = defaultdict(list)
    for name in sorted(modules):
        parts = name.split(".")
        for depth in range(2, len(parts) + 1):
            by_package[".".join(parts[:depth])].append(name)
    taken: list[tuple[str, list[str], int]] = []
    found_all: set[str] = set()
    done: list[str] = []
    for package in sorted(packages, key=lambda p: (p.count("."), p)):
        if any(package.startswith(d + ".") for d in done):
            continue
        members = by_package.get(package, [])
        left = closed_part(members, uses, modules)
        if len(left) < EMBEDDED_MIN or len(left) * 2 <= len(members) \
                or not _whole_packages(package, members, left):
            continue
        if any(m in data or m in served for m in left):
            continue
        inner = {(a, b) if a < b else (b, a) for a in left
                 for b in uses.get(a, set()) & left}
        if len(inner) < len(left) * EMBEDDED_WEB:
            continue  # a bag of helpers beside each other (`utils/crypto`, `utils/cache`)
        using: set[int] = set()
        fronts: set[str] = set()
        for source, targets in uses.items():
            if source not in left and (reached := targets & left):
                fronts |= reached
                if source in label:
                    using.add(label[source])
        if (len(using) < EMBEDDED_USERS or len(fronts) < EMBEDDED_FRONTS) \
                and not (fronts and _vendored(members, left, inner, package_set)):
            continue
        done.append(package)
        taken.append((package, sorted(m for m in left if m not in skip
                                      and (m in label or m in lone)), len(using)))
        found_all.update(left)
    if not taken:
        return grouping, list(isolated), [], frozenset()
    moved = {m for _, found, _ in taken for m in found}
    added = [KernelModule(m, f"embedded library `{package}`: uses nothing of the project "
                             f"outside it, no tables, no routes; used by {n} seams")
             for package, found, n in taken for m in found]
    return (grouping.without(moved), [m for m in isolated if m not in moved],
            sorted(added, key=lambda k: k.module), frozenset(found_all))
