"""The framework packages beside a container of domains (`app/core`, `app/web`, `app/util`).

A modular monolith keeps its domains in one package (`app/modules/<domain>/`: a container
of domains, `seams.containers`) and the application's own framework beside it, in sibling
packages of that container: the database base classes and mixins, settings, signals,
the plugin base, celery glue (`app/core`); the request-handler base, form fields, menus,
static assets, Flask glue (`app/web`); helpers (`app/util`); vendored code. None of it is a
domain: it maps no table of its own and the domains stand on it. Module by module, the
breadth rules miss much of it (a signal module, a form field, a review mixin is used by
one to three domains each), and the clustering then hands each piece to the domain that
uses it most: form fields gather in one domain's seam, the database mixins in another's.

Each module of a framework package is kernel, except in a part of it (a child package or
module: `core/oauth`, `web/http_api`) that is a domain's after all:
- a part that maps a table (a model class or a Table object: `core/oauth/models` maps the
  OAuth tables) holds domain data;
- a part that serves a route a domain package registers (`modules/api/blueprint` routes
  `/api/<path>` to `web/http_api/handlers`) is that domain's implementation.
Command packages (`cli/`) are left to the scripts rules, and a lever's choice stands. A
sibling whose children are named after the domains (`app/api/users`, `app/api/events`) is
a layer of the domains, not their framework, and is left alone (the domains of the
container, or the children of a domain package beside it: baserow's `api/user` beside
`core/user`); so is a sibling with a
model layer of its own (`app/harvest/models.py` mapping the harvest tables beside
`app/core/<domain>/models.py`): it is one more domain, laid out like those in the
container, whose api, tasks and actions work on its tables.
Only containers not named like a layer or an interface count (`graphql/`, `blueprints/`
beside `services/` and `models/` are layers of the domains, and their siblings are the
domains' other layers), and only one that holds more of the table-mapping modules than
its siblings (a `plugins/` package beside the domain packages holds no domain's data).
Applied before the clustering: left in, the framework glues the domains that use it
together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

from strangler.model import KernelModule, ProjectIndex, plural
from strangler.seams.containers import INTERFACE_WORDS, domain_containers
from strangler.seams.hubs import command_package
from strangler.seams.index_facts import served_modules
from strangler.seams.words import LAYER_WORDS, singular

TEST_WORDS = frozenset({"test", "tests", "testing"})
MIRRORED = 3  # children named after domains that make a sibling a layer of the domains
MODEL_LAYERS = frozenset({"models", "model"})  # a package's own model layer


def _container_and_parent(names: list[str], mappers: set[str]) -> tuple[str, str] | None:
    """The outermost container of domains not named like a layer, an interface or a test
    suite, and its parent package, when it holds most of its parent's modules and more of
    the modules that map a table (`mappers`) than its siblings (the domains and their data
    live there, and what is beside it serves them: a `plugins/` package beside the domain
    packages is no container of the domains); else None."""
    containers = [c for c in domain_containers(names)
                  if c.rsplit(".", 1)[-1].lower() not in LAYER_WORDS | INTERFACE_WORDS | TEST_WORDS]
    if not containers:
        return None
    outer = min(containers, key=lambda c: (c.count("."), c))
    parent = outer.rpartition(".")[0]
    inside = sum(1 for name in names if name.startswith(outer + "."))
    beside = sum(1 for name in names if name.startswith(parent + ".")
                 and not name.startswith(outer + ".") and name != outer)
    data_inside = sum(1 for name in mappers if name.startswith(outer + "."))
    data_beside = sum(1 for name in mappers if name.startswith(parent + ".")
                      and not name.startswith(outer + "."))
    return (outer, parent) if inside > beside and data_inside > data_beside else None


def _domain_layers(names: list[str], siblings: set[str], containers: frozenset[str]
                   ) -> set[str]:
    """The `siblings` that are a layer of the domains, not their framework: MIRRORED (3)
    of their children or more, and a third of them or more, are named after domain
    packages of the containers (`app/api/users`, `app/api/events` beside
    `app/modules/users/`, `app/modules/events/`); and the layer packages right in the
    other siblings whose children are so named (awx's `api/urls/inventory`,
    `api/urls/job_template` beside `main/models/inventory`, `main/models/jobs`: the rest of
    `api/`, its generic views and serializers, stays framework). A container's domains
    are its children and the children of its layer packages (`main/models/<domain>`); a
    name made of a domain word and more (`job_template`) is named after that domain."""
    domains = {singular(name.rsplit(".", 1)[1]) for name in names
               if _domain_parent(name.rpartition(".")[0], containers)
               and name.rsplit(".", 1)[1].lower() not in LAYER_WORDS}

    def mirrors(package: str) -> bool:
        kids = {name[len(package) + 1:].split(".", 1)[0] for name in names
                if name.startswith(package + ".")}
        named = sum(1 for kid in kids if _named_after(singular(kid), domains))
        return named >= MIRRORED and named * 3 >= len(kids)

    layers = {sibling for sibling in siblings if mirrors(sibling)}
    for sibling in sorted(siblings - layers):
        inner = {f"{sibling}.{name[len(sibling) + 1:].split('.', 1)[0]}" for name in names
                 if name.startswith(sibling + ".")
                 and name[len(sibling) + 1:].split(".", 1)[0].lower() in LAYER_WORDS}
        layers.update(package for package in inner if mirrors(package))
    return layers


def _domain_parent(parent: str, containers: frozenset[str]) -> bool:
    """Whether `parent` is a container or a layer package right in one."""
    return parent in containers or (
        parent.rpartition(".")[0] in containers
        and parent.rsplit(".", 1)[-1].lower() in LAYER_WORDS)


def _named_after(word: str, domains: set[str]) -> bool:
    return word in domains or any(word.startswith(domain + "_") for domain in domains)


def _domains_beside(siblings: set[str], mappers: set[str]) -> set[str]:
    """The `siblings` that are a domain package, not framework: their own model layer (a
    child `models` module or package) maps a table. A framework's table sits in a part of
    its own (`core/oauth/models`: the part `core/oauth` is a domain's, the rest of `core`
    framework); a model layer right under the sibling makes every part of it the layers
    of that one domain."""
    return {sibling for sibling in siblings
            if any(m.startswith(sibling + ".")
                   and m[len(sibling) + 1:].split(".", 1)[0].lower() in MODEL_LAYERS
                   for m in mappers)}


DJANGO_APP_PARTS = ("apps", "management", "templatetags")  # what only an installed app has


def _routed_beside(siblings: set[str], names: list[str], routes: Iterable[tuple[str, str]]
                   ) -> set[str]:
    """The `siblings` that are a Django app routing requests to its own handlers, a
    domain package, not framework: it has what only an installed app has (an AppConfig
    `apps` module, management commands, template tags), and a module of its own registers
    a route one of its own views serves (ecommerce's `enterprise/urls` and
    `enterprise/views` beside `extensions/`), and it is not named like a layer, an
    interface or the platform (`api/`, `core/`, `common/`). A framework's own routes (a
    Flask framework package's static assets blueprint) leave it framework."""
    present = set(names)
    # (a package named like a layer or an interface, awx's `api/` app with its URLconfs
    # and generic views, is the domains' layer, not one more domain; a `core/` app's
    # health check does not make the platform a domain)
    from strangler.seams.kernel import KERNEL_NAMES
    from strangler.seams.words import NOT_A_DOMAIN

    apps = {sibling for sibling in siblings
            if sibling.rsplit(".", 1)[-1].lower() not in
            NOT_A_DOMAIN | INTERFACE_WORDS | KERNEL_NAMES
            and any(f"{sibling}.{part}" in present for part in DJANGO_APP_PARTS)}

    def inside(name: str, sibling: str) -> bool:
        return name == sibling or name.startswith(sibling + ".")

    # (a route the registering module serves itself is no view of the app's: a handler
    # that is not project code, `TemplateView.as_view()`, is put on its URLconf)
    return {sibling for sibling in apps for registering, serving in routes
            if serving != registering and inside(registering, sibling)
            and inside(serving, sibling)}


