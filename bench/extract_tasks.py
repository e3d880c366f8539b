"""The tasks strategy end to end on flaskbb and superset (issue 12): `extract <target>
--apply`, then the project's own legacy worker and the generated worker on a broker without a
server (flaskbb: kombu's `filesystem://`; superset: its default `sqla+sqlite`), and the
monolith calls the seam's tasks with `.delay()`. Which worker ran them, did they succeed?

Then the routing line is deleted (the rollback) and the same calls go to the legacy worker.
flaskbb needs the venv of docs/benchmarks.md section 7 (Python 3.8, celery 4.4.7); superset a
venv with its pyproject's dependencies. Works on a fresh git copy under --work; the corpus is
never changed.

    .venv/bin/python bench/extract_tasks.py --venv /tmp/xc/venvs/flaskbb --work /tmp/tk/fbb
    .venv/bin/python bench/extract_tasks.py --project superset --no-boot-check \
        --venv /tmp/tk/venvs/superset --work /tmp/tk/sset
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

GIT = ["git", "-c", "user.email=bench@example.com", "-c", "user.name=bench"]
FLASKBB_CONFIG = """
CELERY_BROKER_URL = "filesystem://"
BROKER_TRANSPORT_OPTIONS = {{"data_folder_in": "{data}/queue", "data_folder_out": "{data}/queue"}}
CELERY_RESULT_BACKEND = "file://{data}/results"
MAIL_SUPPRESS_SEND = True
SERVER_NAME = "localhost"
SQLALCHEMY_DATABASE_URI = "sqlite:///{data}/flaskbb.sqlite"
"""
FLASKBB_DB = """
import celery_worker
from flaskbb.extensions import db
from flaskbb.utils.populate import create_default_settings
with celery_worker.app.app_context():
    db.create_all()
    create_default_settings()
"""
FLASKBB_CALL = """
import json, time
import celery_worker
from flaskbb.email import send_activation_token, send_reset_token
start = time.perf_counter()
results = [send_reset_token.delay("tok", "alice", "alice@example.com"),
           send_activation_token.delay("tok", "bob", "bob@example.com")]
print(json.dumps({"results": [[r.get(timeout=60), r.status] for r in results],
                  "seconds": round(time.perf_counter() - start, 2)}))
"""
# superset's own default CeleryConfig: a sqla+sqlite broker and db+sqlite results (no server).
SUPERSET_CONFIG = """
SECRET_KEY = "strangler-bench-not-a-secret-0123456789abcdef"
SQLALCHEMY_DATABASE_URI = "sqlite:///{data}/superset.db"
"""
SUPERSET_CALL = """
import json, time
from superset.tasks.celery_app import flask_app
from superset.tasks.scheduler import prune_logs, prune_query
start = time.perf_counter()
with flask_app.app_context():
    results = [prune_logs.delay(retention_period_days=180),
               prune_query.delay(retention_period_days=180)]
print(json.dumps({"results": [[r.get(timeout=60), r.status] for r in results],
                  "seconds": round(time.perf_counter() - start, 2)}))
