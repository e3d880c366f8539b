"""Platform told by structure, not by the seam's name: what its tables and routes are.

A seam whose only tables of its own are the machinery's bookkeeping (schema versions,
migrations, job schedules and queues, locks, caches) is that machinery: a migration runner,
a job scheduler. A seam most of whose routes are site-wide endpoints (health checks,
metrics, translation catalogs, CSP reports, web manifests, `.well-known` files, sign-in
and token endpoints, front-end helpers) serves the whole application, not a slice of it.
Both are what the services stand on, not a first service (`migration.migration_plan`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from strangler.model import Route, Seam

# Every word of such a table's name is one of these (`django_migrations`, `alembic_version`,
# `schedules`, `celery_taskmeta`); a domain table with one such word (`harvest_job`) is not.
BOOKKEEPING_WORDS = frozenset({
    "version", "versions", "schema", "migration", "migrations", "revision", "revisions",
    "alembic", "django", "celery", "taskmeta", "tasksetmeta", "beat", "apscheduler",
    "schedule", "schedules", "crontab", "lock", "locks", "cache", "caches"})
# A route is a site-wide endpoint when its first path segment (after `api` and `v1`) holds
# one of these words: probes, telemetry, front-end plumbing and the sign-in protocol.
ENDPOINT_WORDS = frozenset({
    "health", "healthcheck", "healthz", "livez", "readyz", "ping", "heartbeat", "metrics",
    "counters", "jsi18n", "i18n", "csp", "webmanifest", "manifest", "favicon", "robots",
    "static", "helpers", "login", "logout", "token", "callback", "openid", "oidc", "oauth",
    "oauth2", "sso", "saml"})
_WORDS = re.compile(r"[a-z0-9]+")
_PREFIX = re.compile(r"api|v\d+(\.\d+)*|\d+")


def _words(name: str) -> set[str]:
    return set(_WORDS.findall(name.lower()))


def bookkeeping_table(table: str) -> bool:
    """Whether every word of the table's name is a bookkeeping word."""
    words = _words(table)
    return bool(words) and words <= BOOKKEEPING_WORDS


def _first_segment(path: str) -> str | None:
    """The first literal segment of a route's path after `api` and version prefixes; None
    when it has none (the site root, a bare API index)."""
    for segment in path.split("#")[0].split("/"):
        segment = segment.strip().lower()
        if not segment or "<" in segment or "{" in segment or "(" in segment \
                or "[" in segment or _PREFIX.fullmatch(segment):
            continue
        return segment
    return None


def site_endpoint(route: Route) -> bool:
    """Whether the route is a site-wide endpoint (`ENDPOINT_WORDS`, or `/.well-known/`)."""
    segment = _first_segment(route.path)
    if segment is None:
        return False
    return segment.strip(".") == "well-known" or bool(_words(segment) & ENDPOINT_WORDS)


def platform_structure(seam: Seam, routes: Iterable[Route]) -> str | None:
    """Why the seam is platform by its tables or its routes (`routes`: those of its own),
    or None: all its own tables are bookkeeping, or most of its routes are site-wide
    endpoints."""
    tables = seam.tables_owned
    if tables and all(bookkeeping_table(t) for t in tables):
        return (f"its only tables of its own are bookkeeping ({', '.join(tables[:3])}: schema "
                "versions, job schedules, locks or caches): the machinery that keeps them")
    routes = tuple(routes)
    endpoints = [r.path for r in routes if site_endpoint(r)]
    if routes and 2 * len(endpoints) > len(routes):
        shown = ", ".join(sorted(set(endpoints))[:3])
        count = ("its only route is a site-wide endpoint" if len(routes) == 1 else
                 f"all its {len(routes)} routes are site-wide endpoints"
                 if len(endpoints) == len(routes) else
                 f"{len(endpoints)} of its {len(routes)} routes are site-wide endpoints")
        return (f"{count} ({shown}: health, metrics, translations, sign-in or front-end "
                "plumbing): it serves the whole application, not a slice of it")
    return None