def framework_parts(modules: Iterable[str], packages: Iterable[str], mappers: set[str],
                    routes: Iterable[tuple[str, str]] = ()) -> dict[str, tuple[str, str]]:
    """Each module of a framework package (see the module docstring): that package and the
    module's part, the child of the framework package that holds it (`app.core.db` for
    `app.core.db.sqlalchemy.mixins`; the module itself for `app.util.strings`; a framework
    package's own `__init__` is its own part). Empty when the project has no container of
    domains that is not a layer. `modules`: every module of the project; `mappers`: those
    that map a table (a model class or a Table object); `routes`: (registering module,
    serving module) of each route."""
    names = sorted(set(modules))
    found = _container_and_parent(names, mappers)
    if found is None:
        return {}
    outer, parent = found
    frameworks = {name for name in set(packages)
                  if name.rpartition(".")[0] == parent and name != outer
                  and command_package(name) is None}
    # (a sibling with a model layer of its own is one more domain package, and a sibling
    # mirroring its children is a layer of those domains: baserow's `api/user` beside
    # `core/user` where `core/models` maps tables)
    beside = _domains_beside(frameworks, mappers) | _routed_beside(frameworks, names, routes)
    layers = _domain_layers(names, frameworks, domain_containers(names) | beside)
    frameworks -= layers | beside
    parts: dict[str, tuple[str, str]] = {}
    for name in names:
        framework = next((f for f in frameworks if name == f or name.startswith(f + ".")),
                         None)
        if framework is None or command_package(name) is not None or any(
                name == layer or name.startswith(layer + ".") for layer in layers):
            continue
        rest = name[len(framework) + 1:].split(".", 1) if name != framework else []
        parts[name] = (framework, f"{framework}.{rest[0]}" if rest else framework)
    return parts


