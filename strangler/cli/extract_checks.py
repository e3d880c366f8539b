"""The proof `extract --apply` gives: the changed modules still import, the team's own tests
still pass (--verify), the service boots and answers /readyz. A failed check puts every file
back as it was."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import typer

from strangler.adapters.apply import ApplyReport, rollback
from strangler.adapters.verify import (
    CommandRun,
    boot_service,
    import_modules,
    run_command,
)


@dataclass
class Baseline:
    """What held before the change (so a failure that was already there is not blamed on it)."""

    import_errors: dict[str, str] = field(default_factory=dict)
    tests: CommandRun | None = None


def _env(boot: dict[str, object]) -> dict[str, str]:
    import os

    settings = str(boot.get("settings") or "")
    if boot.get("framework") == "django" and settings and "DJANGO_SETTINGS_MODULE" not in \
            os.environ:
        return {"DJANGO_SETTINGS_MODULE": settings}
    return {}


def before(python: str, root: Path, paths: list[str], modules: list[str],
           boot: dict[str, object], verify: str | None) -> Baseline:
    """Import the modules that exist now and run the team's tests, before anything changes."""
    existing = [m for m in modules if "_client" not in m]
    baseline = Baseline(import_modules(python, root, paths, existing, _env(boot)))
    if verify:
        typer.echo(f"verify: running `{verify}` before the change ...")
        baseline.tests = run_command(verify, root, _env(boot))
        typer.echo(f"  before: {'passed' if baseline.tests.passed else 'FAILED'} "
                   f"(exit {baseline.tests.returncode})")
    return baseline


def after(python: str, root: Path, paths: list[str], modules: list[str],
          boot: dict[str, object], verify: str | None, baseline: Baseline,
          report: ApplyReport, service_dir: Path | None, package: str) -> int:
    """Check the applied change; roll it back and return a non-zero code if it broke
    something that worked before. Says what was proven and what was not."""
    failures: list[str] = []
    unproven: list[str] = []
    errors = import_modules(python, root, paths, modules, _env(boot))
    sound = not baseline.import_errors
    for module, error in sorted(errors.items()):
        if module in baseline.import_errors:
            unproven.append(f"{module} did not import before either ({error})")
        elif module == "*" or "_client" not in module or sound:
            failures.append(f"{module} no longer imports: {error}")
        else:
            unproven.append(f"{module}: {error}")
    checked = len(modules) - len(errors)
    typer.echo(f"import check with {python}: {checked} of {len(modules)} changed, client and "
               "seam modules import")
    if verify and baseline.tests is not None:
        now = run_command(verify, root, _env(boot))
        typer.echo(f"verify: after the change: {'passed' if now.passed else 'FAILED'} "
                   f"(exit {now.returncode})")
        if baseline.tests.passed and not now.passed:
            failures.append(f"`{verify}` passed before and fails after:\n{now.tail}")
        elif not baseline.tests.passed:
            unproven.append(f"`{verify}` failed before the change too")
    else:
        unproven.append("the monolith's own tests (pass --verify \"<test command>\")")
    if service_dir is not None and not failures:
        boot_result = boot_service(python, service_dir, package, _env(boot))
        typer.echo(f"boot check: {'started' if boot_result.booted else 'did not start'}; "
                   f"{boot_result.detail}")
        if not boot_result.ready:
            failures.append(f"the service is not ready: {boot_result.detail}")
    elif service_dir is None:
        unproven.append("that the service boots (--no-boot-check)")
    unproven.append("remote and shadow mode (start the service and run the tests with "
                    "STRANGLER_<SEAM>_MODE=remote)")
    for item in unproven:
        typer.echo(f"not proven: {item}")
    if failures:
        rollback(root, report)
        for failure in failures:
            typer.echo(f"check failed: {failure}", err=True)
        typer.echo("rolled back: every file is as it was before --apply", err=True)
        return 4
    return 0
