"""Domain words: the vertical-slice signal of layered code.

In a layered application one domain is spread over layer packages: `views/payment_api`,
`services/payments`, `crud/payments`, `models/payments`; `charts/api`, `commands/chart/create`,
`daos/chart`. The layer words say nothing about the domain; the other words of the name do.
Modules that live in a layer (a layer word in their name, or routes of their own) and share a
rare domain word are pulled together; the rarer the word, the harder (an inverse document
frequency), so `create` or `export`, found in every resource's commands, pulls weakly."""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from strangler.model import ProjectIndex, Route
from strangler.seams.index_facts import once_per_index, served_modules
from strangler.seams.layer_apps import (
    child_names,
    front_end_units,
    layer_app_units,
    layer_named_app_units,
    plugin_package_units,
)
from strangler.seams.role_packages import role_packages, without_role

# Words that name a layer or a role, never a domain.
LAYER_WORDS = frozenset({
    "views", "view", "models", "model", "api", "apis", "crud", "services", "service",
    "commands", "command", "daos", "dao", "schemas", "schema", "forms", "form", "routes",
    "route", "routers", "router", "controllers", "controller", "serializers", "serializer",
    "handlers", "handler", "repositories", "repository", "repo", "logic", "action", "actions",
    "admin", "tasks", "task", "utils", "util", "helpers", "helper", "base", "exceptions",
    "exception", "errors", "filters", "filter", "types", "constants", "signals", "urls",
    "endpoints", "endpoint", "blueprints", "blueprint", "resources", "mixins", "decorators",
    "widgets", "templatetags", "management", "migrations", "validators", "converters",
    "interfaces", "impl", "v1", "v2", "v3", "rest", "web", "ui",
    "mutations", "dataloaders", "input_types", "rpc",
})
# Words too general to name a domain: they are everywhere, or they name the platform.
STOP_WORDS = frozenset({
    "core", "common", "main", "misc", "generic", "shared", "general", "init", "lib", "libs",
    "app", "apps", "the", "and", "for", "with", "all", "new", "old", "get", "set", "list",
    "default", "defaults", "config", "settings", "db", "database", "sql", "data", "api_v1",
    "test", "tests", "testing", "example", "examples", "tools",
})
# Names of a package that wraps the whole application (its server process, its back end):
# never a domain, so the domain words of the modules below it are read under it.
WRAPPERS = frozenset({"server", "backend", "webapp", "application", "src", "app", "apps"})
# Packages that are a layer of the whole application (`commands/`, `daos/`, `models/`).
TRUE_LAYERS = frozenset({
    "views", "view", "models", "model", "api", "apis", "crud", "services", "service",
    "commands", "daos", "dao", "schemas", "forms", "routes", "routers", "controllers",
    "serializers", "handlers", "repositories", "logic", "blueprints", "endpoints",
    "resources", "mutations", "dataloaders", "input_types", "rpc", "blueprint",
})
# A role written as a suffix of a module's own name (`payment_api`, `persons_service`), or
# as a prefix that never begins a domain noun (`controller_cookbooks`; not `repo_`, a
# domain's word where repositories are data: `role_packages` reads `repos/repository_x`).
ROLE_AFFIX = re.compile(r"^(?:controller|crud|dao)_(?=[a-z]{3})|"
                        r"_(api|apis|service|services|views|view|dao|daos|crud|schemas?|"
                        r"routes?|router|models?|commands?|tasks?|forms?|serializers?|"
                        r"handlers?|controllers?|utils?|helpers?|repository|admin)$")
_SPLIT = re.compile(r"[^a-z0-9]+")
# GraphQL field names start with the domain or with a CRUD verb (`createPost`, `product_update`).
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
GRAPHQL_VERBS = frozenset({"create", "update", "delete", "remove", "add", "bulk"})
_PATH_PARAM = re.compile(r"^[<{:].*|^v\d+(\.\d+)*$|^\d+$")
# Packages whose child packages are plugins (`plugins/slack/`): a plugin's modules name
# their seam after the plugin, not after the container.
PLUGIN_CONTAINERS = frozenset({"plugins", "contrib", "integrations", "addons", "extensions"})
MAX_SHARE = 32  # a word in more modules than this names a part of the platform, not a domain


