"""`strangler extract` end to end on the practice corpus (issue 12): flaskbb (Flask), wger
(Django), lnbits (FastAPI); one proposed seam and one expert-picked package each.

For each target, on a fresh git copy under --work (the corpus is never changed):
  1. dry run: does `extract` refuse or produce a plan (functions, how many go remote)?
  2. the project's own targeted tests, before;
  3. `extract --apply --python <project venv> --no-boot-check` (the import check of every
     changed, client and seam module runs inside it and rolls back on a failure);
  4. the project's own targeted tests, after (passed before and failing after = broken);
  5. the generated service started with the project's interpreter on 127.0.0.1: /readyz;
  6. with the service running, the same tests with the client in remote mode: does the run
     still pass, and which share of the remote-capable interface functions answered over
     HTTP without a server error (from the service's /metrics)?

The project venvs are made by hand beforehand (see docs/benchmarks.md, section 7): each holds
the project's pinned dependencies, its test dependencies, and fastapi/uvicorn/a2wsgi.

    python bench/extract_corpus.py --venvs /tmp/xc/venvs --work /tmp/xc/run [--only wger]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from strangler.adapters.verify import rpc_paths, running_service  # noqa: E402

CORPUS = Path("/work/corpus")
GIT = ["git", "-c", "user.email=bench@example.com", "-c", "user.name=bench"]


@dataclass(frozen=True)
class Target:
    project: str
    name: str
    why: str  # proposed by `strangler analyze`, or picked by a domain expert
    tests: str  # the project's own targeted tests ({python} is the project's interpreter)


TARGETS = [
    Target("flaskbb", "user", "proposed seam (flaskbb.core.user, *.user.repo)",
           "{python} -m pytest -q -p no:cacheprovider tests/unit/auth tests/unit/test_email.py"),
    Target("flaskbb", "flaskbb.email", "expert: the mail module (Celery tasks)",
           "{python} -m pytest -q -p no:cacheprovider tests/unit/auth tests/unit/test_email.py"),
    Target("wger", "weight", "proposed seam (wger.weight)",
           "{python} -m django test wger.weight --settings=settings --pythonpath=. --noinput"),
    Target("wger", "wger.nutrition", "expert: the nutrition app",
           "{python} -m django test wger.nutrition.tests.test_meal "
           "wger.nutrition.tests.test_ingredient wger.nutrition.tests.test_plan "
           "--settings=settings --pythonpath=. --noinput"),
    Target("lnbits", "fiat", "proposed seam (fiat providers)",
           "{python} -m pytest -q -p no:cacheprovider -o addopts= "
           "tests/unit/test_fiat_providers.py"),
    Target("lnbits", "lnbits.wallets", "expert: the funding-source wallets",
           "{python} -m pytest -q -p no:cacheprovider -o addopts= "
           "tests/unit/test_pay_invoice.py tests/unit/test_services_payments.py"),
]


@dataclass
class Outcome:
    project: str
    target: str
    why: str
    dry_run: str = ""  # "refused: ..." or "plan: ..."
    apply: str = ""
    tests_before: str = ""
    tests_after: str = ""
    broken_tests: list[str] = field(default_factory=list)
    boot: str = ""
    strategy: str = ""
    scope: str = ""
    remote_capable: int = 0
    remote_tests: str = ""  # the tests in remote mode ('' when nothing goes remote)
    remote_broken: list[str] = field(default_factory=list)
    answered_over_http: str = ""  # remote-capable functions that answered without a 5xx
    seconds: float = 0.0


def _prepare(project: str, root: Path, python: str) -> None:
    """Copy the project and do the setup its own docs ask for, then commit it."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(CORPUS / project, root, ignore=shutil.ignore_patterns("__pycache__"))
    if project == "flaskbb":
        (root / "logs").mkdir(exist_ok=True)
    elif project == "wger":
        (root / "db").mkdir(exist_ok=True)
        env = {**os.environ, "PATH": f"{Path(python).parent}:{os.environ['PATH']}"}
        subprocess.run([python, "-m", "wger", "create-settings", "--settings-path",
                        str(root / "settings.py"), "--database-path",
                        str(root / "db" / "database.sqlite")], cwd=root, env=env, check=True,
                       capture_output=True, timeout=300)
    elif project == "lnbits":
        (root / "data").mkdir(exist_ok=True)
        (root / "data" / ".keep").write_text("")
    subprocess.run([*GIT, "-C", str(root), "init", "-q"], check=True, capture_output=True)
    # What running the tests leaves behind is not a change of the user's.
    (root / ".git" / "info" / "exclude").write_text(
        "__pycache__/\n*.pyc\nlogs/*.log\ndb/\ndata/\n.coverage*\ncoverage.xml\n"
        ".pytest_cache/\nmedia/\n")
    for args in (["add", "-A", "-f"], ["commit", "-qm", "corpus copy"]):
        subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True)


def _reset_data(root: Path) -> None:
    """A fresh data folder: lnbits' tests depend on the database an earlier run left."""
    if (root / "data" / ".keep").exists():
        shutil.rmtree(root / "data")
        (root / "data").mkdir()
        (root / "data" / ".keep").write_text("")


