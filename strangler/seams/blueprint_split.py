"""Sibling blueprint packages that the clustering merged through their shared hubs are
split back into their packages.

In a Flask application built as a tree of blueprints (`tools/backup/`, `tools/restore/`,
`tools/erd/`, `misc/cloud/`, each a package that makes a blueprint and serves its own
routes), many of the blueprints are one or two modules. Such a package has no inner
weight to hold it apart: all its edges go to the platform it is built on (the utilities
package, the application package, the permissions module, the container's own
`__init__`), and Louvain, which runs before those hubs are known to be kernel, puts a
dozen such blueprints and their hubs into one group. `app_split.split_whole_apps` never
sees them (it wants apps of seven modules or more), nor does `app_pieces` (Django apps).

`blueprint_pieces` undoes that: a *blueprint package* is a package one of whose modules
serves a route (declares it or holds its handler); a *container of blueprints* is a
package holding BLUEPRINT_SIBLINGS (3) or more child blueprint packages whose names are
no layer or generic word, and none of these:
- a top-level package, unless it is the application's own (it makes the application
  object): a namespace of plugins (`ckanext/`) is no container of one app's blueprints;
- a package whose own modules map a table: a domain, whose serving children are its
  sub-resources (`case/` with `case/severity/`, `case/type/`, each models, service, views);
- a package named by a layer (`views/`, `api/`), or one beside LAYERED (3) layer packages
  of the whole application (`commands/`, `daos/`, `models/`): a serving child there is one
  layer of a domain whose logic lives in those layers;
- a package whose own module calls into half of its child blueprints or more: it composes
  them into one blueprint (a deployment wizard calling one child per cloud provider).
Django apps are no blueprint packages here: `app_split` and `app_pieces` cut them by their
tables (Weblate's `accounts` and `auth` apps are one domain).
A group's member belongs to the child blueprint package of the
deepest container above it; the container's own modules (its `__init__`, its helpers)
are a piece of their own. Two pieces whose tie (summed edge weight between them) reaches
TIE_SHARE of the weaker piece's strength (the weight of all its edges inside the group,
its inner weight included) are one part; so a blueprint tied to its container's code
(`cloud/azure` to `cloud/__init__`, which imports it) stays with it, while blueprints that
meet only through hubs separate. Pieces that map tables are one part, and a piece tied to
one of them at all joins it: where data ties blueprints, the data-first rules decide
(Lemur's `users`, `roles` and `auth`, FlaskBB's `forum` and `user` stay as the clustering
grouped them); only blueprints tied by code alone are cut. Members under no piece follow
the part they are tied to most (`app_split._attach`). A group is cut only when two parts
or more hold a blueprint package.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from strangler.seams.app_split import TIE_SHARE, _attach, join, join_heads, root, split_groups
from strangler.seams.propose import Grouping

BLUEPRINT_SIBLINGS = 3  # child blueprint packages that make a container of blueprints
# Layer packages of the whole application (`commands/`, `daos/`, `models/`) that make a
# package a layered one (as `words.app_units` counts them)
LAYERED = 3
SELF = "<self>"  # suffix of a container's own piece (its `__init__` and loose modules)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")  # a `{expression}` known at run time
_PARAMETER = re.compile(r"<[^<>]*>")  # a `<converter:name>` parameter


def blueprint_containers(packages: Iterable[str], serving: Iterable[str],
                         uses: Iterable[tuple[str, str]] = (),
                         apps: Iterable[str] = (),
                         mapping: Iterable[str] = (),
                         django: Iterable[str] = ()) -> dict[str, frozenset[str]]:
    """Each container of blueprints -> its child blueprint packages (see the module
    docstring; `packages`: the project's packages, `serving`: modules that declare a route
    or hold its handler). A package whose own module calls into half of its child
    blueprints or more (`uses`: (caller, callee) module pairs; importing a child to
    register its blueprint is no call) composes them into one blueprint (a deployment
    wizard calling one child per cloud provider): no container. `django`: the Django
    apps' packages (`apps.django_apps`), never blueprint packages here."""
    from strangler.seams.containers import INTERFACE_WORDS
    from strangler.seams.words import LAYER_WORDS, NOT_A_DOMAIN, TRUE_LAYERS

    package_set = set(packages)
    # (the application's own package: the top-level package that makes the application
    # object, `app/__init__` or `app/app.py`)
    app_set = {app.split(".", 1)[0] for app in apps}
    blueprints: set[str] = set()
    for module in serving:
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):
            name = ".".join(parts[:depth])
            if name in package_set:
                blueprints.add(name)
    # (Django apps are cut by their own rules, which know their tables: `app_split`,
    # `app_pieces`)
    blueprints -= set(django)
    kids: dict[str, set[str]] = defaultdict(set)
    for package in blueprints:
        parent, _, last = package.rpartition(".")
        if ("." in parent or parent in app_set) \
                and last.lower() not in NOT_A_DOMAIN | INTERFACE_WORDS:
            kids[parent].add(package)
    found_kids = {parent: found for parent, found in kids.items()
                  if len(found) >= BLUEPRINT_SIBLINGS}
    used: dict[str, set[str]] = defaultdict(set)
    for source, target in uses:
        if source in found_kids and target.startswith(source + "."):
            child = source + "." + target[len(source) + 1:].split(".", 1)[0]
            if child in found_kids[source]:
                used[source].add(child)
    # (a package whose own modules map a table, outside its blueprint children, is a
    # domain, its serving children are sub-resources of it: `case/` with `case/severity/`,
    # `case/type/`; `events/models/` beside `events/papers/`, `events/editing/`)
    owning: set[str] = set()
    for module in mapping:
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):
            container = ".".join(parts[:depth])
            inside = found_kids.get(container)
            if inside is None or container in owning:
                continue
            child = ".".join(parts[:depth + 1])
            if depth == len(parts) or child not in inside:
                owning.add(container)
    layers: Counter[str] = Counter(p.rpartition(".")[0] for p in package_set
                                   if p.rpartition(".")[2].lower() in TRUE_LAYERS)
    return {parent: frozenset(found) for parent, found in sorted(found_kids.items())
            if len(used[parent]) * 2 < len(found)
            and (parent in app_set or parent not in owning)
            # (a layer package holds one layer of each domain, not the domains; beside
            # layer packages of the whole application, a serving package is one layer of
            # a domain whose logic lives in those layers)
            and parent.rpartition(".")[2].lower() not in LAYER_WORDS | INTERFACE_WORDS
            and layers[parent] < LAYERED}