# Words the suffix rules below would misread (`series` is no plural of `sery`).
SAME_IN_THE_PLURAL = frozenset({"series", "species", "news"})


@lru_cache(maxsize=1 << 14)  # (asked some fifteen thousand times per analysis, of fewer words)
def singular(word: str) -> str:
    if word in SAME_IN_THE_PLURAL:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes")) or (
            word.endswith(("ches", "shes")) and not word.endswith("aches")):
        return word[:-2]  # (searches, watches, hashes; but caches)
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def name_words(module: str, layers: frozenset[str] = frozenset()
               ) -> tuple[frozenset[str], bool]:
    """(domain words of a module's name, whether it sits in a layer). `layers`: the
    project's own layer package names (`mirror_layers.mirrored_layers`)."""
    parts = module.split(".")
    parts = parts[1:] if len(parts) > 1 else parts
    words: set[str] = set()
    layered = False
    for part in parts:
        part = part.lower()
        if part in LAYER_WORDS or part in layers:
            layered = True
            continue
        stripped = ROLE_AFFIX.sub("", part)
        if stripped != part:
            layered = True
        for token in _SPLIT.split(stripped.replace("_", " ")):
            if len(token) >= 3 and token not in LAYER_WORDS and token not in STOP_WORDS:
                words.add(singular(token))
    return frozenset(words - STOP_WORDS), layered


def command_words(module: str) -> frozenset[str]:
    """The words a command script's own name adds to its package's: a Django management
    command (`attribute/management/commands/update_attribute_file_urls`) is named for what it
    does, a verb phrase (`update`, `file`, `url`), not for a domain; its package says whose
    data it writes (`attribute`)."""
    package, _, leaf = module.rpartition(".")
    if package.split(".")[-2:] != ["management", "commands"]:
        return frozenset()
    return name_words(f"_.{leaf}")[0] - name_words(package)[0]


def route_segments(route: Route) -> list[str]:
    """A route's path segments; a GraphQL operation's are the words of its field, verbs left
    out (`/graphql#Mutation.accountAddressCreate` -> account, address)."""
    if route.kind != "graphql":
        return route.path.strip("/").split("/")
    field = route.path.rpartition(".")[2]
    return [w for w in _CAMEL.sub("_", field).lower().split("_") if w not in GRAPHQL_VERBS]


def route_words(index: ProjectIndex) -> dict[str, frozenset[str]]:
    """The first telling segment of each module's route paths (`/api/v1/chart/<pk>` ->
    `chart`), for modules that serve routes."""
    found: dict[str, set[str]] = defaultdict(set)
    for route, handler in zip(index.routes, served_modules(index).handler_of, strict=True):
        for segment in route_segments(route):
            segment = segment.lower()
            if not segment or _PATH_PARAM.match(segment) or segment in LAYER_WORDS \
                    or segment in STOP_WORDS:
                continue
            token = singular(_SPLIT.sub("_", segment).strip("_"))
            if len(token) >= 3:
                found[handler].add(token)
            break
    return {module: frozenset(words) for module, words in found.items()}


def module_words(index: ProjectIndex) -> dict[str, frozenset[str]]:
    """The domain words of every module that sits in a layer or serves routes; computed
    once per index (the kernel and the word edges ask), not to be changed."""
    return once_per_index("module-words", index, lambda: _module_words(index))


def _module_words(index: ProjectIndex) -> dict[str, frozenset[str]]:
    routes = route_words(index)
    result: dict[str, frozenset[str]] = {}
    prefix = namespace_prefix(m.name for m in index.modules)  # (`acme.` is no word)
    from strangler.seams.layer_pairs import paired_layer_packages
    from strangler.seams.mirror_layers import mirrored_layers

    # (two sibling packages of any name that mirror each other's domains are layers too:
    # `layer_pairs`; the named pairs' names are layer words already)
    layers = mirrored_layers(m.name for m in index.modules) \
        | paired_layer_packages(m.name for m in index.modules).layers
    for module in index.modules:
        words, layered = name_words(module.name[len(prefix):] if prefix
                                    and module.name.startswith(prefix) else module.name,
                                    layers)
        served = routes.get(module.name, frozenset())
        if layered or served:
            combined = words | served
            if combined:
                result[module.name] = combined
    return result


