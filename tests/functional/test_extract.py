"""`strangler extract billing` end to end on a git copy of the example monolith."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strangler.cli.app import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"
GIT = ["git", "-c", "user.email=test@example.com", "-c", "user.name=test"]


def _git(root: Path, *args: str) -> str:
    return subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True,
                          text=True).stdout


def _extract(root: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["extract", "billing", "--path", str(root), "--no-cache",
                                      *extra])
    return result.exit_code, result.output


def _pytest(cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "STRANGLER_"))}
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests"], cwd=cwd, env=full, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("extract") / "mono"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "legacy")
    code, out = _extract(root)  # dry run
    assert code == 0, out
    assert "streamflix.billing.subscriptions.is_entitled(user_id, premium)" in out
    assert "+from streamflix.billing_client import plans, subscriptions" in out
    assert "[shared_table] table subscriptions" in out
    assert _git(root, "status", "--porcelain") == ""  # a dry run writes nothing
    code, out = _extract(root, "--apply")
    assert code == 0, out
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "extract billing")
    return root


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def service(extracted: Path, tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen]]:  # type: ignore[type-arg]
    database = tmp_path / "legacy.db"
    seed = ("import sys; sys.path.insert(0, '.'); from streamflix import db; db.init_schema(); "
            "db.seed_demo_data()")
    subprocess.run([sys.executable, "-c", seed], cwd=extracted, check=True, timeout=60,
                   env={**os.environ, "STREAMFLIX_DB": str(database)})
    port = _free_port()
    process = _serve(extracted, database, port)
    yield f"http://127.0.0.1:{port}", database, process
    process.terminate()
    process.wait(timeout=10)


def _serve(root: Path, database: Path, port: int, **env: str) -> subprocess.Popen:  # type: ignore[type-arg]
    """Start the generated billing service on loopback and wait until it answers."""
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "billing_service.app:app",
                                "--host", "127.0.0.1", "--port", str(port)],
                               cwd=root / "services" / "billing",
                               env={**os.environ, "STREAMFLIX_DB": str(database), **env},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return process


def _client_call(root: Path, env: dict[str, str], code: str) -> dict:  # type: ignore[type-arg]
    script = ("import json, sys; sys.path.insert(0, '.');"
              "from streamflix.billing_client import _runtime, subscriptions, plans;"
              f"result = {code};"
              "_runtime.wait_for_shadows();"
              "print(json.dumps({'result': result, 'stats': _runtime.STATS}, default=str))")
    out = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                         text=True, timeout=120, env={**os.environ, **env}, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_monolith_tests_pass_in_local_mode_after_apply(extracted: Path) -> None:
    result = _pytest(extracted)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "40 passed" in result.stdout


def test_generated_service_tests_and_ruff_pass(extracted: Path) -> None:
    result = _pytest(extracted / "services" / "billing")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    lint = subprocess.run([ruff, "check", "--isolated", "services/billing/billing_service",
                           "services/billing/tests", "streamflix/billing_client"],
                          cwd=extracted, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    contract = json.loads((extracted / "services" / "billing" / "openapi.json").read_text())
    assert "/rpc/streamflix.billing.subscriptions/is_entitled" in contract["paths"]


def test_remote_mode_calls_the_service_and_falls_back_when_it_stops(
        extracted: Path, service: tuple) -> None:  # type: ignore[type-arg]
    url, database, process = service
    env = {"STREAMFLIX_DB": str(database), "STRANGLER_BILLING_URL": url}
    local = _client_call(extracted, env, "subscriptions.get_active_subscription(2)")
    remote = _client_call(extracted, {**env, "STRANGLER_BILLING_MODE": "remote"},
                          "subscriptions.get_active_subscription(2)")
    assert remote["result"] == local["result"] and remote["result"] is not None
    assert remote["stats"]["remote"] == 1 and remote["stats"]["fallback"] == 0
    process.terminate()
    process.wait(timeout=10)
    down = _client_call(extracted, {**env, "STRANGLER_BILLING_MODE": "remote"},
                        "subscriptions.get_active_subscription(2)")
    assert down["result"] == local["result"] and down["stats"]["fallback"] == 1
    result = _pytest(extracted, {"STRANGLER_BILLING_MODE": "remote",
                                 "STRANGLER_BILLING_URL": url})
    assert result.returncode == 0, result.stdout[-2000:]  # every call falls back


def test_monolith_tests_pass_in_remote_and_shadow_mode_with_the_service_running(
        extracted: Path, tmp_path: Path) -> None:
    # The parallel run needs one database for the tests and the service: the example's
    # conftest shares STREAMFLIX_TEST_DB across tests (emptied before each one).
    shared = tmp_path / "shared-test.db"
    port = _free_port()
    service = _serve(extracted, shared, port, STREAMFLIX_NOW="2024-03-01T12:00:00+00:00")
    url = f"http://127.0.0.1:{port}"
    try:
        for mode in ("remote", "shadow"):
            result = _pytest(extracted, {"STRANGLER_BILLING_MODE": mode,
                                         "STRANGLER_BILLING_URL": url,
                                         "STREAMFLIX_TEST_DB": str(shared)})
            assert result.returncode == 0, mode + result.stdout[-3000:]
            assert "40 passed" in result.stdout
        metrics = urllib.request.urlopen(url + "/metrics", timeout=5).read().decode()
        served = sum(float(line.rsplit(" ", 1)[1]) for line in metrics.splitlines()
                     if line.startswith("strangler_requests_total") and "/rpc/" in line
                     and 'status="200"' in line)
        assert served > 10  # the tests really went through the service, successfully
        assert "status=\"5" not in metrics  # and it never failed (no silent fallback)
    finally:
        service.terminate()
        service.wait(timeout=10)


def test_shadow_mode_keeps_local_results_and_records_a_difference(
        extracted: Path, service: tuple, tmp_path: Path) -> None:  # type: ignore[type-arg]
    url, database, process = service
    log = tmp_path / "mismatches.jsonl"
    env = {"STREAMFLIX_DB": str(database), "STRANGLER_BILLING_URL": url,
           "STRANGLER_BILLING_MODE": "shadow", "STRANGLER_BILLING_MISMATCH_LOG": str(log)}
    same = _client_call(extracted, env, "plans.plan_name('premium')")
    assert same["stats"]["shadow_compared"] == 1 and not log.exists()
    # A deliberate difference in the service's copy of the code.
    carried = extracted / "services" / "billing" / "src" / "streamflix" / "billing" / "plans.py"
    original = carried.read_text()
    carried.write_text(original + "\n\ndef plan_name(code):\n    return 'Changed ' + code\n")
    try:
        process.terminate()
        process.wait(timeout=10)
        restarted = _serve(extracted, database, int(url.rsplit(":", 1)[1]))
        differs = _client_call(extracted, env, "plans.plan_name('premium')")
        restarted.terminate()
        restarted.wait(timeout=10)
    finally:
        carried.write_text(original)
    assert differs["result"] == same["result"]  # the caller still gets the local answer
    assert differs["stats"]["shadow_mismatch"] == 1
    entry = json.loads(log.read_text().splitlines()[0])
    assert entry["function"] == "streamflix.billing.plans.plan_name"
    assert entry["remote"] == "Changed premium" and entry["local"] == same["result"]


def _files(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime, but git's, caches and the service's run-time state."""
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()
            and not {".git", "__pycache__", ".pytest_cache"} & set(p.relative_to(root).parts)
            and ".strangler-idempotency.sqlite3" not in p.name}


