"""The whole strangler story on the example monolith, in about a minute (`make demo`).

analyze -> extract the seam the migration plan puts first (into a temporary git copy) ->
start the legacy app, the new service and the proxy -> shadow traffic and the diff summary ->
canary -> new -> stop the service: traffic falls back to legacy with no failed request ->
stop everything. When the plan's first seam cannot be demonstrated (no GET route under one
path prefix to replay), the demo says so and takes the next step of the plan that can.
Everything listens on 127.0.0.1 and stops at the end, whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE / "legacy_monolith"
BIN = Path(sys.executable).parent
STRANGLER = str(BIN / "strangler")


def say(text: str) -> None:
    print(f"\n== {text}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def call(url: str, method: str = "GET", body: dict | None = None,
         token: str | None = None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, json.loads(reply.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, {}


OTHER_PATHS = ["/catalog/titles", "/recommendations/popular", "/health"]


def choose_seam(analysis: dict) -> tuple[str, str, list[str], str]:
    """(seam, route prefix, GET paths to replay, note) for the first step of the plan whose
    routes share one prefix and include GET routes without parameters."""
    seams = dict(analysis["proposal"]["assignment"])
    notes: list[str] = []
    for step in analysis["plan"]:
        seam = step["seam"]
        paths = sorted({r["path"] for r in analysis["routes"] if seams.get(r["module"]) == seam})
        prefixes = {"/" + path.strip("/").split("/")[0] for path in paths}
        gets = sorted({r["path"] for r in analysis["routes"] if seams.get(r["module"]) == seam
                       and "GET" in r["methods"] and "<" not in r["path"]})
        if len(prefixes) == 1 and gets:
            note = (f"the plan puts {seam} first ({step['reason']})" if not notes else
                    "; ".join(notes) + f"; {seam} is step {step['order']} of the plan")
            return seam, prefixes.pop(), gets, note
        why = ("no routes" if not paths else "routes under several prefixes"
               if len(prefixes) > 1 else "no GET route without parameters to replay")
        notes.append(f"the plan's step {step['order']}, {seam}, is not demonstrated here: {why}")
    raise RuntimeError("no seam of the plan has routes under one prefix: " + "; ".join(notes))


def traffic(base: str, token: str, rounds: int, paths: list[str]) -> tuple[int, int]:
    """Replay sample traffic; (requests, failures) where a failure is any 5xx or error."""
    sent = failed = 0
    for _ in range(rounds):
        for path in paths:
            try:
                status, _ = call(base + path, token=token)
            except OSError:
                status = 599
            sent += 1
            failed += status >= 500
    return sent, failed


def metric(admin: str, name: str) -> float:
    text = urllib.request.urlopen(admin + "/_strangler/metrics", timeout=5).read().decode()
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith(f"strangler_{name}"))


def served_by_new(admin: str) -> float:
    text = urllib.request.urlopen(admin + "/_strangler/metrics", timeout=5).read().decode()
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("strangler_requests_total") and 'upstream="new"' in line)


def main() -> int:
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="strangler-demo-"))
    processes: list[subprocess.Popen[bytes]] = []
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    try:
        root = work / "streamflix"
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
        git = ["git", "-C", str(root), "-c", "user.email=demo@example.com", "-c",
               "user.name=demo"]
        subprocess.run([*git, "init", "-q"], check=True)
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-qm", "legacy"], check=True)

        say("1. analyze, and extract the seam the plan puts first (a copy of the example in "
            "git)")
        subprocess.run([STRANGLER, "analyze", str(root), "--out", str(work / "analysis"),
                        "--no-cache", "--no-svg", "--quiet"], check=True)
        analysis = json.loads((work / "analysis" / "analysis.json").read_text("utf-8"))
        seam, prefix, seam_paths, note = choose_seam(analysis)
        print(note)
        paths = seam_paths + [p for p in OTHER_PATHS if not p.startswith(prefix + "/")]
        subprocess.run([STRANGLER, "extract", seam, "--path", str(root), "--apply",
                        "--no-cache"], check=True, stdout=subprocess.DEVNULL)
        print(f"service in {root / 'services' / seam}, client in "
              f"{root / 'streamflix' / (seam + '_client')}")

        database = work / "streamflix.db"
        legacy_port, service_port, proxy_port, admin_port = (free_port() for _ in range(4))
        say(f"2. start the legacy app (:{legacy_port}), the {seam} service (:{service_port})"
            f" and the proxy (:{proxy_port})")
        log = open(work / "processes.log", "wb")  # noqa: SIM115 - closed in finally
        processes.append(subprocess.Popen(
            [sys.executable, "serve.py", "--port", str(legacy_port), "--db", str(database)],
            cwd=root, env=env, stdout=log, stderr=log))
        wait_http(f"http://127.0.0.1:{legacy_port}/health")
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "uvicorn", f"{seam}_service.app:app", "--host",
             "127.0.0.1", "--port", str(service_port)], cwd=root / "services" / seam,
            env={**env, "STREAMFLIX_DB": str(database)}, stdout=log, stderr=log))
        wait_http(f"http://127.0.0.1:{service_port}/healthz")
        table = work / "strangler.toml"
        table.write_text(f'''[proxy]
legacy = "http://127.0.0.1:{legacy_port}"
listen = "127.0.0.1:{proxy_port}"
admin = "127.0.0.1:{admin_port}"
diff_db = "{work / 'diffs.sqlite'}"
noise = true

[proxy.promote]
min_samples = 50
match_rate = 0.95

[[routes]]
prefix = "{prefix}"
upstream = "http://127.0.0.1:{service_port}"
mode = "shadow"
sticky = "header:Authorization"
''')
        processes.append(subprocess.Popen([STRANGLER, "proxy", "--config", str(table)],
                                          env=env, stdout=log, stderr=log))
        base, admin = f"http://127.0.0.1:{proxy_port}", f"http://127.0.0.1:{admin_port}"
        wait_http(base + "/health")
        _, login = call(base + "/accounts/login", "POST",
                        {"email": "alice@example.com", "password": "password1"})
        token = login["token"]

        say(f"3. shadow: legacy answers, {seam} gets a copy; the diff summary")
        sent, failed = traffic(base, token, 25, paths)
        time.sleep(1.0)
        print(f"{sent} requests, {failed} failed")
        # `strangler diff` exits 0 when ready to promote, 1 when not yet, 2 on an error.
        if subprocess.run([STRANGLER, "diff", "--config", str(table)]).returncode > 1:
            raise RuntimeError("strangler diff failed")

        say(f"4. canary: 50% of clients (sticky) to the {seam} service")
        subprocess.run([STRANGLER, "route", "set", prefix, "canary", "--percent", "50",
                        "--config", str(table)], check=True)
        time.sleep(1.5)  # the proxy reloads the table on its own
        # 12 client sessions (each login is a new token, the sticky key); every client stays
        # on one side for all of its requests.
        tokens = [call(base + "/accounts/login", "POST", {"email": email,
                                                          "password": password})[1]["token"]
                  for _ in range(4)
                  for email, password in (("alice@example.com", "password1"),
                                          ("bob@example.com", "password2"),
                                          ("carol@example.com", "password3"))]
        sent = failed = 0
        sides: list[float] = []
        for user_token in tokens:
            before = served_by_new(admin)
            client_sent, client_failed = traffic(base, user_token, 2, paths)
            sent, failed = sent + client_sent, failed + client_failed
            sides.append(served_by_new(admin) - before)
        on_new = sum(1 for served in sides if served)
        mixed = sum(1 for served in sides if 0 < served < 2 * len(seam_paths))
        print(f"{len(tokens)} clients, {sent} requests, {failed} failed; {on_new} clients "
              f"({sum(sides):.0f} requests) served by the {seam} service, the others by "
              f"legacy; clients that switched sides: {mixed}")

        say(f"5. new: all {seam} traffic to the {seam} service")
        subprocess.run([STRANGLER, "route", "set", prefix, "new", "--config", str(table)],
                       check=True)
        time.sleep(1.5)
        before = served_by_new(admin)
        sent, failed = traffic(base, token, 10, paths)
        print(f"{sent} requests, {failed} failed; served by the {seam} service: "
              f"{served_by_new(admin) - before:.0f}")

        say(f"6. stop the {seam} service: traffic falls back to legacy")
        service = processes[1]
        service.terminate()
        service.wait(timeout=10)
        fallbacks_before = metric(admin, "fallbacks_total")
        sent, failed = traffic(base, token, 10, paths)
        print(f"{sent} requests, {failed} failed; fallbacks to legacy: "
              f"{metric(admin, 'fallbacks_total') - fallbacks_before:.0f}")
        states = [line for line in urllib.request.urlopen(
            admin + "/_strangler/metrics", timeout=5).read().decode().splitlines()
            if line.startswith("strangler_breaker_state") and line.endswith(" 1")]
        print("breaker: " + ", ".join(states))
        if failed:
            print("FAILED: requests failed during the fallback")
            return 1
        say(f"done in {time.monotonic() - started:.0f}s; everything it started is stopped")
        return 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
