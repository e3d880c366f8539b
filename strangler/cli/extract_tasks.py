"""`extract`'s tasks strategy on the command line: what the plan says about the seam's
tasks, and the worker's boot check after --apply (a failed check rolls everything back)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Literal

import typer

from strangler.adapters.apply import ApplyReport, rollback
from strangler.model import ExtractionPlan


def print_tasks(plan: ExtractionPlan, worker: str, routes_module: str) -> None:
    """The seam's tasks: where they go, how the worker boots, or why they cannot move."""
    found = plan.tasks
    if found is None:
        return
    echo = typer.echo
    if found.refused:
        echo(f"\ntasks: not moved: {found.refused}")
        return
    app = found.app
    echo(f"\ntasks ({len(found.tasks)}, {found.system}): routed to queue {found.queue!r}, "
         f"consumed by the service's worker ({worker or 'none'})")
    for task in found.tasks:
        writes = f"; writes {', '.join(task.writes)}" if task.writes else ""
        echo(f"  {task.name} ({task.module}.{task.function}){writes}")
    if app is not None:
        boot = (f"its worker module {app.worker_entry}" if app.worker_entry else
                f"DJANGO_SETTINGS_MODULE={app.django_settings}, django.setup()"
                if app.django_settings else "its module")
        echo(f"  Celery app {app.module}:{app.attribute} (line {app.line}), booted through "
             f"{boot}; routing line after it, from {routes_module}")
        echo("  cut-over: start the worker, deploy the routing line (legacy workers keep the "
             "default queue); rollback: delete the routing line")


_ROUTES_SCRIPT = """
import contextlib, importlib, json, os, sys
sys.path[:0] = json.loads(sys.argv[1])
entry, module, attribute, modules, names = json.loads(sys.argv[2])
if os.environ.get("DJANGO_SETTINGS_MODULE"):
    import django
    django.setup()
context = contextlib.nullcontext()
if entry:
    for value in vars(importlib.import_module(entry)).values():
        if not isinstance(value, type) and all(
                hasattr(value, n) for n in ("app_context", "url_map", "config")):
            context = value.app_context()  # the Flask app the worker module built
            break
app = getattr(importlib.import_module(module), attribute)
with context:
    for name in modules:
        importlib.import_module(name)
routes = {}
for name in names:
    queue = app.amqp.router.route({}, name, (), {}, app.tasks.get(name)).get("queue")
    routes[name] = str(getattr(queue, "name", queue))
print(json.dumps(routes, sort_keys=True))
"""


Routing = Literal["routed", "misrouted", "no boot"]


def monolith_routes(python: str, root: Path, paths: list[str], plan: ExtractionPlan,
                    env: dict[str, str], timeout: float = 180) -> tuple[Routing, str]:
    """Where the monolith, booted as its workers boot it, now sends each of the seam's task
    names: ("routed" when all go to the seam's queue, "misrouted", or "no boot" when the
    monolith could not be booted at all), and what it said."""
    found = plan.tasks
    if found is None or found.app is None:
        return "no boot", "no Celery app"
    app = found.app
    spec = [app.worker_entry, app.module, app.attribute, sorted({t.module for t in found.tasks}),
            [t.name for t in found.tasks]]
    if app.django_settings and "DJANGO_SETTINGS_MODULE" not in env:
        env = {**env, "DJANGO_SETTINGS_MODULE": app.django_settings}  # as its celery.py does
    try:
        run = subprocess.run([python, "-c", _ROUTES_SCRIPT, json.dumps([str(root / p) for p in
                                                                          paths or [""]]),
                              json.dumps(spec)], cwd=root, env=_environment(env),
                             capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return "no boot", f"no answer in {timeout:.0f} s"
    if run.returncode != 0:
        return "no boot", (run.stderr.strip().splitlines() or ["no output"])[-1]
    routes = json.loads(run.stdout.strip().splitlines()[-1])
    wrong = {name: queue for name, queue in routes.items() if queue != found.queue}
    if wrong:
        return "misrouted", f"misrouted {wrong}"
    return "routed", f"{len(routes)} of {len(routes)} task names to {found.queue!r}"


def boot_before(python: str, root: Path, paths: list[str], plan: ExtractionPlan,
                env: dict[str, str], timeout: float = 180) -> str | None:
    """Why the monolith cannot be booted as its workers boot it, before anything changes
    (None when it boots): a routing check that fails the same way after the change proves
    nothing either way, and is no reason to roll back."""
    verdict, said = monolith_routes(python, root, paths, plan, env, timeout)
    return said if verdict == "no boot" else None


def _environment(env: dict[str, str]) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STRANGLER_")}
    environment.update(env)
    return environment


def worker_check(python: str, root: Path, service_dir: Path | None, worker: str,
                 env: dict[str, str], report: ApplyReport, plan: ExtractionPlan,
                 paths: list[str], timeout: float = 180, no_boot_before: str | None = None
                 ) -> int:
    """Where the monolith now routes the seam's tasks, then the worker booted with `--check`
    (no broker needed): every task registered and routed to the seam's queue. Roll back and
    return 4 when either fails, unless the monolith did not boot before the change either
    (`no_boot_before`): then the routing is not proven, and said so. `service_dir` None: the
    worker is not started (--no-boot-check)."""
    verdict, said = monolith_routes(python, root, paths, plan, env, timeout)
    if verdict == "no boot" and no_boot_before is not None:
        typer.echo("routing check (the monolith, booted as its workers boot): could not run; "
                   f"{said}")
        typer.echo("not proven: where the monolith routes the seam's tasks (it did not boot "
                   f"as its workers boot before the change either: {no_boot_before}; install "
                   "its dependencies and run again)")
    elif verdict != "routed":
        typer.echo(f"routing check (the monolith, booted as its workers boot): FAILED; {said}")
    else:
        typer.echo(f"routing check (the monolith, booted as its workers boot): passed; {said}")
    if verdict != "routed" and not (verdict == "no boot" and no_boot_before is not None):
        rollback(root, report)
        typer.echo(f"check failed: the monolith does not route the seam's tasks: {said}",
                   err=True)
        typer.echo("rolled back: every file is as it was before --apply", err=True)
        return 4
    if service_dir is None:
        typer.echo("not proven: that the worker boots (--no-boot-check; run "
                   f"`python -m {worker} --check` in the service folder)")
        return 0
    environment = _environment(env)
    try:
        run = subprocess.run([python, "-m", worker, "--check"], cwd=service_dir,
                             env=environment, capture_output=True, text=True,
                             timeout=timeout, check=False)
        output = (run.stdout.strip().splitlines() or [""])[-1]
        detail = output if run.returncode == 0 else (
            output or (run.stderr.strip().splitlines() or ["no output"])[-1])
        ok = run.returncode == 0
    except subprocess.TimeoutExpired:
        ok, detail = False, f"no answer in {timeout:.0f} s"
    try:
        shown = json.loads(detail)
        detail = (f"{shown['tasks']} task(s) registered and routed to {shown['queue']!r}"
                  if shown.get("ok") else f"missing {shown['missing']}, misrouted "
                  f"{shown['misrouted']}")
    except (ValueError, KeyError, TypeError):
        pass
    typer.echo(f"worker check ({worker} --check): {'passed' if ok else 'FAILED'}; {detail}")
    if ok:
        typer.echo("not proven: that the broker delivers to the worker (start it and call a "
                   "task)")
        return 0
    rollback(root, report)
    typer.echo(f"check failed: the worker does not boot: {detail}", err=True)
    typer.echo("rolled back: every file is as it was before --apply", err=True)
    return 4
