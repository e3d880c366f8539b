"""Seam names: the domain word most of a seam's members, tables and routes share.

Three kinds of evidence vote, each as a share of its own total so that none drowns the
others: the members (by code lines: each its domain unit, or its first package that is not a
layer), the tables the members define (`measurements_category` -> measurement) and the
route paths they serve (`/api/v2/measurement/{pk}` -> measurement). A table or route votes
only for a word some member's name carries, so a name is always one of the code's own words.
A word the three agree on beats one a single big module carries. Layer, container and
technology words (`views`, `plugins`, `cli`, `types`) name a seam only when no domain word
is left, unless a package of that name owns the table of its name (`forms/` mapping `forms`).
No two seams' names differ only by a plural (see `seam_names`). All evidence is the
members' own, so a pin or a weight that leaves a seam's members alone leaves its name
alone; ties break by the word itself."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from strangler.model import Module
from strangler.seams.compound_layers import compound_layer
from strangler.seams.index_facts import data_facts, schema_sized, served_modules
from strangler.seams.words import (
    PLUGIN_CONTAINERS,
    ROLE_AFFIX,
    STOP_WORDS,
    TRUE_LAYERS,
    route_segments,
    singular,
)

if TYPE_CHECKING:
    from strangler.graph import CouplingGraph
    from strangler.model import ProjectIndex

GENERIC = {"views", "view", "models", "model", "api", "apis", "routes", "crud", "services",
           "service", "utils", "helpers", "core", "common", "schemas", "forms", "admin"}
# The web frameworks a package may be named after (Open Library's `fastapi/` beside its
# web.py plugins): the interface technology, never a service (`fastapi` named one).
WEB_FRAMEWORKS = frozenset({"fastapi", "flask", "django", "starlette", "pyramid", "tornado",
                            "falcon", "aiohttp", "sanic", "quart", "litestar", "webpy",
                            "bottle", "cherrypy"})
# Words that name a layer of the whole application or an interface technology, never a
# service: a module below them (`graphql/account/mutations`, `handlers/users`) names the
# domain past them.
NOT_A_NAME = GENERIC | TRUE_LAYERS | {"graphql", "grpc", "rpc"} | WEB_FRAMEWORKS
# An API version package (`api/v1/`, `api_v2/`) says which version, never which domain.
_VERSION_PART = re.compile(r"(api_?)?v\d+(_\d+)*")
# Folders that hold code by its kind, not by its concern: libraries, scripts, the
# application's configuration, vendored code (`lib/`, `bin/`, `config/`, `deps/`). A module
# below one is named by what follows (`lib/auth_modules/ldap` -> auth_modules, `bin/ldap_sync`,
# `deps/django_authopenid/views` -> django_authopenid). A concern of the
# platform (`db/`, `settings/`) still names its seam: trac's `db/` backends are `db`.
PLATFORM_DIRS = frozenset({"lib", "libs", "bin", "scripts", "config", "deps", "vendor",
                           "vendored", "third_party"})
# Words that never name a seam while a domain word is left: layers and roles (`handlers`,
# `widgets`, `types`), `apps` (a Django AppConfig module), interface technologies (`cli`,
# `graphql`). Words that are layers in one project and domains in another (`management`,
# `tasks`, `signals`, `actions`) are not among them; nor are plugin containers, which
# name the plugin system itself (`plugins/manager`) and which a plugin's modules look past
# (`_name_word`).
NOT_A_DOMAIN = frozenset(NOT_A_NAME | {
    "cli", "apps",
    "type", "types", "widget", "widgets", "handler", "util", "helper", "schema", "form",
    "route", "router", "controller", "serializer", "repository", "repositories", "repo",
    "endpoint", "resource", "blueprint", "command", "dao", "mixins", "mixin", "decorators",
    "templatetags", "migrations", "exceptions", "exception", "errors", "constants",
    "validators", "converters", "interfaces", "impl", "base", "filters", "rest", "web", "ui",
    "http", "ajax", "json", "lib", "libs", "bin", "scripts",
})
# Route segments that mount an interface, not a domain (`/api/v1/...`).
ROUTE_MOUNTS = frozenset({"api", "apis", "rest", "graphql", "ajax", "rpc", "json"})
SPREAD_SEAMS = 3  # seams voting for a word that tell it no seam's own (`seam_names`)
SPREAD_SCORE = 0.25  # ... each with this share of its support at least
NOISE_WEIGHT = 0.5  # of a layer, container or technology word's score (see `_ranked`)
EVIDENCE_PRIOR = 2.0  # votes for no word added to the tables' and the routes' totals
_TOKENS = re.compile(r"[^a-z0-9]+")
_PARAM = re.compile(r"^[<{:(\[].*|^v\d+(\.\d+)*$|^\d+$")


@dataclass(frozen=True)
class NameEvidence:
    """What each module tells about its seam's name beyond its own path: the tables it
    defines (`_defining`), and the first telling segment of each route it serves.
    `top` are the project's top-level package names: a table prefixed with one
    (`dispatch_user`) tells nothing by that prefix."""

    # module -> (table, table) / (route path, its first telling segment)
    tables: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    routes: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    top: frozenset[str] = frozenset()
    # Layer words that are domains in this project (`_own_domains`).
    domains: frozenset[str] = frozenset()
    # module of an entry-point plugin -> its kind's word (`seams.plugin_kinds.module_kinds`):
    # an issuer plugin's path names only its vendor (`lemur_verisign`), its kind says what
    # it is.
    kinds: Mapping[str, str] = field(default_factory=dict)
    # Containers of blueprints below the top level (`seams.blueprint_split`): read past,
    # as the containers of domains are (`tools/erd/` names `erd`, not `tools`).
    containers: frozenset[str] = frozenset()
    # (registering module, serving module) of each route: a package beside the container
    # of domains that routes to its own handlers is a domain's (`seams.framework_packages`)
    route_pairs: tuple[tuple[str, str], ...] = ()


def name_evidence(index: ProjectIndex, graph: CouplingGraph) -> NameEvidence:
    """Tables and route words of every module (see `NameEvidence`)."""
    handler_of = served_modules(index).handler_of
    routes: dict[str, set[tuple[str, str]]] = defaultdict(set)
    from strangler.seams.mounts import shared_mounts

    mounts = ROUTE_MOUNTS | shared_mounts(
        ((route_segments(r), handler) for r, handler in zip(index.routes, handler_of,
                                                            strict=True)
         if r.kind != "graphql"), ROUTE_MOUNTS)
    for route, handler in zip(index.routes, handler_of, strict=True):
        word = _route_word(route_segments(route), mounts)
        if word:
            routes[handler].add((route.path, word))
    tables = _defining(index, graph)
    packages = {m.name for m in index.modules if m.is_package}
    from strangler.seams.apps import django_apps
    from strangler.seams.blueprint_split import blueprint_containers, calls, http_serving
    from strangler.seams.framework_packages import framework_routes

    blueprints = frozenset(c for c in blueprint_containers(
        sorted(packages), http_serving(index), calls(graph),
        mapping=data_facts(index, graph).mapping,
        django=set(django_apps(m.name for m in index.modules).values())) if "." in c)
    # A table votes with its name inside its schema (`event_surveys.surveys` -> surveys).
    return NameEvidence({m: tuple((t, t.rsplit(".", 1)[-1]) for t in sorted(found))
                         for m, found in sorted(tables.items())},
                        {m: tuple(sorted(found)) for m, found in sorted(routes.items())},
                        frozenset(m.package for m in index.modules if m.package),
                        _own_domains(((model.module, table.name.rsplit(".", 1)[-1])
                                      for table in index.tables
                                      for model in table.models), packages),
                        containers=blueprints,
                        route_pairs=tuple(framework_routes(index)))


def _own_domains(mapped: Iterable[tuple[str, str]], packages: set[str]) -> frozenset[str]:
    """Layer words that name a domain package here: a package `forms/` (or `service/`)
    whose own models map a table named after it (`forms`, `forms_form`) is the forms
    domain, not a forms layer; its `forms/views` votes `forms`. Data first: the tables say
    which packages own data, whatever their names."""
    found: set[str] = set()
    for module, table in mapped:
        parts = module.split(".")
        owners = parts if module in packages else parts[:-1]
        tokens = [t for t in _TOKENS.split(table.lower()) if t]
        for part in owners[1:] if len(owners) > 1 else owners:
            part = part.lower()
            if part in NOT_A_DOMAIN and tokens and all(key(t) == key(part) for t in tokens):
                found.add(part)
    return frozenset(found)


def _defining(index: ProjectIndex, graph: CouplingGraph) -> dict[str, set[str]]:
    """The tables each module defines: those it maps with a model class or Table object,
    and those it writes that no module maps (SQL-only tables). A module that writes what
    others map (a data generator, a service) uses those tables; it does not name them.
    A module that defines four tables or more, half of all, is a schema module: none."""
    mapped: dict[str, set[str]] = defaultdict(set)
    for table in index.tables:
        for model in table.models:
            mapped[model.module].add(table.name)
    with_model = {t for found in mapped.values() for t in found}
    for link in graph.table_access:
        if link.writes and link.table not in with_model:
            mapped[link.module].add(link.table)
    total = data_facts(index, graph).tables
    return {module: found for module, found in mapped.items()
            if not schema_sized(len(found), total)}


def _route_word(segments: list[str], mounts: AbstractSet[str] = ROUTE_MOUNTS) -> str | None:
    """The first segment of a route that is neither a parameter, a version nor a mount
    (`/api/v1/{org}/forms/{id}` -> forms): one of ROUTE_MOUNTS, or a prefix most of the
    project's routes share (`mounts.shared_mounts`)."""
    for segment in segments:
        segment = segment.lower()
        if not segment or _PARAM.match(segment) or segment in mounts:
            continue
        return segment
    return None