def word_edges(index: ProjectIndex, weight: float) -> list[tuple[str, str, float]]:
    """Pairs of layered modules in different packages that share a domain word; each word's
    pull is shared among its pairs (4 / (n - 1) each) and scaled by its rarity."""
    words = module_words(index)
    by_word: dict[str, list[str]] = defaultdict(list)
    for module, found in sorted(words.items()):
        for word in found:
            by_word[word].append(module)
    total = max(2, len(index.modules))
    edges: list[tuple[str, str, float]] = []
    # (a wide word that names a mapped table is the app's central entity: `seams.entity_words`)
    from strangler.seams.entity_words import entity_words

    entities = entity_words(index, by_word)
    for word in sorted(by_word):
        members = by_word[word]
        if len(members) < 2 or (len(members) > MAX_SHARE and word not in entities):
            continue
        rarity = math.log(total / len(members)) / math.log(total)
        share = weight * 4.0 * rarity / (len(members) - 1)
        for i, a in enumerate(members):
            package_a = a.rsplit(".", 1)[0]
            for b in members[i + 1:]:
                if b.rsplit(".", 1)[0] != package_a:
                    edges.append((a, b, share))
    return edges


_UNITS_KEPT = 4  # the last few module sets asked about (one analysis asks about three)
_units_memo: dict[tuple[frozenset[str], frozenset[str]], dict[str, str]] = {}


def domain_units(modules: list[str],
                 coupled: Callable[[str], set[str]] | None = None,
                 domains: frozenset[str] = frozenset()) -> dict[str, str]:
    """`unit_of_each` of the set of `modules`, remembered for the last few sets: one
    analysis asks about all of its modules three times. Each caller gets its own copy.
    With `coupled` (which reads the graph) nothing is remembered. `domains`: layer words
    that are domain words in this project (`layer_domains.table_layer_words`)."""
    key = frozenset(modules)
    if coupled is not None:
        return unit_of_each(key, coupled, domains)
    found = _units_memo.get((key, domains))
    if found is None:
        found = unit_of_each(key, domains=domains)
        if len(_units_memo) >= _UNITS_KEPT:
            del _units_memo[next(iter(_units_memo))]
        _units_memo[(key, domains)] = found
    return dict(found)


def namespace_prefix(modules: Iterable[str], wrapper: bool = False) -> str:
    """`acme.` when the application lives in a namespace package (`acme/shop/...`, `acme/`
    without `__init__.py`): a top-level name that is no module of its own, holds half of
    the modules or more, and holds one regular package (`acme.shop`, a module) and nothing
    else; else ''. Read past it, the application is that top-level package. `wrapper`:
    also a top-level package whose `__init__.py` only wraps that one package."""
    names = set(modules)
    tops = Counter(name.split(".", 1)[0] for name in names if "." in name)
    if not tops:
        return ""
    count, top = max((n, t) for t, n in tops.items())
    if (top in names and not wrapper) or count * 2 < len(names):
        return ""
    inner = {name.split(".", 2)[1] for name in names if name.startswith(top + ".")}
    outer = {name.split(".", 1)[0] for name in names if not name.startswith(top + ".")}
    if len(inner) != 1 or inner & outer or f"{top}.{next(iter(inner))}" not in names:
        return ""
    return top + "."


def unit_of_each(modules: frozenset[str],
                 coupled: Callable[[str], set[str]] | None = None,
                 domains: frozenset[str] = frozenset()) -> dict[str, str]:
    """`_units` of the modules, read past a namespace package (`namespace_prefix`): the
    units of `acme/shop/...` are those of `shop/...`, with `acme.` put back."""
    # (a wrapper package too: `acme/__init__.py` beside `acme/server/` alone; the domain
    # words of a layered `server/` start below it, not at `server`)
    prefix = namespace_prefix(modules, wrapper=True)
    if not prefix:
        return _units(modules, coupled, domains)
    inner_tops = {m[len(prefix):].split(".", 1)[0] for m in modules if m.startswith(prefix)}

    def strip(name: str) -> str:
        return name[len(prefix):] if name.startswith(prefix) else name

    original = {strip(m): m for m in modules}
    inner_coupled = None if coupled is None else (
        lambda m: {strip(n) for n in coupled(original[m])})
    found = _units(frozenset(original), inner_coupled, domains)
    return {original[m]: unit if unit.startswith("word:") or unit.split(".", 1)[0]
            not in inner_tops else prefix + unit for m, unit in found.items()}