def test_apply_is_idempotent_and_keeps_hand_edits(extracted: Path) -> None:
    before = _files(extracted)
    code, out = _extract(extracted, "--apply")
    assert code == 0, out
    assert _git(extracted, "status", "--porcelain") == ""
    # nothing new to write: no file's bytes or mtime changed (not even the manifest or
    # openapi.json), and the CLI says so
    after = _files(extracted)
    assert [p for p in after if after[p] != before.get(p)] == []
    assert "written 0 files" in out and "0 monolith files changed" in out, out
    assert "openapi.json unchanged" in out, out
    readme = extracted / "services" / "billing" / "README.md"
    readme.write_text(readme.read_text() + "\nOur own notes.\n")
    code, out = _extract(extracted, "--apply", "--force")
    assert "kept (changed by hand since generated): services/billing/README.md" in out
    assert readme.read_text().endswith("Our own notes.\n")
    _git(extracted, "checkout", "--", ".")


def test_dirty_tree_unknown_and_hostile_names_are_refused(extracted: Path) -> None:
    (extracted / "scratch.txt").write_text("work in progress\n")
    try:
        code, out = _extract(extracted, "--apply")
        assert code == 3 and "uncommitted changes" in out
    finally:
        (extracted / "scratch.txt").unlink()
    result = CliRunner().invoke(app, ["extract", "biling", "--path", str(extracted),
                                      "--no-cache"])
    assert result.exit_code == 2 and "did you mean billing" in result.output
    for name in ("../etc", "billing; rm -rf /", "class"):
        result = CliRunner().invoke(app, ["extract", name, "--path", str(extracted)])
        assert result.exit_code == 2, name
    result = CliRunner().invoke(app, ["extract", "billing", "--path", str(extracted),
                                      "--out", "../outside"])
    assert result.exit_code == 2 and "inside the monolith" in result.output


