"""The migration plan: the order in which to extract the seams, and why, in words.

The first step is what a senior architect would pick: a real slice (routes and tables of its
own, a meaningful size), not platform (settings, plugin registries, i18n, helpers,
authentication plumbing: machinery every service stands on), holding no money or identity
data (`sensitive`, decided from columns), in the easiest band, and not a hub most other
services call. When no candidate is easy, the first step says so and names what to cut
first, rather than ranking silently.

A back-end is platform too, whatever its name (`backend_modules`): a package whose sibling
modules implement one interface of the package itself, some storing its data in tables
(the SQL back-end), some not (the memory, Redis or file ones), is a storage, cache or
data-access layer chosen by configuration; a seam with no routes whose code is mostly such
packages goes after the real services, and after the groups too small to start with.

Routes served by a module that builds a web application of its own (`entry_modules`: an
`app_builders` module, a root the settings declare) are that application's entry, not a
slice of the monolith's routes: a development proxy's two routes do not make the 69-module
group holding it a service. They do not count toward a real first service."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from strangler.model import (
    PlanStep,
    ProjectIndex,
    Route,
    Seam,
    SensitiveTable,
    inbound_words,
    plural,
    serving_module,
)
from strangler.seams.plan_platform import platform_structure
from strangler.seams.sensitive import SensitiveData

DIFFICULTY_BANDS = ("easy", "medium", "hard")  # `explain._rank_difficulty`, easiest first
# The first service: real (routes or tables of its own) and of a meaningful size.
FIRST_MIN_MODULES, FIRST_MIN_LOC = 3, 200
# Words of a seam's name that mark the platform, not a business capability: configuration,
# extension machinery, internationalization, helpers, the application server, and the
# authentication plumbing (identity data itself is decided from columns, `sensitive`).
PLATFORM_WORDS = frozenset({
    "settings", "setting", "config", "configs", "configuration", "conf",
    "plugin", "plugins", "registry", "registries", "extension", "extensions",
    "i18n", "l10n", "locale", "locales",
    "helper", "helpers", "util", "utils", "utilities", "common",
    "server", "middleware", "openapi", "swagger",
    "auth", "oauth", "oauth2", "socialauth", "sso", "saml", "ldap", "login"})
# A hub: used by at least this share of the other seams (and by HUB_MIN or more). Extracting
# it first puts a network hop under most of the monolith; leaves go first.
HUB_SHARE, HUB_MIN = 0.5, 3
SHOWN = 3  # tables and interface symbols named in "cut first"


def platform_seam(seam: Seam) -> bool:
    """Whether the seam's name says platform (`PLATFORM_WORDS`, any `_`-separated word)."""
    return any(word in PLATFORM_WORDS for word in seam.name.lower().split("_"))


def backend_modules(index: ProjectIndex) -> dict[str, int]:
    """The modules (-> their lines) of back-end packages: a package P below the top one
    where two or more of its children (modules or subpackages) subclass the same class of P
    itself (its `__init__` or `P.base`), and of those implementations some read or write
    tables and some do not: interchangeable back-ends of one interface (`cache/postgresql`
    beside `cache/memory` and `cache/redis`, each a `Cache(CacheBase)`), the data behind
    them an implementation's detail. A plugin family whose members all keep tables, or none,
    is no back-end (`families.py`: the data sources of a query runner are a domain)."""
    tabled = {access.module for table in index.tables
              for access in (*table.readers, *table.writers)}
    children: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # (P, base) -> kids
    for use in index.uses:
        if use.kind != "base":
            continue
        parts = use.source.split(".")
        for depth in range(len(parts) - 1, 1, -1):  # P is the source's package or above
            package = ".".join(parts[:depth])
            if use.target in (package, package + ".base"):
                children[(package, use.target, use.name)].add(".".join(parts[:depth + 1]))
                break
    packages = set()
    for (package, _, _), kids in children.items():
        with_tables = {kid for kid in kids
                       if any(m == kid or m.startswith(kid + ".") for m in tabled)}
        if len(kids) >= 2 and with_tables and with_tables != kids:
            packages.add(package)
    return {m.name: m.loc for m in index.modules
            if any(m.name == p or m.name.startswith(p + ".") for p in packages)}


def entry_modules(index: ProjectIndex) -> frozenset[str]:
    """Modules that build a web application of their own (`ProjectIndex.app_builders`) or
    that the settings declare as roots (ROOT_URLCONF, WSGI/ASGI_APPLICATION)."""
    return frozenset(index.app_builders) | {module for module, _ in index.declared_roots}


def backend_seam(seam: Seam, backends: Mapping[str, int]) -> bool:
    """Whether the seam serves no route and most of its lines are back-end packages'."""
    return not seam.routes and 2 * sum(backends.get(m, 0) for m in seam.modules) > seam.loc


