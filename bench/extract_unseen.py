"""`strangler extract --apply` on monoliths this project was never tuned on (issue 12,
held-out): healthchecks (Django) and mealie (FastAPI), as a new user would run it.

For each target, on a fresh git copy of the project under --work:
  1. `strangler extract SEAM` (dry run): strategy and scope;
  2. `strangler extract SEAM --apply --python <venv> --verify "<the project's tests>"`: the
     tests before and after, the import check, the service's boot check (exit 0, or 4 and
     rolled back);
  3. when it was applied: the monolith's database migrated the project's way, the service
     and the monolith started on 127.0.0.1, /readyz and each probe path asked of both
     (status and body length, same Host header).

Sources and venvs are made beforehand (docs/benchmarks.md, last section): the project's
source in SRC/<project> (a `git archive` of the fetched repository), its requirements plus
fastapi, uvicorn and a2wsgi in VENVS/<project>.

    python bench/extract_unseen.py --src /tmp/xu --venvs /tmp/xu/venvs --work /tmp/xu/runs \
        [--only healthchecks]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from strangler.adapters.verify import free_port, stop_process  # noqa: E402

GIT = ["git", "-c", "user.email=bench@example.com", "-c", "user.name=bench"]


@dataclass(frozen=True)
class Target:
    project: str  # folder under --src and --venvs
    seam: str
    why: str
    tests: str  # {python}: the project's interpreter
    probes: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()  # what the project itself needs in its environment
    migrate: str = ""  # the project's own way to create its database, before serving
    legacy: str = ""  # the monolith's own server command ({python}, {port})


HC_TESTS = "{python} manage.py test --noinput "
HC: dict[str, Any] = dict(migrate="{python} manage.py migrate -v0",
          legacy="{python} manage.py runserver 127.0.0.1:{port} --noreload")
MEALIE_TESTS = "{python} -m pytest -q -p no:cacheprovider -o addopts= "
MEALIE: dict[str, Any] = dict(env=(("PRODUCTION", "False"),),
              legacy="{python} -m uvicorn mealie.app:app --host 127.0.0.1 --port {port}")

TARGETS = [
    Target("healthchecks", "integrations_slack", "the plan's first step (routes)",
           HC_TESTS + "hc.integrations.slack hc.integrations.discord hc.integrations.mattermost",
           ("/integrations/mattermost/", "/integrations/add_slack/",
            "/projects/00000000-0000-0000-0000-000000000000/add_slack/"), **HC),
    Target("healthchecks", "accounts", "routes, owned tables, JSON-safe functions",
           HC_TESTS + "hc.accounts hc.lib hc.api.tests.test_sendalerts",
           ("/accounts/login/", "/accounts/signup/", "/accounts/profile/"), **HC),
    Target("mealie", "gen_ts_locales", "the plan's first step (routes under /api/media)",
           MEALIE_TESTS + "tests/integration_tests/user_recipe_tests/test_recipe_image_assets.py"
           " tests/integration_tests/user_recipe_tests/test_recipe_comments.py",
           ("/api/utils/download?token=x",
            "/api/media/users/00000000-0000-0000-0000-000000000000/profile.webp"), **MEALIE),
    Target("mealie", "comments", "routes (184, FastAPI routers ported)",
           MEALIE_TESTS + "tests/integration_tests/user_recipe_tests/test_recipe_comments.py"
           " tests/integration_tests/user_recipe_tests/test_recipe_bulk_action.py",
           ("/api/comments", "/api/users/self", "/api/units?page=x"), **MEALIE),
    Target("mealie", "pkgs", "routes and owned tables (server_tasks)",
           MEALIE_TESTS + "tests/integration_tests/admin_tests/test_admin_about.py"
           " tests/integration_tests/admin_tests/test_admin_backup.py",
           ("/api/app/about", "/api/app/about/startup-info", "/api/admin/about"), **MEALIE),
]


@dataclass
class Outcome:
    project: str
    seam: str
    strategy: str = ""
    scope: str = ""
    tests_before: str = ""
    tests_after: str = ""
    boot: str = ""
    exit_code: int | None = None
    seconds: float = 0.0
    readyz: int | None = None
    probes: list[str] = field(default_factory=list)
    tail: str = ""


def _run(command: str, cwd: Path, env: dict[str, str], timeout: float = 1800
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def _copy(src: Path, work: Path) -> Path:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(src, work, ignore=shutil.ignore_patterns(
        ".git", "strangler-report", "__pycache__"))
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "legacy"]):
        subprocess.run([*GIT, *args], cwd=work, check=True, capture_output=True)
    return work


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is the answer compared (a login page is not the route's)


_OPENER = urllib.request.build_opener(_NoRedirect)


def _fetch(url: str) -> tuple[int, int]:
    request = urllib.request.Request(url, headers={"Host": "localhost"})
    try:
        with _OPENER.open(request, timeout=30) as answer:
            return answer.status, len(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, len(error.read())
    except OSError:
        return 0, 0


def _wait(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and _fetch(url)[0] == 0:
        time.sleep(0.5)


def _serve(command: list[str] | str, cwd: Path, env: dict[str, str], log: Path
           ) -> subprocess.Popen[bytes]:
    # No shell: stopping the process must stop the server itself, not a shell around it.
    argv = shlex.split(command) if isinstance(command, str) else command
    with open(log, "wb") as out:
        return subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)


def run_target(target: Target, src: Path, venvs: Path, work: Path) -> Outcome:
    python = str(venvs / target.project / "bin" / "python")
    outcome = Outcome(target.project, target.seam)
    root = _copy(src / target.project, work / f"{target.project}-{target.seam}")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("STRANGLER_")},
           **dict(target.env)}
    strangler = str(REPO / ".venv" / "bin" / "strangler")
    dry = _run(f"{strangler} extract {target.seam} --path .", root, env)
    for line in dry.stdout.splitlines():
        if line.startswith("strategy:"):
            outcome.strategy = line[len("strategy: "):].split(":")[0]
        elif line.startswith("scope:") or line.startswith("!!! SCOPE:"):
            outcome.scope = line.split(":", 2)[1].strip() if "!!!" in line else "ok"
    started = time.monotonic()
    tests = target.tests.format(python=python)
    applied = _run(f"{strangler} extract {target.seam} --path . --apply --python {python} "
                   f"--verify '{tests}'", root, env)
    outcome.seconds = round(time.monotonic() - started, 1)
    outcome.exit_code = applied.returncode
    text = applied.stdout + applied.stderr
    for line in text.splitlines():
        if line.startswith("  before:"):
            outcome.tests_before = line.split(":", 1)[1].strip()
        elif line.startswith("verify: after the change:"):
            outcome.tests_after = line.split(":", 2)[2].strip()
        elif line.startswith("boot check:"):
            outcome.boot = line[len("boot check: "):][:200]
    outcome.tail = "\n".join(text.strip().splitlines()[-4:])[-600:]
    if applied.returncode != 0:
        return outcome
    if target.migrate:
        _run(target.migrate.format(python=python), root, env)
    service_port, legacy_port = free_port(), free_port()
    service_dir = root / "services" / target.seam
    service = _serve([python, "-m", "uvicorn", f"{target.seam}_service.app:app", "--host",
                      "127.0.0.1", "--port", str(service_port)], service_dir, env,
                     work / f"{target.project}-{target.seam}.service.log")
    legacy = _serve(target.legacy.format(python=python, port=legacy_port), root, env,
                    work / f"{target.project}-{target.seam}.legacy.log")
    try:
        _wait(f"http://127.0.0.1:{service_port}/healthz")
        _wait(f"http://127.0.0.1:{legacy_port}/")
        outcome.readyz = _fetch(f"http://127.0.0.1:{service_port}/readyz")[0]
        for path in target.probes:
            mine = _fetch(f"http://127.0.0.1:{service_port}{path}")
            theirs = _fetch(f"http://127.0.0.1:{legacy_port}{path}")
            outcome.probes.append(f"{path}: service {mine[0]} ({mine[1]} B), legacy "
                                  f"{theirs[0]} ({theirs[1]} B)")
    finally:
        stop_process(service)
        stop_process(legacy)
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, required=True)
    parser.add_argument("--venvs", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--only", help="a project or project:seam")
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    options.work.mkdir(parents=True, exist_ok=True)
    results = []
    for target in TARGETS:
        if options.only and options.only not in (target.project,
                                                 f"{target.project}:{target.seam}"):
            continue
        outcome = run_target(target, options.src, options.venvs, options.work)
        results.append(outcome)
        print(json.dumps(asdict(outcome), indent=1), flush=True)
    print("\n| project | seam | strategy | tests before | tests after | boot | exit | s "
          "| /readyz |")
    print("|---|---|---|---|---|---|---|---|---|")
    for o in results:
        print(f"| {o.project} | {o.seam} | {o.strategy} | {o.tests_before} | {o.tests_after} "
              f"| {o.boot[:60]} | {o.exit_code} | {o.seconds} | {o.readyz} |")
    if options.json:
        options.json.write_text(json.dumps([asdict(o) for o in results], indent=1) + "\n")
    return 0 if all(o.exit_code == 0 and o.readyz == 200 for o in results) else 1


if __name__ == "__main__":
    sys.exit(main())
