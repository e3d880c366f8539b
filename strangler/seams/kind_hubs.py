"""Kind modules of every concern: one app's background tasks or signal handlers, all in one.

A Django app laid out as one flat package keeps one module per kind (`models`, `views`,
`serializers`, `tasks`, `signals/handlers`), each holding every concept the app has, beside
flat modules doing one job each (`consumer`, `barcodes`, `matching`, `bulk_edit`). Its one
models module, the schema of every concept, is kernel already (`kernel.find_kernel`: it maps
most of the project's tables). The app's `tasks` module (the Celery tasks of every concern:
consume a file, train the classifier, update the index, run a workflow) and its signal
handlers (one receiver per concern) call into every one-job module, and the one-job modules
call them back (a view queues a task). Clustered like any other module, each glued the
app's concerns into one seam, named after the app's management commands. They hold no
domain of their own: their data are the kernel schema's tables, and what they do is every
concern's. A module cannot be cut, so the whole module is the platform's, as one models
module of every table is.

Kept narrow, so that an app's own `tasks.py` of one concern stays with it:

- the module's own name, or its package's, says background work or a hook (`HOOK_KINDS`:
  `tasks`, `jobs`, `signals`, `handlers`, `receivers`);
- it lies in a Django app (`apps.django_apps`) whose `models` module is already in the
  kernel (the schema of every concept);
- it maps no table, and every table it reads or writes is mapped by a kernel module (no
  data of its own beside the shared schema);
- it serves no route;
- its imports reach HOOK_REACH of the app's other modules or more, outside the kernel and
  outside its own package (it is the meeting point of many concerns, not one's helper).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

from strangler.model import KernelModule

HOOK_KINDS = frozenset({"tasks", "jobs", "signals", "handlers", "receivers"})
HOOK_REACH = 6  # of the app's modules outside the kernel that the module imports, at least


def kind_hubs(names: Iterable[str], kernel: AbstractSet[str], edges: Iterable[tuple[str, str]],
              maps: AbstractSet[str], touched: Mapping[str, AbstractSet[str]],
              mapped_by: Mapping[str, AbstractSet[str]], served: AbstractSet[str],
              placed: AbstractSet[str]) -> list[KernelModule]:
    """The kind modules of every concern (see the module docstring), sorted. `kernel`: the
    kernel so far; `edges`: static (source, target) imports; `maps`: the modules mapping a
    table; `touched`: each module -> the tables it reads or writes; `mapped_by`: each table
    -> the modules mapping it; `served`: the modules serving a route; `placed`: modules
    already decided (kernel, roots, the user's levers)."""
    from strangler.seams.apps import django_apps

    names = sorted(set(names))
    app_of = django_apps(names)
    if not app_of:
        return []
    schema_apps = {app for app in set(app_of.values()) if f"{app}.models" in kernel}
    if not schema_apps:
        return []
    reach: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        app = app_of.get(source)
        if (app in schema_apps and app_of.get(target) == app and target not in kernel
                and target != source and target != app):
            reach[source].add(target)
    found: list[KernelModule] = []
    for name in names:
        app = app_of.get(name)
        if app not in schema_apps or name in placed or name in maps or name in served:
            continue
        parts = name.split(".")
        start = len(app.split("."))
        kind = next((i for i in range(start, len(parts)) if parts[i].lower() in HOOK_KINDS),
                    None)
        if kind is None:
            continue
        own = ".".join(parts[:kind + 1])
        far = {t for t in reach.get(name, ()) if t != own and not t.startswith(own + ".")}
        if len(far) < HOOK_REACH:
            continue
        if not all(any(m in kernel for m in mapped_by.get(t, ())) for t in touched.get(name, ())):
            continue
        found.append(KernelModule(name, f"the {parts[-1]} of every concern of the app {app} "
                                        f"(imports {len(far)} of its modules), whose schema "
                                        "is kernel: it holds no domain of its own"))
    return found