def _tests(command: str, root: Path, keep: tuple[str, ...] = (), reset: bool = True
           ) -> tuple[str, set[str]]:
    """A one-line summary and the names of failing tests (from a fresh data folder unless
    a running service holds it: then it was reset before the service started)."""
    if reset:
        _reset_data(root)
    done = subprocess.run(command, shell=True, cwd=root, capture_output=True, text=True,
                          timeout=3600, env={k: v for k, v in os.environ.items()
                                             if not k.startswith("STRANGLER_")
                                             or k.startswith(keep or ("-",))})
    text = done.stdout + done.stderr
    failing = set(re.findall(r"^(?:FAILED|ERROR) (\S+)", text, re.M))
    failing |= set(re.findall(r"^(?:FAIL|ERROR): (\S+ \([^)]*\))", text, re.M))
    summary = [line.strip("= ") for line in text.splitlines()
               if re.search(r"\d+ (passed|failed|error)|^Ran \d+ tests|^OK|^FAILED \(", line)]
    return f"exit {done.returncode}: " + " / ".join(summary[-2:]), failing


def _strangler(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "strangler", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=1800)


def run(target: Target, venvs: Path, work: Path) -> Outcome:
    started = time.monotonic()
    python = str(venvs / target.project / "bin" / "python")
    outcome = Outcome(target.project, target.name, target.why)
    root = work / f"{target.project}-{target.name.replace('.', '_')}"
    _prepare(target.project, root, python)
    dry = _strangler("extract", target.name, "--path", str(root), "--no-cache", "--format",
                     "json", cwd=root)
    if dry.returncode != 0:
        outcome.dry_run = "refused: " + (dry.stderr.strip().splitlines() or ["?"])[-1]
        outcome.seconds = round(time.monotonic() - started, 1)
        return outcome
    plan = json.loads(dry.stdout)
    functions = plan["plan"]["functions"]
    remote = sum(1 for f in functions if f["json_safe"])
    outcome.remote_capable = remote
    strategy, scope = plan["plan"]["strategy"], plan["plan"]["scope"]
    outcome.strategy = f"{strategy['chosen']}: {strategy['why']}"
    outcome.scope = f"{scope['status']}: {scope['summary']}"
    outcome.dry_run = (f"plan: {len(plan['plan']['modules'])} modules, {len(functions)} "
                       f"functions ({remote} remote-capable), "
                       f"{len(plan['plan']['local_symbols'])} kept local, "
                       f"{len(plan['rewrites'])} monolith files to change, "
                       f"{len(plan['plan']['carried'])} modules carried")
    command = target.tests.format(python=python)
    outcome.tests_before, failing_before = _tests(command, root)
    seam_env = f"STRANGLER_{Path(plan['service_dir']).name.upper()}"
    applied = _strangler("extract", target.name, "--path", str(root), "--no-cache", "--apply",
                         "--python", python, "--no-boot-check", cwd=root)
    lines = (applied.stdout + applied.stderr).strip().splitlines()
    checks = [x for x in lines if x.startswith(("import check", "check failed", "rolled back",
                                                "written "))]
    outcome.apply = f"exit {applied.returncode}: " + " / ".join(checks)
    outcome.tests_after, failing_after = _tests(command, root)
    outcome.broken_tests = sorted(failing_after - failing_before)
    if applied.returncode == 0:
        service = root / plan["service_dir"]
        seam = Path(plan["service_dir"]).name
        _reset_data(root)
        with running_service(python, service, f"{seam}_service", wait=120) as (base, result):
            outcome.boot = ("started; " if result.booted else "did not start; ") + result.detail
            if result.ready and remote:
                os.environ.update({f"{seam_env}_MODE": "remote", f"{seam_env}_URL": base})
                try:
                    outcome.remote_tests, failing = _tests(command, root, keep=(seam_env,),
                                                           reset=False)
                finally:
                    os.environ.pop(f"{seam_env}_MODE")
                    os.environ.pop(f"{seam_env}_URL")
                outcome.remote_broken = sorted(failing - failing_before)
                paths = rpc_paths(base)
                good = [f for f in functions if f["json_safe"] and paths.get(
                    f"/rpc/{f['module']}/{f['name']}", {}).get("2xx", 0) and not paths.get(
                    f"/rpc/{f['module']}/{f['name']}", {}).get("5xx", 0)]
                called = sum(1 for f in functions if f["json_safe"]
                             and f"/rpc/{f['module']}/{f['name']}" in paths)
                outcome.answered_over_http = (f"{len(good)} of {remote} answered 2xx without a "
                                              f"5xx ({called} called by the tests)")
    else:
        outcome.boot = "not tried (apply rolled back)"
    outcome.seconds = round(time.monotonic() - started, 1)
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venvs", type=Path, default=Path("/tmp/xc/venvs"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/xc/run"))
    parser.add_argument("--only", help="one project (flaskbb, wger, lnbits)")
    parser.add_argument("--json", type=Path, help="write the outcomes here")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for target in TARGETS:
        if args.only and target.project != args.only:
            continue
        outcome = run(target, args.venvs, args.work)
        outcomes.append(outcome)
        print(json.dumps(asdict(outcome), indent=1), flush=True)
    if args.json:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], indent=1) + "\n")


if __name__ == "__main__":
    main()
