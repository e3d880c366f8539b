"""The entry points' own helpers are platform.

The ASGI or WSGI entry point wraps the application in its handlers and middleware (CORS,
gzip, health check), and the settings name others by dotted path; only those roots use
them, so once the roots are set aside they are coupled to nothing and stayed unassigned, a
seam of one module each. A module coupled to no seam's code (`isolated`) that a root uses,
that maps and writes no table, serves no route and is not itself settings (those are roots,
or the user's configuration, never kernel) is the entry point's helper: kernel."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from strangler.model import KernelModule
from strangler.seams.kernel import SETTINGS_NAMES


def entry_helpers(isolated: Iterable[str], edges: Iterable[tuple[str, str]],
                  roots: set[str], owners: set[str], served: AbstractSet[str], fixed: set[str]
                  ) -> list[KernelModule]:
    """The isolated modules a root uses (`edges`: run-time (source, target) pairs), less
    data owners, modules serving routes (`served`: declaring and handler modules; a home
    view the root URLconf routes to is a view, not a helper), settings-named modules (a
    part in SETTINGS_NAMES or starting with `settings`) and `fixed` ones (pinned or placed
    by a lever)."""
    used = {target for source, target in edges if source in roots and source != target}
    found = []
    for module in sorted(isolated):
        parts = module.split(".")
        if (module in used and module not in owners and module not in served
                and module not in fixed
                and not any(p in SETTINGS_NAMES or p.startswith("settings") for p in parts)):
            found.append(KernelModule(module, "only the entry points use it (a handler or "
                                              "middleware they wrap the application in), with "
                                              "no tables of its own"))
    return found
