"""Whole apps merged by the clustering are split back into their apps.

Louvain merges two small communities joined by any edge when the whole graph is large (its
resolution limit): in a project of many small Django apps, a group can end up holding
several whole apps, each cohesive inside and tied to the others by a few reads of their
models (a translation memory reading the languages' models, an admin app reading the
settings app). `split_whole_apps` undoes that: in a group holding two apps or more of
APP_MIN_MODULES modules each, the group's domain units are separated where the tie between
two of them is less than TIE_SHARE of the smaller one's inner weight. Units that are no
piece (a small unit, a few stray modules) follow the part they are tied to most.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from strangler.seams.propose import Grouping

# An app of this many grouped modules or more is a piece that can stand alone (a full Django
# app: models, views, urls, forms, admin, tasks...). Smaller units follow their ties: apps of
# three to six modules that one domain spreads over (cost types, roles) tie loosely and
# must not be cut apart.
APP_MIN_MODULES = 7
# Two pieces stay together when their tie is at least this share of the smaller piece's
# inner weight (a user model and its one-to-one profile, imported both ways: 0.44 on
# Weblate; apps that only read another's models: 0.09-0.35; see docs/decisions.md).
TIE_SHARE = 0.4


def data_apps(units: dict[str, str], owners: Iterable[str]) -> set[str]:
    """Package units (no word units of a layered project) not named by a layer word, one of
    whose modules maps a table (`owners`: model classes): apps by their data, whatever
    their layout (a Django app whose API lives in a `graphql/` layer beside it). A unit
    that only writes tables (a command-line package) is none."""
    from strangler.seams.words import NOT_A_DOMAIN

    return {unit for m in owners if (unit := units.get(m)) and not unit.startswith("word:")
            and unit.rsplit(".", 1)[-1].lower() not in NOT_A_DOMAIN}


def split_whole_apps(grouping: Grouping, graph: Any, units: dict[str, str], apps: set[str],
                     fixed: Iterable[str] = (),
                     heads: Mapping[str, str] | None = None) -> Grouping:
    """Each unpinned group holding two apps (`apps`: unit names) or more whole, of
    APP_MIN_MODULES grouped modules each, the group holding most of each, is cut into
    parts: its units of APP_MIN_MODULES modules or more are pieces, pieces whose tie (the
    summed edge weight of `graph` between their members) reaches TIE_SHARE of the smaller
    one's inner weight are one part, and every other member joins the part it is tied to
    most (the biggest part when it is tied to none). A group holding a module the user
    keeps with others (`fixed`: `together` globs) is left as it is. A compound package's
    unit is one part with its head's (`heads`: `compounds.package_heads`).
    """
    grouped = Counter(units.get(m, m) for _, members in grouping.groups for m in members)
    return split_groups(grouping, fixed,
                        lambda members: _parts(members, graph, units, apps, grouped,
                                               heads or {}))


def split_groups(grouping: Grouping, fixed: Iterable[str],
                 parts_of: Callable[[list[str]], list[list[str]] | None]) -> Grouping:
    """`grouping` with each unpinned group that holds no `fixed` module cut into the parts
    `parts_of` gives for its sorted members (None: it stays whole); the same object when
    nothing is cut."""
    fixed = set(fixed)
    result: list[tuple[str, list[str]]] = []
    changed = False
    for pin, members in grouping.groups:
        parts = None if pin or fixed & set(members) else parts_of(sorted(members))
        if parts is None:
            result.append((pin, list(members)))
            continue
        changed = True
        result.extend(("", part) for part in parts)
    return Grouping.ordered(result, grouping.choice) if changed else grouping


def _parts(members: Iterable[str], graph: Any, units: dict[str, str], apps: set[str],
           grouped: Counter[str], heads: Mapping[str, str]) -> list[list[str]] | None:
    """The parts of one group (see `split_whole_apps`), or None when it stays whole."""
    members = sorted(members)
    unit_of = {m: units.get(m, m) for m in members}
    count = Counter(unit_of.values())
    pieces = sorted(u for u, n in count.items()
                    if n >= APP_MIN_MODULES and n * 2 > grouped[u])
    if len(pieces) < 2 or not any(u in apps for u in pieces):
        return None
    inner: dict[str, float] = defaultdict(float)
    tie: dict[tuple[str, str], float] = defaultdict(float)
    member_set = set(members)
    for a in members:
        for b, data in graph[a].items() if a in graph else ():
            if b <= a or b not in member_set:
                continue
            ua, ub = unit_of[a], unit_of[b]
            weight = data.get("weight", 1.0)
            if ua == ub:
                inner[ua] += weight
            else:
                tie[(ua, ub) if ua < ub else (ub, ua)] += weight
    joined = {u: u for u in pieces}
    for (ua, ub), weight in sorted(tie.items()):
        if ua in joined and ub in joined and weight >= TIE_SHARE * min(inner[ua], inner[ub]):
            join(joined, ua, ub)
    join_heads(joined, heads)
    roots = sorted({root(joined, u) for u in pieces})
    if len(roots) < 2:
        return None
    part_of = {m: root(joined, unit_of[m]) for m in members if unit_of[m] in joined}
    _attach(members, graph, part_of)
    parts: dict[str, list[str]] = defaultdict(list)
    for m in members:
        parts[part_of[m]].append(m)
    return [parts[r] for r in roots if parts[r]]


def root(joined: dict[str, str], piece: str) -> str:
    """The piece `piece` is joined to, in `joined` (each piece -> the piece it joined, a
    root joining itself)."""
    while joined[piece] != piece:
        piece = joined[piece]
    return piece


def join(joined: dict[str, str], a: str, b: str) -> None:
    """Join the parts of pieces `a` and `b` in `joined`, under the smaller root's name."""
    ra, rb = root(joined, a), root(joined, b)
    if ra != rb:
        joined[max(ra, rb)] = min(ra, rb)


def join_heads(joined: dict[str, str], heads: Mapping[str, str]) -> None:
    """Join, in `joined`, each compound package's piece with its head's (`heads`:
    `compounds.package_heads`), both pieces of the group: a compound package is a part of
    its head's domain."""
    for part, head in sorted(heads.items()):
        if part in joined and head in joined:
            join(joined, part, head)


def _attach(members: list[str], graph: Any, part_of: dict[str, str]) -> None:
    """Place the members no piece holds, strongest tie first, each with the part it is
    tied to most (ties: the part's name); those tied to no part join the biggest part."""
    left = [m for m in members if m not in part_of]
    pull: dict[str, dict[str, float]] = {m: defaultdict(float) for m in left}
    for m in left:
        for other, data in graph[m].items() if m in graph else ():
            if other in part_of:
                pull[m][part_of[other]] += data.get("weight", 1.0)
    while left:
        best = max(left, key=lambda m: (max(pull[m].values(), default=0.0), m))
        if not pull[best] or max(pull[best].values()) <= 0:
            break
        target = min(pull[best], key=lambda p: (-pull[best][p], p))
        part_of[best] = target
        left.remove(best)
        for other, data in graph[best].items():
            if other in pull and other not in part_of:
                pull[other][target] += data.get("weight", 1.0)
    if left:
        sizes = Counter(part_of.values())
        biggest = min(sizes, key=lambda p: (-sizes[p], p))
        for m in left:
            part_of[m] = biggest
