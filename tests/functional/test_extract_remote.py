"""Remote mode of a generated client against its generated service (issue 12, item 4): a
write never runs twice. It falls back to the local code only when the request provably never
reached the service; it carries an idempotency key that the service honours; a domain
exception keeps its HTTP meaning and is raised again in the caller. Shadow failures are
recorded with their reason (item 5). Real servers on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import build_tree
from typer.testing import CliRunner

from strangler.adapters.verify import free_port
from strangler.cli.app import app

pytestmark = pytest.mark.slow
GIT = ["git", "-c", "user.email=test@example.com", "-c", "user.name=test"]

LEDGER = {
    "ledger/__init__.py": "",
    "ledger/entries.py": """
        import json
        import os
        import time
        from pathlib import Path


        class EntryNotFound(Exception):
            code = 404


        def _rows() -> list:
            path = Path(os.environ["LEDGER_FILE"])
            return json.loads(path.read_text()) if path.exists() else []


        def add_entry(amount: int, note: str) -> int:
            rows = _rows()
            rows.append({"amount": amount, "note": note})
            Path(os.environ["LEDGER_FILE"]).write_text(json.dumps(rows))
            time.sleep(float(os.environ.get("LEDGER_DELAY", "0")))
            return len(rows)


        def get_entry(entry_id: int) -> dict:
            rows = _rows()
            if entry_id >= len(rows):
                raise EntryNotFound(f"no entry {entry_id}")
            return rows[entry_id]
        """,
    "web/__init__.py": "",
    "web/views.py": """
        from ledger.entries import add_entry, get_entry


        def spend():
            return add_entry(5, "coffee")


        def first():
            return get_entry(0)


        def missing():
            return get_entry(99)
        """,
}


def _rows(path: Path) -> list[dict[str, object]]:
    return json.loads(path.read_text()) if path.exists() else []


def _client(root: Path, code: str, **env: str) -> dict[str, object]:
    script = ("import json, sys; sys.path.insert(0, '.'); from web import views; "
              "from ledger_client import _runtime\n"
              f"try:\n    out = {{'result': {code}}}\n"
              "except Exception as exc:\n"
              "    out = {'raised': type(exc).__name__, 'message': str(exc)}\n"
              "_runtime.wait_for_shadows()\n"
              "out['stats'] = _runtime.STATS; out['breaker'] = _runtime.BREAKER.state\n"
              "print(json.dumps(out, default=str))")
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _post(url: str, body: dict[str, object], key: str) -> tuple[int, dict[str, str], object]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Idempotency-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, dict(reply.headers), json.loads(reply.read())
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), json.loads(exc.read())


@contextmanager
def _service(root: Path, **env: str) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "ledger_service.app:app",
                                "--host", "127.0.0.1", "--port", str(port)],
                               cwd=root / "services" / "ledger", env={**os.environ, **env},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build_tree(tmp_path_factory.mktemp("p") / "ledger", LEDGER)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "legacy"]):
        subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True)
    result = CliRunner().invoke(app, ["extract", "ledger", "--path", str(root), "--no-cache",
                                      "--apply", "--no-boot-check"])
    assert result.exit_code == 0, result.output
    assert "strategy: functions: 2 of 2 interface function(s) proven JSON-safe" in result.output
    return root


def test_a_slow_write_is_not_run_again_locally_and_its_key_replays(ledger: Path,
                                                                   tmp_path: Path) -> None:
    local, remote = tmp_path / "local.json", tmp_path / "remote.json"
    with _service(ledger, LEDGER_FILE=str(remote), LEDGER_DELAY="2",
                  STRANGLER_LEDGER_IDEMPOTENCY_DB=str(tmp_path / "keys.db")) as base:
        out = _client(ledger, "views.spend()", LEDGER_FILE=str(local),
                      STRANGLER_LEDGER_MODE="remote", STRANGLER_LEDGER_URL=base,
                      STRANGLER_LEDGER_TIMEOUT="0.5")
        assert out["raised"] == "RemoteWriteUnknown", out  # the caller is told, not lied to
        assert _rows(local) == []  # the old client ran it here too: two rows in all
        time.sleep(2.5)
        assert len(_rows(remote)) == 1  # the retries with the same key did not write again
        # The service stored the key with its answer: a repeat is replayed, not run.
        key = str(out["message"]).rsplit("idempotency key ", 1)[1].rstrip(")")
        status, headers, body = _post(base + "/rpc/ledger.entries/add_entry",
                                      {"amount": 5, "note": "coffee"}, key)
        assert (status, body, headers.get("idempotent-replayed")) == (200, {"result": 1}, "true")
        assert len(_rows(remote)) == 1
        status, _, body = _post(base + "/rpc/ledger.entries/add_entry",
                                {"amount": 6, "note": "tea"}, key)
        assert status == 422 and len(_rows(remote)) == 1  # a key reused for another call


def test_a_write_falls_back_only_when_the_service_was_never_reached(ledger: Path,
                                                                    tmp_path: Path) -> None:
    local = tmp_path / "local.json"
    down = f"http://127.0.0.1:{free_port()}"  # nothing listens: connection refused
    out = _client(ledger, "views.spend()", LEDGER_FILE=str(local),
                  STRANGLER_LEDGER_MODE="remote", STRANGLER_LEDGER_URL=down)
    assert out["result"] == 1 and _rows(local) == [{"amount": 5, "note": "coffee"}]
    assert out["stats"]["fallback"] == 1  # type: ignore[index]


def test_remote_writes_once_and_domain_errors_keep_their_meaning(ledger: Path,
                                                                 tmp_path: Path) -> None:
    local, remote = tmp_path / "local.json", tmp_path / "remote.json"
    env = {"LEDGER_FILE": str(local), "STRANGLER_LEDGER_MODE": "remote"}
    with _service(ledger, LEDGER_FILE=str(remote),
                  STRANGLER_LEDGER_IDEMPOTENCY_DB=str(tmp_path / "keys.db")) as base:
        out = _client(ledger, "views.spend()", STRANGLER_LEDGER_URL=base, **env)
        assert out["result"] == 1 and len(_rows(remote)) == 1 and _rows(local) == []
        out = _client(ledger, "views.first()", STRANGLER_LEDGER_URL=base, **env)
        assert out["result"] == {"amount": 5, "note": "coffee"}
        # A 404 from the domain: the caller gets its own exception, the breaker stays shut.
        out = _client(ledger, "[views.missing() for _ in range(6)]",
                      STRANGLER_LEDGER_URL=base, **env)
        assert (out["raised"], out["message"]) == ("EntryNotFound", "no entry 99"), out
        assert out["breaker"] == "closed"


def test_shadow_failures_are_recorded_with_their_reason(ledger: Path, tmp_path: Path) -> None:
    log = tmp_path / "mismatch.jsonl"
    local = tmp_path / "local.json"
    local.write_text(json.dumps([{"amount": 1, "note": "x"}]))
    with _service(ledger, LEDGER_FILE=str(tmp_path / "remote.json")) as base:
        out = _client(ledger, "views.first()", LEDGER_FILE=str(local),
                      STRANGLER_LEDGER_MODE="shadow", STRANGLER_LEDGER_URL=base,
                      STRANGLER_LEDGER_MISMATCH_LOG=str(log))
    assert out["result"] == {"amount": 1, "note": "x"}
    assert out["stats"]["shadow_failed"] == 1  # type: ignore[index]
    entry = json.loads(log.read_text().splitlines()[0])
    assert entry["kind"] == "failed" and entry["function"] == "ledger.entries.get_entry"
    assert "404 from the service: EntryNotFound: no entry 0" in entry["reason"]


def test_verify_runs_the_tests_in_remote_and_shadow_mode(tmp_path: Path) -> None:
    files = {**LEDGER, "tests/test_views.py": """
        from web import views


        def test_spend_then_read():
            count = views.spend()
            assert views.first() == {"amount": 5, "note": "coffee"}
            assert count >= 1
        """}
    root = build_tree(tmp_path / "ledger", files)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "legacy"]):
        subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True)
    os.environ["LEDGER_FILE"] = str(tmp_path / "ledger.json")
    try:
        result = CliRunner().invoke(app, [
            "extract", "ledger", "--path", str(root), "--no-cache", "--apply", "--verify",
            f"{sys.executable} -m pytest -q -p no:cacheprovider tests"])
    finally:
        del os.environ["LEDGER_FILE"]
    assert result.exit_code == 0, result.output
    out = result.output
    assert "verify: after the change: passed" in out
    # Remote: the write and the read both went to the service and answered 200.
    assert "verify: remote mode (service at http://127.0.0.1:" in out
    remote = next(line for line in out.splitlines() if line.startswith("verify: remote mode"))
    assert "passed" in remote and "RPC answers: 2 2xx" in remote, remote
    # Shadow: only the read is shadowed (writes are not, by default), and it matched.
    shadow = next(line for line in out.splitlines() if line.startswith("verify: shadow mode"))
    assert "passed" in shadow and "RPC answers: 1 2xx" in shadow, shadow
    assert "0 mismatches, 0 failed shadow calls" in shadow
    assert "not proven: remote and shadow mode" not in out
