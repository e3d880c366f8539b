"""`strangler extract` end to end on real monoliths of the practice corpus (issue 12): flaskbb
(Flask), wger (Django), lnbits (FastAPI): routes-first targets, function targets for remote
mode, and the targets of the earlier runs.

For each target, on a fresh git copy under --work (the corpus is never changed):
  1. dry run: does `extract` refuse or produce a plan (strategy, scope, remote functions)?
  2. the project's own targeted tests, before;
  3. `extract --apply --python <project venv> --no-boot-check` (the import check of every
     changed, client and seam module runs inside it and rolls back on a failure);
  4. the project's own targeted tests, after (passed before and failing after = broken);
  5. the generated service started with the project's interpreter on 127.0.0.1: /readyz;
  6. with the service running, the same tests with the client in remote mode, and the share
     of remote-capable functions that answered over HTTP without a server error;
  7. routes first (the plan chose routes and the target names paths to ask): the monolith
     started the project's way on 127.0.0.1, then the real `strangler proxy` on the route
     table `extract` wrote (its prefixes, with this run's ports) in front of legacy and the
     service: in `new` mode every path answers through the proxy as legacy answers it
     (status and body, modulo CSRF tokens and timestamps), and in `shadow` mode
     `strangler diff` reports the comparisons the proxy stored.

The project venvs are made beforehand (docs/benchmarks.md, section 7 and the last section):
each holds the project's pinned dependencies, its test dependencies, and fastapi, uvicorn
and a2wsgi.

    python bench/extract_real.py --venvs /tmp/xc/venvs --work /tmp/xc/real [--only wger]
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
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from strangler.adapters.verify import free_port, rpc_paths, running_service, stop_process  # noqa: E402
from strangler.proxy.config import parse_proxy_config  # noqa: E402
from strangler.proxy.routing import clean_path, match_route  # noqa: E402

CORPUS = Path("/work/corpus")
GIT = ["git", "-c", "user.email=bench@example.com", "-c", "user.name=bench"]
FLASKBB_TESTS = ("{python} -m pytest -q -p no:cacheprovider tests/unit/auth "
                 "tests/unit/test_email.py")
LNBITS_PYTEST = "{python} -m pytest -q -p no:cacheprovider -o addopts= "
WGER_TEST = "{python} -m django test --settings=settings --pythonpath=. --noinput "


@dataclass(frozen=True)
class Target:
    project: str
    name: str
    why: str  # proposed by `strangler analyze`, or picked by a domain expert
    tests: str  # the project's own targeted tests ({python} is the project's interpreter)
    # (method, path) asked through the proxy when the plan chose routes first.
    probes: tuple[tuple[str, str], ...] = ()
    # The project's own command run with the service up and the client in remote mode
    # (its callers were rewritten to the client: the tests may import the seam directly).
    remote_command: str = ""


def _get(*paths: str) -> tuple[tuple[str, str], ...]:
    return tuple(("GET", p) for p in paths)


TARGETS = [
    Target("flaskbb", "flaskbb.user", "expert: the user pages (routes under /user)",
           FLASKBB_TESTS + " tests/unit/test_forum_models.py",
           _get("/user/admin", "/user/admin/topics", "/user/admin/posts", "/user/nobody",
                "/user/settings/general", "/user/settings/email", "/user/", "/user",
                "/userx")),
    Target("flaskbb", "flaskbb.email", "expert: the mail module (Celery tasks)", FLASKBB_TESTS),
    Target("flaskbb", "flaskbb.utils.populate", "expert: set-up functions (remote mode)",
           "{python} -m pytest -q -p no:cacheprovider tests/unit/utils/test_populate.py",
           remote_command="{python} -c 'from flaskbb.cli import flaskbb; flaskbb()' install "
           "--force -u admin -e admin@example.org -p Test12345 --no-plugins && {python} -c "
           "'from flaskbb import create_app; from flaskbb.forum.models import Forum; "
           "from flaskbb.management.models import Setting; app = create_app(); "
           "app.app_context().push(); print(\"forums\", Forum.query.count(), \"settings\", "
           "Setting.query.count())'"),
    Target("wger", "weight", "proposed seam (wger.weight; routes under /<lang>/weight)",
           WGER_TEST + "wger.weight",
           _get("/en/weight/overview/", "/de/weight/overview/", "/en/weight/add/",
                "/en/weight/export-csv/", "/en/weight/", "/en/weightx/", "/weight/")),
    Target("wger", "wger.nutrition", "expert: the nutrition app (routes under /<lang>/nutrition)",
           WGER_TEST + "wger.nutrition.tests.test_meal wger.nutrition.tests.test_ingredient "
           "wger.nutrition.tests.test_plan",
           _get("/en/nutrition/ingredient/overview/", "/de/nutrition/ingredient/overview/",
                "/en/nutrition/overview/", "/en/nutrition/calculator/bmi/",
                "/en/nutrition/ingredient/1/view/", "/en/nutrition/unit/list/",
                "/fr/nutrition/ingredient/pending/", "/en/nutritionx/")),
    Target("wger", "wger.utils.cache", "expert: the cache helpers (remote mode)",
           WGER_TEST + "wger.manager.tests.test_workout_canonical "
           "wger.exercises.tests.test_exercise_comments"),
    Target("lnbits", "fiat", "proposed seam (fiat providers; routes under /api/v1/fiat)",
           LNBITS_PYTEST + "tests/unit/test_fiat_providers.py",
           (("GET", "/api/v1/fiat/check/stripe"), ("PUT", "/api/v1/fiat/check/stripe"),
            ("POST", "/api/v1/fiat/stripe/subscription"), ("GET", "/api/v1/callback/stripe"),
            ("POST", "/api/v1/callback/nobody"), ("GET", "/api/v1/fiatx"),
            ("GET", "/api/v1/health"))),
    Target("lnbits", "lnbits.wallets", "expert: the funding-source wallets",
           LNBITS_PYTEST + "tests/unit/test_pay_invoice.py "
           "tests/unit/test_services_payments.py"),
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
    prefixes: list[str] = field(default_factory=list)
    remote_capable: int = 0
    remote_plan: str = ""  # what the plan said about remote mode before --apply
    remote_tests: str = ""  # the tests in remote mode ('' when nothing goes remote)
    remote_broken: list[str] = field(default_factory=list)
    remote_command: str = ""  # the project's own command in remote mode
    answered_over_http: str = ""  # remote-capable functions that answered without a 5xx
    legacy: str = ""  # the monolith started the project's way
    proxy_new: str = ""  # paths answered equal through the proxy in new mode
    proxy_new_differ: list[str] = field(default_factory=list)
    proxy_answers: list[str] = field(default_factory=list)  # method, path, status (new)
    service_differ: list[str] = field(default_factory=list)  # the service itself, moved paths
    proxy_shadow: str = ""  # what `strangler diff` stored in shadow mode
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
        subprocess.run([python, "-m", "wger", "create-settings", "--settings-path",
                        str(root / "settings.py"), "--database-path",
                        str(root / "db" / "database.sqlite")], cwd=root, env=_env(python),
                       check=True, capture_output=True, timeout=300)
    elif project == "lnbits":
        (root / "data").mkdir(exist_ok=True)
        (root / "data" / ".keep").write_text("")
    subprocess.run([*GIT, "-C", str(root), "init", "-q"], check=True, capture_output=True)
    # What running the tests leaves behind is not a change of the user's.
    (root / ".git" / "info" / "exclude").write_text(
        "__pycache__/\n*.pyc\nlogs/*.log\ndb/\ndata/\n.coverage*\ncoverage.xml\n"
        ".pytest_cache/\nmedia/\n*.sqlite\nwhoosh_index/\nproxy-*.toml\ndiffs-*.sqlite*\n")
    for args in (["add", "-A", "-f"], ["commit", "-qm", "corpus copy"]):
        subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True)


def _env(python: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith("STRANGLER_")},
            "PATH": f"{Path(python).parent}:{os.environ['PATH']}", **(extra or {})}


def _project_env(project: str, root: Path) -> dict[str, str]:
    """What the monolith and the service both read, so they share one database."""
    if project == "flaskbb":
        return {"FLASKBB_SQLALCHEMY_DATABASE_URI": f"sqlite:///{root}/flaskbb.sqlite"}
    if project == "lnbits":
        return {"LNBITS_DATA_FOLDER": str(root / "data"), "LNBITS_ADMIN_UI": "false"}
    return {}


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


# --- routes first through the proxy --------------------------------------------------------

def _legacy_setup(project: str, root: Path, python: str, env: dict[str, str]) -> str:
    """The project's own set-up of a database to serve from ('' when it needs none)."""
    if project == "flaskbb":
        commands = [[python, "-c", "from flaskbb.cli import flaskbb; flaskbb()", "install",
                     "--force", "-u", "admin", "-e", "admin@example.org", "-p", "Test12345",
                     "--no-plugins"]]
    elif project == "wger":  # `wger bootstrap` less its yarn steps
        commands = [[python, "-m", "wger", task, "--settings-path", str(root / "settings.py")]
                    for task in ("migrate-db", "load-fixtures")]
    else:
        return ""
    said = []
    for command in commands:
        done = subprocess.run(command, cwd=root, env=_env(python, env), capture_output=True,
                              text=True, timeout=1800)
        name = " ".join(command[3:5] if project == "flaskbb" else command[2:4])
        said.append(f"{name}: exit {done.returncode}")
    return ", ".join(said)


