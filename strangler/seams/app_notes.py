"""Where a seam departs from the project's Django apps, and the evidence for it.

A team reading the proposal of a Django project compares it with its apps first: an app
that owns tables is the boundary they drew. Where a seam holds two such apps, or modules
of an app whose other modules are in another seam, the seam says so in words, with what
held them there: the tie between the apps (the weight of the imports and uses between
them, its heaviest edge, the tables one reads or writes of the other's), or for each
foreign part the tables of this seam it maps or writes, or the app's own tables its models
map in a slice drawn across apps (`app_slices`), else its heaviest edge into the seam.
Kernel and root modules are no departure (the kernel has its own reasons)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from strangler.graph import CouplingGraph
from strangler.model import ProjectIndex
from strangler.seams.apps import django_apps
from strangler.seams.index_facts import data_facts

MAX_NAMED = 3  # modules or tables named in one note


def app_departures(index: ProjectIndex, graph: CouplingGraph, labels: Mapping[str, str]
                   ) -> dict[str, tuple[str, ...]]:
    """seam -> its notes on the Django apps (`apps.django_apps`) it merges or cuts; empty
    where the project has no apps or the seam follows them. `labels`: module -> seam."""
    app_of = django_apps(m.name for m in index.modules)
    if not app_of:
        return {}
    placed: dict[str, Counter[str]] = defaultdict(Counter)
    for module, app in app_of.items():
        # (kernel, roots and unassigned modules count as one place: no seam's)
        placed[app][labels.get(module, "")] += 1
    home = {app: top for app, c in placed.items()
            if (top := min(c, key=lambda s: (-c[s], s))) and c[top] >= 2}
    mapped: dict[str, set[str]] = defaultdict(set)  # app -> the tables its models map
    for table in index.tables:
        for model in table.models:
            if model.module in app_of:
                mapped[app_of[model.module]].add(table.name)
    notes: dict[str, list[str]] = defaultdict(list)

    # Two apps with tables of their own at home in one seam: the tie that merged them.
    by_seam: dict[str, list[str]] = defaultdict(list)
    for app, seam in sorted(home.items()):
        if mapped.get(app):
            by_seam[seam].append(app)
    inner: dict[str, float] = defaultdict(float)
    tie: dict[tuple[str, str], float] = defaultdict(float)
    heaviest: dict[tuple[str, str], tuple[float, str, str]] = {}
    for d in graph.dependencies:
        a, b = app_of.get(d.source), app_of.get(d.target)
        if a is not None and a == b:
            inner[a] += d.weight
        if a is None or b is None or a == b or labels.get(d.source) != labels.get(d.target):
            continue
        pair = (min(a, b), max(a, b))
        tie[pair] += d.weight
        best = heaviest.get(pair)
        if best is None or (-d.weight, d.source, d.target) < (-best[0], best[1], best[2]):
            heaviest[pair] = (d.weight, d.source, d.target)
    touched: dict[tuple[str, str], set[str]] = defaultdict(set)  # (user app, owner app)
    owner_app = {t: app for app, tables in mapped.items() for t in tables}
    for link in graph.table_access:
        user, owner = app_of.get(link.module), owner_app.get(link.table)
        if user is not None and owner is not None and user != owner:
            touched[(user, owner)].add(link.table)
    for seam, apps in sorted(by_seam.items()):
        for i, a in enumerate(apps):
            for b in apps[i + 1:]:
                pair = (a, b)
                smaller = min(inner[a], inner[b])
                share = f", {tie[pair] / smaller:.0%} of the smaller app's inner weight" \
                    if smaller else ""
                parts = [f"tied by imports and uses of weight {tie[pair]:.1f}{share}"]
                if pair in heaviest:
                    w, s, t = heaviest[pair]
                    parts[0] += f" (heaviest {s} → {t}, {w:.1f})"
                for user, owner in ((a, b), (b, a)):
                    if touched.get((user, owner)):
                        tables = sorted(touched[(user, owner)])
                        parts.append(f"{user} uses {len(tables)} of the tables of {owner} "
                                     f"({_named(tables)})")
                notes[seam].append(f"holds the Django apps {a} and {b}, each with tables "
                                   f"of its own: " + "; ".join(parts))

    # Parts of an app at home elsewhere: what holds them in this seam.
    facts = data_facts(index, graph)
    defines = facts.maps  # module -> the tables its models map
    seam_tables: dict[str, set[str]] = defaultdict(set)
    for app, own in mapped.items():
        if app in home:
            seam_tables[home[app]] |= own
    edge_into: dict[tuple[str, str], tuple[float, str, str]] = {}
    for d in graph.dependencies:
        for module, other in ((d.source, d.target), (d.target, d.source)):
            here = labels.get(module)
            if here is None or labels.get(other) != here or module not in app_of:
                continue
            key = (module, here)
            best = edge_into.get(key)
            if best is None or (-d.weight, d.source, d.target) < (-best[0], best[1], best[2]):
                edge_into[key] = (d.weight, d.source, d.target)
    strays: dict[tuple[str, str], list[str]] = defaultdict(list)
    for module, where in sorted(labels.items()):
        of = app_of.get(module)
        if of is not None and of in home and home[of] != where:
            strays[(where, of)].append(module)
    for (seam, app), modules in sorted(strays.items()):
        held = sorted({t for m in modules for t in seam_tables[seam]
                       & (facts.written.get(m, frozenset()) | defines.get(m, frozenset()))})
        entity = sorted({t for m in modules for t in defines.get(m, frozenset())})
        others = sorted({app_of[m] for m, s in labels.items() if s == seam and m in app_of}
                        - {app})
        if held:
            why = f"mapping or writing tables of this seam ({_named(held)})"
        elif entity and others:
            # (an entity of the app kept out of it: the project draws its slice across
            # apps, `app_slices`)
            why = (f"an entity of the app, mapping its tables ({_named(entity)}), in a "
                   f"slice the project draws across the apps {_named(others)}")
        else:
            edges = sorted((edge_into[(m, seam)] for m in modules if (m, seam) in edge_into),
                           key=lambda e: (-e[0], e[1], e[2]))
            why = (f"the heaviest tie here is {edges[0][1]} → {edges[0][2]} "
                   f"({edges[0][0]:.1f})" if edges else "no tie here")
        notes[seam].append(f"{len(modules)} module{'s' if len(modules) > 1 else ''} of the "
                           f"Django app {app}, whose home is seam {home[app]} "
                           f"({_named(modules)}): {why}")
    return {seam: tuple(found) for seam, found in sorted(notes.items())}


def _named(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_NAMED])
    return shown + (f", … {len(items) - MAX_NAMED} more" if len(items) > MAX_NAMED else "")
