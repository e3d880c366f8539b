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
    import_modules,
    rpc_answers,
    run_command,
    running_service,
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


_RUNTIME_MODULES = {"fastapi": "fastapi", "uvicorn": "uvicorn", "a2wsgi": "a2wsgi"}


def missing_runtime(python: str, root: Path, dependencies: tuple[str, ...], wsgi: bool
                    ) -> list[str]:
    """The requirements of the service's own runtime (FastAPI, uvicorn, and a2wsgi when it
    mounts a WSGI app) the interpreter lacks, as the service's pyproject asks for them:
    found before anything is written, not after the tests ran and the boot check failed."""
    from strangler.extract import service_runtime

    errors = import_modules(python, root, [], sorted(
        m for m in _RUNTIME_MODULES if wsgi or m != "a2wsgi"))
    if "*" in errors:
        return []  # the interpreter itself fails: the import check says how, as before
    wanted = service_runtime(dependencies)
    return [next((w for w in wanted if w.lower().startswith(_RUNTIME_MODULES[m])), m)
            for m in sorted(errors)]


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
          report: ApplyReport, service_dir: Path | None, package: str, seam: str = "",
          remote_capable: int = 0) -> int:
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
        with running_service(python, service_dir, package, _env(boot)) as (base, boot_result):
            typer.echo(f"boot check: {'started' if boot_result.booted else 'did not start'}; "
                       f"{boot_result.detail}")
            if not boot_result.ready:
                failures.append(f"the service is not ready: {boot_result.detail}")
            elif verify and baseline.tests is not None and remote_capable:
                unproven += _modes(verify, root, boot, baseline.tests, base, seam)
            elif verify and baseline.tests is not None:
                unproven.append("remote and shadow mode: no function goes remote (see the "
                                "strategy), nothing to run")
    elif service_dir is None:
        unproven.append("that the service boots (--no-boot-check)")
    if remote_capable and not (verify and service_dir is not None):
        unproven.append("remote and shadow mode (pass --verify, with the service's boot "
                        "check, to run the tests with the service in both)")
    elif not remote_capable and not (verify and service_dir is not None):
        unproven.append("remote and shadow mode: no function goes remote (see the strategy)")
    for item in unproven:
        typer.echo(f"not proven: {item}")
    if failures:
        rollback(root, report)
        for failure in failures:
            typer.echo(f"check failed: {failure}", err=True)
        typer.echo("rolled back: every file is as it was before --apply", err=True)
        return 4
    return 0


def _modes(verify: str, root: Path, boot: dict[str, object], before: CommandRun, base: str,
           seam: str) -> list[str]:
    """Run the team's tests with the client in remote mode, then in shadow mode, against the
    running service. A mode that fails where local mode passed is reported loudly (the
    change itself stays: local mode, the default, is proven); returns what was not proven."""
    import tempfile

    unproven: list[str] = []
    prefix = f"STRANGLER_{seam.upper()}"
    for mode in ("remote", "shadow"):
        with tempfile.TemporaryDirectory() as folder:
            log = Path(folder) / "mismatch.jsonl"
            answered = rpc_answers(base)
            env = {**_env(boot), f"{prefix}_MODE": mode, f"{prefix}_URL": base,
                   f"{prefix}_MISMATCH_LOG": str(log)}
            run = run_command(verify, root, env)
            now = rpc_answers(base)
            calls = {k: now.get(k, 0) - answered.get(k, 0) for k in now}
            kinds = [_kind(line) for line in
                     (log.read_text().splitlines() if log.exists() else [])]
        shown = ", ".join(f"{v} {k}" for k, v in sorted(calls.items()) if v) or "none"
        extra = (f"; {kinds.count('mismatch')} mismatches, {kinds.count('failed')} failed "
                 "shadow calls (see the mismatch log)" if mode == "shadow" else "")
        typer.echo(f"verify: {mode} mode (service at {base}): "
                   f"{'passed' if run.passed else 'FAILED'} (exit {run.returncode}); "
                   f"RPC answers: {shown}{extra}")
        if before.passed and not run.passed:
            typer.echo(f"  {mode} mode FAILS where local mode passed: do not switch "
                       f"{prefix}_MODE to {mode}:\n{run.tail}", err=True)
        if not sum(calls.values()):
            unproven.append(f"{mode} mode: the tests made no call to the service (the "
                            "functions that go remote are not exercised by this command)")
        if mode == "shadow" and kinds:
            unproven.append(f"shadow mode: {len(kinds)} difference(s) or failure(s) logged")
    return unproven


def _kind(line: str) -> str:
    import json

    try:
        return str(json.loads(line).get("kind", "mismatch"))
    except (ValueError, AttributeError):
        return "unreadable"
