"""The exported Envoy bootstrap, run on the real Envoy on loopback, routes like the embedded
proxy: the same request suite as the nginx export's test, and each mode's upstream calls."""

from __future__ import annotations

import json
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from envoyhelpers import envoy_binary, free_port, start_envoy
from proxyhelpers import (
    PATTERN_TABLE,
    Backend,
    LoopThread,
    check_pattern_canary,
    check_pattern_routes,
    check_pattern_shadow,
    request,
    served,
)
from typer.testing import CliRunner

from strangler.cli.app import app
from strangler.export.envoy import render_envoy
from strangler.proxy.config import parse_proxy_config
from strangler.proxy.routing import goes_to_new
from strangler.proxy.server import start_proxy

ENVOY = envoy_binary()
pytestmark = pytest.mark.slow


def _table(legacy: Backend, billing: Backend, catalog: Backend, tmp_path: Path,
           extra: str = "") -> str:
    return f'''[proxy]
legacy = "{legacy.url}"
diff_db = "{tmp_path / 'diffs.sqlite'}"
shadow_max_cpu = 2.0  # copy every time: the test process itself may be busy
max_body = 4096

[proxy.breaker]
failures = 3
open_seconds = 2

[[routes]]
prefix = "/billing"
upstream = "{billing.url}"
mode = "new"

[[routes]]
prefix = "/catalog"
upstream = "{catalog.url}"
mode = "shadow"

[[routes]]
prefix = "/catalog/admin"
upstream = "{catalog.url}"
mode = "legacy"

[[routes]]
prefix = "/shop"
upstream = "{billing.url}"
mode = "canary"
percent = 40
sticky = "cookie:session"

[[routes]]
prefix = "/team"
upstream = "{billing.url}"
mode = "canary"
percent = 50
sticky = "header:X-Team"

[[routes]]
prefix = "/flaky"
upstream = "{billing.url}"
mode = "canary"
percent = 50
sticky = "header:X-Team"

[routes.chaos]
latency_ms = 300
error_rate = 1.0
{extra}'''


@pytest.fixture()
def setup(tmp_path: Path) -> Iterator[dict]:  # type: ignore[type-arg]
    loop = LoopThread()
    legacy, billing, catalog = Backend("legacy"), Backend("billing"), Backend("catalog")
    for backend in (legacy, billing, catalog):
        loop.run(backend.start())
    table = _table(legacy, billing, catalog, tmp_path)
    config_path = tmp_path / "strangler.toml"
    config_path.write_text(table)
    config = parse_proxy_config(table)
    port, admin = free_port(), free_port()
    out = tmp_path / "envoy.yaml"
    access = tmp_path / "access.log"
    result = CliRunner().invoke(app, [
        "export", "envoy", "--config", str(config_path), "--out", str(out),
        "--listen", f"127.0.0.1:{port}", "--admin-port", str(admin),
        "--access-log", str(access)])
    assert result.exit_code == 0, result.output
    assert out.read_text() == render_envoy(config, f"127.0.0.1:{port}", admin,
                                           access_log=str(access))
    process = start_envoy(ENVOY, out, port, tmp_path / "envoy.log")
    proxy = loop.run(start_proxy(config, port=0, admin_port=0))
    yield {"loop": loop, "legacy": legacy, "billing": billing, "catalog": catalog,
           "envoy": f"http://127.0.0.1:{port}", "proxy": f"http://127.0.0.1:{proxy.port}",
           "admin": f"http://127.0.0.1:{admin}", "access": access, "config": config}
    process.terminate()
    process.wait(timeout=10)
    loop.run(proxy.close())
    for backend in (legacy, billing, catalog):
        loop.run(backend.stop())
    loop.stop()




def _calls(backend: Backend) -> list[tuple[str, str, dict[str, str]]]:
    """(method, target, headers with lower-case names): Envoy sends names in lower case."""
    return [(m, p, {k.lower(): v for k, v in h.items()}) for m, p, h, _ in backend.calls]


def _local(address: str) -> bool:
    try:
        with socket.socket() as sock:
            sock.bind((address, 0))
    except OSError:
        return False
    return True


