"""The exported nginx configuration, run for real on loopback, routes like the embedded proxy."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
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
from strangler.export.nginx import render_nginx
from strangler.proxy.config import parse_proxy_config
from strangler.proxy.server import start_proxy

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx")
                                   else None)
if NGINX is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI must install nginx (apt-get install nginx)")
    pytest.skip("nginx is not installed (apt-get install nginx); CI installs it",
                allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def setup(tmp_path: Path) -> Iterator[dict]:  # type: ignore[type-arg]
    loop = LoopThread()
    legacy, billing, catalog = Backend("legacy"), Backend("billing"), Backend("catalog")
    for backend in (legacy, billing, catalog):
        loop.run(backend.start())
    table = f'''[proxy]
legacy = "{legacy.url}"
diff_db = "{tmp_path / 'diffs.sqlite'}"
shadow_max_cpu = 2.0  # copy every time: the test process itself may be busy

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
'''
    config_path = tmp_path / "strangler.toml"
    config_path.write_text(table)
    config = parse_proxy_config(table)
    nginx_port = _free_port()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    conf = tmp_path / "nginx.conf"
    result = CliRunner().invoke(app, ["export", "nginx", "--config", str(config_path),
                                      "--out", str(conf), "--prefix-dir", str(prefix),
                                      "--listen", f"127.0.0.1:{nginx_port}"])
    assert result.exit_code == 0, result.output
    assert conf.read_text() == render_nginx(config, str(prefix), f"127.0.0.1:{nginx_port}")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g",
                                "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", nginx_port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    proxy = loop.run(start_proxy(config, port=0, admin_port=0))
    yield {"loop": loop, "legacy": legacy, "billing": billing, "catalog": catalog,
           "nginx": f"http://127.0.0.1:{nginx_port}", "proxy": f"http://127.0.0.1:{proxy.port}",
           "process": process, "config_path": config_path}
    process.terminate()
    process.wait(timeout=10)
    loop.run(proxy.close())
    for backend in (legacy, billing, catalog):
        loop.run(backend.stop())
    loop.stop()




def test_nginx_and_the_embedded_proxy_route_the_same_way(setup: dict) -> None:  # type: ignore[type-arg]
    cases = [("/", "GET"), ("/accounts/me", "GET"), ("/billing/plans", "GET"),
             ("/billing/pay", "POST"), ("/catalog/titles", "GET"), ("/catalog/admin/x", "GET"),
             ("/catalog/titles", "POST")]
    for path, method in cases:
        assert served(setup["nginx"], path, method) == served(setup["proxy"], path, method), (
            path, method)
    assert served(setup["proxy"], "/billing/plans") == (200, "billing")
    assert served(setup["proxy"], "/catalog/titles") == (200, "legacy")


def test_both_shadow_only_safe_methods_with_the_marker(setup: dict) -> None:  # type: ignore[type-arg]
    catalog = setup["catalog"]
    for base in (setup["nginx"], setup["proxy"]):
        catalog.calls.clear()
        request(base + "/catalog/titles", headers={"Host": "shop.example"})
        request(base + "/catalog/titles", "POST", b"{}")
        deadline = time.monotonic() + 5
        while not catalog.calls and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)
        assert [(m, p) for m, p, *_ in catalog.calls] == [("GET", "/catalog/titles")], base
        copy = catalog.calls[0][2]
        assert copy.get("X-Strangler-Shadow") == "1"
        # The copy carries the same Host and forwarding headers as the user's request.
        assert (copy.get("Host"), copy.get("X-Forwarded-Host")) == ("shop.example",) * 2, base
        assert copy.get("X-Forwarded-For") == "127.0.0.1", base


def test_both_tunnel_websockets_to_the_side_the_route_serves(setup: dict) -> None:  # type: ignore[type-arg]
    import asyncio

    import aiohttp

    async def echo(url: str) -> str:
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
            await socket.send_str("hi")
            return str((await socket.receive(timeout=5)).data)

    for base in (setup["nginx"], setup["proxy"]):
        ws = base.replace("http://", "ws://")
        assert asyncio.run(echo(ws + "/billing/ws")) == "billing:hi", base  # a new route
        assert asyncio.run(echo(ws + "/accounts/ws")) == "legacy:hi", base  # the default
        assert served(base, "/accounts/me") == (200, "legacy"), base  # and plain requests


def test_both_fall_back_to_legacy_when_the_service_stops(setup: dict) -> None:  # type: ignore[type-arg]
    billing, loop = setup["billing"], setup["loop"]
    for base in (setup["nginx"], setup["proxy"]):
        billing.status = 503
        # The service answered 503: a GET is retried on legacy, a POST (it reached the
        # service and may have acted) is not.
        assert served(base, "/billing/pay", "POST")[0] == 503, base
        assert served(base, "/billing/plans") == (200, "legacy"), base
        loop.run(billing.stop())
        # The service is down: every request falls back, a POST too (it never reached it).
        assert [served(base, "/billing/plans") for _ in range(3)] == [(200, "legacy")] * 3
        assert served(base, "/billing/pay", "POST") == (200, "legacy"), base
        billing.status = 200
        loop.run(billing.start())


def test_upstreams_see_the_same_target_and_host_through_both(setup: dict) -> None:  # type: ignore[type-arg]
    """Both pass the request target as sent (a trailing slash, `%20`) and the client's Host."""
    legacy = setup["legacy"]
    seen = []
    for base in (setup["nginx"], setup["proxy"]):
        for target in ("/accounts/a%20b/?page=2", "/accounts/"):
            status, _, _ = request(base + target, headers={"Host": "shop.example"})
            assert status == 200
            method, raw, headers, _ = legacy.calls[-1]
            seen.append((base, target, raw, headers.get("Host"), headers.get("X-Forwarded-Host")))
    for base, target, raw, host, forwarded_host in seen:
        assert (raw, host, forwarded_host) == (target, "shop.example", "shop.example"), base