@lru_cache(maxsize=1 << 14)  # bounded: names and words of the analysed projects
def key(word: str) -> str:
    """A word compared across spellings: lower case, singular, no separator."""
    return singular(word.lower()).replace("_", "").replace("-", "")


def _token(module: str) -> list[str]:
    parts = module.split(".")
    return parts[1:] if len(parts) > 1 else parts


def _name_word(parts: list[str], package: bool = False,
               domains: frozenset[str] = frozenset()) -> str:
    """The word a module votes for as its seam's name: the first of its packages that is
    not a layer word; else a generic package's module by its own name (`utils/electrum`)
    or the first package. A module of a plugin package (`plugins/slack/bolt`), or the
    plugin package itself (`plugins/slack/__init__`), votes for its plugin; a module of the
    plugin system (`plugins/manager`) for `plugins`."""
    below = _plugin_depth(parts, package)
    last = len(parts) - 1
    word = next((p for i, p in enumerate(parts)
                 if (p not in NOT_A_NAME and not compound_layer(p) or p in domains)
                 and not _VERSION_PART.fullmatch(p)
                 and not (p in PLUGIN_CONTAINERS and i < below)
                 and not (p in PLATFORM_DIRS and p not in domains and i < last)), None)
    if word is not None:
        return word
    # (no domain word: the module's own name past the layers, `controllers/api/api` -> api)
    return parts[-1] if parts[0] in GENERIC | TRUE_LAYERS | PLATFORM_DIRS else parts[0]