def _units(modules: frozenset[str],
           coupled: Callable[[str], set[str]] | None = None,
           domains: frozenset[str] = frozenset()) -> dict[str, str]:
    """Each module's domain unit: the package at the level where packages become domains
    (a Django app, a plugin, a blueprint package), or, inside a layer package (`models/`,
    `commands/`, `views/`) of a layered application, the module's domain word:
    `commands/chart/create`, `daos/chart` and the `charts` package are all unit `chart`.
    A package made of layers (`core/` holding `crud/`, `services/`, `views/`) is looked
    into, unless most of its siblings are made the same way (Django apps are domains)."""
    found = _package_units(modules, domains)
    units = dict(found.units)
    # A domain package beside layer packages (`charts/` beside `commands/`, `billing/`
    # beside `models/`) is the same unit as its slices in those layers.
    # (`sqllab/` beside `commands/sql_lab/`: spelled with or without a separator)
    # With `coupled`, only a package coupled to that slice joins it: a package of the
    # same name that no module of the slice uses, and that uses none, is a homonym
    # (`wallets/` of funding-source backends beside `crud/wallets`, `views/wallet_api`).
    for word, members, slice_members in found.joins:
        if coupled is None or any(coupled(m) & slice_members for m in members):
            for name in members:
                units[name] = f"word:{word}"
    from strangler.seams.containers import contained_units

    return _one_spelling(contained_units(_mirrors(units, found.packages)))


@dataclass(frozen=True)
class _PackageUnits:
    """What `_units` finds without the coupling: the units (before domain packages join
    their slices), the child packages of each package, and the joins the coupling
    decides: (word, a package unit's modules, the modules of that word's slice)."""

    units: dict[str, str]
    packages: dict[str, set[str]]
    joins: tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]


_package_units_memo: dict[tuple[frozenset[str], frozenset[str]], _PackageUnits] = {}


def _package_units(modules: frozenset[str], domains: frozenset[str]) -> _PackageUnits:
    """`_find_package_units`, remembered for the last few module sets (`_UNITS_KEPT`): the
    units with and without the coupling differ only in the joins, and one analysis asks
    for both. Not to be changed: `_units` copies the units it changes."""
    found = _package_units_memo.get((modules, domains))
    if found is None:
        found = _find_package_units(modules, domains)
        if len(_package_units_memo) >= _UNITS_KEPT:
            del _package_units_memo[next(iter(_package_units_memo))]
        _package_units_memo[(modules, domains)] = found
    return found


