"""The tasks strategy's files: the service's Celery worker, the monolith's routing module, and
the routing line the codemod puts right after the project's `X = Celery(...)`.

A task stays a task: callers keep `.delay`/`.apply_async`, the task object is untouched, and
only the broker's routing changes. Legacy workers keep consuming the default queue, so the
cut-over (and its rollback) is that one routing line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import libcst as cst

from strangler.generate.codemod import Rewrite
from strangler.model import CeleryApp, ExtractionPlan, TasksPlan
from strangler.templating import environment


@dataclass(frozen=True)
class TaskFiles:
    """What the tasks strategy adds to an extraction."""

    files: tuple[tuple[str, str], ...]  # (path relative to the root, content)
    rewrite: Rewrite | None  # the Celery app module with the routing line
    worker: str  # the worker's module, run from the service folder (`billing_service.worker`)
    routes_module: str  # the monolith's routing module (`shop.billing_task_routes`)


def usable(plan: ExtractionPlan) -> TasksPlan | None:
    """The plan's tasks when a worker can be generated for them."""
    found = plan.tasks
    if found is None or found.refused or not found.tasks or found.app is None:
        return None
    return found


def routes_module(app: CeleryApp, seam: str) -> tuple[str, str]:
    """(module, path) of the routing module, beside the Celery app's module."""
    package_file = app.path.endswith("/__init__.py") or app.path == "__init__.py"
    package = app.module if package_file else app.module.rpartition(".")[0]
    folder = app.path.rpartition("/")[0]
    leaf = f"{seam}_task_routes"
    return (f"{package}.{leaf}" if package else leaf), (f"{folder}/{leaf}.py" if folder
                                                        else f"{leaf}.py")


def marker(module: str) -> str:
    """The call the routing line makes (`billing_task_routes.route_tasks(`): how a second
    run knows the line is there."""
    return f"{module.rpartition('.')[2]}.route_tasks("


class _InsertRouting(cst.CSTTransformer):
    """Put the routing line right after the module-level `<attribute> = ...Celery(...)`."""

    def __init__(self, attribute: str, lines: list[cst.SimpleStatementLine]) -> None:
        super().__init__()
        self.attribute = attribute
        self.lines = lines
        self.done = False

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> bool:
        return False  # module level only

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine
                                  ) -> cst.SimpleStatementLine | cst.FlattenSentinel[
                                      cst.SimpleStatementLine]:
        if self.done or not any(self._is_app(s) for s in updated.body):
            return updated
        self.done = True
        return cst.FlattenSentinel([updated, *self.lines])

    def _is_app(self, statement: cst.BaseSmallStatement) -> bool:
        if isinstance(statement, cst.Assign):
            targets = [t.target for t in statement.targets]
        elif isinstance(statement, cst.AnnAssign):
            targets = [statement.target]
        else:
            return False
        value = statement.value
        if not isinstance(value, cst.Call) or not any(
                isinstance(t, cst.Name) and t.value == self.attribute for t in targets):
            return False
        func = value.func
        return (isinstance(func, cst.Name) and func.value == "Celery") or (
            isinstance(func, cst.Attribute) and func.attr.value == "Celery")


def insert_routing(source: str, path: str, app: CeleryApp, seam: str, module: str
                   ) -> Rewrite:
    """The app module with a comment, `from <package> import <seam>_task_routes` and
    `<seam>_task_routes.route_tasks(<app>)` right after the app's assignment (unchanged when
    the call is there already)."""
    leaf = module.rpartition(".")[2]
    if marker(module) in source:
        return Rewrite(path, source, source, ())
    parent = module.rpartition(".")[0]
    statement = f"from {parent} import {leaf}" if parent else f"import {leaf}"
    # Short lines, so the project's own line-length rule still passes.
    text = (f"# strangler extract {seam}: the seam's tasks go to its service's worker.\n"
            "# Delete this comment and the next two lines to move them back.\n"
            f"{statement}  # noqa: E402\n")
    statements = [cst.parse_statement(text),
                  cst.parse_statement(f"{leaf}.route_tasks({app.attribute})\n")]
    lines = [s for s in statements if isinstance(s, cst.SimpleStatementLine)]
    transformer = _InsertRouting(app.attribute, lines)
    after = cst.parse_module(source).visit(transformer).code
    if not transformer.done:
        return Rewrite(path, source, source, ((app.line, f"no module-level `{app.attribute} = "
                                                         "Celery(...)` found: add the routing "
                                                         "line by hand"),))
    return Rewrite(path, source, after, ())


def render_tasks(plan: ExtractionPlan, sources: Mapping[str, str], service_dir: str,
                 package: str, boot: Mapping[str, Any], env_prefix: str,
                 carried_paths: Mapping[str, str]) -> TaskFiles | None:
    """The worker, the routing module and the routing line; None when the plan's tasks
    cannot move (the plan says why). `carried_paths`: module -> its path below the
    service's src/, for the modules the service carries."""
    found = usable(plan)
    if found is None or found.app is None:
        return None
    app = found.app
    env = environment()
    module, path = routes_module(app, plan.seam)
    names = [t.name for t in found.tasks]
    routes = env.get_template("tasks/routes.py.jinja").render(
        seam=plan.seam, queue=found.queue, tasks=names, app=app, service_dir=service_dir,
        package=package)
    task_modules = sorted({t.module for t in found.tasks})
    context = dict(seam=plan.seam, queue=found.queue, tasks=names, app=app,
                   task_modules=task_modules, routes_module=module, package=package,
                   boot=boot, env=env_prefix, service_dir=service_dir,
                   django_settings=app.django_settings or (
                       boot.get("settings", "") if boot.get("framework") == "django" else ""))
    files = [(path, routes),
             (f"{service_dir}/{package}/worker.py",
              env.get_template("service/worker.py.jinja").render(**context)),
             (f"{service_dir}/WORKER.md",
              env.get_template("service/WORKER.md.jinja").render(**context))]
    rewrite = insert_routing(sources.get(app.module, ""), app.path, app, plan.seam, module)
    if app.module in carried_paths:  # the service's copy routes as the monolith will
        folder = carried_paths[app.module].rpartition("/")[0]
        files.append((f"{service_dir}/src/{carried_paths[app.module]}", rewrite.after))
        files.append((f"{service_dir}/src/{folder + '/' if folder else ''}"
                      f"{path.rpartition('/')[2]}", routes))
    return TaskFiles(tuple(files), rewrite, f"{package}.worker", module)