def _legacy_command(project: str, root: Path, python: str, port: int) -> list[str]:
    """The monolith, started the way its docs say, on 127.0.0.1."""
    if project == "flaskbb":  # `flaskbb run` is Flask's run_simple on create_app()
        return [python, "-c", "from flaskbb import create_app; from werkzeug.serving import "
                f"run_simple; run_simple('127.0.0.1', {port}, create_app(), threaded=True)"]
    if project == "wger":
        return [python, "-m", "wger", "start", "--address", "127.0.0.1", "--port", str(port),
                "--settings-path", str(root / "settings.py")]
    return [python, "-c", "from lnbits.server import main; main()", "--host", "127.0.0.1",
            "--port", str(port)]


def _fetch(url: str, method: str = "GET") -> tuple[int, bytes]:
    """Status and body; redirects are answers, not followed; one Host header everywhere."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    data = b"{}" if method in ("POST", "PUT", "PATCH") else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Host": "localhost", "Content-Type": "application/json"})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            _fetch(url)
            return True
        except OSError:
            time.sleep(0.3)
    return False


@contextmanager
def _process(command: list[str], cwd: Path, env: dict[str, str], url: str, log: Path,
             wait: float = 180) -> Iterator[bool]:
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        yield _wait(url, process, wait)
    finally:
        stop_process(process)


_VOLATILE = [
    (re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*'), rb"\1*"),
    (re.compile(rb'(name="csrf_token" type="hidden" value=")[^"]*'), rb"\1*"),
    (re.compile(rb'(id="csrf_token" name="csrf_token" type="hidden" value=")[^"]*'), rb"\1*"),
    (re.compile(rb'(csrf[-_]?token"? content=")[^"]*', re.I), rb"\1*"),
    (re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?"), b"*"),
    (re.compile(rb"\b\d+ (?:second|minute|hour|day)s? ago\b"), b"* ago"),  # "39 seconds ago"
]


def _normal(body: bytes) -> bytes:
    for pattern, replacement in _VOLATILE:
        body = pattern.sub(replacement, body)
    return body


def _table(root: Path, mode: str, legacy: str, service: str, listen: int, admin: int,
           diff_db: Path) -> Path:
    """The route table `extract` wrote, with this run's ports, in `mode`."""
    text = (root / "strangler.toml").read_text()
    text = text.replace('legacy = "http://127.0.0.1:5000"', f'legacy = "{legacy}"')
    text = text.replace('upstream = "http://127.0.0.1:8000"', f'upstream = "{service}"')
    text = text.replace('mode = "shadow"', f'mode = "{mode}"')
    proxy = (f'[proxy]\nlegacy = "{legacy}"\nlisten = "127.0.0.1:{listen}"\n'
             f'admin = "127.0.0.1:{admin}"\ndiff_db = "{diff_db}"\nshadow_max_cpu = 2.0\n'
             'shadow_timeout = 30.0\ntimeout = 60.0\n'
             # shadow: legacy is called twice, and what differs between its own two answers
             # (CSRF tokens in HTML) is noise, as Diffy does
             + ("noise = true\n" if mode == "shadow" else "") + "\n")
    path = root / f"proxy-{mode}.toml"
    path.write_text(proxy + text)
    return path


