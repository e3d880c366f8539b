"""Applications that are layers: the shop, the back office and the API of one domain model.

Some monoliths are cut by Django app, and each app is a layer of every domain: `base/`
holds the models and services (`base/models/orders`, `base/services/orders`), `control/`
the back office (`control/views/orders`, `control/forms/orders`), `api/` the REST API
(`api/views/order`, `api/serializers/order`), `presale/` the shop (`presale/views/order`).
`words.domain_units` looks into `base/` (it is made of layers) but keeps `control/`, `api/`
and `presale/` whole: each holds only one or two layer packages, and a Django app with
its own `views/` and `forms/` is a domain in most projects (NetBox's `dcim/`, wger's
`nutrition/`). What tells the two apart is the names in the layer packages: a domain
app's `views/` names its own parts, a layer app's names the domains the rest of the
application has already named. Such an app's layer-package modules join their domain's
word unit; its other modules (middleware, navigation, base views) stay the app's.

Bundled plugins under a plugin container (`plugins/stripe/`, `plugins/badges/`) are one
unit each, not one unit for the container: each implements its own extension point, and
the container's name is no domain.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from strangler.seams.propose import Grouping

LAYER_APP_MIN = 3  # layer-package modules that name another unit's domain, at the least
LAYER_APP_SHARE = 0.5  # ... and this share of the app's layer-package modules
BUNDLED_APPS = 3  # bundled apps that make a plugin container a set of units
FRONT_END_LAYERS = 2  # layer packages of a front end's own (`routers/`, `forms/`)



def child_names(names: Iterable[str]) -> dict[str, set[str]]:
    """package -> the names of its children (packages and modules) among dotted `names`."""
    children: dict[str, set[str]] = defaultdict(set)
    for name in names:
        parts = name.split(".")
        for depth in range(1, len(parts)):
            children[".".join(parts[:depth])].add(parts[depth])
    return children


def descendants(names: Iterable[str]) -> dict[str, set[str]]:
    """package -> every name below it among dotted `names` (at any depth)."""
    below: dict[str, set[str]] = defaultdict(set)
    for name in names:
        parts = name.split(".")
        for depth in range(1, len(parts)):
            below[".".join(parts[:depth])].add(name)
    return below


def plugin_package_units(units: dict[str, str], containers: frozenset[str],
                         layers: frozenset[str]) -> dict[str, str]:
    """A package unit named for a plugin container (`app.plugins`) that holds BUNDLED_APPS
    or more bundled apps (child packages with two layer modules or packages of their own:
    `models`, `views`, `forms`, `api`) is split into one unit per child package
    (`app.plugins.stripe`); the container's own modules (a plugin manager, its base
    classes) keep its unit. A container of small adapters (one `plugin.py` each) stays one
    unit: its plugins implement one extension point together."""
    children = child_names(units)
    split: set[str] = set()
    for unit in set(units.values()):
        if unit.startswith("word:") or unit.rsplit(".", 1)[-1].lower() not in containers:
            continue
        apps = [kid for kid in children.get(unit, ())
                if len(children.get(f"{unit}.{kid}", set()) & layers) >= 2]
        if len(apps) >= BUNDLED_APPS:
            split.add(unit)
    found = dict(units)
    for name, unit in units.items():
        if unit in split and name.startswith(unit + "."):
            kid = name[len(unit) + 1:].split(".", 1)[0]
            if f"{unit}.{kid}" in children:
                found[name] = f"{unit}.{kid}"
    return found


def layer_app_units(units: dict[str, str], packages: dict[str, set[str]],
                    layers: frozenset[str], word_of: Callable[[str], str | None]) -> dict[str, str]:
    """Modules in the layer packages of an app kept whole as one unit (`app.views.orders`,
    `app.forms.orders`) join the word unit of their domain (`word:order`) when the app is a
    layer of the application: LAYER_APP_MIN of those modules or more, and LAYER_APP_SHARE
    of them, name a domain that the word units of a layered container (`base/models/orders`)
    name too. Words that only other apps repeat (`forms/bulk_edit`, `forms/filtersets` in
    every app of a project of domain apps) are roles, not domains. `word_of` gives the
    domain word of a module name part (or None)."""
    words = {unit[5:].replace("_", "") for unit in units.values() if unit.startswith("word:")}
    return _to_word_units(units, _layer_members(units, packages, layers, word_of),
                          lambda word: word.replace("_", "") in words)


def _layer_members(units: dict[str, str], packages: dict[str, set[str]],
                   layers: frozenset[str], word_of: Callable[[str], str | None]
                   ) -> dict[str, list[tuple[str, str | None]]]:
    """App unit -> [(module, domain word)] for the modules in the app's own layer packages
    (`app.views.orders` -> `order`)."""
    members: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for name, unit in sorted(units.items()):
        if unit.startswith("word:") or not name.startswith(unit + "."):
            continue
        rest = name[len(unit) + 1:].split(".")
        if len(rest) < 2 or rest[0] not in layers or rest[0] not in packages.get(unit, ()):
            continue
        members[unit].append((name, word_of(rest[1])))
    return members


def _to_word_units(units: dict[str, str], members: dict[str, list[tuple[str, str | None]]],
                   domain: Callable[[str], bool]) -> dict[str, str]:
    """`units` with the layer-package modules of each app whose words are domains
    (`domain`) for LAYER_APP_MIN of them and LAYER_APP_SHARE of them sent to the words'
    units; the apps under those bars kept whole."""
    found = dict(units)
    for pairs in members.values():
        matched = [(name, word) for name, word in pairs if word is not None and domain(word)]
        if len(matched) < LAYER_APP_MIN or len(matched) < LAYER_APP_SHARE * len(pairs):
            continue
        for name, word in matched:
            found[name] = f"word:{word}"
    return found


def front_end_units(units: dict[str, str], packages: dict[str, set[str]],
                    layers: frozenset[str], word_of: Callable[[str], str | None]
                    ) -> dict[str, str]:
    """The front ends of a layered application read as word units: a package of a layered
    application that is one word unit (`apps/dashboard/`, all of it `word:dashboard`) and
    holds FRONT_END_LAYERS layer packages of its own or more (`routers/`, `forms/`) naming
    the domains the application's other layers name (`routers/clients`, `forms/client`
    beside `models/client`) is one of the application's interfaces (an
    admin dashboard, the API, the login pages), not a domain: its layer-package modules
    join their domain's word unit, as `layer_app_units` sends a layer app's (same bars:
    LAYER_APP_MIN of them and LAYER_APP_SHARE of them name such a domain). A word that is
    another front end's (`auth/routers/dashboard`) names no domain; the front end's other
    modules (its app object, exception handlers, its own dependencies) keep its word."""
    ends: dict[str, str] = {}  # front-end package -> its word unit
    members: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for name, unit in sorted(units.items()):
        if not unit.startswith("word:"):
            continue
        parts = name.split(".")
        for i in range(1, len(parts) - 2):
            if word_of(parts[i]) != unit[5:]:
                continue
            package = ".".join(parts[:i + 1])
            if parts[i + 1] in layers and parts[i + 1] in packages.get(package, ()):
                ends[package] = unit
                members[package].append((name, word_of(parts[i + 2])))
            break
    # (two layer packages of its own at the least, as a bundled app has: a domain app's
    # one `views/` package naming its own concerns, `views/search_views`, is no front end)
    members = {package: pairs for package, pairs in members.items()
               if len({name[len(package) + 1:].split(".", 1)[0]
                       for name, _ in pairs}) >= FRONT_END_LAYERS}
    if not members:
        return units
    own = {unit[5:].replace("_", "") for unit in ends.values()}
    outside: set[str] = set()  # the word units of modules in no front end
    for name, unit in units.items():
        if unit.startswith("word:") and not any(name == p or name.startswith(p + ".")
                                                for p in ends):
            outside.add(unit[5:].replace("_", ""))
    return _to_word_units(units, members, lambda word: word.replace("_", "") in outside
                          and word.replace("_", "") not in own)


LAYER_NAMED_APPS = 2  # apps named by a layer or generic word (`app/`, `api/`, `db/`)
# A package of URLconfs, one per domain (`app/urls/issue.py`), is a layer of such an app too.
URL_PACKAGES = frozenset({"urls"})


def layer_named_app_units(units: dict[str, str], packages: dict[str, set[str]],
                          layers: frozenset[str], word_of: Callable[[str], str | None],
                          not_a_domain: frozenset[str]) -> dict[str, str]:
    """Apps that are layers of every domain with no layered container beside them: the
    apps named by a layer or generic word (`app/`, `api/`, `db/`), LAYER_NAMED_APPS or more,
    whose layer packages name the same domains (`app/views/issue/`, `api/views/issue.py`,
    `db/models/issue.py`, `space/views/issue.py`; a package of URLconfs, `app/urls/issue.py`,
    counts as a layer here). A word the layer packages of two such apps or more carry is a
    domain's; an app kept whole (`layer_app_units`' bars: LAYER_APP_MIN of its layer-package
    modules and LAYER_APP_SHARE of them carry such words) sends those modules to the word's
    unit. Apps named for a domain (`dcim/`, `ipam/`) make no word a domain: their
    `forms/bulk_edit` beside each other are roles."""
    members = _layer_members(units, packages, layers | URL_PACKAGES, word_of)
    named = {unit for unit in members if unit.rsplit(".", 1)[-1].lower() in not_a_domain}
    if len(named) < LAYER_NAMED_APPS:
        return units
    carriers: dict[str, set[str]] = defaultdict(set)
    for unit in named:
        for _, word in members[unit]:
            if word is not None:
                carriers[word].add(unit)
    shared = {word for word, apps in carriers.items() if len(apps) >= LAYER_NAMED_APPS}
    return _to_word_units(units, members, shared.__contains__)


def plugin_units(units: dict[str, str], containers: frozenset[str]) -> set[str]:
    """The units that are one bundled plugin each (`app.plugins.stripe`: a package unit
    directly below a plugin container, see `plugin_package_units`)."""
    return {unit for unit in set(units.values()) if not unit.startswith("word:")
            and "." in unit and unit.rsplit(".", 2)[-2].lower() in containers}


def plugin_strays(grouping: Grouping, units: dict[str, str], owners: set[str],
                  containers: frozenset[str], fixed: Iterable[str] = ()) -> Grouping:
    """A bundled plugin's modules placed away from the group that holds most of the plugin
    rejoin it (`apps.app_strays`): its `apps.py`, which only names the plugin and reads the
    package's version, is pulled harder by the project's top package than by its own
    signals, and the `apps.py` of every plugin would form a seam of their own."""
    from strangler.seams.apps import app_strays

    found = plugin_units(units, containers)
    return app_strays(grouping, units, found, owners, fixed) if found else grouping


REMNANT_SHARE = 1 / 5  # of the project's modules in what is left of a kind-layered app


def app_remnants(units: dict[str, str]) -> set[str]:
    """The package units that are what is left of an app laid out by kind: some modules
    below the package went to domain word units (`main/models/inventory` to
    `word:inventory`, `layer_app_units`), and the rest, its access rules, signals, task
    runners and dispatcher, is still one unit holding REMNANT_SHARE of the project's
    modules or more (awx's `main/`, 120 of 287). Such a unit is no domain: clustered as
    one node, it took every domain with it. Small apps keep their unit (pretix's
    `control/`, a back office of 34 modules)."""
    sizes = Counter(units.values())
    packages = {unit for unit, size in sizes.items()
                if not unit.startswith("word:") and size >= REMNANT_SHARE * len(units)}
    found: set[str] = set()
    for module, unit in units.items():
        if unit.startswith("word:"):
            parts = module.split(".")
            found.update(prefix for depth in range(1, len(parts))
                         if (prefix := ".".join(parts[:depth])) in packages)
    return found
