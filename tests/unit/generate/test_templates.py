"""Each extraction template rendered on its own, and the generated client runtime exercised."""

from __future__ import annotations

import ast
import importlib.util
import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest

from strangler.templating import environment


def _load(tmp_path: Path, name: str, text: str) -> ModuleType:
    path = tmp_path / f"{name}.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    text = environment().get_template("client/runtime.py.jinja").render(
        seam="billing", env="STRANGLER_BILLING")
    ast.parse(text)
    for key in ("MODE", "URL", "TIMEOUT", "MISMATCH_LOG", "SHADOW_WRITES"):
        monkeypatch.delenv(f"STRANGLER_BILLING_{key}", raising=False)
    module = _load(tmp_path, "billing_runtime_under_test", text)
    yield module
    sys.modules.pop("billing_runtime_under_test", None)


class _Service(BaseHTTPRequestHandler):
    answer: object = None
    status = 200
    calls: list[tuple[str, dict]] = []  # type: ignore[type-arg]

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).calls.append((self.path, body))
        payload = json.dumps({"result": type(self).answer}).encode()
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture()
def service() -> Iterator[str]:
    _Service.calls = []
    _Service.status = 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Service)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def is_entitled(user_id: int, premium: bool = False) -> bool:
    """Local implementation."""
    return user_id == 1


def test_local_mode_is_today_behaviour_with_the_same_signature(runtime: ModuleType) -> None:
    import inspect

    wrapped = runtime.switch(is_entitled, "shop.billing", read_only=True, json_safe=True)
    assert wrapped(1) is True and wrapped(2, premium=True) is False
    assert inspect.signature(wrapped) == inspect.signature(is_entitled)
    assert wrapped.__doc__ == "Local implementation."
    assert runtime.STATS["local"] == 2


