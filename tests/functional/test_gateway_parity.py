"""The exported gateways, real nginx and real Envoy on loopback, serve a route table the way
the embedded proxy does: one suite of requests, run through each gateway and the embedded
proxy side by side. What only one gateway has (Envoy's admin and fault filter, nginx's
canary shares) is tested in test_envoy_export.py and test_nginx_export.py."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from gateways import KINDS, Setup, running
from proxyhelpers import (
    PATTERN_TABLE,
    Backend,
    check_pattern_canary,
    check_pattern_routes,
    check_pattern_shadow,
    request,
    served,
)

from strangler.proxy.routing import goes_to_new

pytestmark = pytest.mark.slow

TABLE = '''[proxy]
legacy = "{legacy}"
diff_db = "{db}"
shadow_max_cpu = 2.0  # copy every time: the test process itself may be busy
max_body = 4096

[proxy.breaker]
failures = 3
open_seconds = 2

[[routes]]
prefix = "/billing"
upstream = "{billing}"
mode = "new"

[[routes]]
prefix = "/catalog"
upstream = "{catalog}"
mode = "shadow"

[[routes]]
prefix = "/catalog/admin"
upstream = "{catalog}"
mode = "legacy"

[[routes]]
prefix = "/shop"
upstream = "{billing}"
mode = "canary"
percent = 40
sticky = "cookie:session"

[[routes]]
prefix = "/team"
upstream = "{billing}"
mode = "canary"
percent = 50
sticky = "header:X-Team"
'''


@pytest.fixture(params=KINDS)
def setup(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Setup]:
    yield from running(request.param, tmp_path, TABLE)


@pytest.fixture(params=KINDS)
def patterns(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Setup]:
    yield from running(request.param, tmp_path, PATTERN_TABLE, via_cli=False)


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
         ("/billing/./plans", "GET"), ("/billing%2Fplans", "GET"), ("/catalog/titles", "GET"),
         ("/catalog/admin/x", "GET"), ("/catalog/administrators", "GET"),
         ("/catalog/titles", "POST"), ("/shopping", "GET")]


def test_the_gateway_and_the_embedded_proxy_route_the_same_way(setup: Setup) -> None:
    for path, method in CASES:
        assert served(setup.gateway, path, method) == served(setup.proxy, path, method), (
            setup.kind, path, method)
    assert served(setup.proxy, "/billing/plans") == (200, "billing")
    assert served(setup.gateway, "//billing//plans") == (200, "billing")
    assert served(setup.gateway, "/billingx") == (200, "legacy")
    assert served(setup.proxy, "/shopping", headers={"Cookie": "session=s1"}) == (
        200, "legacy")
    # `..` never climbs out of a route: the gateway routes the resolved path (the embedded
    # proxy refuses it with 400).
    assert served(setup.gateway, "/billing/../accounts/me") == (200, "legacy")
    assert served(setup.gateway, "/accounts/../billing/plans") == (200, "billing")
    assert served(setup.proxy, "/accounts/../billing/plans")[0] == 400


def test_upstreams_receive_what_the_embedded_proxy_sends(setup: Setup) -> None:
    """For each mode, the method, target, Host and X-Forwarded-* each side received."""
    legacy, billing = setup.legacy, setup.billing
    seen: dict[str, list[tuple[str, ...]]] = {}
    for base in setup.bases:
        legacy.calls.clear()
        billing.calls.clear()
        for path, method in (("/accounts/a%20b/?page=2", "GET"), ("/accounts/", "GET"),
                             ("/billing/pay", "POST"), ("/catalog/admin/x", "DELETE"),
                             ("/billing/plans?x=1", "GET")):
            request(base + path, method, b"{}" if method == "POST" else None,
                    {"Host": "shop.example", "X-Forwarded-For": "10.0.0.1",
                     "X-Forwarded-Proto": "https"})
        seen[base] = [(side, m, p, h.get("host", ""), _hops(h.get("x-forwarded-for", "")),
                       h.get("x-forwarded-proto", ""), h.get("x-forwarded-host", ""))
                      for side, backend in (("legacy", legacy), ("billing", billing))
                      for m, p, h in _calls(backend)]
    assert seen[setup.gateway] == seen[setup.proxy]
    assert ("legacy", "GET", "/accounts/a%20b/?page=2", "shop.example", "10.0.0.1, 127.0.0.1",
            "http", "shop.example") in seen[setup.gateway]


def test_shadow_copies_only_safe_methods_with_the_marker(setup: Setup) -> None:
    catalog = setup.catalog
    for base in setup.bases:
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
        # The copy carries the same Host and forwarding headers as the user's request.
        assert (copy.get("host"), copy.get("x-forwarded-host")) == ("shop.example",) * 2, base
        assert _hops(copy.get("x-forwarded-for", "")).startswith("127.0.0.1"), base


def test_a_clients_shadow_mark_never_reaches_an_upstream(setup: Setup) -> None:
    """Only shadow copies carry X-Strangler-Shadow: a client's own is dropped, or a real
    request would look like a copy to a service that skips side effects for copies."""
    for base in setup.bases:
        for path, side in (("/billing/pay", setup.billing), ("/accounts/me", setup.legacy)):
            assert request(base + path, "POST", b"{}", {"X-Strangler-Shadow": "1"})[0] == 200
            assert "x-strangler-shadow" not in _calls(side)[-1][2], (base, path)
        setup.catalog.calls.clear()
        request(base + "/catalog/titles", headers={"X-Strangler-Shadow": "1"})
        deadline = time.monotonic() + 5
        while not setup.catalog.calls and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [value for name, value in setup.catalog.calls[0][3]
                if name.lower() == "x-strangler-shadow"] == ["1"], base


def test_a_slow_shadow_never_holds_the_answer(setup: Setup) -> None:
    setup.catalog.delay = 2.0
    for base in setup.bases:
        started = time.monotonic()
        assert served(base, "/catalog/titles") == (200, "legacy"), base
        assert time.monotonic() - started < 1.0, base


def test_both_fall_back_to_legacy_when_the_service_stops(setup: Setup) -> None:
    billing, legacy, loop = setup.billing, setup.legacy, setup.loop
    for base in setup.bases:
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
        # After the breaker's open time (2 s) the service is tried again.
        deadline = time.monotonic() + 15
        while served(base, "/billing/plans") != (200, "billing"):
            assert time.monotonic() < deadline, base
            time.sleep(0.2)


def test_canary_sessions_land_on_the_same_side_through_both(setup: Setup) -> None:
    shop = next(r for r in setup.config.routes if r.prefix == "/shop")
    sides = {base: [served(base, "/shop/cart", headers={"Cookie": f"session=s{i}"})[1]
                    for i in range(200)] for base in setup.bases}
    assert sides[setup.gateway] == sides[setup.proxy]
    # Both follow the split the embedded proxy computes, and it is a real 40% split.
    expected = ["billing" if goes_to_new(shop, f"s{i}") else "legacy" for i in range(200)]
    assert sides[setup.proxy] == expected
    assert 60 <= expected.count("billing") <= 100
    # Without the cookie both key the client by its address; other cookies do not count.
    for headers in ({}, {"Cookie": "other=1; session2=x"}):
        no_cookie = {served(base, "/shop/cart", headers=headers)[1] for base in setup.bases}
        assert no_cookie == {"billing" if goes_to_new(shop, "127.0.0.1") else "legacy"}
    # Quoted values, several cookies, long and non-ASCII keys hash the same way.
    for value in ('a=1; session="q1"', "session=" + "k" * 300, "x=1;session=é-ü; y=2"):
        both = {served(base, "/shop", headers={"Cookie": value})[1] for base in setup.bases}
        assert len(both) == 1, value


def test_a_header_keyed_canary_cannot_be_steered_by_the_side_header(setup: Setup) -> None:
    team = next(r for r in setup.config.routes if r.prefix == "/team")
    for i in range(40):
        for spoof in ("new", "legacy"):
            headers = {"X-Team": f"t{i}", "X-Strangler-Side": spoof}
            sides = {served(base, "/team/x", headers=headers)[1] for base in setup.bases}
            assert sides == {"billing" if goes_to_new(team, f"t{i}") else "legacy"}, i
    # No side header, the client's or the gateway's own, reaches an upstream.
    for backend in (setup.billing, setup.legacy):
        assert all("x-strangler-side" not in h for _, _, h in _calls(backend))


def test_both_tunnel_websockets_to_the_side_the_route_serves(setup: Setup) -> None:
    import aiohttp

    async def echo(url: str) -> str:
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
            await socket.send_str("hi")
            return str((await socket.receive(timeout=5)).data)

    for base in setup.bases:
        ws = base.replace("http://", "ws://")
        assert asyncio.run(echo(ws + "/billing/ws")) == "billing:hi", base  # a new route
        assert asyncio.run(echo(ws + "/accounts/ws")) == "legacy:hi", base  # the default
        assert served(base, "/accounts/me") == (200, "legacy"), base  # and plain requests


def test_both_refuse_a_body_or_a_head_over_the_limits(setup: Setup) -> None:
    many = {f"X-H{i}": "1" for i in range(120)}
    huge = {"X-Big": "x" * 70_000}
    refused = {setup.proxy: 431, setup.gateway: 400 if setup.kind == "nginx" else 431}
    for base in setup.bases:
        assert request(base + "/accounts", "POST", b"x" * 5000)[0] == 413, base
        assert served(base, "/accounts", "POST")[0] == 200, base
        assert request(base + "/accounts", headers=huge)[0] == refused[base], base
    assert request(setup.proxy + "/accounts", headers=many)[0] == 431
    # nginx limits a head's bytes, not its number of fields (docs/config.md says so).
    fields_limit = 200 if setup.kind == "nginx" else 431
    assert request(setup.gateway + "/accounts", headers=many)[0] == fields_limit


def _hammer(setup: Setup, base: str) -> list[tuple[str, int]]:
    """(method, status) of every request 8 clients sent through `base` to /billing while
    the service was stopped and started twice."""
    results: list[tuple[str, int]] = []
    stop = threading.Event()

    def client(method: str) -> None:
        i = 0
        while not stop.is_set():
            i += 1
            path = f"/billing/{method.lower()}/{threading.get_ident()}-{i}"
            results.append((method, served(base, path, method)[0]))

    # More idempotent clients than Envoy's default of 3 retries in flight.
    threads = [threading.Thread(target=client, args=(m,))
               for m in ("GET", "GET", "GET", "GET", "PUT", "PUT", "POST", "POST")]
    for thread in threads:
        thread.start()
    for _ in range(2):
        time.sleep(0.5)
        setup.loop.run(setup.billing.stop())
        time.sleep(0.5)
        setup.loop.run(setup.billing.start())
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=20)
    return results


def test_no_idempotent_request_fails_and_no_post_reaches_both_while_the_service_dies(
        setup: Setup) -> None:
    for base in setup.bases:
        setup.billing.calls.clear()
        setup.legacy.calls.clear()
        results = _hammer(setup, base)
        assert len(results) > 30, base
        failed = [(m, s) for m, s in results if s != 200 and m in ("GET", "PUT")]
        assert failed == [], base
        posted = {side: {p for m, p, _, _ in backend.calls if m == "POST"}
                  for side, backend in (("legacy", setup.legacy), ("billing", setup.billing))}
        assert posted["legacy"] and posted["billing"], base  # both served some POSTs
        assert posted["legacy"] & posted["billing"] == set(), base


PATTERN_FRAGMENT = {"nginx": "location ~ ^/[^/]+/exercise(?:/|$) {",
                    "envoy": "/[^/]+/exercise(?:/.*)?"}


def test_parameter_segment_routes_match_the_same_paths_through_both(patterns: Setup) -> None:
    assert PATTERN_FRAGMENT[patterns.kind] in str(patterns.extras["text"])
    check_pattern_routes(patterns.bases)


def test_a_parameter_segment_shadow_route_copies_to_the_new_service(patterns: Setup) -> None:
    check_pattern_shadow(patterns.bases, patterns.catalog)


def test_a_parameter_segment_canary_splits_sessions_the_same_way(patterns: Setup) -> None:
    check_pattern_canary(patterns.gateway, patterns.proxy, patterns.config)