def test_a_clients_shadow_mark_never_reaches_an_upstream(setup: dict) -> None:  # type: ignore[type-arg]
    """Only shadow copies carry X-Strangler-Shadow: a client's own is dropped by both."""
    billing, legacy, catalog = setup["billing"], setup["legacy"], setup["catalog"]
    for base in (setup["nginx"], setup["proxy"]):
        for path, side in (("/billing/pay", billing), ("/accounts/me", legacy)):
            assert request(base + path, "POST", b"{}", {"X-Strangler-Shadow": "1"})[0] == 200
            assert "X-Strangler-Shadow" not in side.calls[-1][2], (base, path)
        catalog.calls.clear()
        request(base + "/catalog/titles", headers={"X-Strangler-Shadow": "1"})
        deadline = time.monotonic() + 5
        while not catalog.calls and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [value for name, value in catalog.calls[0][3]
                if name.lower() == "x-strangler-shadow"] == ["1"], base


def test_a_prefix_matches_itself_and_below_never_a_longer_name(setup: dict) -> None:  # type: ignore[type-arg]
    for base in (setup["nginx"], setup["proxy"]):
        assert served(base, "/billing") == (200, "billing"), base
        assert served(base, "/billing/plans") == (200, "billing"), base
        assert served(base, "/billingx") == (200, "legacy"), base
        assert served(base, "/billingx/plans") == (200, "legacy"), base
        assert served(base, "/catalog/administrators") == (200, "legacy"), base
        assert served(base, "/shopping", headers={"Cookie": "session=s1"}) == (
            200, "legacy"), base


def test_canary_sessions_land_on_the_same_side_through_both(setup: dict) -> None:  # type: ignore[type-arg]
    from strangler.proxy.routing import goes_to_new

    shop = next(r for r in parse_proxy_config(
        (setup["config_path"]).read_text()).routes if r.prefix == "/shop")
    sides = {}
    for base in (setup["nginx"], setup["proxy"]):
        sides[base] = [served(base, "/shop/cart", headers={"Cookie": f"session=s{i}"})[1]
                       for i in range(200)]
    assert sides[setup["nginx"]] == sides[setup["proxy"]]
    # Both follow the split the embedded proxy computes, and it is a real 40% split.
    expected = ["billing" if goes_to_new(shop, f"s{i}") else "legacy" for i in range(200)]
    assert sides[setup["proxy"]] == expected
    assert 60 <= expected.count("billing") <= 100
    # Without the cookie both key the client by its address.
    no_cookie = {served(base, "/shop/cart")[1] for base in (setup["nginx"], setup["proxy"])}
    assert no_cookie == {"billing" if goes_to_new(shop, "127.0.0.1") else "legacy"}


@pytest.mark.parametrize("percent", [0, 1, 99, 100])
def test_canary_shares_at_the_edges_are_valid_nginx(tmp_path: Path, percent: int) -> None:
    table = parse_proxy_config(f'''[proxy]
legacy = "http://127.0.0.1:9"
[[routes]]
prefix = "/"
upstream = "http://127.0.0.1:10"
mode = "canary"
percent = {percent}
''')
    conf = tmp_path / "nginx.conf"
    conf.write_text(render_nginx(table, str(tmp_path), "127.0.0.1:9"))
    check = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


@pytest.fixture()
def patterns(tmp_path: Path) -> Iterator[dict]:  # type: ignore[type-arg]
    loop = LoopThread()
    legacy, billing, catalog = Backend("legacy"), Backend("billing"), Backend("catalog")
    for backend in (legacy, billing, catalog):
        loop.run(backend.start())
    config = parse_proxy_config(PATTERN_TABLE.format(
        legacy=legacy.url, billing=billing.url, catalog=catalog.url,
        db=tmp_path / "diffs.sqlite"))
    port = _free_port()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(render_nginx(config, str(prefix), f"127.0.0.1:{port}"))
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g",
                                "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    proxy = loop.run(start_proxy(config, port=0, admin_port=0))
    yield {"nginx": f"http://127.0.0.1:{port}", "proxy": f"http://127.0.0.1:{proxy.port}",
           "catalog": catalog, "conf": conf.read_text(), "config": config}
    process.terminate()
    process.wait(timeout=10)
    loop.run(proxy.close())
    for backend in (legacy, billing, catalog):
        loop.run(backend.stop())
    loop.stop()


def test_parameter_segment_routes_match_the_same_paths_through_both(patterns: dict) -> None:  # type: ignore[type-arg]
    assert "location ~ ^/[^/]+/exercise(?:/|$) {" in patterns["conf"]
    check_pattern_routes((patterns["nginx"], patterns["proxy"]))


def test_a_parameter_segment_shadow_route_copies_to_the_new_service(patterns: dict) -> None:  # type: ignore[type-arg]
    check_pattern_shadow((patterns["nginx"], patterns["proxy"]), patterns["catalog"])


def test_a_parameter_segment_canary_splits_sessions_the_same_way(patterns: dict) -> None:  # type: ignore[type-arg]
    check_pattern_canary(patterns["nginx"], patterns["proxy"], patterns["config"])