"""


@dataclass(frozen=True)
class Recipe:
    corpus: str
    target: str
    service: str  # the generated worker's package
    legacy: list[str]  # the project's own worker command (after python -m celery)
    call: str  # run in the monolith: calls tasks of the seam with .delay()
    config: tuple[str, str]  # (file, text) the project reads its local config from
    setup: list[str]  # python -c scripts / module commands before the workers start
    env: dict[str, str]


RECIPES = {
    "flaskbb": Recipe("flaskbb", "flaskbb.email", "email_service",
                      ["-A", "celery_worker.celery"], FLASKBB_CALL,
                      ("flaskbb.cfg", FLASKBB_CONFIG), ["-c", FLASKBB_DB], {}),
    "superset": Recipe("apache-superset", "superset.tasks", "tasks_service",
                       ["--app=superset.tasks.celery_app:app"], SUPERSET_CALL,
                       ("../superset_config.py", SUPERSET_CONFIG),
                       ["-m", "flask", "db", "upgrade"],
                       {"SUPERSET_CONFIG_PATH": "{work}/superset_config.py",
                        "SUPERSET_HOME": "{data}", "FLASK_APP": "superset.app:create_app"}),
}


def _started(command: list[str], cwd: Path, log: Path, env: dict[str, str]
             ) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, **env})
    for _ in range(600):
        if process.poll() is not None or " ready." in log.read_text(errors="replace"):
            break
        time.sleep(0.1)
    if process.poll() is not None:
        raise SystemExit(f"{command} exited:\n{log.read_text()[-2000:]}")
    return process


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", choices=sorted(RECIPES), default="flaskbb")
    parser.add_argument("--venv", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--no-boot-check", action="store_true",
                        help="skip the service's HTTP boot check (and so the worker check "
                             "inside --apply: run `--check` by hand)")
    args = parser.parse_args()
    recipe = RECIPES[args.project]
    python = str(args.venv / "bin" / "python")
    root, data = args.work / "project", args.work / "data"
    env = {k: v.format(work=args.work, data=data) for k, v in recipe.env.items()}
    shutil.rmtree(args.work, ignore_errors=True)
    shutil.copytree(Path("/work/corpus") / recipe.corpus, root)
    (root / "logs").mkdir(exist_ok=True)
    for args_ in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "corpus"]):
        subprocess.run([*GIT, "-C", str(root), *args_], check=True)
    for folder in ("queue", "results"):
        (data / folder).mkdir(parents=True, exist_ok=True)
    (root / recipe.config[0]).write_text(recipe.config[1].format(data=data))
    strangler = [sys.executable, "-m", "strangler", "extract", recipe.target, "--path",
                 str(root), "--no-cache"]
    started = time.perf_counter()
    dry = subprocess.run(strangler, capture_output=True, text=True, check=False,
                         env={**os.environ, **env})
    dry_seconds = time.perf_counter() - started
    started = time.perf_counter()
    applied = subprocess.run([*strangler, "--apply", "--force", "--python", python,
                              *(["--no-boot-check"] if args.no_boot_check else [])],
                             capture_output=True, text=True, check=False,
                             env={**os.environ, **env})
    apply_seconds = time.perf_counter() - started
    print(f"dry run: exit {dry.returncode} in {dry_seconds:.1f} s; "
          f"--apply: exit {applied.returncode} in {apply_seconds:.1f} s")
    for line in (applied.stdout + applied.stderr).splitlines():
        if line.startswith(("strategy:", "  also tasks", "tasks (", "  Celery app",
                            "routing check", "worker check", "check failed", "boot check",
                            "+from ", "+import ", "+email_task", "+tasks_task")):
            print(" ", line[:300])
    if applied.returncode != 0:
        return 1
    service = root / "services" / recipe.target.rsplit(".", 1)[-1]
    started = time.perf_counter()
    check = subprocess.run([python, "-m", f"{recipe.service}.worker", "--check"], cwd=service,
                           capture_output=True, text=True, check=False,
                           env={**os.environ, **env})
    print(f"worker --check: exit {check.returncode} in {time.perf_counter() - started:.1f} s: "
          f"{(check.stdout.strip().splitlines() or ['-'])[-1]}")
    subprocess.run([python, *recipe.setup], cwd=root, check=True, capture_output=True,
                   env={**os.environ, **env})
    logs = {"legacy": args.work / "legacy.log", "service": args.work / "service.log"}
    outcomes = {}
    for phase in ("routed", "rolled back"):
        if phase == "rolled back":  # delete the routing line: back to the legacy workers
            subprocess.run([*GIT, "-C", str(root), "checkout", "--", "."], check=True)
        workers = [
            _started([python, "-m", "celery", *recipe.legacy, "worker", "--pool=solo", "-l",
                      "INFO", "-n", "legacy@%h"], root, logs["legacy"], env),
            _started([python, "-m", f"{recipe.service}.worker", "--pool=solo", "-l", "INFO"],
                     service, logs["service"], env)]
        try:
            call = subprocess.run([python, "-c", recipe.call], cwd=root, capture_output=True,
                                  text=True, timeout=120, check=False,
                                  env={**os.environ, **env})
            time.sleep(1)
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(timeout=30)
        outcome = json.loads(call.stdout.splitlines()[-1]) if call.returncode == 0 else {
            "error": (call.stderr.strip().splitlines() or ["?"])[-1]}
        counts = {name: log.read_text(errors="replace").count("received")
                  + log.read_text(errors="replace").count("Received task")
                  for name, log in logs.items()}
        outcomes[phase] = (outcome, counts)
        print(f"{phase}: monolith .delay(): {json.dumps(outcome)}; tasks received: "
              f"legacy worker {counts['legacy']}, service worker {counts['service']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