def _find_package_units(modules: frozenset[str], domains: frozenset[str]) -> _PackageUnits:
    """The first part of `_units`, which does not read the coupling."""
    names = modules
    packages = _child_packages(set(names))
    # (a package whose children mirror a layer package's is a layer: `seams.mirror_layers`;
    # two layer packages mirroring each other's domains make a layered package:
    # `seams.layer_pairs`)
    from strangler.seams.layer_pairs import paired_layer_packages
    from strangler.seams.mirror_layers import mirrored_layers
    from strangler.seams.nested_layers import nested_mirrors

    mirrored = mirrored_layers(names)
    new_layers = mirrored - LAYER_WORDS
    # (a layer-named package repeating the domains that a layer package holds below its own
    # layer packages, `validators/` beside `api/handlers/v1/<domain>`: `seams.nested_layers`;
    # a package of `<domain>_<its name>` modules, `policies/dataset_policy`:
    # `seams.role_packages`)
    nested = nested_mirrors(names)
    roles = role_packages(names)
    pairs = paired_layer_packages(
        names, lambda package: _made_of_layers(packages, package, new_layers, nested))
    own_layers = mirrored | pairs.layers

    made_of_layers: dict[str, bool] = {}  # (asked again for each module of a package)

    def layered(package: str) -> bool:
        if package not in made_of_layers:
            made_of_layers[package] = package in pairs.packages or _made_of_layers(
                packages, package, new_layers, nested)
        return made_of_layers[package]

    tops: dict[str, int] = defaultdict(int)
    seconds: dict[str, int] = defaultdict(int)
    for name in names:
        tops[name.split(".")[0]] += 1
        seconds[".".join(name.split(".")[:2])] += 1
    units: dict[str, str] = {}
    kids = child_names(names)
    for name in sorted(names):
        parts = name.split(".")
        # Below a single top package (`superset.*`), domains start one level down.
        depth = 2 if len(parts) > 1 and tops[parts[0]] * 5 >= len(names) * 2 else 1
        # (and one more below a package that wraps the application: `calibreweb/cps/*`)
        if (depth == 2 and len(parts) > 2 and seconds[".".join(parts[:2])] * 5 >= len(names) * 4):
            depth = 3
        container = ".".join(parts[:depth - 1])
        if depth < len(parts) and layered(".".join(parts[:depth])):
            siblings = [f"{container}.{k}" if container else k
                        for k in packages.get(container, ())]
            if sum(1 for s in siblings if layered(s)) < 3:
                container = ".".join(parts[:depth])
                depth += 1
        prefix = ".".join(parts[:depth])
        if layered(container):
            # (a leading package named for the whole application, `server/api/types/x`,
            # names no domain: the words under it do)
            below = parts[1:]
            while len(below) > 1 and below[0].lower() in WRAPPERS:
                below = below[1:]
            # (nor does a plugin container around bundled apps, `contrib/database/` of its
            # own `models` and `api`: the app's words do; a small plugin,
            # `plugins/dynamic_challenges/decay`, stays the plugin system's)
            if len(below) > 2 and below[0].lower() in PLUGIN_CONTAINERS:
                bundled = ".".join(parts[:len(parts) - len(below) + 2])  # (`contrib.database`)
                if len(kids[bundled] & TRUE_LAYERS) >= 2:
                    below = below[1:]
            word = _main_word(["", *below], domains, own_layers, roles)
            units[name] = f"word:{word}" if word else prefix
        else:
            units[name] = prefix
    # Layer packages one level below top packages named for no layer (`data/model/<w>`,
    # `endpoints/api/<w>`): the words they share are units (`seams.cousin_layers`).
    from strangler.seams.cousin_layers import cousin_units

    units = cousin_units(units, packages, TRUE_LAYERS, layered,
                         lambda part: _main_word(["", part], domains, own_layers, roles))
    # Bundled plugins are a unit each; apps that are layers of every domain (a back
    # office's `control/views/orders` beside `base/models/orders`) are looked into.
    units = plugin_package_units(units, PLUGIN_CONTAINERS, TRUE_LAYERS)
    units = layer_app_units(units, packages, TRUE_LAYERS, lambda part: _main_word(["", part]))
    units = layer_named_app_units(units, packages, TRUE_LAYERS,
                                  lambda part: _main_word(["", part]), NOT_A_DOMAIN)
    # (a front end of a layered application, `apps/dashboard/forms/client`, read by the
    # domains its layer packages name: `layer_apps.front_end_units`)
    units = front_end_units(units, packages, TRUE_LAYERS, lambda part: _main_word(["", part]))
    # A plugin named after a domain the layers carry (`plugins/challenges` beside
    # `api/challenges`, `schemas/challenges`) is that domain's logic, not the plugin system's.
    units = _plugin_slices(units, domains)
    # (an app laid out by concept, `database/fields/` beside `database/api/fields/`, is a
    # unit per concept: `seams.concept_apps`)
    from strangler.seams.concept_apps import concept_app_units

    units = concept_app_units(units, packages,
                              lambda part: _main_word(["", part], domains, own_layers, roles))
    # (see `_units`)
    slices: dict[str, set[str]] = defaultdict(set)
    for name, unit in units.items():
        if unit.startswith("word:"):
            slices[unit.replace("_", "")].add(name)
    by_package: dict[str, list[str]] = defaultdict(list)
    for name, unit in units.items():
        if not unit.startswith("word:"):
            by_package[unit].append(name)
    joins: list[tuple[str, tuple[str, ...], frozenset[str]]] = []
    for unit, members in by_package.items():
        word = _main_word(["", unit.rsplit(".", 1)[-1]], domains, own_layers, roles)
        slice_members = slices.get(f"word:{word}".replace("_", "")) if word else None
        if word and slice_members:
            joins.append((word, tuple(members), frozenset(slice_members)))
    return _PackageUnits(units, packages, tuple(joins))


