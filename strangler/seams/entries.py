"""Entry points by what they do: a WSGI/ASGI module, `manage.py` or `__main__` is started by a
server or a shell, never imported by the application it starts. A module named like one
that application code imports (a settings package's `wsgi` options module, imported by
the package that registers every option group) is ordinary code, and so is a helper that
imports only the factory's module (`from app import mail`) but that services import."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def imported_entries(entries: Iterable[str], roots: set[str],
                     edges: Iterable[tuple[str, str]]) -> set[str]:
    """The `entries` (roots taken for entry points by their names or because they use only
    roots) that a module other than a root uses at run time (`edges`: (source, target)),
    directly or through another entry dropped so: such a module is imported, not run."""
    wanted = set(entries)
    users: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        if target in wanted and source != target:
            users[target].add(source)
    kept = set(roots)
    dropped: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name in sorted(wanted - dropped):
            if users[name] - kept:
                dropped.add(name)
                kept.discard(name)
                changed = True
    return dropped
