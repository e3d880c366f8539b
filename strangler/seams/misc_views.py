"""The platform's miscellaneous views: one view module directly in the application package
that serves whatever has no blueprint of its own.

A Flask application beside its domain blueprints (`auth.py`, `teams.py`, `challenges.py`)
often keeps a `views.py` (or `routes.py`, `handlers.py`) at the top of its package for the
rest: the setup wizard, the settings page, theme and upload files, health checks,
`robots.txt`, the static pages. Its routes begin with many unrelated path segments and
its code reaches into every domain. Clustered like a domain's module it is a hub that glues
the forms, tokens and settings code of several domains into one seam, named after none of
them. It is what stays in the monolith when the domains leave: the kernel, taken out
before the clustering (as the layer bases are).

Kept narrow on purpose. The module
- is a plain module (no package) directly in one of the platform's top packages
  (`enclosed.platform_tops`), named with a word for serving code (`VIEW_WORDS`), not a
  domain's;
- declares routes whose first path segments are `MISC_SEGMENTS` or more different ones
  (parameters and the root aside): a blueprint of one domain shares one prefix;
- sits beside `MISC_SIBLINGS` or more other modules that serve routes (the domains have
  views of their own: in a small app with one `views.py` that module is the app);
- maps no table and is the only writer of none (it writes other domains' rows, as the
  setup writes the first user and page)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

VIEW_WORDS = frozenset({"views", "view", "routes", "handlers", "endpoints", "controllers"})
MISC_SEGMENTS = 4  # different first path segments of one module's routes, at least
MISC_SIBLINGS = 2  # other modules serving routes, at least


def first_segment(path: str) -> str | None:
    """A route path's first segment, or None for the root and a parameter (`/<path:p>`)."""
    head = path.strip("/").split("/", 1)[0]
    if not head or head[0] in "<{:*":
        return None
    return head


def misc_views(modules: Iterable[str], packages: set[str], tops: set[str],
               routes: Iterable[tuple[str, str]], mapping: set[str],
               writers: dict[str, set[str]]) -> dict[str, int]:
    """Each miscellaneous view module (see the module's docstring) -> how many different
    first path segments its routes have. `routes`: (module, path) of each route; `mapping`:
    modules that map a table; `writers`: each table -> the modules that write it (a
    settings store aside)."""
    names = set(modules)
    segments: dict[str, set[str]] = defaultdict(set)
    serving: set[str] = set()
    for module, path in routes:
        serving.add(module)
        segment = first_segment(path)
        if segment is not None:
            segments[module].add(segment)
    only_writer = {next(iter(found)) for found in writers.values() if len(found) == 1}
    found: dict[str, int] = {}
    for name in sorted(serving & names):
        parent, _, last = name.rpartition(".")
        if (name in packages or parent not in tops or last.lower() not in VIEW_WORDS
                or name in mapping or name in only_writer
                or len(segments[name]) < MISC_SEGMENTS
                or len(serving - {name}) < MISC_SIBLINGS):
            continue
        found[name] = len(segments[name])
    return found
