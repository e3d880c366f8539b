"""`strangler compare` behind the real Envoy: mirrored copies are compared and stored as the
embedded proxy stores its own, so `strangler diff` reads the same thing either way."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from envoyhelpers import envoy_binary, free_port, start_envoy
from proxyhelpers import Backend, LoopThread, request
from typer.testing import CliRunner

from strangler.cli.app import app
from strangler.proxy.compare import start_compare
from strangler.proxy.config import parse_proxy_config
from strangler.proxy.server import start_proxy

ENVOY = envoy_binary()
pytestmark = pytest.mark.slow


def _answers(name: str):  # type: ignore[no-untyped-def]
    def body(path: str) -> dict[str, object]:
        # /catalog/same answers alike on both sides; elsewhere `price` differs, and
        # `generated` always does (ignored by the route).
        price = 10 if name == "legacy" or path.endswith("/same") else 12
        return {"path": path, "price": price, "generated": f"{name}-{time.monotonic()}"}
    return body


@pytest.fixture()
def setup(tmp_path: Path) -> Iterator[dict]:  # type: ignore[type-arg]
    loop = LoopThread()
    legacy, catalog = Backend("legacy"), Backend("catalog")
    legacy.body, catalog.body = _answers("legacy"), _answers("catalog")
    for backend in (legacy, catalog):
        loop.run(backend.start())
    table = f'''[proxy]
legacy = "{legacy.url}"
diff_db = "diffs.sqlite"
shadow_max_cpu = 2.0  # copy every time: the test process itself may be busy
shadow_inflight = 8

[[routes]]
prefix = "/catalog"
upstream = "{catalog.url}"
mode = "shadow"
ignore = ["generated"]
'''
    config_path = tmp_path / "strangler.toml"
    config_path.write_text(table)
    config = parse_proxy_config(table)
    compare = loop.run(start_compare(config, config_path, ("127.0.0.1", 0), ("127.0.0.1", 0)))
    port = free_port()
    out = tmp_path / "envoy.yaml"
    result = CliRunner().invoke(app, [
        "export", "envoy", "--config", str(config_path), "--out", str(out),
        "--listen", f"127.0.0.1:{port}", "--admin-port", str(free_port()),
        "--compare", f"http://127.0.0.1:{compare.port}", "--access-log", "/dev/null"])
    assert result.exit_code == 0, result.output
    process = start_envoy(ENVOY, out, port, tmp_path / "envoy.log")
    yield {"loop": loop, "legacy": legacy, "catalog": catalog, "compare": compare,
           "envoy": f"http://127.0.0.1:{port}", "config": config, "path": config_path,
           "tmp": tmp_path}
    process.terminate()
    process.wait(timeout=10)
    loop.run(compare.close())
    for backend in (legacy, catalog):
        loop.run(backend.stop())
    loop.stop()


def _rows(db: Path, expected: int) -> list[tuple[str, str, str, int, dict[str, list[int]]]]:
    deadline = time.monotonic() + 10
    rows: list[tuple[str, str, str, int, str]] = []
    while time.monotonic() < deadline:
        if db.exists():
            with sqlite3.connect(db) as connection:
                rows = connection.execute("SELECT route, method, path, matched, fields FROM "
                                          "comparisons ORDER BY path").fetchall()
        if len(rows) >= expected:
            break
        time.sleep(0.1)
    return [(r, m, p, x, json.loads(f)) for r, m, p, x, f in rows]


def test_mirrored_copies_are_compared_like_the_embedded_proxy_does(setup: dict) -> None:  # type: ignore[type-arg]
    legacy, catalog, loop = setup["legacy"], setup["catalog"], setup["loop"]
    paths = ["/catalog/same", "/catalog/titles", "/catalog/x?page=2"]
    for path in paths:
        status, _, body = request(setup["envoy"] + path, headers={"Host": "shop.example"})
        assert status == 200 and json.loads(body)["price"] == 10  # the user gets legacy's
    assert request(setup["envoy"] + "/catalog/titles", "POST", b"{}")[0] == 200
    assert request(setup["envoy"] + "/accounts", headers={})[0] == 200
    compare_store = setup["tmp"] / "diffs.sqlite"
    via_envoy = _rows(compare_store, 3)
    # The same requests through the embedded proxy, into a store of its own.
    config = dataclasses.replace(setup["config"], diff_db=str(setup["tmp"] / "embedded.sqlite"))
    proxy = loop.run(start_proxy(config, port=0, admin_port=0))
    try:
        for path in paths:
            request(f"http://127.0.0.1:{proxy.port}{path}", headers={"Host": "shop.example"})
        via_proxy = _rows(setup["tmp"] / "embedded.sqlite", 3)
    finally:
        loop.run(proxy.close())
    assert via_envoy == via_proxy
    assert via_envoy == [
        ("/catalog", "GET", "/catalog/same", 1, {}),
        ("/catalog", "GET", "/catalog/titles", 0, {"body.price": [10, 12]}),
        ("/catalog", "GET", "/catalog/x", 0, {"body.price": [10, 12]})]
    # The new service got one marked copy per GET with the user's Host and forwarding
    # headers (Envoy's own hop on the mirror taken off); the POST was not copied.
    copies = [(m, p, {k.lower(): v for k, v in h.items()}) for m, p, h, _ in catalog.calls]
    assert sorted(p for m, p, _ in copies if m == "GET") == sorted(paths * 2)
    assert all(m == "GET" for m, _, _ in copies)
    for _, path, headers in copies[:3]:
        assert headers["x-strangler-shadow"] == "1", path
        assert headers["host"] == "shop.example"
        assert headers["x-forwarded-host"] == "shop.example"
        assert len(headers["x-forwarded-for"].split(",")) == 1, headers["x-forwarded-for"]
        assert "x-envoy-internal" not in headers
    # Legacy: through Envoy the user's request and the compare service's own call; through
    # the embedded proxy the user's only (it compares the answer it relayed).
    assert sum(1 for m, p, _, _ in legacy.calls if p == "/catalog/titles" and m == "GET") == 3


def test_strangler_diff_reads_what_compare_wrote(setup: dict) -> None:  # type: ignore[type-arg]
    for i in range(5):
        request(setup["envoy"] + f"/catalog/item{i}")
    _rows(setup["tmp"] / "diffs.sqlite", 5)
    setup["compare"].state.store.flush()
    result = CliRunner().invoke(app, ["diff", "--config", str(setup["path"]),
                                      "--format", "json"])
    report = json.loads(result.stdout)
    route = next(r for r in report["routes"] if r["route"] == "/catalog")
    assert (route["compared"], route["matched"]) == (5, 0)
    assert result.exit_code == 1  # not ready: every answer differs in `price`
    metrics = request(f"http://127.0.0.1:{setup['compare'].admin_port}/_strangler/metrics")[2]
    assert b'strangler_shadow_compared_total{route="/catalog"} 5' in metrics


def test_compare_refuses_what_it_cannot_route(setup: dict) -> None:  # type: ignore[type-arg]
    base = f"http://127.0.0.1:{setup['compare'].port}"
    assert request(base + "/accounts")[0] == 404  # not a shadow route
    assert request(base + "/catalog/../etc")[0] == 400
    assert request(base + "/catalog/x", "POST", b"x" * (11 * 1024 * 1024))[0] == 413