def framework_routes(index: ProjectIndex) -> list[tuple[str, str]]:
    """(registering module, serving module) of each route of `index`."""
    return list(zip((route.module for route in index.routes),
                    served_modules(index).handler_of, strict=True))


def framework_kernel(modules: Iterable[str], packages: Iterable[str], mappers: set[str],
                     routes: Iterable[tuple[str, str]], placed: Iterable[str],
                     writes: Mapping[str, AbstractSet[str]] | None = None
                     ) -> list[KernelModule]:
    """The modules of the framework packages (`framework_parts`) as kernel, but for the
    parts that map a table (`mappers`: modules with a model class or a Table object) or
    serve a route that a module of the container of domains registers (`routes`:
    (registering module, serving module) pairs), and for the modules already `placed`
    (roots, kernel, a lever's choice). `modules`: every module of the project;
    `packages`: those that are packages; `writes`: the tables each module writes, named in
    the reason of a part that writes some (it maps none: its tables are the domains')."""
    names = sorted(set(modules))
    routes = list(routes)
    parts = framework_parts(names, packages, mappers, routes)
    found = _container_and_parent(names, mappers)
    if not parts or found is None:
        return []
    domain_parts = {parts[m][1] for m in mappers if m in parts}
    domain_parts |= {parts[served][1] for registering, served in routes
                     if served in parts and registering.startswith(found[0] + ".")}
    placed = set(placed)
    written = writes or {}
    return [KernelModule(m, f"part of {package}, a framework package beside the container "
                            f"of domains, {_data_words(written.get(m, frozenset()))}")
            for m, (package, part) in sorted(parts.items())
            if part not in domain_parts and m not in placed]


def _data_words(written: AbstractSet[str]) -> str:
    """How a framework part stands to the tables: none of its own, or (a helper writing
    the domains' rows) mapping none of those it writes."""
    if not written:
        return "with no tables of its own"
    shown = sorted(written)
    more = f", {len(shown) - 3} more" if len(shown) > 3 else ""
    return (f"mapping no table of its own (it writes {plural(len(shown), 'table')}: "
            f"{', '.join(shown[:3])}{more})")