def hub_seam(seam: Seam, seams: int) -> bool:
    """Whether most of the other `seams - 1` seams use this one."""
    return len(seam.used_by) >= max(HUB_MIN, HUB_SHARE * (seams - 1))


def cut_first(seam: Seam) -> str:
    """What to cut before extracting a seam that is not easy: the tables it shares with the
    most other sides (give each one owner), and its most-used interface (put it behind an
    API)."""
    parts: list[str] = []
    tables = sorted(seam.tables_shared, key=lambda t: (-t.others, t.table))[:SHOWN]
    if tables:
        more = len(seam.tables_shared) - len(tables)
        listed = ", ".join(t.table for t in tables) + (f", … {more} more" if more else "")
        parts.append(f"give each shared table one owner ({listed})")
    symbols = seam.interface[:SHOWN]  # most uses first (`describe_seams`)
    if symbols:
        listed = ", ".join(f"{s.module}.{s.name} ({plural(s.uses, 'use')})" if s.name
                           else f"{s.module} ({plural(s.uses, 'use')})" for s in symbols)
        parts.append(f"put the most-used interface behind an API ({listed})")
    return "; ".join(parts) or "nothing shared: the cost is its own size"


def migration_plan(seams: tuple[Seam, ...], sensitive: SensitiveData,
                   backends: Mapping[str, int] | None = None,
                   entries: frozenset[str] = frozenset()) -> tuple[PlanStep, ...]:
    """Order of extraction. First the real, valuable, low-risk services: routes or tables of
    their own, a meaningful size, not platform, no money or identity tables (`sensitive`,
    decided from their columns), routes (traffic the proxy can move), then the easier band,
    not a hub, fewest shared tables and inbound uses; small or route- and table-less groups
    and critical data come later, platform (by name, or back-ends: `backends`, from
    `backend_modules`) last. Routes of an application a seam's module builds itself
    (`entries`, from `entry_modules`) are not routes of its own."""
    handled = {seam.name: sensitive.handled_by(seam) for seam in seams}
    backend = {seam.name: backend_seam(seam, backends or {}) for seam in seams}
    known = {m for seam in seams for m in seam.modules} | set(entries)
    entry = {seam.name: tuple(r for r in seam.routes
                              if serving_module(r, known) in entries & set(seam.modules))
             for seam in seams}
    routes = {seam.name: tuple(r for r in seam.routes if r not in entry[seam.name])
              for seam in seams}
    # Platform by structure: bookkeeping tables only, or mostly site-wide endpoints.
    structure = {seam.name: platform_structure(seam, routes[seam.name]) for seam in seams}

    def platform(seam: Seam) -> bool:
        return platform_seam(seam) or structure[seam.name] is not None

    def critical(seam: Seam) -> list[SensitiveTable]:
        return handled[seam.name]

    # A meaningful size: 3 modules, and 200 lines or a twentieth of the proposal's code.
    min_loc = min(FIRST_MIN_LOC, sum(seam.loc for seam in seams) // 20)

    def sized(seam: Seam) -> bool:
        return len(seam.modules) >= FIRST_MIN_MODULES and seam.loc >= min_loc

    def real(seam: Seam) -> bool:
        return bool(routes[seam.name] or seam.tables_owned) and sized(seam)

    def key(seam: Seam) -> tuple[float, ...]:
        # Routes before tables alone: the proxy moves a seam's traffic by its routes, so
        # the first service is one the team can shadow and cut over (a 3-module search
        # cache that owns a table but serves nothing is not where a migration starts).
        inbound = sum(s.uses for s in seam.interface)
        # Then a whole slice, routes with tables of its own (data first: a service that
        # only reads others' tables is not independent yet), the easier band first (a
        # "hard" seam, with many shared tables or callers, is not where a team proves the
        # pattern), a leaf before a hub, and within those fewest shared tables.
        # Platform after the groups too small to start with: a storage back-end that owns
        # a table is still no service (`backend_modules`); among the groups that are no
        # real service, those of a meaningful size first (a domain whose tables another
        # seam took before a two-module client).
        return (2 if backend[seam.name] else 0 if real(seam) and not platform(seam)
                else 1, 0 if sized(seam) else 1,
                1 if critical(seam) else 0, 0 if routes[seam.name] else 1,
                0 if seam.tables_owned else 1, DIFFICULTY_BANDS.index(seam.difficulty),
                1 if hub_seam(seam, len(seams)) else 0,
                len(seam.tables_shared), inbound, seam.difficulty_score, -seam.loc)

    steps: list[PlanStep] = []
    for order, seam in enumerate(sorted(seams, key=lambda s: (key(s), s.name)), start=1):
        inbound = sum(s.uses for s in seam.interface)
        callers = len(seam.used_by)
        reason = (f"{plural(len(seam.routes), 'route')}, "
                  f"{plural(len(seam.tables_owned), 'table')} of its own, "
                  f"{plural(len(seam.tables_shared), 'shared table')}, "
                  f"{inbound_words(inbound, callers)}, "
                  f"difficulty {seam.difficulty} ({seam.difficulty_score})")
        if not real(seam):
            reason += (f"; {_too_small(seam, min_loc, entry[seam.name], known)}: not a "
                       "service to start with")
        elif platform_seam(seam):
            reason += ("; platform (configuration, extension machinery, i18n, helpers or "
                       "authentication plumbing, by its name): what the services stand on, "
                       "not a service to start with")
        elif structure[seam.name]:
            reason += (f"; platform: {structure[seam.name]}; what the services stand on, "
                       "not a service to start with")
        elif backend[seam.name]:
            reason += ("; a back-end (most of its code implements one interface of its "
                       "package several ways, some in tables and some not: a storage, cache "
                       "or data-access layer chosen by configuration): what the services "
                       "stand on, not a service to start with")
        elif hub_seam(seam, len(seams)):
            reason += (f"; a hub: {callers} of the other {len(seams) - 1} services use it, "
                       "so extracting it early puts a network hop under most of the monolith")
        hot = critical(seam)
        if hot:
            shown = ", ".join(found.describe() for found in hot[:3])
            more = f", … {len(hot) - 3} more" if len(hot) > 3 else ""
            reason += f"; handles money or identity data: {shown}{more}; " + (
                "so does every seam with routes or tables of its own: take the most care"
                if order == 1 and real(seam) else "extract once the pattern is proven")
        if order == 1:
            reason = "first: " + reason + _no_easy_start(seam, real(seam), bool(hot))
            if not real(seam):
                reason += _no_real_start(seams, [s for s in seams if real(s)], backend,
                                         any(routes.values()), platform)
        steps.append(PlanStep(order, seam.name, reason, tuple(f.table for f in hot),
                              tuple(f.describe() for f in hot)))
    return tuple(steps)


def _too_small(seam: Seam, min_loc: int, entry: tuple[Route, ...], known: set[str]) -> str:
    """Why a seam is no real first service, in the words that apply to it only."""
    why = []
    if entry and len(entry) == len(seam.routes) and not seam.tables_owned:
        builders = sorted({serving_module(r, known) for r in entry})
        why.append(f"no tables of its own, and its routes are those of an application it "
                   f"builds itself ({', '.join(builders)}): an entry point, not a slice of "
                   "the monolith's routes")
    elif not (seam.routes or seam.tables_owned):
        why.append("no routes or tables of its own")
    if len(seam.modules) < FIRST_MIN_MODULES:
        why.append(f"{len(seam.modules)} modules (under {FIRST_MIN_MODULES})")
    if seam.loc < min_loc:
        why.append(f"{seam.loc} lines (under {min_loc})")
    return ", ".join(why)


def _no_real_start(seams: tuple[Seam, ...], real: list[Seam], backend: dict[str, bool],
                   routed: bool, platform: Callable[[Seam], bool]) -> str:
    """When the first step is no real service, say why none is (empty when one is);
    `routed`: whether any seam serves routes of its own; `platform`: by name or structure."""
    if not any(seam.routes for seam in seams):
        routes = "no seam serves a route the analysis found (check the routes facts)"
    elif not routed:
        routes = ("the only routes found are those of an application a seam builds itself "
                  "(check the routes facts)")
    else:
        routes = "the seams with routes are too small or platform"
    held = [seam.name for seam in real if backend[seam.name] or platform(seam)]
    standing = (f"; those with routes or tables of their own are platform or back-ends "
                f"({', '.join(sorted(held)[:SHOWN])})" if held else "")
    return (f"; no seam is a real first service yet: {routes}{standing}; "
            "review the proposal before starting")


def _no_easy_start(first: Seam, real: bool, critical: bool) -> str:
    """When the first step is not easy, say so and what to cut first (empty when it is)."""
    if first.difficulty == "easy" or not real:
        return ""
    if not (first.routes and first.tables_owned):
        return f"; it is {first.difficulty}: cut first: {cut_first(first)}"
    # The order puts whole slices (routes and tables of their own) of a lower band first,
    # after platform and, unless every slice has some, money or identity data.
    which = "" if critical else " without money or identity data"
    band = "hard" if first.difficulty == "hard" else "medium or hard"
    return (f"; no whole slice is easy: every service with routes and tables of its own{which}"
            f", outside the platform, is {band}; "
            f"cut first: {cut_first(first)}")