def _plugin_depth(parts: list[str], package: bool) -> int:
    """A container at a position below this one holds the module's plugin as a package."""
    return len(parts) - (1 if package else 2)


def _container(parts: list[str], package: bool) -> str | None:
    """The plugin container a module's plugin sits in (`plugins` of `plugins/slack/bolt`);
    None for a module of no plugin (`plugins/manager`)."""
    below = _plugin_depth(parts, package)
    return next((p for i, p in enumerate(parts) if p in PLUGIN_CONTAINERS and i < below),
                None)


def _in_plugin(parts: list[str], package: bool) -> bool:
    """Whether a module is a plugin package or in one (`plugins/challenges/__init__`,
    `plugins/slack/bolt`), not a module of the plugin system (`plugins/manager`)."""
    below = _plugin_depth(parts, package)
    return any(p in PLUGIN_CONTAINERS and i < below for i, p in enumerate(parts))


def _carried(module: str) -> dict[str, str]:
    """key -> spelling of the words a module's name carries: each part after the top
    package, without a role suffix (`payment_api` -> payment), and its first word."""
    found: dict[str, str] = {}
    for part in _token(module):
        part = part.lower()
        stripped = ROLE_AFFIX.sub("", part)
        for word in dict.fromkeys((part, stripped, stripped.split("_", 1)[0])):
            if len(word) >= 2:
                found.setdefault(key(word), word)
    return found


