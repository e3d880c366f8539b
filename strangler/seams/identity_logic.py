"""Authorization logic cut off from the identity data it guards joins the seam that owns it.

A layered application may keep its permission checks in a layer package of their own, cut
by verb, not by entity: CKAN's `logic/auth/create.py`, `get.py`, `update.py`, `delete.py`
each hold the checks of every entity for one verb (`package_create`, `user_update`...),
all built on one authorization module (`authz`). No table of their own and no route:
nothing but their word ties them to a domain, and the clustering leaves them a seam of
their own, an "auth" service with no data and no API that every request would call, or
hands them to the callers that hold them hardest. Data first: who may do what is decided
on the identity data (the accounts, their passwords and keys), so the checks are the
identity slice's logic, as the maintainers of the apps in the benchmark drew them (users
and authorization one domain in CKAN, CTFd, Dispatch, Indico, Kallithea, Superset).

Once the seams are drawn, with H the group that maps more of the project's identity tables
(`Table.sensitive` of kind "identity", decided from columns by the parse stage) than any
other:

- a group most of whose modules (by number) are one word unit named by an authentication
  or authorization word (AUTH_WORDS: `auth`, `authz`, `permissions`, `login`...), none of
  which maps, reads or writes a table or serves a route, merges into H (an `auth`
  blueprint with its login pages is a slice of its own: FlaskBB's);
- a module of such a word unit in a group led by other words, that the merged checks
  import, and that maps or writes no table and serves no route (the `authz` module the
  checks are built on, left in the catalog's seam), moves to H with them; an auth slice
  that stays (one with routes) keeps its own, and with no checks merged nothing moves.

Pinned groups neither give nor take, and a module the user keeps with others stays."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from strangler.graph import Dependency

# The words of a unit of permission checks or of authentication plumbing.
AUTH_WORDS = frozenset({"auth", "authz", "authorization", "authorisation", "authentication",
                        "permission", "permissions", "perm", "perms", "acl", "acls",
                        "login"})


def auth_unit(unit: str) -> bool:
    """Whether a domain unit is a word unit named by an AUTH_WORDS word."""
    return unit.startswith("word:") and unit[len("word:"):].lower() in AUTH_WORDS


def identity_home(groups: tuple[tuple[str, tuple[str, ...]], ...],
                  identity_models: Mapping[str, Iterable[str]]) -> int | None:
    """The index of the unpinned group mapping more identity tables than any other
    (`identity_models`: each identity table -> the modules mapping it), if one does."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    holders: Counter[int] = Counter()
    for _, models in sorted(identity_models.items()):
        holders.update({label[m] for m in models if m in label})
    ranked = sorted(holders.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]) \
            or groups[ranked[0][0]][0]:
        return None
    return ranked[0][0]


def identity_homes(groups: tuple[tuple[str, tuple[str, ...]], ...], units: dict[str, str],
                   dependencies: Iterable[Dependency], data: Iterable[str],
                   owners: Iterable[str], served: Iterable[str],
                   identity_models: Mapping[str, Iterable[str]],
                   kept: Iterable[str] = ()) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`groups` with the authorization logic joined to the identity slice (see the module
    docstring). `dependencies`: the code edges; `data`: the modules that map, read or write
    a table; `owners`: those that map or write one; `served`: the modules serving a
    route."""
    home = identity_home(groups, identity_models)
    if home is None:
        return groups
    held, served = set(kept), set(served)
    blocked = set(data) | served | held
    merged: set[int] = set()
    led: set[int] = set()  # groups most of whose modules are one auth unit
    for i, (pin, members) in enumerate(groups):
        words = Counter(units.get(m, "") for m in members)
        unit, count = min(words.items(), key=lambda kv: (-kv[1], kv[0]))
        if count * 2 > len(members) and auth_unit(unit):
            led.add(i)
            if i != home and not pin and not any(m in blocked for m in members):
                merged.add(i)
    checks = {m for i in merged for m in groups[i][1]}
    built_on = {d.target for d in dependencies if d.source in checks}
    owning = set(owners)
    strays = {m for i, (pin, members) in enumerate(groups)
              if i != home and i not in led and not pin for m in members
              if m in built_on and auth_unit(units.get(m, "")) and m not in owning
              and m not in served and m not in held}
    if not merged and not strays:
        return groups
    joined = set(groups[home][1]).union(*(groups[i][1] for i in merged)) | strays
    out = []
    for i, (pin, members) in enumerate(groups):
        if i == home:
            out.append((pin, tuple(sorted(joined))))
        elif i not in merged and (left := tuple(m for m in members if m not in strays)):
            out.append((pin, left))
    return tuple(out)