def _through_proxy(target: Target, root: Path, legacy: str, service: str, outcome: Outcome
                   ) -> None:
    for mode in ("new", "shadow"):
        listen, admin = free_port(), free_port()
        diff_db = root / f"diffs-{mode}.sqlite"
        table = _table(root, mode, legacy, service, listen, admin, diff_db)
        proxy = f"http://127.0.0.1:{listen}"
        with _process([sys.executable, "-m", "strangler", "proxy", "--config", str(table),
                       "--no-access-log"], root, dict(os.environ), proxy + "/",
                      root / f"proxy-{mode}.log", wait=30) as up:
            if not up:
                setattr(outcome, f"proxy_{mode}", "the proxy did not start: " + (
                    root / f"proxy-{mode}.log").read_text()[-300:])
                continue
            equal, differ, normalized = 0, [], 0
            moved, itself = 0, 0
            config = parse_proxy_config(table.read_text())
            for method, path in target.probes:
                through, direct = _fetch(proxy + path, method), _fetch(legacy + path, method)
                if mode == "new":
                    outcome.proxy_answers.append(f"{method} {path} {through[0]}")
                    if match_route(config, method, clean_path(path), {}) is not None:
                        # The proxy falls back to legacy after a 5xx: ask the service itself.
                        moved += 1
                        own = _fetch(service + path, method)
                        if (own[0], _normal(own[1])) == (direct[0], _normal(direct[1])):
                            itself += 1
                        else:
                            outcome.service_differ.append(
                                f"{method} {path}: service {own[0]} {own[1][:80]!r} / "
                                f"legacy {direct[0]}")
                if through == direct:
                    equal += 1
                elif (through[0], _normal(through[1])) == (direct[0], _normal(direct[1])):
                    equal += 1
                    normalized += 1
                else:
                    differ.append(f"{method} {path}: proxy {through[0]} "
                                  f"{through[1][:80]!r} / legacy {direct[0]} "
                                  f"{direct[1][:80]!r}")
            if mode == "new":
                metrics = _fetch(service + "/metrics")[1].decode(errors="replace")
                served = sum(int(float(n)) for path, n in re.findall(
                    r'strangler_requests_total\{path="([^"]*)",status="\d+"\} (\S+)',
                    metrics) if path not in ("/healthz", "/readyz", "/metrics"))
                stats = _fetch(f"http://127.0.0.1:{admin}/_strangler/metrics")[1].decode()
                fallbacks = sum(int(float(n)) for n in re.findall(
                    r"^strangler_fallbacks_total\S* (\S+)$", stats, re.M))
                outcome.proxy_new = (f"{equal} of {len(target.probes)} equal ({normalized} "
                                     "modulo CSRF tokens or timestamps); the service served "
                                     f"{served - moved} request(s) through the proxy (and "
                                     f"{moved} asked directly); {fallbacks} "
                                     "fallback(s) to legacy; asked directly, the service "
                                     f"answered {itself} of the {moved} moved paths as legacy")
                outcome.proxy_new_differ = differ
            else:
                time.sleep(3)  # the copies are compared after the answer
                report = _strangler("diff", "--config", str(table), "--format", "json",
                                    cwd=root)
                outcome.proxy_shadow = (f"users' answers equal to legacy: {equal} of "
                                        f"{len(target.probes)}; diff: " + _diff_summary(
                                            report.stdout or report.stderr))