def _phrase_word(phrase: str, carried: Mapping[str, object], top: frozenset[str]
                 ) -> str | None:
    """The key of the first, longest run of words of a table name or route segment that a
    member carries (`measurements_category` -> measurement, `assoc_document_tags` ->
    document); None when no member carries any."""
    tokens = [t for t in _TOKENS.split(phrase.lower()) if t]
    for start in range(len(tokens)):
        if tokens[start] in top:
            continue
        for end in range(len(tokens), start, -1):
            found = key("_".join(tokens[start:end]))
            if found in carried:
                return found
    return None


@dataclass
class _Votes:
    """One seam's candidate words (keys), each with its score and the spellings voted."""

    score: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    spelling: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, source: Mapping[str, float], total: float) -> None:
        """Each word's share of `total`."""
        if total <= 0:
            return
        for word, weight in source.items():
            if word:  # evidence no member's word names counts in the total only
                self.score[word] += weight / total


def seam_names(groups: dict[int, set[str]], pinned: dict[int, str],
               modules: dict[str, Module], uses: Callable[[str], set[str]] | None = None,
               evidence: NameEvidence | None = None, units: dict[str, str] | None = None
               ) -> dict[int, str]:
    """Stable names from members, their tables and their routes (see the module's text).
    The seam with the most lines behind its best word chooses first, so the main owner of
    a word keeps it (CTFd's challenge views, API and forms, not the challenge plugins).
    Names differ by more than a plural (`wallet` beside `wallets` is taken). When another
    seam already has a seam's best word, the seam is a part of that domain: the next word
    of its own, if that has half the support, else the part named (`query_runner_python`),
    else the word and its next own domain word (`query_schedule`, not `schedule` for the
    query tasks), else a package and its sub-package (`core_api`); never a bare `views` or
    `models` when something more telling exists."""
    from strangler.seams.words import app_units, domain_units, namespace_prefix

    evidence = evidence or NameEvidence()
    names: dict[int, str] = dict(pinned)
    taken = {key(clean(name)) for name in pinned.values()}
    # (`units`: the same, computed once for the clustering and kept with its result)
    unit_of = units if units is not None else domain_units(sorted(modules), uses)
    apps = app_units(unit_of, with_modules=True)  # top-level Django apps name their seams
    tops = {unit for unit, size in Counter(unit_of.values()).items()
            if size >= 2 and "." not in unit and not unit.startswith("word:")}
    # (`acme.` of `acme.shop.orders`: read past it; so is a top package that only wraps
    # the application's, openoversight's `OpenOversight/` around `app/`)
    prefix = namespace_prefix(modules, wrapper=True)
    from strangler.seams.containers import domain_containers

    named = _named_apps(apps, unit_of, evidence)
    containers = domain_containers(modules) | evidence.containers
    # (a module of a framework package beside the container is read from its part on:
    # `http_api.handlers`, not `web.http_api.handlers`: `seams.framework_packages`)
    from strangler.seams.framework_packages import framework_parts

    framework = {m: found[0] for m, found in framework_parts(
        modules, [m for m, module in modules.items() if module.is_package],
        set(evidence.tables), evidence.route_pairs).items()
        if m != found[0]} if containers else {}
    # (the package units: the sibling apps a back office's modules name)
    package_units = frozenset(u for u in unit_of.values() if not u.startswith("word:"))
    choices = {i: _choices(members, modules, evidence, unit_of, apps, tops, prefix, named,
                           containers, framework, package_units)
               for i, members in groups.items()}
    exempt = apps | evidence.domains | set(named.values()) | set(evidence.kinds.values())

    def owner(i: int) -> tuple[float, int, str]:
        words = choices[i][0]
        lines = sum(modules[m].loc + 1 for m in groups[i])
        return (-round(words[0][1] * lines, 6) if words else 0.0, -len(groups[i]),
                min(groups[i]))

    def free(name: str) -> bool:
        return key(clean(name)) not in taken

    # A word several seams vote for strongly (pretalx's `orga`, the organisers' back office
    # holding a layer of every domain) tells none of them apart: where a seam has another
    # word of its own with half the support, carried past it in the names of the modules
    # voting for it (`orga/views/event`), that word names it.
    spread = Counter(key(w) for words, *_ in choices.values() for w, score in words
                     if score >= SPREAD_SCORE)
    for i in sorted(groups, key=owner):
        if i in names:
            continue
        words, compounds, beyond = choices[i]
        ordered = [w for w, _ in words] + compounds
        if len(words) > 1 and spread[key(words[0][0])] >= SPREAD_SEAMS \
                and not _noise(words[0][0], exempt):  # (a layer word already counts less)
            own = [w for w, score in words[1:] if score * 2 >= words[0][1]
                   and spread[key(w)] < SPREAD_SEAMS and not _noise(w, exempt)
                   and key(w) in beyond[key(words[0][0])]]
            ordered = own[:1] + ordered
        if words and not free(words[0][0]):
            best, support = words[0]
            rivals = [w for w, score in words[1:] if score * 2 >= support]
            parts = [c for c in compounds if c.startswith(best + "_")]
            # (a word with a sixth of the support: one stray module's does not qualify;
            # nor does a platform word, `db`, that tells no part from another, nor one
            # that repeats the word, `dynamic_challenges`)
            joined = [f"{best}_{w}" for w, score in words[1:] if score * 6 >= support
                      and not _noise(w, exempt) and w not in STOP_WORDS
                      and key(best) not in {key(t) for t in w.split("_")}]
            ordered = [best, *rivals, *parts, *joined, *_placed(best, groups[i], modules,
                                                              prefix), *ordered]
        name = next((c for c in ordered if free(c)), None)
        if name is None and ordered:
            # (`webapp_push`, not `webapp_2`: the part named by what its members are)
            family = clean(ordered[0])
            name = next((f"{family}_{w}" for w in _own_words(groups[i], modules, prefix)
                         if key(family) not in {key(t) for t in w.split("_")}
                         and free(f"{family}_{w}")), None)
        if name is None:
            base = clean(ordered[0]) if ordered else "service"
            suffix = 2
            while not free(f"{base}_{suffix}"):
                suffix += 1
            name = f"{base}_{suffix}"
        names[i] = clean(name)
        taken.add(key(names[i]))
    return names


