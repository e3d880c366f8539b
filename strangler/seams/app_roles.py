"""A word repeated across Django apps for a role of each app is no domain.

`words.domain_units` makes one word unit of the modules sharing a word in layer packages:
rdmo's `tasks/serializers/export`, `views/serializers/export`,
`questions/serializers/export`, `projects/serializers/export`, `core/exports` are
`word:export`. In a layered application that word is a domain's slice across its layers;
in a project of Django apps it can as well be a role every app fills for its own data
(export serializers, importers, renderers, managers), each member written against its own
app's models. `layer_rejoin.rejoin_layers` sends each layer member of a word unit to the
group holding most of the unit, so the content apps' export serializers, which
`apps.app_strays` had sent home, left again for the seam of the app with the most of them.

The shape told apart: a word unit with members in two Django apps or more that map tables
(`apps.django_apps`) and that are each at home in a seam of their own (a group holding a
majority of the app's grouped modules, a different group for each), none of whose members
maps a table. A word naming a domain shows its data in one of its layers (pretix's
`base/models/orders` beside `control/views/orders`, `api/serializers/order`): it stays a
slice, and its layer modules still rejoin it. Nor is a word a role of apps that are no
domain's home: pretix's `base` (the layered container of every domain) and its back office,
shop and API apps (layers of every domain) spread over many seams, and a word they share
(`cart`: `base/services/cart`, `presale/views/cart`, `api/serializers/cart`) is the cart's
slice across those layers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

APP_ROLE_MIN = 2  # table-owning Django apps holding members of the word unit


def app_role_words(units: dict[str, str], names: Iterable[str],
                   mapping: AbstractSet[str],
                   groups: Iterable[tuple[str, Iterable[str]]]) -> frozenset[str]:
    """The word units (`units`: module -> unit) that are a role of several Django apps, not
    a domain (see the module's text). `mapping`: the modules mapping a table; `groups`:
    the (pin, members) groups as they stand."""
    from strangler.seams.apps import django_apps

    app_of = django_apps(names)
    if not app_of:
        return frozenset()
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    votes: dict[str, Counter[int]] = {}
    for module, app in app_of.items():
        if module in label:
            votes.setdefault(app, Counter())[label[module]] += 1
    home: dict[str, int] = {}
    for app, count in votes.items():
        best, most = min(count.items(), key=lambda kv: (-kv[1], kv[0]))
        if most >= 2 and most * 2 > sum(count.values()):
            home[app] = best
    with_data = {app_of[m] for m in mapping if m in app_of} & set(home)
    apps: dict[str, set[str]] = {}
    mapped: set[str] = set()
    for module, unit in units.items():
        if not unit.startswith("word:"):
            continue
        if module in mapping:
            mapped.add(unit)
        if app_of.get(module) in with_data:
            apps.setdefault(unit, set()).add(app_of[module])
    return frozenset(unit for unit, found in apps.items()
                     if len({home[a] for a in found}) >= APP_ROLE_MIN and unit not in mapped)