def _diff_summary(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return text.strip()[-300:]
    parts = []
    for route in data.get("routes", []):
        fields = "; ".join(f"{f['field']} differs {f['differs']}x (noise {f['noise']}x), "
                           f"legacy={str(f['legacy'])[:60]!r} new={str(f['new'])[:60]!r}"
                           for f in route["top_fields"][:3])
        parts.append(f"{route['route']}: {route['compared']} compared, {route['matched']} "
                     f"matched, copies {json.dumps(route['copies'])}"
                     + (f"; {fields}" if fields else ""))
    return " | ".join(parts) or "no comparisons stored"


# --- one target ----------------------------------------------------------------------------

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
    outcome.prefixes = list(plan["plan"]["route_prefixes"])
    outcome.remote_plan = (f"{remote} of {len(functions)} interface function(s) remote-capable"
                           + ("" if remote else "; kept local: " + "; ".join(
                               f"{m}.{n}: {why}" for m, n, why in
                               plan["plan"]["local_symbols"][:3])))
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
    if applied.returncode != 0:
        outcome.boot = "not tried (apply rolled back)"
        outcome.seconds = round(time.monotonic() - started, 1)
        return outcome
    service = root / plan["service_dir"]
    seam = Path(plan["service_dir"]).name
    shared = _project_env(target.project, root)
    routes_first = strategy["chosen"] == "routes" and bool(target.probes)
    _reset_data(root)
    if routes_first:
        outcome.legacy = _legacy_setup(target.project, root, python, shared)
    with running_service(python, service, f"{seam}_service", env=shared, wait=180) as (
            base, result):
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
            if target.remote_command:
                done = subprocess.run(
                    target.remote_command.format(python=python), shell=True, cwd=root,
                    capture_output=True, text=True, timeout=1800, env=_env(python, {
                        **shared, f"{seam_env}_MODE": "remote", f"{seam_env}_URL": base}))
                said = (done.stdout.strip().splitlines() or done.stderr.strip().splitlines()
                        or [""])[-1]  # what the command printed last
                outcome.remote_command = f"exit {done.returncode}: {said[:200]}"
            paths = rpc_paths(base)
            good = [f for f in functions if f["json_safe"] and paths.get(
                f"/rpc/{f['module']}/{f['name']}", {}).get("2xx", 0) and not paths.get(
                f"/rpc/{f['module']}/{f['name']}", {}).get("5xx", 0)]
            called = sum(1 for f in functions if f["json_safe"]
                         and f"/rpc/{f['module']}/{f['name']}" in paths)
            outcome.answered_over_http = (f"{len(good)} of {remote} answered 2xx without a "
                                          f"5xx ({called} called in the remote-mode run)")
        if result.ready and routes_first:
            port = free_port()
            legacy = f"http://127.0.0.1:{port}"
            with _process(_legacy_command(target.project, root, python, port), root,
                          _env(python, shared), legacy + "/", root / "legacy.log") as up:
                outcome.legacy += ("; " if outcome.legacy else "") + (
                    f"legacy up on {legacy}" if up else "legacy did not start: " + (
                        root / "legacy.log").read_text(errors="replace")[-300:])
                if up:
                    _through_proxy(target, root, legacy, base, outcome)
    outcome.seconds = round(time.monotonic() - started, 1)
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venvs", type=Path, default=Path("/tmp/xc/venvs"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/xc/real"))
    parser.add_argument("--only", help="one project (flaskbb, wger, lnbits)")
    parser.add_argument("--target", action="append", help="only these targets (repeat)")
    parser.add_argument("--json", type=Path, help="write the outcomes here")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for target in TARGETS:
        if args.only and target.project != args.only:
            continue
        if args.target and target.name not in args.target:
            continue
        outcome = run(target, args.venvs, args.work)
        outcomes.append(outcome)
        print(json.dumps(asdict(outcome), indent=1), flush=True)
    if args.json:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], indent=1) + "\n")


if __name__ == "__main__":
    main()