def _own_words(members: set[str], modules: dict[str, Module], prefix: str) -> list[str]:
    """The words that tell a part from its family before a number does (`webapp_2`): the
    last names the members carry that name no layer or role, by lines (`webapp/api/push`
    -> push, `modules/orders/views` -> orders)."""
    lines: Counter[str] = Counter()
    for module in members:
        inner = module[len(prefix):] if prefix and module.startswith(prefix) else module
        for part in reversed(_token(inner)):
            word = ROLE_AFFIX.sub("", part.lower())
            if len(word) >= 2 and word not in NOT_A_DOMAIN and word not in STOP_WORDS \
                    and not _VERSION_PART.fullmatch(word):
                lines[word] += modules[module].loc + 1
                break
    return sorted(lines, key=lambda w: (-lines[w], w))


def _placed(best: str, members: set[str], modules: dict[str, Module], prefix: str
            ) -> list[str]:
    """`core_wallet`: the word after the package most of a seam's lines sit in, for a
    part of a domain whose word another seam has and who has no word of its own left."""
    lines: Counter[str] = Counter()
    for module in members:
        inner = module[len(prefix):] if prefix and module.startswith(prefix) else module
        parts = _token(inner)
        if len(parts) > 1:
            lines[parts[0]] += modules[module].loc + 1
    if not lines:
        return []
    package = min(lines, key=lambda p: (-lines[p], p))
    return [] if key(package) == key(best) else [f"{package}_{best}"]