MIRROR_SHARE = 0.5  # of a package's children that name domains found elsewhere
MIRROR_MIN = 3
# Layer packages whose child modules, not only child packages, may mirror the domains.
MODULE_MIRRORS = TRUE_LAYERS | {"model", "schema"}


def _domain_key(name: str) -> str:
    """A domain's name compared across spellings: lower case, singular, no separator."""
    return singular(name.lower()).replace("_", "")


def _unit_key(unit: str) -> str | None:
    word = unit[5:] if unit.startswith("word:") else unit.rsplit(".", 1)[-1]
    key = _domain_key(word)
    return key if len(key) >= 3 and word.lower() not in UNIT_STOP else None


def _mirrors(units: dict[str, str], packages: dict[str, set[str]]) -> dict[str, str]:
    """A package that repeats the project's domains as its children (`graphql/account`,
    `graphql/product` beside `account/`, `product/`; `api/v1/<domain>`) is an interface
    layer: each child package that names a domain joins that domain's unit. Only a package
    kept whole as one unit, or a layer package in it (`rest/v1`), is looked at (word units
    already follow their domain; a plugin's own folders are the plugin's); it is a
    mirror when at least MIRROR_MIN of its child packages, and half of them, are named
    after another unit of two modules or more (child modules do not count: a `cli/` of one
    module per domain is a layer of its own; but in a layer package, `MODULE_MIRRORS`, they
    do: polar's `models/order.py` beside `order/`, a module named by a domain's leading
    words, `models/order_item`, being that domain's, among the packages beside the layer
    package only). Layer and generic words (`api`, `models`, `core`) name no domain: a
    Django app's `api/` is no mirror."""
    sizes = Counter(units.values())
    by_key: dict[str, dict[str, int]] = defaultdict(dict)  # domain key -> unit -> modules
    for unit, size in sizes.items():
        key = _unit_key(unit)
        if key and size >= 2:
            by_key[key][unit] = size
    ordered = sorted(units)
    result = dict(units)
    for unit in sorted(u for u in sizes if not u.startswith("word:")):
        candidates = [unit]
        for package in candidates:  # the unit and its layer packages, outermost first
            candidates.extend(f"{package}.{kid}" for kid in sorted(packages.get(package, ()))
                              if kid in LAYER_WORDS)
            prefix = package + "."
            start = bisect.bisect_left(ordered, prefix)
            end = start
            while end < len(ordered) and ordered[end].startswith(prefix):
                end += 1
            kids = set(packages.get(package, set()))
            modules_kids: set[str] = set()
            if package.rsplit(".", 1)[-1].lower() in MODULE_MIRRORS:
                # (a layer package of one module per domain, `models/order.py` beside the
                # `order/` package of its service and endpoints: its modules count)
                modules_kids = {name[len(prefix):] for name in ordered[start:end]
                                if "." not in name[len(prefix):]} - kids
                kids |= modules_kids
            targets: dict[str, str] = {}
            for kid in sorted(kids):
                found = by_key.get(_domain_key(kid), {}) if kid.lower() not in NOT_A_DOMAIN \
                    else {}
                if not found and kid in modules_kids:
                    # (`models/order_item` is the order's: its longest leading words that
                    # name a domain, as a compound word joins its domain)
                    words = kid.split("_")
                    found = next((hit for cut in range(len(words) - 1, 0, -1)
                                  if (hit := by_key.get(_domain_key("_".join(words[:cut])),
                                                        {}))), {})
                if kid in modules_kids:
                    # (only the packages beside the models package: an app's own
                    # `models/api_auth_token` is the app's, not the `api` app's)
                    found = {u: n for u, n in found.items()
                             if u.rpartition(".")[0] == package.rpartition(".")[0]}
                others = {u: n for u, n in found.items() if u != unit}
                if others:
                    targets[kid] = min(others, key=lambda u: (-others[u], u))
            if len(targets) < MIRROR_MIN or len(targets) < MIRROR_SHARE * len(kids):
                # (the child packages alone may still mirror the domains, as before module
                # children counted: `api/order/`, `api/product/` beside helper modules)
                packaged = kids - modules_kids
                targets = {k: u for k, u in targets.items() if k in packaged}
                if len(targets) < MIRROR_MIN or len(targets) < MIRROR_SHARE * len(packaged):
                    continue
            if any(units[name] != unit for name in ordered[start:end]):
                continue  # a package of several units (word units inside) is no mirror
            for name in ordered[start:end]:
                kid = name[len(prefix):].split(".", 1)[0]
                if kid in targets and result[name] == unit:
                    result[name] = targets[kid]
    return result


