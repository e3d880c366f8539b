"""Request middleware of the platform: the hooks every request passes through.

A middleware module (`middleware.py`, `middlewares.py`, `asgi_middleware.py`) holds the
classes or functions the web framework wraps around every view: Django loads them by name
from the `MIDDLEWARE` setting, Starlette and Flask from the app factory's
`add_middleware` / `wsgi_app` wrapping. Nothing in the domains imports them, so the
coupling graph knows them only by what they use (a tenancy middleware reads the domain
table, a login middleware the user), and the clustering gave each to the seam of the one
model it touches: `pulpcore.middleware` with the cache, `weblate.middleware` with the
translations, `saleor.core.middleware` with the accounts. A hook of every request is the
platform's, like settings and the URLconf.

Kept narrow: the module's own name says middleware; it sits outside any domain's package
(`enclosed.domain_enclosed`: `misago.users.middleware`, `weblate.accounts.middleware`
stay with their app); it maps and writes no table and serves no route; and no module
outside the kernel and the roots uses it at run time (a 5,000-line `utils/middleware`
that the routers call is a domain's pipeline, not a hook)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.config import SeamConfig

MIDDLEWARE_NAME = re.compile(r"^(?:[a-z0-9]+_)?middlewares?$")


def middleware_kernel(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig,
                      placed: Iterable[str]) -> list[KernelModule]:
    """The platform's middleware modules (see the module docstring), sorted. `placed`: the
    kernel and the roots so far, and the modules a lever names (never moved)."""
    from strangler.seams.enclosed import domain_enclosed, platform_tops
    from strangler.seams.index_facts import runtime_users, served_modules
    from strangler.seams.kernel import KERNEL_NAMES, data_owners

    names = [m.name for m in index.modules]
    below = set(placed)
    owners = data_owners(index, graph)
    served = served_modules(index).serving
    users = runtime_users(graph)
    tops = platform_tops(names)
    found: list[KernelModule] = []
    for name in sorted(names):
        if (name in below or name in owners or name in served or config.pinned_service(name)
                or not MIDDLEWARE_NAME.match(name.rsplit(".", 1)[-1].lower())
                or domain_enclosed(name, tops, frozenset(KERNEL_NAMES))):
            continue
        if users.get(name, frozenset()) <= below:
            found.append(KernelModule(name, "request middleware outside any domain's package, "
                                            "used by no domain's code, with no tables of its "
                                            "own: a hook of every request"))
    return found