def _hops(forwarded_for: str) -> str:
    """X-Forwarded-For as the embedded proxy writes it. Envoy writes the machine's own
    address instead of a loopback client's (its documented rule), and no space."""
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    return ", ".join("127.0.0.1" if _local(hop) else hop for hop in hops)


CASES = [("/", "GET"), ("/accounts/me", "GET"), ("/billing/plans", "GET"),
         ("/billing/pay", "POST"), ("/billing/pay", "PUT"), ("/billing", "GET"),
         ("/billingx", "GET"), ("/billingx/plans", "GET"), ("//billing//plans", "GET"),
         ("/accounts/../billing/plans", "GET"), ("/billing/./plans", "GET"),
         ("/billing%2Fplans", "GET"), ("/catalog/titles", "GET"), ("/catalog/admin/x", "GET"),
         ("/catalog/administrators", "GET"), ("/catalog/titles", "POST"),
         ("/shopping", "GET")]


def test_envoy_and_the_embedded_proxy_route_the_same_way(setup: dict) -> None:  # type: ignore[type-arg]
    for path, method in CASES:
        if path == "/accounts/../billing/plans":
            continue  # the embedded proxy refuses `..` (400); Envoy resolves it: below
        assert served(setup["envoy"], path, method) == served(setup["proxy"], path, method), (
            path, method)
    assert served(setup["proxy"], "/billing/plans") == (200, "billing")
    assert served(setup["envoy"], "//billing//plans") == (200, "billing")
    assert served(setup["envoy"], "/billingx") == (200, "legacy")
    # `..` never climbs out of a route: Envoy routes the resolved path.
    assert served(setup["envoy"], "/billing/../accounts/me") == (200, "legacy")
    assert served(setup["envoy"], "/accounts/../billing/plans") == (200, "billing")


def test_upstreams_receive_what_the_embedded_proxy_sends(setup: dict) -> None:  # type: ignore[type-arg]
    """For each mode, the method, target, Host and X-Forwarded-* each side received."""
    legacy, billing = setup["legacy"], setup["billing"]
    seen: dict[str, list[tuple[str, ...]]] = {}
    for base in (setup["envoy"], setup["proxy"]):
        legacy.calls.clear()
        billing.calls.clear()
        for path, method in (("/accounts/a%20b/?page=2", "GET"), ("/billing/pay", "POST"),
                             ("/catalog/admin/x", "DELETE"), ("/billing/plans?x=1", "GET")):
            request(base + path, method, b"{}" if method == "POST" else None,
                    {"Host": "shop.example", "X-Forwarded-For": "10.0.0.1",
                     "X-Forwarded-Proto": "https"})
        seen[base] = [(side, m, p, h.get("host", ""), _hops(h.get("x-forwarded-for", "")),
                       h.get("x-forwarded-proto", ""), h.get("x-forwarded-host", ""))
                      for side, backend in (("legacy", legacy), ("billing", billing))
                      for m, p, h in _calls(backend)]
    assert seen[setup["envoy"]] == seen[setup["proxy"]]
    assert ("legacy", "GET", "/accounts/a%20b/?page=2", "shop.example", "10.0.0.1, 127.0.0.1",
            "http", "shop.example") in seen[setup["envoy"]]


def test_shadow_copies_only_safe_methods_with_the_marker(setup: dict) -> None:  # type: ignore[type-arg]
    catalog = setup["catalog"]
    for base in (setup["envoy"], setup["proxy"]):
        catalog.calls.clear()
        assert served(base, "/catalog/titles", headers={"Host": "shop.example"}) == (
            200, "legacy")
        assert served(base, "/catalog/titles", "POST") == (200, "legacy")
        deadline = time.monotonic() + 5
        while not catalog.calls and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
        assert [(m, p) for m, p, *_ in catalog.calls] == [("GET", "/catalog/titles")], base
        copy = _calls(catalog)[0][2]
        assert copy.get("x-strangler-shadow") == "1", (base, copy)
        assert (copy.get("host"), copy.get("x-forwarded-host")) == ("shop.example",) * 2, base
        assert _hops(copy.get("x-forwarded-for", "")).startswith("127.0.0.1"), base