def test_remote_mode_calls_the_service_with_named_arguments(runtime, service, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("STRANGLER_BILLING_MODE", "remote")
    monkeypatch.setenv("STRANGLER_BILLING_URL", service)
    _Service.answer = True
    wrapped = runtime.switch(is_entitled, "shop.billing", read_only=True, json_safe=True)
    assert wrapped(2, True) is True  # the service's answer, not the local one
    assert _Service.calls == [("/rpc/shop.billing/is_entitled", {"user_id": 2,
                                                                 "premium": True})]


def test_remote_errors_fall_back_retry_only_reads_and_open_the_breaker(runtime, service,
                                                                      monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("STRANGLER_BILLING_MODE", "remote")
    monkeypatch.setenv("STRANGLER_BILLING_URL", service)
    _Service.status = 500
    reader = runtime.switch(is_entitled, "shop.billing", read_only=True, json_safe=True)
    assert reader(1) is True  # local fallback
    assert len(_Service.calls) == 1 + runtime.RETRIES_READ_ONLY
    _Service.calls.clear()
    writer = runtime.switch(is_entitled, "shop.billing", read_only=False, json_safe=True)
    # A write that reached the service and failed there is not run again locally.
    with pytest.raises(runtime.RemoteWriteFailed):
        writer(1)
    assert len(_Service.calls) == 1  # and not retried: the service answered
    while runtime.BREAKER.state != "open" and len(_Service.calls) < 20:
        with pytest.raises(runtime.RemoteWriteFailed):
            writer(1)
    assert runtime.BREAKER.state == "open"
    _Service.calls.clear()
    # Open: nothing is sent, so the local code runs it, once.
    assert writer(1) is True and _Service.calls == []


def test_shadow_returns_local_and_records_a_difference(runtime, service, monkeypatch,
                                                       tmp_path) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "mismatch.jsonl"
    monkeypatch.setenv("STRANGLER_BILLING_MODE", "shadow")
    monkeypatch.setenv("STRANGLER_BILLING_URL", service)
    monkeypatch.setenv("STRANGLER_BILLING_MISMATCH_LOG", str(log))
    _Service.answer = False  # the service disagrees
    reader = runtime.switch(is_entitled, "shop.billing", read_only=True, json_safe=True)
    assert reader(1) is True
    runtime.wait_for_shadows()
    entry = json.loads(log.read_text().splitlines()[0])
    assert entry["function"] == "shop.billing.is_entitled"
    assert (entry["local"], entry["remote"]) == (True, False)
    writer = runtime.switch(is_entitled, "shop.billing", read_only=False, json_safe=True)
    _Service.calls.clear()
    assert writer(1) is True
    runtime.wait_for_shadows()
    assert _Service.calls == []  # writes are not shadowed unless configured


def test_client_module_template_wraps_functions_and_reexports_the_rest() -> None:
    from strangler.model import InterfaceFunction, Param

    function = InterfaceFunction("shop.billing.plans", "price", (Param("code", "positional",
                                 "str", None),), "int", 3, True, (), (), True)
    text = environment().get_template("client/module.py.jinja").render(
        seam="billing", module="shop.billing.plans", client_package="shop.billing_client",
        parent="shop.billing", leaf="plans", functions=[function], local_names=["PLANS"])
    tree = ast.parse(text)
    assigned = {t.id for node in tree.body if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)}
    assert assigned == {"price", "PLANS"}
    assert 'switch(_local.price, "shop.billing.plans", read_only=True, json_safe=True)' in text


def test_service_templates_render_valid_files() -> None:
    from strangler.model import InterfaceFunction, Param

    function = InterfaceFunction("shop.billing.plans", "price", (Param("code", "positional",
                                 "str", None),), "int", 3, True, (), (), True)
    context = dict(seam="billing", functions=[function], prefixes=["/billing"],
                   legacy_app={"kind": "wsgi", "target": "shop.app:create_app", "call": True},
                   native=[],
                   database={"found": "config", "variables": ["SHOP_DB"],
                             "describe": "DATABASE in shop.config reads SHOP_DB"},
                   package="billing_service",
                   samples={"/rpc/shop.billing.plans/price": {"code": "x"}},
                   bad={"/rpc/shop.billing.plans/price": {"code": {"not": 1}}},
                   todo={},
                   owned=("payments",), to_move=(("users", ("shop.accounts",)),),
                   of_others=(("orders", "ordering"),),
                   dependencies=("Flask==2.0.3",), runtime=["fastapi>=0.110"],
                   requires_python=">=3.8", unresolved=("ffmpeg",), env="STRANGLER_BILLING",
                   modules=["shop.billing.plans"], other_modules=[],
                   boot={"framework": "flask", "settings": "", "monolith": "../..",
                         "workdir": "../..",
                         "app": {"kind": "wsgi", "target": "shop.app:create_app",
                                 "call": True}})
    env = environment()
    ast.parse(env.get_template("service/app.py.jinja").render(**context))
    ast.parse(env.get_template("service/tests/test_service.py.jinja").render(**context))
    pyproject = env.get_template("service/pyproject.toml.jinja").render(**context)
    assert '"Flask==2.0.3",' in pyproject and 'packages = ["billing_service"]' in pyproject
    assert "add by hand: ffmpeg" in pyproject and 'requires-python = ">=3.8"' in pyproject
    docker = env.get_template("service/Dockerfile.jinja").render(**context)
    assert 'CMD ["python", "-m", "uvicorn", "billing_service.app:app"' in docker
    readme = env.get_template("service/README.md.jinja").render(**context)
    assert "`users`: shop.accounts" in readme
    assert "Tables it uses that other services own" in readme and "`orders`: ordering" in readme


def test_generated_samples_fit_the_inferred_types_or_are_marked_for_the_team() -> None:
    from strangler.generate.render import _samples
    from strangler.model import InterfaceFunction, Param

    params = (Param("count", "positional", "Optional[int]", None),
              Param("tags", "positional", "list[str] | None", None),
              Param("user_id", "positional", None, None),
              Param("limit", "positional", None, "10"))
    typed = InterfaceFunction("shop.plans", "pick", params, "int", 3, True, (), (), True)
    vague = InterfaceFunction("shop.plans", "move", (Param("where", "positional", None, None),
                              Param("when", "positional", "Moment", None)), None, 9, False,
                              (), (), True)
    samples, _, todo = _samples((typed, vague))
    assert samples["/rpc/shop.plans/pick"] == {"count": 1, "tags": [], "user_id": 1}
    assert "/rpc/shop.plans/pick" not in todo
    assert todo["/rpc/shop.plans/move"] == ("fill in sample arguments that fit: "
                                            "where (unannotated), when (Moment)")