def _choices(members: set[str], modules: dict[str, Module], evidence: NameEvidence,
             unit_of: dict[str, str], apps: set[str], tops: set[str], prefix: str = "",
             named: Mapping[str, str] | None = None,
             containers: frozenset[str] = frozenset(),
             framework: Mapping[str, str] | None = None,
             package_units: AbstractSet[str] = frozenset()
             ) -> tuple[list[tuple[str, float]], list[str], dict[str, set[str]]]:
    """A seam's candidate names: its words with their weighted scores, best first, the
    compounds of its members' first two packages (`core_api`), by lines, and for each word
    its members vote for, the words those members' names carry (`orga` -> `event` of
    `orga/views/event`). The modules of
    several plugins, none with half their lines, vote for their container (`plugins`, not
    the biggest of the Google, Jira and PagerDuty plugins). A module in a domain package
    of a container of domains (`modules/events/abstracts/`, `seams.containers`) is read
    from that package on: the container names no seam (`modules`, `modules_events`); so is
    a module of a framework package beside the container (`framework`: module -> that
    package) from the package's child on (`http_api`, not `web`)."""
    from strangler.seams.containers import domain_path

    votes = _Votes()
    primary: dict[str, float] = defaultdict(float)
    compound: dict[str, float] = defaultdict(float)
    carried: dict[str, Counter[str]] = defaultdict(Counter)
    beyond: dict[str, set[str]] = defaultdict(set)  # voted word -> the words its voters carry
    plugged: dict[str, Counter[str]] = defaultdict(Counter)  # container -> plugin -> lines
    # container -> word a plugin's module names carry -> the plugins carrying it
    served_by: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for module in sorted(members):
        inner = module[len(prefix):] if prefix and module.startswith(prefix) else module
        within = domain_path(module, containers) if containers else None
        if within is None and framework and module in framework:
            within = module[len(framework[module]) + 1:]
        parts = within.split(".") if within else _token(inner)
        weight = modules[module].loc + 1
        package = modules[module].is_package
        word = evidence.kinds.get(module) or _member_word(
            module, parts, unit_of, apps, tops, package, evidence.domains, named or {},
            package_units)
        primary[key(word)] += weight
        votes.spelling[key(word)][word] += weight
        container = _container(parts, package)
        if container and key(word) != key(container):
            plugged[container][key(word)] += weight
            for found in _carried(inner):
                served_by[container][found].add(key(word))
        if len(parts) > 1:
            compound[f"{parts[0]}_{parts[1]}"] += weight
        for found, spelled in _carried(inner).items():
            carried[found][spelled] += weight
            beyond[key(word)].add(found)
    for container, plugins in sorted(plugged.items()):
        total = sum(plugins.values())
        if len(plugins) >= 2 and max(plugins.values()) * 2 < total:
            for word, lines in plugins.items():
                primary[word] -= lines
            served = _served_word(primary, plugins, served_by[container])
            primary[served or key(container)] += total
            if not served:
                votes.spelling[key(container)][container] += total
    primary = {word: lines for word, lines in primary.items() if lines > 0}
    votes.add(primary, sum(primary.values()))
    for source in _evidence_votes(members, evidence, carried):
        # Two votes for no word: one table of two is no majority yet. Tables and routes
        # speak with one voice together, as loud as the members'.
        votes.add(source, (sum(source.values()) + EVIDENCE_PRIOR) * 2)
    for word, spellings in carried.items():
        if word in votes.score and word not in votes.spelling:
            votes.spelling[word].update(spellings)
    spelling = {w: _spell(votes, w) for w in votes.score}
    exempt = (apps | evidence.domains | set((named or {}).values())
              | set(evidence.kinds.values()))
    words = [(spelling[w], score) for w, score in _ranked(votes.score, exempt, spelling)]
    return words, [c for c, _ in _ranked(compound, exempt)], beyond


def _served_word(primary: Mapping[str, float], plugins: Mapping[str, int],
                 carriers: Mapping[str, set[str]]) -> str | None:
    """The domain word a seam's plugins serve, if any: the word the seam's other members
    vote for most that the modules of two of its plugins or more carry in their own names
    (`stripe/payment`, `banktransfer/payment` beside `base/payment`: payment providers,
    gathered with the payments domain by `seams.implementers`). None: the plugins vote for
    their container."""
    found = [w for w, lines in primary.items() if lines > 0 and w not in plugins
             and len(carriers.get(w, set()) & set(plugins)) >= 2]
    return min(found, key=lambda w: (-primary[w], w)) if found else None


def _member_word(module: str, parts: list[str], unit_of: dict[str, str], apps: set[str],
                 tops: set[str], package: bool, domains: frozenset[str] = frozenset(),
                 named: Mapping[str, str] | None = None,
                 package_units: AbstractSet[str] = frozenset()) -> str:
    """The word a member votes for: the domain its unit names (`word:chart`,
    `wger.nutrition`), an app with data or routes of its own by its name (`weblate.api`
    -> api, see `_named_apps`), a top-level app or package where the project has several
    (`dcim/filtersets` -> dcim), else its first package that is not a layer."""
    unit = unit_of.get(module, "")
    # (a Django command, `<app>/management/commands/<name>`, is its app's: the framework
    # loads it with the app, and `management` names no domain)
    app = _command_app(module)
    if app is not None:
        return app
    if unit.startswith("word:") and not _in_plugin(parts, package):
        return unit[5:]
    if named and unit in named:
        return _sibling_app(parts, unit, package_units, named[unit]) or named[unit]
    # (a top-level folder of plugins, `plugins/` or `shop_plugins/`, names none of them)
    if "." not in unit and (unit in apps or (
            len(tops) > 1 and unit.rsplit("_", 1)[-1] not in PLUGIN_CONTAINERS)):
        return unit
    return _name_word(parts, package, domains)