def _one_spelling(units: dict[str, str]) -> dict[str, str]:
    """One domain written with and without a separator (`commands/sql_lab`, `sqllab/`;
    `key_value`, `keyvalue`) is one unit, under the spelling most of its modules use
    (ties: the one with the separator, then alphabetical)."""
    counts: dict[str, int] = defaultdict(int)
    for unit in units.values():
        if unit.startswith("word:"):
            counts[unit] += 1
    spellings: dict[str, list[str]] = defaultdict(list)
    for unit in counts:
        spellings[unit.replace("_", "")].append(unit)
    chosen = {unit: min(found, key=lambda u: (-counts[u], -u.count("_"), u))
              for found in spellings.values() if len(found) > 1 for unit in found}
    return {name: chosen.get(unit, unit) for name, unit in units.items()} if chosen else units


def children_of(names: Iterable[str]) -> defaultdict[str, set[str]]:
    """Each package -> its direct submodules among `names` (a dotted name below another)."""
    children: defaultdict[str, set[str]] = defaultdict(set)
    for name in names:
        if "." in name:
            children[name.rsplit(".", 1)[0]].add(name)
    return children


def _child_packages(names: set[str]) -> dict[str, set[str]]:
    """package -> its child packages; from depth 0, so the top-level packages are siblings
    too (Django apps side by side)."""
    packages: dict[str, set[str]] = defaultdict(set)
    for name in names:
        parts = name.split(".")
        for depth in range(0, len(parts) - 1):
            packages[".".join(parts[:depth])].add(parts[depth])
    return packages


def _made_of_layers(packages: dict[str, set[str]], package: str,
                    layers: frozenset[str] = frozenset(),
                    nested: frozenset[str] = frozenset()) -> bool:
    return sum(1 for k in packages.get(package, ()) if k in TRUE_LAYERS or k in layers
               or f"{package}.{k}" in nested) >= 3


def app_units(units: dict[str, str], with_modules: bool = False) -> set[str]:
    """The domain units that are each made of layer packages (`api/`, `models/`,
    `views/`...), when there are three or more: Django apps or plugins, each a vertical
    slice of its own. `with_modules`: layer modules count too (`models.py`, `views.py`)."""
    packages = _child_packages(set(units))
    if with_modules:
        for name in units:
            if "." in name:
                parent, last = name.rsplit(".", 1)
                packages[parent].add(last)
    found = {unit for unit in set(units.values())
             if not unit.startswith("word:") and _made_of_layers(packages, unit)}
    return found if len(found) >= 3 else set()


# Verbs: `logic/action/get` holds one operation for every resource.
VERBS = frozenset({"get", "create", "update", "delete", "patch", "show", "remove", "add",
                   "edit", "put", "post"})
UNIT_STOP = frozenset({"core", "common", "main", "misc", "generic", "shared", "general",
                       "lib", "libs", "app", "apps", "init", "__init__"}) | VERBS
