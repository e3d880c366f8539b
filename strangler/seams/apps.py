"""Projects whose packages are the domains (Django apps): the app is the unit a team owns.

Two rules, both for a project with three app units or more (`words.app_units`: packages each
made of layers, `models`, `views`, `api`...):

- `project_platform`: the Django *project package* (the one holding the settings and the
  root URLconf) is no app. When it sits beside the apps as a unit of its own, its modules are
  the platform's glue (generic base views, API base classes, the plugin framework, navigation,
  root routes): kernel, not a service.
- `app_strays`: a module of an app that the coupling placed in another app's group, away from
  the group holding most of its app, rejoins its app's group (see the function).
- `platform_apps`: an app with no domain data of its own (none of its modules maps or writes
  a table, a settings store aside; or its tables are private records: see `record_apps`)
  that many other apps import is the platform's (an admin site framework, a plugin
  framework, a lock or task-deduplication store): kernel, counted over the app, not module
  by module.
- `app_kernel_strays`: the kernel modules of an app that is a domain (its choices, constants,
  mixins that other apps import) rejoin the app's group: they are the app's contract.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

from strangler.model import KernelModule
from strangler.seams.name_sets import once_per_name_set
from strangler.seams.propose import Grouping

ROOT_SIBLINGS = ("settings", "wsgi", "asgi")  # beside `urls`: the Django project package
# A table's use: the modules mapping it, reading it and writing it.
TableUse = tuple[Iterable[str], Iterable[str], Iterable[str]]


def project_packages(names: Iterable[str]) -> set[str]:
    """The Django project packages: a package holding `urls` beside `settings`, `wsgi` or
    `asgi`, in a project where several packages hold a `urls` module (apps have their own)."""
    names = set(names)
    url_packages = {n.rsplit(".", 1)[0] for n in names if n.endswith(".urls")}
    if len(url_packages) < 2:
        return set()
    return {p for p in url_packages if any(f"{p}.{last}" in names for last in ROOT_SIBLINGS)}


def project_platform(units: dict[str, str], apps: set[str], owners: set[str],
                     left_out: set[str], roots: AbstractSet[str] = frozenset(),
                     pinned: Iterable[str] = ()) -> list[KernelModule]:
    """The modules of a Django project package that is an app unit beside the others
    (`netbox/` beside `dcim/`, `ipam/`; not `wger/` above `wger/core`, whose own unit is its
    `__init__` alone): every one that maps or writes no table, is no root, example or script
    (`left_out`) and is not pinned. Django discovers models only in installed apps; the
    project package holds the settings, the root URLconf and the glue every app is built on.
    Where apps keep a `settings` module of their own beside their `urls` (an app's defaults),
    the project package is the one whose URLconf or settings are among the `roots`."""
    pinned = set(pinned)
    found = project_packages(units)
    rooted = {p for p in found
              if any(f"{p}.{last}" in roots for last in ("urls", *ROOT_SIBLINGS))}
    platform = (rooted or found) & apps
    return [KernelModule(m, f"part of the Django project package {units[m]} (beside its "
                            "settings and root URLconf), which is no app: platform glue the "
                            "apps are built on, with no tables of its own")
            for m in sorted(units) if units[m] in platform and m not in owners
            and m not in left_out and m not in pinned]


def django_apps(names: Iterable[str]) -> dict[str, str]:
    """Each module inside a Django app -> the app: the innermost package above it (or the
    package itself) holding an `apps` module (Django's AppConfig; a package named `apps` is
    none), when there are three such packages or more. The children of a package made of
    two mirrored layer packages (`layer_pairs`) are layers, not apps: their `apps` module is
    a domain's (`models/apps` beside `routers/apps`)."""
    return dict(_django_apps(names))  # (each caller its own copy of the shared answer)


@once_per_name_set
def _django_apps(names: frozenset[str]) -> dict[str, str]:
    """`django_apps`, computed once per set of names (ten rules ask)."""
    from strangler.seams.layer_pairs import layer_children

    # (a package named `apps` holds the apps: `tendenci/apps/events/`; it is no AppConfig)
    packages = {n.rsplit(".", 1)[0] for n in names if "." in n}
    found = {n.rsplit(".", 1)[0] for n in names
             if n.endswith(".apps") and "." in n and n not in packages}
    if len(found) < 3:  # (fewer still without the layer packages' children)
        return {}
    found -= layer_children(names)
    if len(found) < 3:
        return {}
    # (in a project of apps, a package with a `models` module and its own `migrations`
    # is an app without an AppConfig of its own: a project's `core/` app)
    with_models = {n.rsplit(".", 1)[0] for n in names if n.endswith(".models") and "." in n}
    known = found | with_models
    found |= {package for package in with_models - layer_children(names)
              if not any(package.startswith(app + ".") for app in known)}
    of: dict[str, str] = {}
    for name in names:
        parts = name.split(".")
        for end in range(len(parts), 0, -1):
            if (package := ".".join(parts[:end])) in found:
                of[name] = package
                break
    return of


def record_apps(app_of: Mapping[str, str], tables: Iterable[TableUse],
                relations: Iterable[tuple[str, str]]) -> set[str]:
    """The Django apps (`app_of`: module -> app) whose tables are all private records: each
    table the app maps is touched (read or written) by no module of another app, no model
    relation joins it to another app's model (`relations`: source module, target module),
    and the app writes no table another app maps (`tables`: each table's mapping, reading
    and writing modules). A lock, a task-deduplication entry, an error log kept behind the
    app's own functions: bookkeeping, no domain data another part of the project shares."""
    mapping: set[str] = set()
    shared: set[str] = set()
    for source, target in relations:
        ends = {app_of.get(source), app_of.get(target)}
        if len(ends) > 1:
            shared.update(a for a in ends if a is not None)
    for mappers, readers, writers in tables:
        own = {a for m in mappers if (a := app_of.get(m)) is not None}
        mapping |= own
        touching = {a for m in (*readers, *writers) if (a := app_of.get(m)) is not None}
        if touching - own:
            shared |= own
        shared.update(a for m in writers if (a := app_of.get(m)) is not None and a not in own)
    return mapping - shared


def platform_apps(names: Iterable[str], owners: set[str], edges: Iterable[tuple[str, str]],
                  left_out: set[str], pinned: Iterable[str] = (),
                  examples: Iterable[str] = (), tables: Iterable[TableUse] = (),
                  relations: Iterable[tuple[str, str]] = (),
                  served: AbstractSet[str] = frozenset()) -> list[KernelModule]:
    """The modules of each Django app (`django_apps`) that is platform: none of its modules
    is in `owners` (maps or writes a table; a settings store is no domain data), or its
    tables are private records (`record_apps` over `tables` and `relations`), and modules
    of 30% of the other apps, three or more, import or call it (`edges`: run-time source,
    target). An app whose records a module serving routes (`served`) reads or writes shows
    them in pages of its own: a domain's data, not bookkeeping (an `orders` app whose
    choices every app imports). Each module's own breadth may be small (an admin site's
    forms, views and registry are each used by a few apps); the app as a whole is what the
    domains are built on. Modules in `left_out` (roots, examples, kernel already) and pinned
    ones stay. The tables of `examples` (example, demo and test-support modules the proposal
    leaves out: a test project's views inside `core/`) are no data of the app."""
    pinned = set(pinned)
    examples = set(examples)
    app_of = django_apps(names)
    apps = set(app_of.values())
    users: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        a, b = app_of.get(source), app_of.get(target)
        if a is not None and b is not None and a != b:
            users[b].add(a)
    need = max(3, -(-(len(apps) - 1) * 3 // 10))  # ceil(30%) of the other apps
    with_data = {app_of[m] for m in owners if m in app_of and m not in examples}
    # (the touching modules of a record app's tables are all its own)
    tables = list(tables)
    records = record_apps(app_of, tables, relations) & with_data
    records -= {app_of[m] for _, readers, writers in tables for m in (*readers, *writers)
                if m in served and m in app_of}
    pages = page_apps(app_of, tables, served) - with_data
    platform = {app for app in apps if (app not in with_data or app in records)
                and len(users[app]) >= need and app not in pages}
    # (an app built only on the platform and on the apps every domain uses, that several
    # apps use in turn, is a layer of the platform: a template engine, a task queue, an
    # error log; `platform_layers`)
    layers = platform_layers(apps, users, platform, {app for app in apps
                                                     if len(users[app]) >= need},
                             {app for app in apps if (app not in with_data or app in records)
                              and app not in pages})

    def data(app: str) -> str:
        return ("whose tables are its own records (no other app reads, writes or refers to "
                "them)" if app in records else "which has no tables of its own")

    def why(app: str) -> str:
        if app in layers:
            return (f"part of the app {app}, {data(app)}, which uses only the platform and "
                    f"apps most apps use, and which {len(users[app])} of the other "
                    f"{len(apps) - 1} apps use: a layer of the platform")
        return (f"part of the app {app}, {data(app)} and which {len(users[app])} of the "
                f"other {len(apps) - 1} apps use: platform the apps are built on")
    return [KernelModule(m, why(app_of[m]))
            for m in sorted(app_of) if app_of[m] in platform | layers and m not in left_out
            and m not in pinned]


PAGE_MODULES = 2  # an app's route-serving modules reading other apps' tables


def page_apps(app_of: Mapping[str, str], tables: Iterable[TableUse],
              served: AbstractSet[str]) -> set[str]:
    """The apps with `PAGE_MODULES` or more modules that serve routes (`served`) and read or
    write tables other apps map: the pages or API of other apps' data (a public schedule,
    a call for papers), an interface onto the domains, not the platform they are built on,
    however many apps import its helpers."""
    pages: dict[str, set[str]] = defaultdict(set)
    for mappers, readers, writers in tables:
        owners = {a for m in mappers if (a := app_of.get(m)) is not None}
        for module in (*readers, *writers):
            app = app_of.get(module)
            if module in served and app is not None and owners and app not in owners:
                pages[app].add(module)
    return {app for app, modules in pages.items() if len(modules) >= PAGE_MODULES}


LAYER_USERS = 3  # apps using an app built only on the platform


def platform_layers(apps: Iterable[str], users: Mapping[str, AbstractSet[str]],
                    platform: AbstractSet[str], broad: AbstractSet[str],
                    dataless: AbstractSet[str]) -> set[str]:
    """The apps below the platform's bar (`users`: app -> the apps using it) that are
    layers of it: with no domain data (`dataless`: no tables, or private records only),
    used by `LAYER_USERS` other apps or more, and using nothing but `platform` apps and
    `broad` ones (apps that 30% of the others use, whatever their data: the permission
    checks every view makes), none of which but the platform's uses it back. A domain app
    uses other domains' apps below that bar, or is used by the broad domain it builds on (a
    version-control layer that the translation core drives and that calls back into it)."""
    uses: dict[str, set[str]] = defaultdict(set)
    for app, by in users.items():
        for user in by:
            uses[user].add(app)
    return {app for app in apps if app in dataless and app not in platform
            and len(users.get(app, ())) >= LAYER_USERS
            and uses[app] <= (platform | broad)
            and not any(app in uses[other] for other in uses[app] - platform)}


def app_strays(grouping: Grouping, units: dict[str, str], apps: set[str],
               owners: set[str], fixed: Iterable[str] = (),
               owned: Mapping[str, AbstractSet[str]] | None = None,
               mapped_by: Mapping[str, AbstractSet[str]] | None = None) -> Grouping:
    """The part of an app (`units` in `apps`) placed in another group, while one group holds
    most of the app's grouped modules (two or more, a majority), rejoins that group: a
    management command, a template tag library or a helper that the framework loads with
    its app, pulled away by a use of another app's models. A part moves whole or not at
    all: one holding a module that maps or writes a table (`owners`) stays where its data
    put it, with the views and services around that data. A module the user keeps with
    others (`fixed`: `together` globs) stays, and pinned groups neither give nor take.
    Given each module's tables (`owned`) and each table's mapping modules (`mapped_by`), a
    module whose tables are all the app's own, mapped by modules of the app in its home
    group (a serializer or a task of the app writing the app's models), holds no data that
    put it elsewhere: its data are at home, and it moves too. So does a part that maps its
    app's table itself (an entity of the app the clustering cut away with the code working
    on it): the mapping module moves with the part, and the table stays the app's own."""
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    home = {app: best for app, (best, _) in _majority_groups(grouping, label, units,
                                                             apps).items()}

    def held_away(module: str) -> bool:
        if module not in owners:
            return False
        if owned is None or mapped_by is None:
            return True
        app = units[module]
        return not owned.get(module) or any(
            not any(units.get(m) == app and label.get(m) in (home[app], label[module])
                    for m in mapped_by.get(t, ()))
            for t in owned[module])
    parts: dict[tuple[str, int], list[str]] = defaultdict(list)
    for module, i in sorted(label.items()):
        app = units.get(module, "")
        if app in home and home[app] != i and not grouping.groups[i][0]:
            parts[(app, i)].append(module)
    fixed = set(fixed)
    moves = {module: home[app] for (app, _), members in parts.items()
             if not any(held_away(m) for m in members) for module in members
             if module not in fixed}
    if not moves:
        return grouping
    return grouping.moved(moves)


def app_kernel_strays(grouping: Grouping, kernel: Iterable[KernelModule], units: dict[str, str],
                      apps: set[str], owners: set[str], keep: Iterable[str] = ()
                      ) -> tuple[Grouping, list[KernelModule]]:
    """A kernel module of an app that is a domain rejoins the app's group: the app's
    choices, constants and mixins that other apps import are its published contract, not
    the platform's. A domain app has data (one of its modules maps or writes a table, see
    `owners`), most of its modules are in seams, and one group holds most of those (two or
    more, a majority; not a pinned one). An app without tables (`utilities/`) or mostly in
    the kernel is the platform's and keeps its kernel modules. `keep`: kernel modules that
    stay (the user's `kernels` globs). Returns the grouping and the kernel modules that
    stay."""
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    kernel = list(kernel)
    in_kernel = Counter(units.get(k.module) for k in kernel)
    with_data = {units[m] for m in owners if m in units}
    home = {app: best for app, (best, grouped) in _majority_groups(grouping, label, units,
                                                                   apps).items()
            if grouped > in_kernel[app] and app in with_data}
    keep = set(keep)
    joined: dict[int, list[str]] = defaultdict(list)
    stay: list[KernelModule] = []
    for k in kernel:
        target = home.get(units.get(k.module, ""))
        if target is None or k.module in keep:
            stay.append(k)
        else:
            joined[target].append(k.module)
    if not joined:
        return grouping, kernel
    return (Grouping.ordered(((pin, (*members, *joined.get(i, ())))
                              for i, (pin, members) in enumerate(grouping.groups)),
                             grouping.choice), stay)



def _majority_groups(grouping: Grouping, label: dict[str, int], units: dict[str, str],
                     apps: set[str]) -> dict[str, tuple[int, int]]:
    """app -> (the unpinned group holding most of its grouped modules, two or more and a
    majority; how many of its modules are grouped)."""
    votes: dict[str, list[int]] = defaultdict(list)
    for module, i in label.items():
        if units.get(module) in apps:
            votes[units[module]].append(i)
    found: dict[str, tuple[int, int]] = {}
    for app, groups in votes.items():
        best, count = min(Counter(groups).items(), key=lambda item: (-item[1], item[0]))
        if count >= 2 and count * 2 > len(groups) and not grouping.groups[best][0]:
            found[app] = (best, len(groups))
    return found


def platform_app_strays(grouping: Grouping, isolated: Iterable[str], kernel: Iterable[str],
                        names: Iterable[str], owned: Mapping[str, AbstractSet[str]],
                        mapped_by: Mapping[str, AbstractSet[str]], served: AbstractSet[str],
                        keep: Iterable[str] = ()) -> list[KernelModule]:
    """The modules of a platform Django app (`django_apps`) left in seams: an app whose
    modules are mostly in the kernel (more kernel modules than grouped and isolated ones
    together: `utils/`, the project's `core/` app) is the platform the apps are built on,
    and its other modules are its pieces, pulled into a seam by one use (a search helper
    with the translations, the static files view's helpers with one app). They join the
    kernel unless they hold another app's data (a table of theirs, `owned`, that no module
    of the app maps: `mapped_by`) or serve a route (`served`): those stay where their data
    or their routes put them. `keep`: modules the user placed or pinned."""
    app_of = django_apps(names)
    if not app_of:
        return []
    in_kernel = Counter(app_of[m] for m in kernel if m in app_of)
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    pinned = {m for m, i in label.items() if grouping.groups[i][0]}
    placed = Counter(app_of[m] for m in [*label, *isolated] if m in app_of)
    platform = {app for app, count in in_kernel.items() if count > placed[app]}
    keep = set(keep) | pinned

    def own_data(module: str, app: str) -> bool:
        return all(any(app_of.get(m) == app for m in mapped_by.get(t, ()))
                   for t in owned.get(module, ()))

    found = [m for m in sorted([*label, *isolated]) if app_of.get(m) in platform
             and m not in keep and m not in served and own_data(m, app_of[m])]
    return [KernelModule(m, f"part of the app {app_of[m]}, {in_kernel[app_of[m]]} of whose "
                            f"{in_kernel[app_of[m]] + placed[app_of[m]]} modules outside the "
                            "roots are kernel: a piece of that platform, with no other app's "
                            "data and no route")
            for m in found]