def _sibling_app(parts: list[str], unit: str, units: AbstractSet[str], own: str
                 ) -> str | None:
    """The package a module of a layer-named app names after its own
    (`admin/views/observations` of warehouse's `admin`, beside the `observations` package):
    a back office over its sibling packages, each of its modules that package's. `units`:
    the package units. None for an app named by a domain word, or a module naming no
    sibling unit."""
    if own.lower() not in NOT_A_DOMAIN:
        return None
    parent = unit.rpartition(".")[0]
    return next((part for part in parts[1:] if part.lower() not in NOT_A_DOMAIN
                 and (f"{parent}.{part}" if parent else part) in units - {unit}), None)


def _command_app(module: str) -> str | None:
    """The app of a Django command module or package (`docs` for
    `docs/management/commands/exporter`), unless its name is a layer or generic word."""
    parts = module.split(".")
    for i in range(1, len(parts) - 1):
        if parts[i] == "management" and parts[i + 1] == "commands":
            return parts[i - 1] if parts[i - 1].lower() not in NOT_A_DOMAIN else None
    return None


def _named_apps(apps: AbstractSet[str], unit_of: Mapping[str, str], evidence: NameEvidence
                ) -> dict[str, str]:
    """app unit -> its own name, for the apps (`words.app_units`) that map tables or serve
    routes of their own: such an app is a domain whatever its name, so a Django app named
    `api` (its own views, serializers and urls under `/api/`) names its seam `api` at full
    weight, as a layer word never does. An app with neither (`utils`) stays a layer word."""
    if not apps:
        return {}
    found = {unit_of[m] for source in (evidence.tables, evidence.routes) for m in source
             if m in unit_of}
    return {unit: unit.rsplit(".", 1)[-1] for unit in sorted(apps & found)}


def _evidence_votes(members: Iterable[str], evidence: NameEvidence,
                    carried: Mapping[str, Counter[str]]) -> list[dict[str, float]]:
    """The table votes and the route votes of a seam: each distinct table and route path
    once, for the word a member carries (one no member's word names counts in the total
    only: it makes the others' share smaller)."""
    result: list[dict[str, float]] = []
    for source in (evidence.tables, evidence.routes):
        items = sorted({item for m in members for item in source.get(m, ())})
        found: dict[str, float] = defaultdict(float)
        words: dict[str, str | None] = {}
        for _, phrase in items:
            if phrase not in words:
                words[phrase] = _phrase_word(phrase, carried, evidence.top)
            found[words[phrase] or ""] += 1.0
        result.append(found)
    return result


def _ranked(votes: Mapping[str, float], apps: AbstractSet[str],
            spelled: Mapping[str, str] | None = None) -> list[tuple[str, float]]:
    """Words and their weighted scores, best first, ties by the word. A layer, container
    or technology word counts NOISE_WEIGHT of its score: it names the seam only when no
    domain word has that share of its support (`forms` over a `scoring` module's word,
    `cli` over one table's name); a top-level app named `core`, or a `forms` package that
    owns the `forms` table, is its own name."""
    def weighted(word: str) -> float:
        noise = _noise(spelled[word] if spelled else word, apps)
        return round(votes[word] * (NOISE_WEIGHT if noise else 1.0), 9)

    return sorted(((w, weighted(w)) for w in votes), key=lambda item: (-item[1], item[0]))


def _noise(name: str, exempt: AbstractSet[str]) -> bool:
    """A layer, container or technology word, unless it is a domain here (`_ranked`)."""
    return name.split("_")[-1] in NOT_A_DOMAIN and name not in exempt


def _spell(votes: _Votes, word: str) -> str:
    """A key written as the members write it most (by lines)."""
    spellings = votes.spelling.get(word)
    if not spellings:
        return word
    return min(spellings, key=lambda s: (-spellings[s], s))


_IDENT = re.compile(r"[^a-z0-9_]+")


def clean(name: str) -> str:
    cleaned = _IDENT.sub("_", name.lower()).strip("_") or "service"
    return cleaned if not cleaned[0].isdigit() else "s_" + cleaned

