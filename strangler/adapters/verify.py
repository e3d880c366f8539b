"""Prove an applied extraction by running things: import the changed modules, run the
monolith's own tests, boot the generated service and ask /readyz.

Every check runs in a subprocess with the monolith's interpreter (`python`), so strangler's
own environment never stands in for the project's.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_IMPORT_SCRIPT = """
import importlib, json, os, sys, traceback
sys.path[:0] = json.loads(sys.argv[1])
if os.environ.get("DJANGO_SETTINGS_MODULE"):
    try:
        import django
        django.setup()
    except Exception as exc:
        print(json.dumps({"*django.setup()": f"{type(exc).__name__}: {exc}"}))
        raise SystemExit(0)
failed = {}
for name in json.loads(sys.argv[2]):
    try:
        importlib.import_module(name)
    except BaseException as exc:
        failed[name] = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
print(json.dumps(failed))
"""


@dataclass(frozen=True)
class CommandRun:
    command: str
    returncode: int
    tail: str  # the last lines of its output

    @property
    def passed(self) -> bool:
        return self.returncode == 0


@dataclass(frozen=True)
class BootCheck:
    booted: bool
    ready: bool
    detail: str  # /readyz's answer, or why there was none


def _environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRANGLER_")}
    env.update(extra or {})
    return env


def import_modules(python: str, root: Path, paths: list[str], modules: list[str],
                   env: dict[str, str] | None = None, timeout: float = 300
                   ) -> dict[str, str]:
    """module -> error for each of `modules` that does not import (paths: sys.path entries
    relative to root). A failure of the interpreter itself is reported under '*'."""
    try:
        result = subprocess.run(
            [python, "-c", _IMPORT_SCRIPT, json.dumps([str(root / p) for p in paths]),
             json.dumps(modules)], cwd=root, capture_output=True, text=True, timeout=timeout,
            env=_environment(env), check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"*": str(exc)}
    lines = result.stdout.strip().splitlines()
    try:
        found = json.loads(lines[-1]) if lines else None
    except ValueError:
        found = None
    if not isinstance(found, dict):
        return {"*": (result.stderr.strip().splitlines() or ["no output"])[-1]}
    return {str(k): str(v) for k, v in found.items()}


def run_command(command: str, root: Path, env: dict[str, str] | None = None,
                timeout: float = 3600) -> CommandRun:
    """Run the team's test command in the monolith's folder (a shell command line)."""
    try:
        result = subprocess.run(command, shell=True, cwd=root, capture_output=True,
                                text=True, timeout=timeout, env=_environment(env),
                                check=False)
    except subprocess.TimeoutExpired:
        return CommandRun(command, -1, f"timed out after {timeout:.0f} s")
    output = (result.stdout + result.stderr).strip().splitlines()
    return CommandRun(command, result.returncode, "\n".join(output[-15:]))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as reply:
            return reply.status, reply.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


@contextmanager
def running_service(python: str, service_dir: Path, package: str,
                    env: dict[str, str] | None = None, wait: float = 60
                    ) -> Iterator[tuple[str, BootCheck]]:
    """Start the service with uvicorn on 127.0.0.1, wait for /healthz, ask /readyz; yield
    its base URL and the check while it runs, then stop it."""
    port = free_port()
    log = service_dir / ".strangler-boot.log"
    base = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        try:
            process = subprocess.Popen(
                [python, "-m", "uvicorn", f"{package}.app:app", "--host", "127.0.0.1",
                 "--port", str(port)], cwd=service_dir, env=_environment(env), stdout=out,
                stderr=subprocess.STDOUT)
        except OSError as exc:
            yield base, BootCheck(False, False, f"could not start {python}: {exc}")
            return
    try:
        yield base, _await_ready(process, base, log, wait)
    finally:
        stop_process(process)
        log.unlink(missing_ok=True)


def stop_process(process: subprocess.Popen[bytes], grace: float = 15) -> None:
    """Terminate a process we started, and kill it if it does not end within `grace`."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=grace)


def _await_ready(process: subprocess.Popen[bytes], base: str, log: Path, wait: float
                 ) -> BootCheck:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            text = log.read_text(errors="replace").strip().splitlines()
            return BootCheck(False, False, "exited: " + " | ".join(text[-4:]))
        try:
            if _get(base + "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        return BootCheck(False, False, f"no answer on /healthz within {wait:.0f} s")
    status, body = _get(base + "/readyz")
    return BootCheck(True, status == 200, f"/readyz {status}: {body[:400]}")


def boot_service(python: str, service_dir: Path, package: str,
                 env: dict[str, str] | None = None, wait: float = 60) -> BootCheck:
    """Start the service, ask /readyz, stop it."""
    with running_service(python, service_dir, package, env, wait) as (_, check):
        return check


_COUNTER = re.compile(r'^strangler_requests_total\{path="(/rpc/[^"]*)",status="(\d+)"\} (\d+)',
                      re.M)


def rpc_paths(base: str) -> dict[str, dict[str, int]]:
    """RPC calls the running service answered so far: path -> status class -> count."""
    try:
        _, text = _get(base + "/metrics")
    except OSError:
        return {}
    found: dict[str, dict[str, int]] = {}
    for path, status, count in _COUNTER.findall(text):
        per = found.setdefault(path, {})
        per[f"{status[0]}xx"] = per.get(f"{status[0]}xx", 0) + int(count)
    return found


def rpc_answers(base: str) -> dict[str, int]:
    """RPC calls the running service answered so far, per status class ('2xx', '4xx',
    '5xx'), from its /metrics."""
    counts: dict[str, int] = {}
    for per in rpc_paths(base).values():
        for key, count in per.items():
            counts[key] = counts.get(key, 0) + count
    return counts