def test_a_clients_shadow_mark_never_reaches_an_upstream(setup: dict) -> None:  # type: ignore[type-arg]
    """Only shadow copies carry X-Strangler-Shadow: a client's own is dropped by both."""
    billing, legacy, catalog = setup["billing"], setup["legacy"], setup["catalog"]
    for base in (setup["envoy"], setup["proxy"]):
        for path, side in (("/billing/pay", billing), ("/accounts/me", legacy)):
            assert request(base + path, "POST", b"{}", {"X-Strangler-Shadow": "1"})[0] == 200
            assert "x-strangler-shadow" not in _calls(side)[-1][2], (base, path)
        catalog.calls.clear()
        request(base + "/catalog/titles", headers={"X-Strangler-Shadow": "1"})
        deadline = time.monotonic() + 5
        while not catalog.calls and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [value for name, value in catalog.calls[0][3]
                if name.lower() == "x-strangler-shadow"] == ["1"], base


def test_a_slow_shadow_never_holds_the_answer(setup: dict) -> None:  # type: ignore[type-arg]
    catalog = setup["catalog"]
    catalog.delay = 2.0
    started = time.monotonic()
    assert served(setup["envoy"], "/catalog/titles") == (200, "legacy")
    assert time.monotonic() - started < 1.0


def test_both_fall_back_to_legacy_when_the_service_stops(setup: dict) -> None:  # type: ignore[type-arg]
    billing, legacy, loop = setup["billing"], setup["legacy"], setup["loop"]
    for base in (setup["envoy"], setup["proxy"]):
        billing.status = 503
        # The service answered 503: a GET is retried on legacy, a POST (it reached the
        # service and may have acted) is not.
        billing.calls.clear()
        legacy.calls.clear()
        assert served(base, "/billing/pay", "POST")[0] == 503, base
        assert [c[0] for c in legacy.calls] == [], base  # never on two services
        assert served(base, "/billing/plans") == (200, "legacy"), base
        loop.run(billing.stop())
        # The service is down: every request falls back, a POST too (it never reached it).
        assert [served(base, "/billing/plans") for _ in range(6)] == [(200, "legacy")] * 6
        assert served(base, "/billing/pay", "PUT") == (200, "legacy"), base
        assert served(base, "/billing/pay", "POST") == (200, "legacy"), base
        billing.status = 200
        loop.run(billing.start())
        # After the breaker's open time (2 s; Envoy looks every second) it is tried again.
        deadline = time.monotonic() + 6
        while served(base, "/billing/plans") != (200, "billing"):
            assert time.monotonic() < deadline, base
            time.sleep(0.2)


def test_canary_sessions_land_on_the_same_side_through_both(setup: dict) -> None:  # type: ignore[type-arg]
    shop = next(r for r in setup["config"].routes if r.prefix == "/shop")
    sides = {}
    for base in (setup["envoy"], setup["proxy"]):
        sides[base] = [served(base, "/shop/cart", headers={"Cookie": f"session=s{i}"})[1]
                       for i in range(200)]
    assert sides[setup["envoy"]] == sides[setup["proxy"]]
    expected = ["billing" if goes_to_new(shop, f"s{i}") else "legacy" for i in range(200)]
    assert sides[setup["proxy"]] == expected
    assert 60 <= expected.count("billing") <= 100
    # Without the cookie both key the client by its address; other cookies do not count.
    for headers in ({}, {"Cookie": "other=1; session2=x"}):
        no_cookie = {served(base, "/shop/cart", headers=headers)[1]
                     for base in (setup["envoy"], setup["proxy"])}
        assert no_cookie == {"billing" if goes_to_new(shop, "127.0.0.1") else "legacy"}
    # Quoted values, several cookies, long and non-ASCII keys hash the same way.
    for value in ('a=1; session="q1"', "session=" + "k" * 300, "x=1;session=é-ü; y=2"):
        both = {served(base, "/shop", headers={"Cookie": value})[1]
                for base in (setup["envoy"], setup["proxy"])}
        assert len(both) == 1, value


