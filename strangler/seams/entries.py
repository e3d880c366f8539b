"""Entry points by what they do: a WSGI/ASGI module, `manage.py` or `__main__` is started by a
server or a shell, never imported by the application it starts. A module named like one
that application code imports (a settings package's `wsgi` options module, imported by
the package that registers every option group) is ordinary code, and so is a helper that
imports only the factory's module (`from app import mail`) but that services import."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.config import SeamConfig, matches
from strangler.seams.propose import Grouping

# Modules a web server starts: one importing a console script is its way in, not a use.
SERVER_ENTRIES = frozenset({"wsgi", "asgi"})
SCRIPT_ROOT = "a console script the project's metadata declares: a command a user runs"


def imported_entries(entries: Iterable[str], roots: set[str],
                     edges: Iterable[tuple[str, str]]) -> set[str]:
    """The `entries` (roots taken for entry points by their names or because they use only
    roots) that a module other than a root uses at run time (`edges`: (source, target)),
    directly or through another entry dropped so: such a module is imported, not run."""
    wanted = set(entries)
    users: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        if target in wanted and source != target:
            users[target].add(source)
    kept = set(roots)
    dropped: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name in sorted(wanted - dropped):
            if users[name] - kept:
                dropped.add(name)
                kept.discard(name)
                changed = True
    return dropped


def script_roots(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig,
                 grouping: Grouping, roots: set[str]) -> tuple[Grouping, list[KernelModule]]:
    """The console scripts of the project's metadata (`ProjectIndex.scripts`) found in a
    group after the clustering: roots, a command a user runs. As the application factory
    (`kernel.factory_roots`), a script takes part in the clustering and leaves its group
    afterwards: taken out before, the commands it registers lose the hub that holds them
    together. A script that application code other than `roots` imports is imported, not
    run, and stays; so do pinned modules and modules the `kernels` globs name, and a
    script inside a command-line package (`cli/`, `cmd/`: `commands.command_packages`),
    which is the entry of that package's group, the command-line component."""
    from strangler.seams.kernel import runtime_edges

    scripts = outside_commands(index)
    # (a WSGI/ASGI module importing the script that starts it is the server's way in, no
    # use by application code: `app/wsgi.py` taking `application` from `app/entrypoint`,
    # even where application code imports that `wsgi` and made it platform)
    imported = {target for source, target in runtime_edges(graph)
                if target in scripts and source not in roots and source != target
                and source.rsplit(".", 1)[-1] not in SERVER_ENTRIES}
    found = {m for _, members in grouping.groups for m in members
             if m in scripts and m not in imported and not config.pinned_service(m)
             and not matches(m, config.kernels)}
    if not found:
        return grouping, []
    return grouping.without(found), [KernelModule(m, SCRIPT_ROOT) for m in sorted(found)]


def outside_commands(index: ProjectIndex) -> set[str]:
    """The console scripts that are not inside a command-line package (`cli/`, `cmd/`:
    `commands.command_packages`), whose group they are the entry of."""
    from strangler.seams.commands import command_packages
    from strangler.seams.kernel import _top_packages

    packages = command_packages((m.name for m in index.modules),
                                {m.name for m in index.modules if m.is_package},
                                _top_packages(index))
    return {m for m in index.scripts
            if not any(m == p or m.startswith(p + ".") for p in packages)}


def free_scripts(index: ProjectIndex, edges: Iterable[tuple[str, str]]) -> set[str]:
    """The console scripts outside command-line packages that no project module uses:
    roots before the clustering, as entry points by name are (a hub command module such
    as a `cli.py` of every command, left in, glues the domains it calls)."""
    scripts = outside_commands(index)
    used = {target for source, target in edges if target in scripts and source != target}
    return scripts - used