def piece_of(module: str, containers: dict[str, frozenset[str]],
             packages: frozenset[str] = frozenset()) -> str | None:
    """The piece of `module`: the child blueprint package of the deepest container above
    it (or holding it); the container's own piece (`<container><self>`) for the container
    and its child modules; None for the rest (a child package that serves no route, such
    as the utilities package, is platform, not the container's code) and for a module no
    container holds."""
    parts = module.split(".")
    for depth in range(len(parts), 0, -1):
        container = ".".join(parts[:depth])
        kids = containers.get(container)
        if kids is None:
            continue
        if depth < len(parts):
            child = ".".join(parts[:depth + 1])
            if child in kids:
                return child
            if child in packages:
                return None
        return container + SELF
    return None


def http_serving(index: Any) -> frozenset[str]:
    """Modules that declare an HTTP route or hold its handler (`index_facts.ServedModules`
    without the GraphQL operations: a mutation is no blueprint, nor a route whose whole
    path is only known at run time: a class-based view that a base class's registrar adds
    under a computed rule (`TableView.register_node_view(blueprint)`) shows no URL space
    of its own, it is one node of the family that registrar builds)."""
    from strangler.seams.index_facts import served_modules

    handler_of = served_modules(index).handler_of
    return frozenset(m for route, handler in zip(index.routes, handler_of, strict=True)
                     if route.kind != "graphql" and _addressed(route)
                     for m in (route.module, handler))