def test_a_header_keyed_canary_cannot_be_steered_by_the_side_header(setup: dict) -> None:  # type: ignore[type-arg]
    team = next(r for r in setup["config"].routes if r.prefix == "/team")
    for i in range(40):
        for spoof in ("new", "legacy"):
            headers = {"X-Team": f"t{i}", "X-Strangler-Side": spoof}
            sides = {served(base, "/team/x", headers=headers)[1]
                     for base in (setup["envoy"], setup["proxy"])}
            assert sides == {"billing" if goes_to_new(team, f"t{i}") else "legacy"}, i
    # The side header Envoy's filter writes never reaches an upstream.
    setup["billing"].calls.clear()
    setup["legacy"].calls.clear()
    for i in range(10):
        served(setup["envoy"], "/team/x", headers={"X-Team": f"t{i}"})
    assert len(setup["billing"].calls) + len(setup["legacy"].calls) == 10
    for backend in (setup["billing"], setup["legacy"]):
        assert all("x-strangler-side" not in h for _, _, h in _calls(backend))


def test_both_tunnel_websockets_to_the_side_the_route_serves(setup: dict) -> None:  # type: ignore[type-arg]
    import asyncio

    import aiohttp

    async def echo(url: str) -> str:
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
            await socket.send_str("hi")
            return str((await socket.receive(timeout=5)).data)

    for base in (setup["envoy"], setup["proxy"]):
        ws = base.replace("http://", "ws://")
        assert asyncio.run(echo(ws + "/billing/ws")) == "billing:hi", base
        assert asyncio.run(echo(ws + "/accounts/ws")) == "legacy:hi", base


def test_both_refuse_a_body_or_a_head_over_the_limits(setup: dict) -> None:  # type: ignore[type-arg]
    many = {f"X-H{i}": "1" for i in range(120)}
    for base in (setup["envoy"], setup["proxy"]):
        assert request(base + "/accounts", "POST", b"x" * 5000)[0] == 413, base
        assert served(base, "/accounts", "POST")[0] == 200, base
        assert request(base + "/accounts", headers=many)[0] == 431, base


def test_admin_serves_prometheus_stats_on_localhost_and_the_log_is_json(setup: dict) -> None:  # type: ignore[type-arg]
    served(setup["envoy"], "/billing/plans")
    served(setup["envoy"], "/accounts/me?x=1")
    with urllib.request.urlopen(setup["admin"] + "/stats/prometheus", timeout=5) as reply:
        text = reply.read().decode()
    assert "envoy_cluster_upstream_rq_total" in text
    assert 'envoy_cluster_outlier_detection_ejections_active{envoy_cluster_name="new_' in text
    deadline = time.monotonic() + 10
    by_path: dict[str, dict] = {}  # type: ignore[type-arg]
    while time.monotonic() < deadline:
        text = setup["access"].read_text() if setup["access"].exists() else ""
        by_path = {line["path"]: line for line in map(json.loads, text.splitlines())}
        if {"/billing/plans", "/accounts/me"} <= set(by_path):
            break
        time.sleep(0.1)
    assert {"/billing/plans", "/accounts/me"} <= set(by_path), by_path
    billing = by_path["/billing/plans"]
    assert (billing["method"], billing["route"], billing["mode"], billing["status"],
            billing["client"]) == ("GET", "/billing", "new", 200, "127.0.0.1")
    assert billing["upstream"].startswith("new_")
    assert (by_path["/accounts/me"]["route"], by_path["/accounts/me"]["upstream"]) == (
        "default", "legacy")
    assert isinstance(billing["ms"], int)


