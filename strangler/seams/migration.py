"""The migration plan: the order in which to extract the seams, and why, in words.

The first step is what a senior architect would pick: a real slice (routes and tables of its
own, a meaningful size), not platform (settings, plugin registries, i18n, helpers,
authentication plumbing: machinery every service stands on), holding no money or identity
data (`sensitive`, decided from columns), in the easiest band, and not a hub most other
services call. When no candidate is easy, the first step says so and names what to cut
first, rather than ranking silently."""

from __future__ import annotations

from strangler.model import PlanStep, Seam, SensitiveTable, inbound_words, plural
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


def migration_plan(seams: tuple[Seam, ...], sensitive: SensitiveData
                   ) -> tuple[PlanStep, ...]:
    """Order of extraction. First the real, valuable, low-risk services: routes or tables of
    their own, a meaningful size, not platform, no money or identity tables (`sensitive`,
    decided from their columns), routes (traffic the proxy can move), then the easier band,
    not a hub, fewest shared tables and inbound uses; small, platform or route- and
    table-less groups and critical data come last."""
    handled = {seam.name: sensitive.handled_by(seam) for seam in seams}

    def critical(seam: Seam) -> list[SensitiveTable]:
        return handled[seam.name]

    # A meaningful size: 3 modules, and 200 lines or a twentieth of the proposal's code.
    min_loc = min(FIRST_MIN_LOC, sum(seam.loc for seam in seams) // 20)

    def real(seam: Seam) -> bool:
        return bool(seam.routes or seam.tables_owned) and (
            len(seam.modules) >= FIRST_MIN_MODULES and seam.loc >= min_loc)

    def key(seam: Seam) -> tuple[float, ...]:
        # Routes before tables alone: the proxy moves a seam's traffic by its routes, so
        # the first service is one the team can shadow and cut over (a 3-module search
        # cache that owns a table but serves nothing is not where a migration starts).
        inbound = sum(s.uses for s in seam.interface)
        # Then a whole slice, routes with tables of its own (data first: a service that
        # only reads others' tables is not independent yet), the easier band first (a
        # "hard" seam, with many shared tables or callers, is not where a team proves the
        # pattern), a leaf before a hub, and within those fewest shared tables.
        return (0 if real(seam) and not platform_seam(seam) else 1,
                1 if critical(seam) else 0, 0 if seam.routes else 1,
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
            reason += f"; {_too_small(seam, min_loc)}: not a service to start with"
        elif platform_seam(seam):
            reason += ("; platform (configuration, extension machinery, i18n, helpers or "
                       "authentication plumbing, by its name): what the services stand on, "
                       "not a service to start with")
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
        steps.append(PlanStep(order, seam.name, reason, tuple(f.table for f in hot),
                              tuple(f.describe() for f in hot)))
    return tuple(steps)


def _too_small(seam: Seam, min_loc: int) -> str:
    """Why a seam is no real first service, in the words that apply to it only."""
    why = []
    if not (seam.routes or seam.tables_owned):
        why.append("no routes or tables of its own")
    if len(seam.modules) < FIRST_MIN_MODULES:
        why.append(f"{len(seam.modules)} modules (under {FIRST_MIN_MODULES})")
    if seam.loc < min_loc:
        why.append(f"{seam.loc} lines (under {min_loc})")
    return ", ".join(why)


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