def _addressed(route: Any) -> bool:
    """Whether a route's path is known before run time, or has a literal part beside its
    run-time placeholders (`{URL_PREFIX}about/`, `{org_slug}/login`)."""
    if not route.runtime_prefix:
        return True
    path, before = route.path, ""
    while path != before:  # innermost `{...}` first: `{'/{}'.format(kind)}`
        before, path = path, _PLACEHOLDER.sub("", path)
    return bool(_PARAMETER.sub("", path).strip("/"))


def calls(graph: Any) -> list[tuple[str, str]]:
    """(caller, callee) module pairs of `graph` (a `CouplingGraph`): the dependencies
    with a call."""
    return [(d.source, d.target) for d in graph.dependencies
            if any(kind == "call" for kind, _ in d.kinds)]


def blueprint_pieces(grouping: Grouping, graph: Any, packages: Iterable[str],
                     serving: Iterable[str], uses: Iterable[tuple[str, str]] = (),
                     apps: Iterable[str] = (), mapping: Iterable[str] = (),
                     django: Iterable[str] = (), fixed: Iterable[str] = (),
                     heads: Mapping[str, str] | None = None) -> Grouping:
    """`grouping` with each unpinned group that merges sibling blueprint packages tied only
    through hubs cut into parts (see the module docstring). `graph`: the clustering's
    weighted graph; `uses`: (caller, callee) module pairs; `apps`: the modules that make
    the application object; `mapping`: modules whose models map a table; `django`: the
    Django apps' packages; `fixed`: modules a `together` lever names (their group stays
    whole); `heads`: each compound package's sibling head package
    (`compounds.package_heads`: `customer_session/` of `customer/`), one part with it."""
    packages = list(packages)
    containers = blueprint_containers(packages, serving, uses, apps, mapping, django)
    if not containers:
        return grouping
    package_set = frozenset(packages)
    mapped = frozenset(mapping)
    return split_groups(grouping, fixed,
                        lambda members: _parts(members, graph, containers, package_set,
                                               mapped, heads or {}))


def _parts(members: list[str], graph: Any, containers: dict[str, frozenset[str]],
           packages: frozenset[str], mapping: frozenset[str],
           heads: Mapping[str, str]) -> list[list[str]] | None:
    """The parts of one group, or None when it stays whole."""
    piece = {m: p for m in members if (p := piece_of(m, containers, packages)) is not None}
    blueprints = {p for p in piece.values() if not p.endswith(SELF)}
    if len(blueprints) < 2:
        return None
    member_set = set(members)
    strength: dict[str, float] = defaultdict(float)
    tie: dict[tuple[str, str], float] = defaultdict(float)
    for a in members:
        pa = piece.get(a)
        if pa is None or a not in graph:
            continue
        for b, data in graph[a].items():
            if b not in member_set:
                continue
            weight = data.get("weight", 1.0)
            strength[pa] += weight
            pb = piece.get(b)
            if pb is not None and pb != pa and a < b:
                tie[(pa, pb) if pa < pb else (pb, pa)] += weight
    pieces = sorted(set(piece.values()))
    joined = {p: p for p in pieces}
    # (pieces that map tables stay as the clustering grouped them: where their data ties
    # them, the data-first rules decide, `app_split`; only blueprints tied by code alone
    # are cut here)
    with_data = sorted({piece[m] for m in members if m in mapping and m in piece})
    for other in with_data[1:]:
        joined[other] = with_data[0]
    data_pieces = set(with_data)
    join_heads(joined, heads)
    for (pa, pb), weight in sorted(tie.items()):
        # (a piece tied to one with data at all joins it, as Django apps tied by any edge
        # stay together in `app_pieces`)
        if weight >= TIE_SHARE * min(strength[pa], strength[pb]) \
                or pa in data_pieces or pb in data_pieces:
            join(joined, pa, pb)
    with_blueprint = {root(joined, p) for p in blueprints}
    if len(with_blueprint) < 2:
        return None
    # (a container's own piece tied to no blueprint is no part: it follows its ties)
    part_of = {m: root(joined, p) for m, p in piece.items()
               if root(joined, p) in with_blueprint}
    _attach(members, graph, part_of)
    parts: dict[str, list[str]] = defaultdict(list)
    for m in members:
        parts[part_of[m]].append(m)
    return [parts[r] for r in sorted(parts)]
