"""The embedded proxy on loopback: modes, fallback, breaker, shadow diffs, safety, reload."""

from __future__ import annotations

import asyncio
import http.client
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from proxyhelpers import (
    Backend,
    LoopThread,
    RawUpstream,
    proxy_for_tests,
    request,
    wait_until,
)

from strangler.proxy import fastpath as fastpath_module
from strangler.proxy import server as server_module
from strangler.proxy.config import ProxyConfig, RouteConfig, parse_proxy_config
from strangler.proxy.server import RunningProxy, start_proxy


def _proxy(loop: LoopThread, tmp_path: Path, legacy: Backend | str, routes: list[RouteConfig],
           **options: object) -> RunningProxy:
    return proxy_for_tests(loop, tmp_path, legacy, routes, **options)  # type: ignore[no-any-return]


_wait = wait_until


def test_default_route_and_legacy_mode_go_to_legacy(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, new = backends
    proxy = _proxy(loop, tmp_path, legacy, [RouteConfig("/billing", new.url, mode="legacy")])
    try:
        base = f"http://127.0.0.1:{proxy.port}"
        for path in ("/", "/catalog/titles", "/billing/plans"):
            status, _, body = request(base + path)
            assert status == 200 and json.loads(body)["served_by"] == "legacy"
        assert new.calls == []
    finally:
        loop.run(proxy.close())


def test_new_mode_serves_new_and_falls_back_to_legacy(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, new = backends
    proxy = _proxy(loop, tmp_path, legacy, [RouteConfig("/billing", new.url, mode="new")],
                   breaker_failures=5, breaker_open_seconds=60)
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        assert json.loads(request(base + "/billing/plans")[2])["served_by"] == "new"
        assert json.loads(request(base + "/catalog")[2])["served_by"] == "legacy"
        new.status = 503  # the new service fails: idempotent requests fall back
        for _ in range(3):
            status, _, body = request(base + "/billing/plans")
            assert status == 200 and json.loads(body)["served_by"] == "legacy"
        status, _, _ = request(base + "/billing/pay", "POST", b"{}")
        assert status == 503  # a POST is not retried elsewhere: its 5xx is returned
        assert request(base + "/billing/plans")[0] == 200  # 5th failure: the breaker opens
        calls = len(new.calls)
        assert request(base + "/billing/plans")[0] == 200  # breaker open: new not called
        assert len(new.calls) == calls
        metrics = request(f"http://127.0.0.1:{proxy.admin_port}/_strangler/metrics")[2].decode()
        assert 'strangler_fallbacks_total{reason="breaker_open",route="/billing"} 1' in metrics
        assert 'strangler_breaker_state{state="open",upstream="' + new.url + '"} 1' in metrics
    finally:
        loop.run(proxy.close())


def test_new_mode_with_the_service_down_has_no_failed_get(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, new = backends
    proxy = _proxy(loop, tmp_path, legacy, [RouteConfig("/billing", new.url, mode="new")])
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        loop.run(new.stop())
        statuses = [request(base + "/billing/plans")[0] for _ in range(20)]
        assert statuses == [200] * 20
    finally:
        loop.run(proxy.close())


def test_shadow_copies_safe_requests_marks_them_and_records_diffs(loop, backends,
                                                                   tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, new = backends
    new.body = lambda path: {"served_by": "legacy", "path": path,
                             "total": 2 if path.endswith("diff") else 1}
    legacy.body = lambda path: {"served_by": "legacy", "path": path, "total": 1}
    proxy = _proxy(loop, tmp_path, legacy, [RouteConfig("/billing", new.url, mode="shadow")])
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        status, _, body = request(base + "/billing/same")
        assert status == 200 and json.loads(body)["total"] == 1
        request(base + "/billing/diff")
        request(base + "/billing/pay", "POST", b"{}")  # unsafe: not copied
        assert _wait(lambda: len(new.calls) == 2)
        assert all(headers.get("X-Strangler-Shadow") == "1" for _, _, headers, _ in new.calls)
        assert [method for method, *_ in new.calls] == ["GET", "GET"]
        assert _wait(lambda: proxy.state.store is not None and proxy.state.store.writes == 2)
        summary = proxy.state.store.summary(min_samples=1, match_rate=0.9)  # type: ignore[union-attr]
        assert summary[0].compared == 2 and summary[0].matched == 1
        assert summary[0].top_fields[0][:2] == ("body.total", 1)
    finally:
        loop.run(proxy.close())


def test_shadow_never_delays_the_user(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, new = backends
    route = RouteConfig("/billing", new.url, mode="shadow",
                        chaos=__import__("strangler.proxy.config", fromlist=["Chaos"]).Chaos(
                            latency_ms=1500))
    proxy = _proxy(loop, tmp_path, legacy, [route], shadow_inflight=2, shadow_timeout=0.5)
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        started = time.monotonic()
        for _ in range(6):
            assert request(base + "/billing/plans")[0] == 200
        assert time.monotonic() - started < 1.0  # the slow shadow is off the response path
        metrics = request(f"http://127.0.0.1:{proxy.admin_port}/_strangler/metrics")[2]
        assert b"strangler_shadow_dropped_total" in metrics  # bounded: dropped, not queued
    finally:
        loop.run(proxy.close())


def test_canary_is_sticky_and_close_to_its_share(loop, backends, tmp_path,  # type: ignore[no-untyped-def]
                                                  monkeypatch) -> None:
    legacy, new = backends
    relayed = _count_relayed(monkeypatch)
    proxy = _proxy(loop, tmp_path, legacy, [RouteConfig("/billing", new.url, mode="canary",
                                                        percent=30, sticky="header:X-User")])
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        sides = {}
        for user in range(200):
            first = json.loads(request(base + "/billing/x", headers={"X-User": str(user)})[2])
            again = json.loads(request(base + "/billing/x", headers={"X-User": str(user)})[2])
            assert first["served_by"] == again["served_by"]  # sticky
            sides[user] = first["served_by"]
        share = sum(1 for side in sides.values() if side == "new") / len(sides)
        assert 0.2 < share < 0.4
        # Clients outside the share take the fast path (the same choice, made there).
        assert sum(relayed) > 100
    finally:
        loop.run(proxy.close())


def test_headers_hop_by_hop_removed_and_forwarded_set(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, _ = backends
    proxy = _proxy(loop, tmp_path, legacy, [])
    try:
        connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
        for _ in range(2):  # a new upstream connection, then the fast path on a kept-alive one
            connection.putrequest("GET", "/x", skip_host=True)
            for name, value in (("Host", "shop.example"), ("Connection", "keep-alive, X-Private"),
                                ("X-Private", "1"), ("Keep-Alive", "5"), ("X-Keep", "yes"),
                                ("Accept", "text/html"), ("Accept", "application/json"),
                                ("x-forwarded-proto", "https"), ("X-Forwarded-For", "10.0.0.1"),
                                ("X-Strangler-Shadow", "1"), ("x-strangler-side", "new")):
                connection.putheader(name, value)
            connection.endheaders()
            reply = connection.getresponse()
            reply.read()
            headers = dict(reply.getheaders())
            sent = legacy.calls[-1][2]
            assert "X-Private" not in sent and "Keep-Alive" not in sent and sent["X-Keep"] == "yes"
            # No client passes for a shadow copy, or picks a canary side, upstream.
            assert not {"x-strangler-shadow", "x-strangler-side"} & {k.lower() for k in sent}
            assert sent["X-Forwarded-For"] == "10.0.0.1, 127.0.0.1"  # the chain goes on
            assert sent["X-Forwarded-Host"] == "shop.example"
            lines = legacy.calls[-1][3]
            # A client's own X-Forwarded-Proto is replaced, whatever its case; repeated
            # headers pass as they are.
            assert [v for k, v in lines if k.lower() == "x-forwarded-proto"] == ["http"]
            assert [v for k, v in lines if k == "Accept"] == ["text/html", "application/json"]
            assert "X-Secret" not in headers  # listed in the upstream's Connection header
        connection.close()
    finally:
        loop.run(proxy.close())


def test_only_configured_upstreams_are_reachable(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, new = backends
    proxy = _proxy(loop, tmp_path, legacy, [RouteConfig("/billing", new.url, mode="new")])
    try:
        connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
        # Absolute-form target naming another host: served from the configured legacy.
        connection.request("GET", f"http://127.0.0.1:{new.port}/billing/x",
                           headers={"Host": "evil.example"})
        reply = connection.getresponse()
        assert json.loads(reply.read())["served_by"] in ("legacy", "new")
        assert all(call[2].get("Host", "").startswith("127.0.0.1") for call in legacy.calls)
        for path in ("/billing/../admin", "/billing/%2e%2e/admin", "/a/..%2fb"):
            connection.request("GET", path)
            reply = connection.getresponse()
            reply.read()
            assert reply.status == 400, path
        connection.close()
    finally:
        loop.run(proxy.close())


@pytest.mark.parametrize("mode", ["legacy", "shadow", "new"])
def test_the_request_target_reaches_the_upstream_as_sent(loop, backends, tmp_path,  # type: ignore[no-untyped-def]
                                                         mode) -> None:
    """Routing reads the decoded, normalized path; the upstream gets the target unchanged:
    a trailing slash dropped makes Django redirect forever, and a decoded `%20` or `%2F`
    would change the request (as nginx's `proxy_pass` without a URI, which the export uses)."""
    legacy, new = backends
    proxy = _proxy(loop, tmp_path, legacy, [RouteConfig("/billing", new.url, mode=mode)])
    side = new if mode == "new" else legacy
    try:
        connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
        for target in ("/billing/invoices/?page=2", "/billing/a%20b%2Fc", "/billing//x/./y/",
                       "/%62illing/plans/"):
            connection.request("GET", target)
            reply = connection.getresponse()
            reply.read()
            assert reply.status == 200, target
            assert side.calls[-1][1] == target
        connection.close()
        # The encoded `/%62illing` is `/billing`: routed as such.
        assert sum(call[1] == "/%62illing/plans/" for call in side.calls) == 1
    finally:
        loop.run(proxy.close())


def test_body_size_limit(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, _ = backends
    proxy = _proxy(loop, tmp_path, legacy, [], max_body=1000)
    try:
        assert request(f"http://127.0.0.1:{proxy.port}/up", "POST", b"x" * 500)[0] == 200
        assert request(f"http://127.0.0.1:{proxy.port}/up", "POST", b"x" * 5000)[0] == 413
        import socket

        with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
            sock.sendall(b"POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\nxxxx")
            answer = sock.recv(1000)  # refused at once; the unread body forbids keep-alive
        assert answer.startswith(b"HTTP/1.1 413 ") and b"Connection: close" in answer
    finally:
        loop.run(proxy.close())


def test_reload_without_restart_and_broken_file_keeps_last_table(loop, backends,
                                                                 tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, new = backends
    path = tmp_path / "strangler.toml"
    text = (f'[proxy]\nlegacy = "{legacy.url}"\ndiff_db = "{tmp_path / "d.sqlite"}"\n'
            f'[[routes]]\nprefix = "/billing"\nupstream = "{new.url}"\nmode = "legacy"\n')
    path.write_text(text)
    proxy = loop.run(start_proxy(parse_proxy_config(text), path, port=0, admin_port=0,
                                 reload_interval=0.05))
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        assert json.loads(request(base + "/billing/x")[2])["served_by"] == "legacy"
        time.sleep(0.02)
        path.write_text(text.replace('mode = "legacy"', 'mode = "new"'))
        assert _wait(lambda: json.loads(request(base + "/billing/x")[2])["served_by"] == "new")
        path.write_text("[proxy\nbroken")
        assert _wait(lambda: proxy.state.reload_error != "")
        assert json.loads(request(base + "/billing/x")[2])["served_by"] == "new"
        routes = json.loads(request(f"http://127.0.0.1:{proxy.admin_port}/_strangler/routes")[2])
        assert routes["routes"][0]["mode"] == "new" and "TOML" in routes["reload_error"]
        # Valid TOML with a wrong value: the same, and the watcher lives on to reload later.
        path.write_text(text.replace("[proxy]\n", '[proxy]\ntimeout = "soon"\n'))
        assert _wait(lambda: "proxy.timeout" in proxy.state.reload_error)
        assert json.loads(request(base + "/billing/x")[2])["served_by"] == "new"
        path.write_text(text)
        assert _wait(lambda: json.loads(request(base + "/billing/x")[2])["served_by"]
                     == "legacy")
        assert proxy.state.reload_error == ""
    finally:
        loop.run(proxy.close())


def test_chaos_errors_on_the_new_path_fall_back(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from strangler.proxy.config import Chaos

    legacy, new = backends
    proxy = _proxy(loop, tmp_path, legacy, [RouteConfig(
        "/billing", new.url, mode="new", chaos=Chaos(error_rate=1.0))], breaker_failures=100)
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        answers = [json.loads(request(base + "/billing/x")[2])["served_by"] for _ in range(10)]
        assert answers == ["legacy"] * 10 and new.calls == []  # injected before the upstream
        metrics = request(f"http://127.0.0.1:{proxy.admin_port}/_strangler/metrics")[2]
        assert b'strangler_fallbacks_total{reason="5xx",route="/billing"} 10' in metrics
    finally:
        loop.run(proxy.close())


def test_big_answers_are_streamed_whole(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, new = backends
    big = {"blob": "x" * 3_000_000}
    legacy.body = lambda path: big
    new.body = lambda path: big
    proxy = _proxy(loop, tmp_path, legacy, [RouteConfig("/billing", new.url, mode="new")])
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        for path in ("/other", "/billing/export"):  # legacy path and new path
            status, _, body = request(base + path)
            assert status == 200 and json.loads(body) == big
    finally:
        loop.run(proxy.close())


def test_a_busy_port_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import socket

    from typer.testing import CliRunner

    from strangler.cli.app import app

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        table = tmp_path / "strangler.toml"
        table.write_text(f'[proxy]\nlegacy = "http://127.0.0.1:9"\nlisten = "127.0.0.1:{port}"\n'
                         f'diff_db = "{tmp_path / "d.sqlite"}"\n')
        result = CliRunner().invoke(app, ["proxy", "--config", str(table)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def test_access_log_has_one_json_line_per_request(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import io

    legacy, new = backends
    sink = io.BytesIO()
    config = ProxyConfig(legacy=legacy.url, routes=(RouteConfig("/billing", new.url,
                                                                mode="new"),),
                         diff_db=str(tmp_path / "diffs.sqlite"))
    proxy = loop.run(start_proxy(config, port=0, admin_port=0, access_log=sink))
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        request(base + "/billing/plans")
        request(base + "/catalog?q=1")
        request(base + "/a/../../etc/passwd")
        assert _wait(lambda: sink.getvalue().count(b"\n") == 3)  # written within 0.25 s
    finally:
        loop.run(proxy.close())
    lines = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert [(r["method"], r["path"], r["route"], r["mode"], r["upstream"], r["status"])
            for r in lines] == [("GET", "/billing/plans", "/billing", "new", "new", 200),
                                ("GET", "/catalog", "default", "legacy", "legacy", 200),
                                ("GET", "/a/../../etc/passwd", "", "", "", 400)]
    assert lines[2]["rejected"] == "path"
    assert all(r["client"] == "127.0.0.1" and r["ms"] >= 0 for r in lines)


def test_compressed_answers_and_repeated_headers_pass_as_they_are(loop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import gzip
    import os

    from aiohttp import web

    small = b'{"ok": true}' * 1000
    big = os.urandom(400_000)  # stays big compressed: streamed, not buffered

    async def handler(request: web.Request) -> web.Response:
        body = big if request.path == "/big" else small
        response = web.Response(body=gzip.compress(body), headers={"Content-Encoding": "gzip",
                                                                   "Content-Type": "text/plain"})
        response.headers.add("Set-Cookie", "a=1; Path=/")
        response.headers.add("Set-Cookie", "b=2; Path=/")  # two headers, never one joined
        return response

    async def start() -> web.AppRunner:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", handler)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        return runner

    runner = loop.run(start())
    port = runner.addresses[0][1]
    legacy = f"http://127.0.0.1:{port}"
    config = ProxyConfig(legacy=legacy, routes=(), diff_db=str(tmp_path / "d.sqlite"))
    proxy = loop.run(start_proxy(config, port=0, admin_port=0))
    try:
        for path, expected in (("/small", small), ("/big", big)):
            status, headers, body = request(f"http://127.0.0.1:{proxy.port}{path}",
                                            headers={"Accept-Encoding": "gzip"})
            assert status == 200 and headers.get("Content-Encoding") == "gzip", path
            assert gzip.decompress(body) == expected, path
        connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
        connection.request("GET", "/small")
        reply = connection.getresponse()
        reply.read()
        assert reply.headers.get_all("Set-Cookie") == ["a=1; Path=/", "b=2; Path=/"]
        connection.close()
    finally:
        loop.run(proxy.close())
        loop.run(runner.cleanup())


def test_a_stalled_request_body_gets_408(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import socket

    legacy, _ = backends
    config = ProxyConfig(legacy=legacy.url, routes=(), diff_db=str(tmp_path / "d.sqlite"))
    proxy = loop.run(start_proxy(config, port=0, admin_port=0, read_timeout=0.4))
    try:
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
            sock.sendall(b"POST /billing/pay HTTP/1.1\r\nHost: a\r\nContent-Length: 50\r\n\r\n{")
            answer = sock.recv(1000)
        assert answer.startswith(b"HTTP/1.1 408 ") and b"Connection: close" in answer
        assert legacy.calls == []  # never forwarded half a request
    finally:
        loop.run(proxy.close())


def test_shadow_copies_pause_while_the_proxy_is_cpu_bound(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, new = backends
    proxy = _proxy(loop, tmp_path, legacy, [RouteConfig("/billing", new.url, mode="shadow")],
                   shadow_max_cpu=0.0)  # any CPU use counts as busy
    base = f"http://127.0.0.1:{proxy.port}"
    admin = f"http://127.0.0.1:{proxy.admin_port}/_strangler/metrics"
    try:
        assert _wait(lambda: b"strangler_shadow_paused 1" in request(admin)[2])
        for _ in range(3):
            status, _, body = request(base + "/billing/plans")
            assert status == 200 and json.loads(body)["served_by"] == "legacy"
        time.sleep(0.3)
        assert new.calls == []
        assert (b'strangler_shadow_dropped_total{reason="busy",route="/billing"} 3'
                in request(admin)[2])
    finally:
        loop.run(proxy.close())


class _FlakyUpstream:
    """A raw keep-alive upstream: answers the first request on each connection, then on the
    next one either closes without answering (as an idle timeout racing a request does) or
    never answers (`hang`)."""

    def __init__(self, hang: bool = False, first_delay: float = 0.0) -> None:
        self.hang = hang
        self.first_delay = first_delay  # holds each first answer: overlapping requests
        self.seen: list[str] = []       # open connections of their own
        self.port = 0
        self.server: asyncio.base_events.Server | None = None
        self.stopping: asyncio.Event | None = None

    async def start(self) -> None:
        self.stopping = asyncio.Event()
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        answered = 0
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                self.seen.append(head.split(b" ")[0].decode() + " " +
                                 head.split(b" ")[1].decode())
                if answered:
                    if self.hang and self.stopping is not None:
                        await self.stopping.wait()
                    writer.close()
                    return
                body = b'{"served_by": "legacy"}'
                await asyncio.sleep(self.first_delay)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Content-Length: %d\r\n\r\n%b" % (len(body), body))
                await writer.drain()
                answered += 1
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def stop(self) -> None:
        if self.stopping is not None:
            self.stopping.set()
        await asyncio.sleep(0)
        if self.server is not None:
            self.server.close()


def _count_relayed(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the fast path took each request, in order (for proxies started after)."""
    relayed: list[bool] = []
    original = server_module.relay
    monkeypatch.setattr(server_module, "relay",
                        lambda state, request: relayed.append(original(state, request))
                        or relayed[-1])
    return relayed


def test_the_fast_path_resends_only_what_may_be_sent_twice(loop, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Legacy-mode requests without a body take the fast path on a kept-alive connection.
    When the upstream closes that connection as the request goes out, a GET goes once more
    on a new connection (answered), a POST is never sent twice (502)."""
    relayed = _count_relayed(monkeypatch)
    upstream = _FlakyUpstream()
    loop.run(upstream.start())
    proxy = _proxy(loop, tmp_path, f"http://127.0.0.1:{upstream.port}", [])
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        assert request(base + "/a")[0] == 200  # opens the kept-alive connection
        assert request(base + "/b")[0] == 200  # fast path; lost, then sent again: answered
        assert relayed[-1] is True
        assert upstream.seen == ["GET /a", "GET /b", "GET /b"]
        assert request(base + "/c", "POST")[0] == 502  # fast path; lost: never sent twice
        assert relayed[-1] is True and upstream.seen[-1] == "POST /c"
        assert upstream.seen.count("POST /c") == 1
        metrics = request(f"http://127.0.0.1:{proxy.admin_port}/_strangler/metrics")[2]
        assert b'strangler_upstream_errors_total{route="default",upstream="legacy"} 1' \
            in metrics
    finally:
        loop.run(proxy.close())
        loop.run(upstream.stop())


def test_a_get_lost_on_a_stale_connection_is_resent_once_on_a_new_one(loop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With two stale kept-alive connections in the pool (the upstream restarted, say), a GET
    lost on the first goes once more on a new connection, never on the second stale one."""
    upstream = _FlakyUpstream(first_delay=0.3)
    loop.run(upstream.start())
    proxy = _proxy(loop, tmp_path, f"http://127.0.0.1:{upstream.port}", [])
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        with ThreadPoolExecutor(2) as pool:  # two overlapping requests: two pooled connections
            assert [r[0] for r in pool.map(request, [base + "/a1", base + "/a2"])] == [200, 200]
        upstream.first_delay = 0.0
        assert request(base + "/b")[0] == 200
        assert upstream.seen.count("GET /b") == 2  # lost once, then answered on a new one
    finally:
        loop.run(proxy.close())
        loop.run(upstream.stop())


def test_the_fast_path_times_out_a_silent_upstream(loop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    upstream = _FlakyUpstream(hang=True)
    loop.run(upstream.start())
    proxy = _proxy(loop, tmp_path, f"http://127.0.0.1:{upstream.port}", [], timeout=0.5)
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        assert request(base + "/a")[0] == 200
        started = time.monotonic()
        assert request(base + "/b")[0] == 502  # a timeout is never sent again
        assert 0.4 < time.monotonic() - started < 5
        assert upstream.seen == ["GET /a", "GET /b"]
    finally:
        loop.run(proxy.close())
        loop.run(upstream.stop())


def test_a_bug_on_the_fast_path_answers_500_and_the_proxy_goes_on(loop, backends, tmp_path,  # type: ignore[no-untyped-def]
                                                                  monkeypatch) -> None:
    legacy, _ = backends
    relayed = _count_relayed(monkeypatch)
    proxy = _proxy(loop, tmp_path, legacy, [])
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        assert request(base + "/a")[0] == 200  # opens a kept-alive upstream connection

        def broken(pairs: object) -> list[tuple[str, str]]:
            raise RuntimeError("bug")

        with monkeypatch.context() as patch:
            patch.setattr(fastpath_module, "response_headers", broken)
            assert request(base + "/b")[0] == 500  # from the upstream's read callback
            assert relayed[-1] is True
        assert [request(base + f"/c{i}")[0] for i in range(3)] == [200, 200, 200]
    finally:
        loop.run(proxy.close())


@pytest.mark.parametrize("preserve", [True, False])
def test_upstreams_see_the_clients_host_unless_told_otherwise(loop, backends, tmp_path,  # type: ignore[no-untyped-def]
                                                               preserve) -> None:
    """Django's ALLOWED_HOSTS and absolute URLs need the client's Host (as the nginx export
    sends it); `preserve_host = false` sends the upstream's own address instead."""
    legacy, new = backends
    proxy = _proxy(loop, tmp_path, legacy, [RouteConfig("/billing", new.url, mode="new")],
                   preserve_host=preserve)
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        for path, side in (("/a", legacy), ("/a", legacy), ("/billing/x", new)):
            assert request(base + path, headers={"Host": "shop.example"})[0] == 200
            headers = side.calls[-1][2]
            expected = "shop.example" if preserve else f"127.0.0.1:{side.port}"
            assert (headers["Host"], headers["X-Forwarded-Host"]) == (expected, "shop.example")
    finally:
        loop.run(proxy.close())


async def _websocket_exchange(url: str, texts: list[str], blob: bytes = b"") -> list[object]:
    import aiohttp

    answers: list[object] = []
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
        for text in texts:
            await socket.send_str(text)
            answers.append((await socket.receive(timeout=5)).data)
        if blob:
            await socket.send_bytes(blob)
            answers.append((await socket.receive(timeout=10)).data == blob)
    return answers


@pytest.mark.parametrize(("mode", "side"), [("legacy", "legacy"), ("shadow", "legacy"),
                                            ("new", "new")])
def test_websockets_are_tunnelled_to_the_side_the_route_serves(loop, backends, tmp_path,  # type: ignore[no-untyped-def]
                                                                mode, side) -> None:
    legacy, new = backends
    proxy = _proxy(loop, tmp_path, legacy, [RouteConfig("/billing", new.url, mode=mode)])
    url = f"ws://127.0.0.1:{proxy.port}/billing/ws"
    try:
        blob = bytes(range(256)) * 8192  # 2 MiB: both directions fill their buffers
        answers = loop.run(_websocket_exchange(url, ["one", "two"], blob))
        assert answers == [f"{side}:one", f"{side}:two", True]
        assert loop.run(_websocket_exchange(f"ws://127.0.0.1:{proxy.port}/ws", ["x"])) == [
            "legacy:x"]  # the default route
        assert request(f"http://127.0.0.1:{proxy.port}/billing/after")[0] == 200
        metrics = request(f"http://127.0.0.1:{proxy.admin_port}/_strangler/metrics")[2]
        assert f'mode="{mode}",route="/billing",status="101",upstream="{side}"'.encode() \
            in metrics
    finally:
        loop.run(proxy.close())


def test_a_websocket_to_a_stopped_service_falls_back_to_legacy(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, new = backends
    proxy = _proxy(loop, tmp_path, legacy, [RouteConfig("/billing", new.url, mode="new")])
    try:
        loop.run(new.stop())
        url = f"ws://127.0.0.1:{proxy.port}/billing/ws"
        assert loop.run(_websocket_exchange(url, ["hi"])) == ["legacy:hi"]
    finally:
        loop.run(proxy.close())


def test_an_upgrade_refused_by_the_upstream_is_passed_on(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Bytes the client sent right behind its upgrade request wait for the upstream's
    answer; an upstream that does not switch answers like any request."""
    import base64
    import os
    import socket

    legacy, _ = backends
    proxy = _proxy(loop, tmp_path, legacy, [])
    key = base64.b64encode(os.urandom(16)).decode()
    head = (f"GET {{}} HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
    mask = b"\x01\x02\x03\x04"
    frame = b"\x81\x82" + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(b"hi"))
    try:
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
            sock.sendall(head.format("/ws").encode() + frame)  # a frame right behind the head
            received = b""
            while b"legacy:hi" not in received:
                chunk = sock.recv(4096)
                assert chunk, received
                received += chunk
            assert received.startswith(b"HTTP/1.1 101 ")
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
            sock.sendall(head.format("/plain").encode())  # the backend answers 200, no switch
            received = b""
            while chunk := sock.recv(4096):
                received += chunk
            assert received.startswith(b"HTTP/1.1 200 ") and b'"served_by": "legacy"' in received
    finally:
        loop.run(proxy.close())


def test_answers_without_a_body_keep_their_framing(loop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """HEAD tells the size a GET would get; 204 and 304 carry no Content-Length of the
    proxy's making; the connection goes on after each (on the async and the fast path)."""
    from aiohttp import web

    async def document(request: web.Request) -> web.Response:
        return web.Response(body=b"x" * 1000, content_type="text/plain")

    async def empty(request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def cached(request: web.Request) -> web.Response:
        return web.Response(status=304, headers={"ETag": '"v1"'})

    app = web.Application()
    app.router.add_get("/doc", document)  # (aiohttp answers HEAD from the GET route)
    app.router.add_get("/empty", empty)
    app.router.add_get("/cached", cached)
    runner = web.AppRunner(app, access_log=None)
    loop.run(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run(site.start())
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    proxy = _proxy(loop, tmp_path, f"http://127.0.0.1:{port}", [])
    try:
        connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
        for _ in range(2):
            connection.request("HEAD", "/doc")
            reply = connection.getresponse()
            assert (reply.status, reply.getheader("Content-Length"), reply.read()) == (
                200, "1000", b"")
            connection.request("GET", "/empty")
            reply = connection.getresponse()
            assert (reply.status, reply.getheader("Content-Length"), reply.read()) == (
                204, None, b"")
            connection.request("GET", "/cached")
            reply = connection.getresponse()
            assert (reply.status, reply.getheader("ETag"), reply.read()) == (304, '"v1"', b"")
            connection.request("GET", "/doc")
            reply = connection.getresponse()
            assert reply.read() == b"x" * 1000
        connection.close()
    finally:
        loop.run(proxy.close())
        loop.run(runner.cleanup())


def _canned(answers: dict[str, bytes]) -> RawUpstream:
    """A keep-alive upstream that writes canned bytes per request path (no framework)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                     head: bytes) -> bool:
        writer.write(answers[head.split(b" ")[1].decode()])
        await writer.drain()
        return True

    return RawUpstream(answer, read_body=True)


def test_interim_and_bodiless_answers_keep_the_upstream_connection_in_step(  # type: ignore[no-untyped-def]
        loop, tmp_path) -> None:
    """A 103 (or 100) comes before the answer, a 304 has no body and may have no length: each
    client gets its own answer, on the async path and the fast path alike."""
    upstream = _canned({
        "/hint": b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                 b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhint",
        "/cached": b"HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n",
        "/post": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 4\r\n"
                 b"\r\npost",
        "/plain": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nplain",
    })
    loop.run(upstream.start())
    proxy = _proxy(loop, tmp_path, f"http://127.0.0.1:{upstream.port}", [])
    try:
        connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
        for _ in range(3):
            for method, path, status, body in (("GET", "/hint", 200, b"hint"),
                                               ("GET", "/cached", 304, b""),
                                               ("POST", "/post", 201, b"post"),
                                               ("GET", "/plain", 200, b"plain")):
                connection.request(method, path, body=b"x" if method == "POST" else None,
                                   headers={"Expect": "100-continue"} if method == "POST"
                                   else {})
                reply = connection.getresponse()
                assert (reply.status, reply.read()) == (status, body), path
                if status == 304:
                    assert reply.getheader("Transfer-Encoding") is None
        connection.close()
        # The proxy has the whole body before it sends a request: it never asks for a 100.
        assert not any(b"expect" in head.lower() for head in upstream.heads)
    finally:
        loop.run(proxy.close())
        loop.run(upstream.stop())


def test_a_request_pipelined_before_an_upgrade_is_answered_then_the_upgrade(  # type: ignore[no-untyped-def]
        loop, backends, tmp_path) -> None:
    import socket

    legacy, _ = backends
    proxy = _proxy(loop, tmp_path, legacy, [])
    mask = b"\x01\x02\x03\x04"
    frame = b"\x81\x82" + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(b"hi"))
    try:
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
            sock.sendall(b"GET /first HTTP/1.1\r\nHost: a\r\n\r\n"
                         b"GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
                         b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                         b"Sec-WebSocket-Version: 13\r\n\r\n" + frame)
            received = b""
            while b"legacy:hi" not in received:
                chunk = sock.recv(4096)
                assert chunk, received
                received += chunk
        assert received.startswith(b"HTTP/1.1 200 ") and b"HTTP/1.1 101 " in received
    finally:
        loop.run(proxy.close())
