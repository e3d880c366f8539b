"""Authorization logic cut off from the identity data it guards joins the seam that owns it.

A layered application may keep its permission checks in a layer package of their own, cut
by verb, not by entity: CKAN's `logic/auth/create.py`, `get.py`, `update.py`, `delete.py`
each hold the checks of every entity for one verb (`package_create`, `user_update`...),
all built on one authorization module. No table of their own and no route: nothing but
their word ties them to a domain, and the clustering leaves them a seam of their own, an
"auth" service with no data and no API that every request would have to call. Data first:
who may do what is decided on the identity data (the accounts, their passwords and keys),
so the checks are the identity slice's logic, as the maintainers of the apps in the
benchmark drew them (users and authorization one domain in CKAN, CTFd, Dispatch, Indico,
Kallithea, Superset).

A group joins the group that maps most of the project's identity tables (`Table.sensitive`
of kind "identity", decided from columns by the parse stage) when

- most of its modules (by number) are one word unit named by an authentication or
  authorization word (AUTH_WORDS: `auth`, `authz`, `permissions`, `login`...);
- none of its modules maps or writes a table, and none serves a route (an `auth` blueprint
  with its login pages is a slice of its own: FlaskBB's);
- one group maps more of the identity tables than any other, and it is not this group.

It acts once the seams are drawn, like `data_clients`: pinned groups neither give nor take,
and a group holding a module the user keeps with others stays."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

# The words of a unit of permission checks or of authentication plumbing.
AUTH_WORDS = frozenset({"auth", "authz", "authorization", "authorisation", "authentication",
                        "permission", "permissions", "perm", "perms", "acl", "acls",
                        "login"})


def identity_homes(groups: tuple[tuple[str, tuple[str, ...]], ...], units: dict[str, str],
                   data: Iterable[str], served: Iterable[str],
                   identity_models: Mapping[str, Iterable[str]],
                   kept: Iterable[str] = ()) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`groups` with each table-less, route-less group of authorization logic merged into
    the group mapping most identity tables (see the module docstring). `data`: the modules
    that map, read or write a table; `served`: the modules serving a route;
    `identity_models`: each identity table -> the modules mapping it."""
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    holders: Counter[int] = Counter()
    for _, models in sorted(identity_models.items()):
        found = {label[m] for m in models if m in label}
        holders.update(found)
    ranked = sorted(holders.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return groups
    home = ranked[0][0]
    if groups[home][0]:
        return groups  # (a pinned group takes nothing)
    blocked = set(data) | set(served) | set(kept)
    merged: set[int] = set()
    for i, (pin, members) in enumerate(groups):
        if i == home or pin or any(m in blocked for m in members):
            continue
        words = Counter(units.get(m, "") for m in members)
        unit, count = min(words.items(), key=lambda kv: (-kv[1], kv[0]))
        if count * 2 <= len(members) or not unit.startswith("word:") \
                or unit[len("word:"):].lower() not in AUTH_WORDS:
            continue
        merged.add(i)
    if not merged:
        return groups
    joined = set(groups[home][1]).union(*(groups[i][1] for i in merged))
    return tuple((pin, tuple(sorted(joined)) if i == home else members)
                 for i, (pin, members) in enumerate(groups) if i not in merged)
