"""Two Django apps with tables of their own and nothing between them are never one seam.

A Django app (a package holding an `apps` module, Django's AppConfig; see
`apps.django_apps`) that maps a table is a unit a team can own: its models, its routes, its
admin. When the clustering leaves two such apps in one group while no module of one imports
or calls a module of the other (two small apps each glued to a shared helper, or merged to
reach a group count), nothing ties them: the seam is two services under one name.
`split_unrelated_apps` cuts such a group along its apps. Unlike `app_split.split_whole_apps`
it has no size floor (a six-module app with its own table is an app) and no tie share: any
direct edge between two apps keeps them together, so apps that one domain spreads over (a
model and the app reading it) are never cut apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from strangler.seams.app_split import TIE_SHARE, split_groups
from strangler.seams.propose import Grouping


def split_unrelated_apps(grouping: Grouping, graph: Any, names: Iterable[str],
                         mapping: Iterable[str], fixed: Iterable[str] = ()) -> Grouping:
    """Each unpinned group holding two Django apps or more (`names`: every module; see
    `apps.django_apps`) that map a table (`mapping`: modules that map one) and hold two or
    more of their grouped modules there, a majority, is cut into the apps' connected
    parts: apps joined by an edge of `graph` between their members in the group are one
    part. Every other member joins the part it is tied to most (the biggest when none).
    A group holding a module the user keeps with others (`fixed`) is left as it is."""
    from strangler.seams.apps import django_apps

    app_of = django_apps(names)
    if not app_of:
        return grouping
    with_data = {app_of[m] for m in mapping if m in app_of}
    grouped = Counter(app_of.get(m) for _, members in grouping.groups for m in members)
    return split_groups(grouping, fixed,
                        lambda members: _parts(members, graph, app_of, with_data, grouped))


def _parts(members: list[str], graph: Any, app_of: dict[str, str], with_data: set[str],
           grouped: Counter[str | None]) -> list[list[str]] | None:
    """The apps' connected parts of one group, or None when it stays whole."""
    from strangler.seams.app_split import _attach

    count = Counter(app_of.get(m) for m in members)
    pieces = sorted(a for a, n in count.items()
                    if a is not None and a in with_data and n >= 2 and n * 2 > grouped[a])
    if len(pieces) < 2:
        return None
    piece_of = {m: app_of[m] for m in members if app_of.get(m) in pieces}
    joined = {p: p for p in pieces}

    def root(p: str) -> str:
        while joined[p] != p:
            p = joined[p]
        return p

    inner: dict[str, float] = defaultdict(float)
    tie: dict[tuple[str, str], float] = defaultdict(float)
    for a, pa in sorted(piece_of.items()):
        for b, data in graph[a].items() if a in graph else ():
            pb = piece_of.get(b)
            if pb is None or b <= a:
                continue
            if pb == pa:
                inner[pa] += data.get("weight", 1.0)
            else:
                tie[(pa, pb) if pa < pb else (pb, pa)] += data.get("weight", 1.0)
    for (pa, pb), weight in sorted(tie.items()):
        if weight >= TIE_SHARE * min(inner[pa], inner[pb]) and (ra := root(pa)) != (rb := root(pb)):
            joined[max(ra, rb)] = min(ra, rb)
    roots = sorted({root(p) for p in pieces})
    if len(roots) < 2:
        return None
    part_of = {m: root(p) for m, p in piece_of.items()}
    _attach(members, graph, part_of)
    parts: dict[str, list[str]] = {r: [] for r in roots}
    for m in members:
        parts[part_of[m]].append(m)
    return [parts[r] for r in roots if parts[r]]


def django_app_strays(grouping: Grouping, names: Iterable[str], owners: set[str],
                      fixed: Iterable[str] = (),
                      owned: Mapping[str, AbstractSet[str]] | None = None,
                      mapped_by: Mapping[str, AbstractSet[str]] | None = None) -> Grouping:
    """`apps.app_strays` over the Django apps (`apps.django_apps`: packages holding an
    AppConfig), whatever their modules are named: an app of `algebra`, `decorators` and
    `objectacl` modules is no layered unit (`words.app_units`) but is still one app that
    Django installs whole. A part of an app in another app's group, with no module that
    maps or writes a table (`owners`), rejoins the group holding most of the app. Only the
    app's plugins stay: a sub-package of an app named as a plugin container
    (`words.PLUGIN_CONTAINERS`: `plugins/webhook/`) is a plugin that the steps before
    placed with the domain it serves. With `owned` and `mapped_by`, a part whose tables are
    all its app's own (mapped in the app's group: `apps.app_strays`) rejoins too: a Django
    app that owns tables is one piece unless data of another app hold a part away."""
    from strangler.seams.apps import app_strays, django_apps
    from strangler.seams.words import PLUGIN_CONTAINERS

    app_of = django_apps(names)
    if not app_of:
        return grouping
    nested = [m for m, app in app_of.items() if m.count(".") > app.count(".") + 1
              and app.rsplit(".", 1)[-1] in PLUGIN_CONTAINERS]
    return app_strays(grouping, app_of, set(app_of.values()), owners, [*fixed, *nested],
                      owned, mapped_by)