# A framework the rest of the application builds on (`upstream_frameworks`).
UPSTREAM_MIN = 20  # modules of the package (roots and test support aside)
UPSTREAM_RATIO = 10  # modules outside it that use it, per module of it that uses the rest
UPSTREAM_PACKAGES = 3  # packages (or modules) beside it whose modules use it
UPSTREAM_LEAKS = 20  # modules of the package per module of it that uses the rest, at least


def upstream_frameworks(modules: Iterable[str], packages: Iterable[str],
                        uses: Iterable[tuple[str, str]], data: AbstractSet[str],
                        placed: Iterable[str], left_out: AbstractSet[str]
                        ) -> list[KernelModule]:
    """The modules of a framework inside the application, as kernel: a package below the
    top level (kinto's `kinto.core`, the old stand-alone library the app is written on: its
    resource and view classes, events, errors, schema types, the vendored web-service
    library, and the storage, permission and cache backends picked by dotted name in the
    settings) that the rest of the project builds on while it builds on almost nothing of
    the rest. Read from the static uses only, the roots (which hold the settings) and the
    test support (`left_out`) aside: the package holds UPSTREAM_MIN modules or more; at
    most one module in UPSTREAM_LEAKS of it uses a project module outside it (a shim
    re-exporting a plugin, say); UPSTREAM_RATIO modules outside it use it per module of it
    that reaches out, and at least UPSTREAM_RATIO; those users sit in UPSTREAM_PACKAGES
    packages or more beside it (the children of its parent package: every domain builds on
    it, not one). A part of the package (its child module or sub-package) holding a module
    that maps, reads or writes a table (`data`) is a domain's after all (data first:
    kinto's storage, permission and cache backends, each with its tables) and is left to
    the clustering; every other module of the package is kernel, but for the modules
    already `placed` (roots, kernel, a lever's choice). The outermost such package is
    taken, its sub-packages not again. `uses`: (source, target) of the static
    dependencies. Each module is read once per package above it."""
    out = set(left_out)
    names = sorted(set(modules) - out)
    known = set(names)
    targets: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for source, target in uses:
        if source != target and source in known and target in known:
            targets[source].add(target)
            sources[target].add(source)
    members: dict[str, list[str]] = defaultdict(list)
    for name in names:
        parts = name.split(".")
        for end in range(2, len(parts) + 1):
            members[".".join(parts[:end])].append(name)
    found: list[KernelModule] = []
    done: list[str] = []
    for package in sorted((p for p in set(packages) if "." in p),
                          key=lambda p: (p.count("."), p)):
        inside = set(members.get(package, ()))
        if len(inside) < UPSTREAM_MIN or any(package.startswith(d + ".") for d in done):
            continue
        leaks = sum(1 for m in inside if targets[m] - inside)
        if leaks * UPSTREAM_LEAKS > len(inside):
            continue
        users = {s for m in inside for s in sources[m]} - inside
        if len(users) < UPSTREAM_RATIO * max(leaks, 1):
            continue
        depth = package.count(".") + 1
        beside = {".".join(m.split(".")[:depth]) for m in users}
        if len(beside) < UPSTREAM_PACKAGES:
            continue
        done.append(package)
        domain_parts = {_part(m, depth) for m in inside if m in data}
        reach = (f"it uses the rest from {plural(leaks, 'module')}" if leaks
                 else "it uses nothing of the rest")
        found.extend(KernelModule(m, f"part of {package}, the framework the application "
                                     f"builds on ({len(users)} modules of "
                                     f"{plural(len(beside), 'package')} beside it use it; "
                                     f"{reach}), with no tables of its own")
                     for m in sorted(inside) if _part(m, depth) not in domain_parts)
    placed_set = set(placed)
    return [k for k in found if k.module not in placed_set]


def _part(module: str, depth: int) -> str:
    """The part of a package `depth` parts deep that holds `module`: its child (module or
    sub-package), or the package itself for its own `__init__`."""
    return ".".join(module.split(".")[:depth + 1])
