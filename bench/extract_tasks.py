"""The tasks strategy end to end on flaskbb (issue 12): `extract flaskbb.email --apply`, then
the project's own legacy worker and the generated worker on kombu's `filesystem://` broker,
and the monolith calls a task with `.delay()`. Which worker ran it, and did it succeed?

Needs the flaskbb venv of docs/benchmarks.md section 7 (Python 3.8, celery 4.4.7). Works on
a fresh git copy under --work; the corpus is never changed.

    .venv/bin/python bench/extract_tasks.py --venv /tmp/xc/venvs/flaskbb --work /tmp/tk
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path("/work/corpus/flaskbb")
GIT = ["git", "-c", "user.email=bench@example.com", "-c", "user.name=bench"]
CONFIG = """
CELERY_BROKER_URL = "filesystem://"
BROKER_TRANSPORT_OPTIONS = {{"data_folder_in": "{data}/queue", "data_folder_out": "{data}/queue"}}
CELERY_RESULT_BACKEND = "file://{data}/results"
MAIL_SUPPRESS_SEND = True
SERVER_NAME = "localhost"
SQLALCHEMY_DATABASE_URI = "sqlite:///{data}/flaskbb.sqlite"
"""
SETUP_DB = """
import celery_worker
from flaskbb.extensions import db
from flaskbb.utils.populate import create_default_settings
with celery_worker.app.app_context():
    db.create_all()
    create_default_settings()
"""
CALL = """
import json, time
import celery_worker
from flaskbb.email import send_activation_token, send_reset_token
start = time.perf_counter()
results = [send_reset_token.delay("tok", "alice", "alice@example.com"),
           send_activation_token.delay("tok", "bob", "bob@example.com")]
print(json.dumps({"results": [[r.get(timeout=60), r.status] for r in results],
                  "seconds": round(time.perf_counter() - start, 2)}))
"""


def _started(command: list[str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    for _ in range(600):
        if process.poll() is not None or " ready." in log.read_text(errors="replace"):
            break
        time.sleep(0.1)
    if process.poll() is not None:
        raise SystemExit(f"{command} exited:\n{log.read_text()[-2000:]}")
    return process


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--venv", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    python = str(args.venv / "bin" / "python")
    root, data = args.work / "flaskbb", args.work / "data"
    shutil.rmtree(args.work, ignore_errors=True)
    shutil.copytree(CORPUS, root)
    (root / "logs").mkdir(exist_ok=True)
    for args_ in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "corpus"]):
        subprocess.run([*GIT, "-C", str(root), *args_], check=True)
    strangler = [sys.executable, "-m", "strangler", "extract", "flaskbb.email", "--path",
                 str(root), "--no-cache"]
    started = time.perf_counter()
    dry = subprocess.run(strangler, capture_output=True, text=True, check=False)
    dry_seconds = time.perf_counter() - started
    started = time.perf_counter()
    applied = subprocess.run([*strangler, "--apply", "--python", python], capture_output=True,
                             text=True, check=False)
    apply_seconds = time.perf_counter() - started
    print(f"dry run: exit {dry.returncode} in {dry_seconds:.1f} s; "
          f"--apply: exit {applied.returncode} in {apply_seconds:.1f} s")
    for line in (dry.stdout + applied.stdout + applied.stderr).splitlines():
        if line.startswith(("strategy:", "tasks (", "  Celery app", "routing check",
                            "worker check", "check failed", "+from flaskbb.email_task",
                            "+_strangler")):
            print(" ", line)
    if applied.returncode != 0:
        return 1
    for folder in ("queue", "results"):
        (data / folder).mkdir(parents=True, exist_ok=True)
    (root / "flaskbb.cfg").write_text(CONFIG.format(data=data))  # celery_worker reads it
    subprocess.run([python, "-c", SETUP_DB], cwd=root, check=True, capture_output=True)
    logs = {"legacy": args.work / "legacy.log", "service": args.work / "service.log"}
    workers = [
        _started([python, "-m", "celery", "-A", "celery_worker.celery", "worker",
                  "--pool=solo", "-l", "INFO", "-n", "legacy@%h"], root, logs["legacy"]),
        _started([python, "-m", "email_service.worker", "--pool=solo", "-l", "INFO"],
                 root / "services" / "email", logs["service"])]
    try:
        call = subprocess.run([python, "-c", CALL], cwd=root, capture_output=True, text=True,
                              timeout=120, check=False)
        time.sleep(1)
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)
    outcome = json.loads(call.stdout.splitlines()[-1]) if call.returncode == 0 else {
        "error": (call.stderr.strip().splitlines() or ["?"])[-1]}
    print("monolith .delay():", json.dumps(outcome))
    for name, log in logs.items():
        text = log.read_text(errors="replace")
        print(f"{name} worker: {text.count('Received task')} received, "
              f"{text.count('succeeded in')} succeeded, {text.count('raised')} raised")
    return 0 if call.returncode == 0 else 1


if __name__ == "__main__":
    os.environ.pop("STRANGLER_EMAIL_MODE", None)
    raise SystemExit(main())
