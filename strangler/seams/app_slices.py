"""The entities of one Django app are one slice, not one seam each.

A Django app (a package holding an `apps` module, Django's AppConfig: `apps.django_apps`)
that maps tables is migrated whole: its models reference each other through foreign keys,
its migrations are one history, its admin, URLconf and API are wired for the app. An app
laid out one module per entity (`models/project.py`, `models/issue.py`, `views/issue.py`,
`serializers/v1/issue.py`) gives each entity a word unit of its own, and the slice split
(`propose.split_slices`) cut each into a seam: ten seams named after the entities of one
app. `app_heads` tells the split which of a group's slices are parts of one app: every slice
whose members all lie in one app that maps a table (`owners`) is that app's part, and the
app's parts in one group are one slice. A slice whose members span several apps is a
domain the project draws across its apps (pretix's `orders` through `base`, `control`,
`presale` and `api`): it stays a slice of its own, and so is the evidence that makes an
app's part a service apart: a word that the project's other apps use as a domain too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def app_heads(found: Iterable[str], members_of: Mapping[str, list[str]],
              app_of: Mapping[str, str], owners: set[str]) -> dict[str, str]:
    """Each slice of `found` (units) that is part of one table-owning Django app -> the
    app's first such slice by name (its head in the group); slices spanning apps, or
    outside any app, are not in the answer. `app_of`: module -> its Django app."""
    with_data = {app_of[m] for m in owners if m in app_of}
    by_app: dict[str, list[str]] = {}
    for unit in sorted(found):
        apps = {app_of.get(m) for m in members_of.get(unit, ())}
        if len(apps) != 1:
            continue
        app = next(iter(apps))
        if app is not None and app in with_data:
            by_app.setdefault(app, []).append(unit)
    return {unit: units[0] for units in by_app.values() if len(units) >= 2 for unit in units}


def joined_heads(head: Mapping[str, str], merged: Mapping[str, str]) -> dict[str, str]:
    """`head` (slice -> the slice it is one with in its group) with the parts of each app
    (`merged`, from `app_heads`) made one: heads joined through any part are one, named by
    the first of them by name, so a head two apps' parts share joins both apps."""
    parent = {h: h for h in head.values()}

    def root(h: str) -> str:
        while parent[h] != h:
            h = parent[h]
        return h

    for unit in sorted(merged):
        a, b = root(head[unit]), root(head[merged[unit]])
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {unit: root(h) for unit, h in head.items()}