# A storage package holding a layer of the domains' models (`services/database/models/flow/`)
# is no domain; `databases/` beside `daos/database.py` (connections kept as data) still is.
STORAGE_PACKAGES = frozenset({"db", "database"})
NOT_A_DOMAIN = LAYER_WORDS | STOP_WORDS | UNIT_STOP  # never the name of a mirrored domain


def _main_word(parts: list[str], domains: frozenset[str] = frozenset(),
               layers: frozenset[str] = frozenset(),
               roles: frozenset[str] = frozenset()) -> str | None:
    """The domain word of a layered module: its first name part (after the top package)
    that is neither a layer nor a generic word, without a role suffix, singular
    (`commands/sql_lab/execute` -> `sql_lab`, `views/payment_api` -> `payment`). A layer
    word in `domains` (singular) is a domain word here (`tasks/`, `tasks_service` -> `task`
    where the project has a `task` table). A name in `layers` is the project's own layer
    package (`viewsets/`), never a domain word; a name ending in one of the `roles`
    packages' names is read without it (`policies/dataset_policy` -> `dataset`). A stop
    word in `domains` is a domain word too (`api/patch` where a `patch` table exists)."""
    for i, part in enumerate(parts[1:], start=1):
        part = part.lower()
        if (part in UNIT_STOP and part not in domains) or part in layers or (
                part in LAYER_WORDS and singular(part) not in domains):
            continue
        if part in roles and i < len(parts) - 1:
            continue  # (a role package: `policies/`; a module `links.py` is no such layer)
        if part in STORAGE_PACKAGES and i + 2 < len(parts) and parts[i + 1].lower() in (
                LAYER_WORDS):
            continue  # (`database/models/<domain>/`: the storage around a layer of domains)
        # (only the role of a package the module is in: `views/smart_link_views` keeps
        # its `link` where `links/` is a role package elsewhere)
        word = ROLE_AFFIX.sub("", part)
        if roles:
            word = without_role(word, roles & {p.lower() for p in parts[1:i]})
        word = singular(word)
        if len(word) >= 3 and (word not in LAYER_WORDS or word in domains):
            return word
    return None


def operation_modules(modules: list[str]) -> set[str]:
    """Modules of a layer organised by verb: a module named after a verb (`create`, `get`,
    `update`) in a package named by layer words only (`logic/action`, `handlers`), with
    three such verbs or more. Each one performs one operation for every resource: a
    cross-domain application layer, not a domain (`commands/chart/create` is the chart
    domain's)."""
    found: dict[str, list[str]] = defaultdict(list)
    for name in modules:
        if "." not in name:
            continue
        package, last = name.rsplit(".", 1)
        if last.lower() in VERBS and all(part.lower() in LAYER_WORDS
                                         for part in package.split(".")[1:]):
            found[package].append(name)
    return {m for members in found.values() if len(members) >= 3 for m in members}


def _plugin_slices(units: dict[str, str], domains: frozenset[str] = frozenset()
                   ) -> dict[str, str]:
    """Modules of a layered application's plugin container (PLUGIN_CONTAINERS: the
    container is their first name part that is no layer word) whose plugin (the part below
    the container) is spelled as a domain word of the layers are that domain's unit:
    `app.plugins.challenges.logic` joins `word:challenge` of `app.api.challenges`. A plugin
    no layer names (`plugins/dynamic_challenges`, `plugins/migrations`) keeps its unit."""
    keyed: dict[str, str] = {}
    for unit in units.values():
        if unit.startswith("word:"):
            keyed.setdefault(unit.replace("_", ""), unit)
    found = dict(units)
    for name, unit in units.items():
        if not unit.startswith("word:"):
            continue
        parts = name.split(".")
        for i, part in enumerate(parts[1:-1], start=1):
            if part.lower() in LAYER_WORDS or part.lower() in UNIT_STOP:
                continue
            if part.lower() in PLUGIN_CONTAINERS:
                word = _main_word(["", parts[i + 1]], domains)
                if word and (key := f"word:{word}".replace("_", "")) in keyed:
                    found[name] = keyed[key]
            break
    return found
