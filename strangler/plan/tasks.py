"""The tasks strategy's facts: the seam's Celery tasks (by the names the broker carries), the
project's Celery app and the module its workers boot from, and why it cannot be done when it
cannot (another task system, a task name only known at run time, no Celery app found).

Read from the sources with `ast`; nothing is imported.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping

from strangler.model import CeleryApp, Risk, SeamTask, TasksPlan, TaskSystem

# Top-level import name -> the task system it is.
SYSTEMS: dict[str, TaskSystem] = {"celery": "celery", "rq": "rq", "django_rq": "rq",
                                  "flask_rq2": "rq", "dramatiq": "dramatiq",
                                  "django_dramatiq": "dramatiq", "huey": "huey", "arq": "arq",
                                  "taskiq": "taskiq"}
# Decorators that make a function a task in one system or another (`@app.task`,
# `@shared_task(...)`, `@dramatiq.actor`, `@job('default')`, `@huey.db_task()` ...).
_TASK_DECORATORS = {"task", "shared_task", "actor", "job", "db_task", "periodic_task",
                    "db_periodic_task"}
_SETTINGS = re.compile(r"""DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']""")


def _parse(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except SyntaxError:
        return None


def _systems(tree: ast.Module) -> set[TaskSystem]:
    found: set[TaskSystem] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        for name in names:
            system = SYSTEMS.get(name.split(".")[0])
            if system:
                found.add(system)
    return found


def _decorator_parts(decorator: ast.expr) -> tuple[str, str, ast.Call | None]:
    """(base name, attribute, the call) of `@base.attr(...)`, `@attr` or `@attr(...)`."""
    call = decorator if isinstance(decorator, ast.Call) else None
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Name):
        return "", target.id, call
    if isinstance(target, ast.Attribute):
        return ast.unparse(target.value), target.attr, call
    return "", "", call


def _is_celery_app_call(value: ast.expr) -> bool:
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    return (isinstance(func, ast.Name) and func.id == "Celery") or (
        isinstance(func, ast.Attribute) and func.attr == "Celery")


def find_celery_apps(sources: Mapping[str, str], paths: Mapping[str, str]) -> list[CeleryApp]:
    """Every module-level `X = Celery(...)` of the project (tests last), with the Django
    settings the same module sets."""
    apps: list[CeleryApp] = []
    for module in sorted(sources):
        text = sources[module]
        if "Celery(" not in text:
            continue
        tree = _parse(text)
        if tree is None:
            continue
        settings = _SETTINGS.search(text)
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None and \
                    _is_celery_app_call(node.value):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        apps.append(CeleryApp(module, target.id, node.lineno,
                                              paths.get(module, ""), "",
                                              settings.group(1) if settings else ""))
    apps.sort(key=lambda a: (_is_test(a.module), a.module.count("."), a.module, a.attribute))
    return apps


def _is_test(module: str) -> bool:
    return any(part in ("tests", "test", "testing") or part.startswith("test_")
               for part in module.split("."))


def find_worker_entry(app: CeleryApp, sources: Mapping[str, str]) -> str:
    """The module the monolith's workers are started from (`celery -A <it>`): one that
    imports the app and builds the framework around it (calls an app factory or
    django.setup()); '' when the app's own module is enough."""
    leaf = re.compile(rf"\b{re.escape(app.attribute)}\b")
    candidates: list[tuple[int, int, str]] = []
    for module in sorted(sources):
        text = sources[module]
        if module == app.module or _is_test(module) or app.module not in text:
            continue
        if not leaf.search(text) or not re.search(r"\bcreate_app\(|django\.setup\(", text):
            continue
        tree = _parse(text)
        if tree is None or not any(
                isinstance(n, ast.ImportFrom) and n.module == app.module and any(
                    a.name == app.attribute for a in n.names) for n in ast.walk(tree)):
            continue
        named = "celery" in module or "worker" in module
        candidates.append((0 if named else 1, module.count("."), module))
    return min(candidates)[2] if candidates else ""


def seam_task_functions(tree: ast.Module) -> list[tuple[ast.FunctionDef | ast.AsyncFunctionDef,
                                                        str, str, ast.Call | None]]:
    """Module-level functions decorated as tasks: (function, decorator base, attribute,
    the decorator call)."""
    found = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            base, attribute, call = _decorator_parts(decorator)
            if attribute in _TASK_DECORATORS:
                found.append((node, base, attribute, call))
                break
    return found


def _task_name(module: str, function: str, call: ast.Call | None) -> str | None:
    """The registered name: `name=` when it is a literal, module.function when absent,
    None when it is computed at run time."""
    for keyword in call.keywords if call else []:
        if keyword.arg == "name":
            if isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                return keyword.value.value
            return None
    return f"{module}.{function}"