def test_chaos_is_envoys_fault_filter_on_the_new_side_only(setup: dict) -> None:  # type: ignore[type-arg]
    """[routes.chaos] delays and aborts the requests of the route's new side; its legacy
    side is untouched. (Envoy answers the abort itself: unlike the embedded proxy, it does
    not fall back to legacy, and outlier detection does not count it.)"""
    flaky = next(r for r in setup["config"].routes if r.prefix == "/flaky")
    sides: dict[bool, list[tuple[int, float]]] = {True: [], False: []}
    for i in range(16):
        started = time.monotonic()
        status, _ = served(setup["envoy"], "/flaky/x", headers={"X-Team": f"t{i}"})
        sides[goes_to_new(flaky, f"t{i}")].append((status, time.monotonic() - started))
    assert sides[True] and sides[False]
    assert all(status == 503 and seconds >= 0.25 for status, seconds in sides[True]), sides
    assert all(status == 200 and seconds < 0.25 for status, seconds in sides[False])
    assert setup["billing"].calls == []


def test_no_idempotent_request_fails_and_no_post_reaches_both_while_the_service_dies(
        setup: dict) -> None:  # type: ignore[type-arg]
    import threading

    billing, legacy, loop = setup["billing"], setup["legacy"], setup["loop"]
    results: list[tuple[str, int]] = []
    stop = threading.Event()

    def client(method: str) -> None:
        i = 0
        while not stop.is_set():
            i += 1
            path = f"/billing/{method.lower()}/{threading.get_ident()}-{i}"
            status, _ = served(setup["envoy"], path, method)
            results.append((method, status))

    # More idempotent clients than Envoy's default of 3 retries in flight.
    threads = [threading.Thread(target=client, args=(m,))
               for m in ("GET", "GET", "GET", "GET", "PUT", "PUT", "POST", "POST")]
    for thread in threads:
        thread.start()
    for _ in range(2):
        time.sleep(0.5)
        loop.run(billing.stop())
        time.sleep(0.5)
        loop.run(billing.start())
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=20)
    assert len(results) > 30
    failed = [(m, s) for m, s in results if s != 200 and m in ("GET", "PUT")]
    assert failed == []
    posted = {side: {p for m, p, _, _ in backend.calls if m == "POST"}
              for side, backend in (("legacy", legacy), ("billing", billing))}
    assert posted["legacy"] and posted["billing"]  # both served some POSTs
    assert posted["legacy"] & posted["billing"] == set()


@pytest.fixture()
def patterns(tmp_path: Path) -> Iterator[dict]:  # type: ignore[type-arg]
    loop = LoopThread()
    legacy, billing, catalog = Backend("legacy"), Backend("billing"), Backend("catalog")
    for backend in (legacy, billing, catalog):
        loop.run(backend.start())
    config = parse_proxy_config(PATTERN_TABLE.format(
        legacy=legacy.url, billing=billing.url, catalog=catalog.url,
        db=tmp_path / "diffs.sqlite"))
    port, admin = free_port(), free_port()
    out = tmp_path / "envoy.yaml"
    out.write_text(render_envoy(config, f"127.0.0.1:{port}", admin))
    process = start_envoy(ENVOY, out, port, tmp_path / "envoy.log")
    proxy = loop.run(start_proxy(config, port=0, admin_port=0))
    yield {"envoy": f"http://127.0.0.1:{port}", "proxy": f"http://127.0.0.1:{proxy.port}",
           "catalog": catalog, "yaml": out.read_text(), "config": config}
    process.terminate()
    process.wait(timeout=10)
    loop.run(proxy.close())
    for backend in (legacy, billing, catalog):
        loop.run(backend.stop())
    loop.stop()


def test_parameter_segment_routes_match_the_same_paths_through_both(patterns: dict) -> None:  # type: ignore[type-arg]
    assert "/[^/]+/exercise(?:/.*)?" in patterns["yaml"]
    check_pattern_routes((patterns["envoy"], patterns["proxy"]))


def test_a_parameter_segment_shadow_route_copies_to_the_new_service(patterns: dict) -> None:  # type: ignore[type-arg]
    check_pattern_shadow((patterns["envoy"], patterns["proxy"]), patterns["catalog"])


def test_a_parameter_segment_canary_splits_sessions_the_same_way(patterns: dict) -> None:  # type: ignore[type-arg]
    check_pattern_canary(patterns["envoy"], patterns["proxy"], patterns["config"])
