"""The application factory told from what it does: the module that makes the application
object (`ProjectIndex.app_builders`: it calls `Flask(...)`, `FastAPI()`, Django's
`get_wsgi_application()`, or a project class derived from a framework's application class,
`CKANFlask(...)` with `CKANFlask(MultiStaticFlask)` and `MultiStaticFlask(Flask)`) and
registers blueprints or routers on it (`ProjectIndex.registrations`). Its name says nothing
(`config.middleware.flask_app`), nor does a package `__init__` that re-exports the
factory under another name (`make_app`), and it reads tables at start-up (a user loader):
none of the name rules of `kernel.find_roots` took it, and the clustering put the app
stack into a platform group of the kernel."""

from __future__ import annotations

from collections import Counter, defaultdict

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.config import SeamConfig, matches
from strangler.seams.index_facts import data_facts, served_modules
from strangler.seams.kernel import runtime_edges
from strangler.seams.propose import Grouping

# It may serve a route of its own per OWN_ROUTES_SHARE it registers (a health check, an
# index page): as `registry_roots` allows.
OWN_ROUTES_SHARE = 10
APP_OBJECT_REASON = ("makes the application object and registers its blueprints or routers: "
                     "the application factory")


def app_object_roots(index: ProjectIndex, config: SeamConfig, found: set[str]
                     ) -> list[KernelModule]:
    """The modules that make the application object and register blueprints or routers on
    it, not roots yet (`found`), sorted. One serving more than one route per
    OWN_ROUTES_SHARE it registers is an application of routes, left to the clustering."""
    registers = dict(index.registrations)
    own: Counter[str] = Counter()
    for route, handler in zip(index.routes, served_modules(index).handler_of, strict=True):
        if route.kind == "http":
            for module in {handler, route.module}:
                own[module] += 1
    return [KernelModule(name, APP_OBJECT_REASON) for name in index.app_builders
            if name not in found and registers.get(name, 0) >= 1
            and own[name] * OWN_ROUTES_SHARE <= registers[name]
            and not config.pinned_service(name) and not matches(name, config.kernels)]


STACK_REASON = ("only the application factory uses it, and it serves no route and touches no "
                "table: part of the application's stack (middleware, session, error handling)")


def late_app_roots(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig,
                   grouping: Grouping, kernel: list[KernelModule], isolated: list[str],
                   roots: set[str]
                   ) -> tuple[Grouping, list[KernelModule], list[str], list[KernelModule]]:
    """`app_object_roots` taken out of the clustering's groups, the kernel and the
    unassigned modules (`isolated`) at the end,
    with the modules only they use at run time (serving no route, touching no table): the
    middleware and session classes the factory wraps the application in. Taken out before
    the clustering, the factory's module no longer held the blueprints' domains together
    (ckan lost a seed-42 ARI of 0.02), so it leaves the groups as they are."""
    found = app_object_roots(index, config, roots)
    if not found:
        return grouping, kernel, isolated, []
    factories = {r.module for r in found}
    importers: dict[str, set[str]] = defaultdict(set)
    for source, target in runtime_edges(graph):
        importers[target].add(source)
    served = served_modules(index).serving
    touches = data_facts(index, graph).touches
    # (a module holding a base of the application's class is the platform's: the factory
    # derives from it, it does not wrap the application in it)
    bases = {use.target for use in index.uses if use.source in factories and use.kind == "base"}
    # (plugins loaded through an entry-point group or a list of dotted names are no part
    # of the stack: only modules the factory imports by name)
    named = {imp.target for imp in index.imports if imp.source in factories
             and not (imp.entry_point or imp.registry or imp.dynamic)}
    stack = sorted(name for name, users in importers.items()
                   if users and users <= factories and name in named and name not in roots
                   and name not in bases
                   and name not in factories and name not in served and name not in touches
                   and not config.pinned_service(name) and not matches(name, config.kernels))
    found.extend(KernelModule(name, STACK_REASON) for name in stack)
    taken = {r.module for r in found}
    return (grouping.without(taken), [k for k in kernel if k.module not in taken],
            [m for m in isolated if m not in taken], found)
