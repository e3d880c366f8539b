"""Settings packages are platform: a package named like settings (`conf/`, `config/`,
`settings/`) whose modules declare options, one module per subsystem (`conf/identity.py`
holding the `[identity]` options), and that the rest of the application reads
(`CONF.identity.default_domain_id`). It owns no table, serves no route and builds on no
project code but its own (and the kernel): the one schema every subsystem reads, so it is
kernel, whole. Its modules carry subsystem names, so the kernel's breadth test, which
counts users of each module, never sees them: every option module is used by the package
alone, and the package, which imports them all, looks like a facade over domain code.
Left in the clustering, the package forms a seam of its own that takes in whatever reads
it most (the HTTP layer). A Django `config` app (models, views) fails the test. A package
of option models written on a helper vendored beside the application (OctoPrint's
`schema/config/*` on `vendor/with_attrs_docs`) builds on a library, not on project code:
the vendored package is found as kernel only after the clustering (`seams.embedded`), so
the test reads a module whose uses stay in its own package as such a library."""

from __future__ import annotations

from collections.abc import Iterable

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.config import SeamConfig, matches
from strangler.seams.index_facts import data_facts, served_modules

SETTINGS_PACKAGES = frozenset({"conf", "config", "configs", "settings"})
MIN_MODULES = 3  # a package of a module or two is a settings module, roots decide it


def settings_packages(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig,
                      taken: Iterable[str]) -> list[KernelModule]:
    """The modules of settings packages (see the module's docstring) not in `taken` (roots,
    kernel modules found already) and not pinned. A package qualifies when it has
    MIN_MODULES modules or more, none of them maps or writes a table or serves a route,
    their run-time uses of project modules outside the package all reach `taken` kernel or
    root modules or a library carried in the project (`_library`), and modules outside it
    use it."""
    from strangler.seams.kernel import runtime_edges

    taken = set(taken)
    names = sorted(m.name for m in index.modules)
    packages = [m.name for m in index.modules
                if m.is_package and "." in m.name
                and m.name.rsplit(".", 1)[-1] in SETTINGS_PACKAGES]
    data = data_facts(index, graph).data
    served = served_modules(index).serving
    edges = runtime_edges(graph)
    found: list[KernelModule] = []
    for package in sorted(packages):
        inside = {n for n in names if n == package or n.startswith(package + ".")}
        if len(inside) < MIN_MODULES or inside & (data | served):
            continue
        outside = {target for source, target in edges
                   if source in inside and target not in inside and target not in taken}
        if any(not _library(target, edges, data | served) for target in sorted(outside)):
            continue
        if not any(target in inside and source not in inside for source, target in edges):
            continue
        found.extend(KernelModule(name, f"part of the settings package {package}: option "
                                        "declarations with no tables, routes or project "
                                        "code of their own, read across the application")
                     for name in sorted(inside - taken)
                     if not config.pinned_service(name) and not matches(name, config.kernels))
    return found



def _library(module: str, edges: tuple[tuple[str, str], ...], data: set[str] | frozenset[str]
             ) -> bool:
    """Whether `module` is a module of a library carried in the project (a vendored
    helper, `vendor/with_attrs_docs` on `vendor/class_doc`, that no rule took yet): what it
    uses, and what that uses in turn, stays in its own package (below the top level) and
    maps, writes or serves nothing (`data`). Such a module is not domain code a settings
    package builds on."""
    package = module.rpartition(".")[0]
    if "." not in package:
        return False
    prefix = package + "."
    uses: dict[str, list[str]] = {}
    for source, target in edges:
        if source.startswith(prefix):
            uses.setdefault(source, []).append(target)
    seen = {module}
    todo = [module]
    while todo:
        current = todo.pop()
        if current in data or not current.startswith(prefix):
            return False
        for target in uses.get(current, ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return True