def _queue(seam: str, sources: Mapping[str, str]) -> str:
    """The seam's queue: its name, unless the project already uses a queue of that name."""
    used = re.compile(rf"""(queue\W{{1,6}}|Queue\(\s*)["']{re.escape(seam)}["']""")
    if any(used.search(text) for text in sources.values()):
        return f"{seam}_service"
    return seam


def plan_tasks(seam: str, members: set[str], sources: Mapping[str, str],
               paths: Mapping[str, str], writes: Mapping[tuple[str, str], set[str]],
               shared: Mapping[str, tuple[str, ...]]) -> tuple[TasksPlan | None, list[Risk]]:
    """The seam's tasks and how they move; None when the seam has no task. `writes`:
    (module, function) -> tables it writes; `shared`: table -> the modules outside the seam
    that also use it (a task writing one shares state with the monolith)."""
    seam_systems: set[TaskSystem] = set()
    decorated: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef, str, str,
                          ast.Call | None]] = []
    for module in sorted(members):
        tree = _parse(sources.get(module, ""))
        if tree is None:
            continue
        module_systems = _systems(tree)
        seam_systems |= module_systems
        for function, base, attribute, call in seam_task_functions(tree):
            decorated.append((module, function, base, attribute, call))
    others = sorted(s for s in seam_systems if s != "celery")
    if not decorated and not others:
        return None, []
    queue = _queue(seam, sources)
    if others:
        return TasksPlan(others[0], (), queue, None,
                         f"the tasks strategy supports Celery; {', '.join(others)} found in "
                         "the seam: its jobs stay in the monolith's workers"), []
    project: set[TaskSystem] = set()
    for text in sources.values():
        if "celery" in text:
            tree = _parse(text)
            if tree is not None:
                project |= _systems(tree)
                if "celery" in project:
                    break
    if "celery" not in project:
        return TasksPlan("none", (), queue, None,
                         "functions decorated as tasks, but no task system (Celery) is "
                         "imported: nothing to route"), []
    apps = find_celery_apps(sources, paths)
    app = _app_of(apps, decorated, sources)
    if app is not None:
        app = CeleryApp(app.module, app.attribute, app.line, app.path,
                        find_worker_entry(app, sources), app.django_settings)
    tasks: list[SeamTask] = []
    unnamed: list[str] = []
    risks: list[Risk] = []
    for module, function, _, _, call in decorated:
        name = _task_name(module, function.name, call)
        if name is None:
            unnamed.append(f"{module}.{function.name}")
            continue
        written = tuple(sorted(writes.get((module, function.name), set())))
        tasks.append(SeamTask(module, function.name, name, function.lineno, written))
        for table in written:
            if table in shared:
                risks.append(Risk(
                    "task_shared_state", f"task {name} writes table {table}, also used by "
                    f"{', '.join(shared[table][:5])}{' ...' if len(shared[table]) > 5 else ''}"
                    ": the service's worker and the monolith write it side by side (same "
                    "database) until the table moves", paths.get(module, ""), function.lineno))
    tasks.sort(key=lambda t: t.name)
    refused = ""
    if app is None:
        refused = ("no `Celery(...)` application found in the project: the worker has "
                   "nothing to boot")
    elif unnamed:
        refused = (f"task name computed at run time ({', '.join(unnamed)}): it cannot be "
                   "routed by name")
    return TasksPlan("celery", tuple(tasks), queue, app, refused), risks


def _app_of(apps: list[CeleryApp], decorated: list[tuple[str, ast.FunctionDef |
                                                          ast.AsyncFunctionDef, str, str,
                                                          ast.Call | None]],
            sources: Mapping[str, str]) -> CeleryApp | None:
    """The app whose `.task` decorates the seam's tasks (through the seam module's import
    of it), else the project's main one (shared_task binds to it)."""
    by_key = {(a.module, a.attribute): a for a in apps}
    for module, _, base, _, _ in decorated:
        if not base:
            continue
        if (module, base) in by_key:
            return by_key[(module, base)]
        tree = _parse(sources.get(module, ""))
        for node in ast.walk(tree) if tree else []:
            if isinstance(node, ast.ImportFrom):
                source = _absolute(module, node.level, node.module or "")
                for alias in node.names:
                    if (alias.asname or alias.name) == base and (source, alias.name) in by_key:
                        return by_key[(source, alias.name)]
    return apps[0] if apps else None


def _absolute(module: str, level: int, name: str) -> str:
    """`from ..x import y` in a.b.c (a module, not a package) names a.x."""
    if not level:
        return name
    parts = module.split(".")[:-level]
    return ".".join([*parts, name] if name else parts)
