"""Framework wiring the settings name by dotted path: the platform's.

A module the settings name under a wiring key (`ProjectIndex.settings_wiring`: middleware,
authentication backends, context processors, the REST framework's default classes, logging
factories, `*_BACKEND`, `*_CLASS`) is code the framework loads on every request or at start,
by path: no project module imports it, so the coupling graph knows it only by what it uses,
and the clustering gave it to the seam of the one model it touches (`saleor.core.
auth_backend` with the accounts, `pretix.base.context` with the shop). Like the settings
that name it, it is the platform's.

Kept narrow, as `middleware.py` (of which this is the same idea told by the settings, not
by the file's name): it maps, writes and reads no table (an authentication backend reading
the users and their roles is the identity domain's logic, `identity_logic.py`) and serves
no route; and it sits outside any domain's package (`enclosed.domain_enclosed`: a users
app's middleware stays with its app). Unlike `middleware.py`, domain code may use it (a
view calling the context processor, the views importing the pagination class): what the
framework loads for every request is the platform's whoever else calls it (measured:
docs/decisions.md)."""

from __future__ import annotations

from collections.abc import Iterable

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.config import SeamConfig


def wiring_kernel(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig,
                  placed: Iterable[str]) -> list[KernelModule]:
    """The modules the settings name as framework wiring (see the module docstring), sorted.
    `placed`: the kernel and the roots so far, and the modules a lever names (never moved)."""
    if not index.settings_wiring:
        return []
    from strangler.seams.enclosed import domain_enclosed, platform_tops
    from strangler.seams.index_facts import served_modules
    from strangler.seams.kernel import KERNEL_NAMES, data_owners

    names = [m.name for m in index.modules]
    below = set(placed)
    owners = data_owners(index, graph)
    readers = {access.module for table in index.tables for access in table.readers}
    served = served_modules(index).serving
    tops = platform_tops(names)
    keys: dict[str, list[str]] = {}
    for module, key in index.settings_wiring:
        keys.setdefault(module, []).append(key)
    found: list[KernelModule] = []
    for name in sorted(keys):
        if (name in below or name in owners or name in readers or name in served
                or config.pinned_service(name)
                or domain_enclosed(name, tops, frozenset(KERNEL_NAMES))):
            continue
        found.append(KernelModule(name, f"loaded by the framework from the settings "
                                        f"({', '.join(sorted(keys[name]))}), with no tables "
                                        f"or routes of its own: platform wiring"))
    return found