def test_seam_names_come_from_the_last_analysis(tmp_path: Path) -> None:
    root = tmp_path / "mono"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    cache = tmp_path / "cache"
    result = CliRunner().invoke(app, ["analyze", str(root), "--out", str(tmp_path / "o"),
                                      "--cache-dir", str(cache), "--no-svg",
                                      "--move", "streamflix.catalog.pricing=rentals", "-q"])
    assert result.exit_code == 0, result.output
    result = CliRunner(env={"STRANGLER_CACHE_DIR": str(cache)}).invoke(
        app, ["extract", "rentals", "--path", str(root)])
    assert result.exit_code == 0, result.output
    assert "extract rentals: 1 module in streamflix.catalog (1)" in result.output


def test_fastapi_routes_are_served_by_the_mounted_legacy_asgi_app(tmp_path: Path) -> None:
    from helpers import build_tree

    root = build_tree(tmp_path / "api_mono", {
        "api/__init__.py": "",
        "api/main.py": """
            from fastapi import FastAPI
            from api.items import router

            app = FastAPI()
            app.include_router(router)

            @app.get("/health")
            def health():
                return {"ok": True}
            """,
        "api/items.py": """
            from fastapi import APIRouter
            from api import pricing

            router = APIRouter(prefix="/items")

            @router.get("/{item_id}")
            def read_item(item_id: int):
                return {"id": item_id, "price": pricing.price(item_id)}
            """,
        "api/pricing.py": "def price(item_id: int) -> int:\n    return item_id * 100\n",
    })
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "api")
    result = CliRunner().invoke(app, ["extract", "api.items", "--path", str(root), "--no-cache",
                                      "--apply"])
    assert result.exit_code == 0, result.output
    assert "FastAPI routers ported as they are (api.items.router)" in result.output
    assert "ASGI app api.main:app" in result.output
    port = _free_port()
    # Without the legacy app mounted, the ported router alone serves the route.
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "items_service.app:app",
                                "--host", "127.0.0.1", "--port", str(port)],
                               cwd=root / "services" / "items", stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL,
                               env={**os.environ, "STRANGLER_SERVE_LEGACY_ROUTES": "0"})
    try:
        body = None
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/items/3",
                                            timeout=1) as reply:
                    body = json.loads(reply.read())
                break
            except OSError:
                time.sleep(0.1)
        assert body == {"id": 3, "price": 300}  # the FastAPI handler, ported as it is
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_openapi_names_each_function_missing_from_the_contract_and_why(
        extracted: Path) -> None:
    from strangler.adapters.cache import NullStore
    from strangler.adapters.filesystem import LocalFileSystem
    from strangler.cli.extract_openapi import write_openapi
    from strangler.extract import ExtractRequest, prepare

    functions = prepare(ExtractRequest("billing", extracted), LocalFileSystem(),
                        NullStore()).extraction.plan.functions
    service = extracted / "services" / "billing"
    carried = service / "src" / "streamflix" / "billing" / "plans.py"
    original = carried.read_text()
    # The service's copy no longer has one function (changed by hand, say).
    assert "def max_streams(" in original
    carried.write_text(original.replace("def max_streams(", "def _max_streams("))
    try:
        lines = write_openapi(service, "billing_service", sys.executable, functions)
        spec = json.loads((service / "openapi.json").read_text())
    finally:
        carried.write_text(original)
        _git(extracted, "checkout", "--", ".")
    remote = [f for f in functions if f.json_safe]
    broken = [f for f in remote if f.name == "max_streams"]
    assert broken and len(broken) < len(remote)
    assert lines[0].startswith(f"openapi.json INCOMPLETE (written by the service, {service}"
                               f"/openapi.json): {len(remote) - len(broken)} of "
                               f"{len(remote)} RPC paths; missing:"), lines
    for f in broken:
        assert f"  {f.module}.{f.name}: AttributeError: module 'streamflix.billing.plans' " \
            "has no attribute 'max_streams'" in lines
        assert f"/rpc/{f.module}/{f.name}" not in spec["paths"]
    assert all(f"/rpc/{f.module}/{f.name}" in spec["paths"] for f in remote
               if f not in broken)
