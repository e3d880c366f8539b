"""The proxy under hostile clients and upstreams (issue 11): bounded memory, no stalls,
never a request twice, and the protocol refusals nginx makes. Each test fails on the proxy
before the hardening."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import time
import tracemalloc
from pathlib import Path

import pytest
from proxyhelpers import (
    Backend,
    LoopThread,
    RawUpstream,
    exchange,
    proxy_for_tests,
    request,
    wait_until,
)

from strangler.proxy.body import Body
from strangler.proxy.comparer import Comparer
from strangler.proxy.config import RouteConfig, parse_proxy_config
from strangler.proxy.server import RunningProxy, start_proxy


def _proxy(loop: LoopThread, tmp_path: Path, legacy: Backend | str, routes: list[RouteConfig],
           **options: object) -> RunningProxy:
    return proxy_for_tests(loop, tmp_path, legacy, routes, **options)  # type: ignore[no-any-return]


_wait = wait_until


def _metrics(proxy: RunningProxy) -> bytes:
    return request(f"http://127.0.0.1:{proxy.admin_port}/_strangler/metrics")[2]


# ----------------------------------------------------------------------- critical 1


def test_a_client_that_never_reads_cannot_pile_up_answers(loop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """It pipelines 400 GETs for 200 KiB answers and reads nothing: the proxy stops reading
    its requests and answering them, so the bytes waiting for it stay bounded."""
    big = {"data": "x" * 200_000}
    legacy = Backend("legacy", body=lambda path: big)
    loop.run(legacy.start())
    proxy = _proxy(loop, tmp_path, legacy.url, [])
    try:
        request(f"http://127.0.0.1:{proxy.port}/warm")  # a kept-alive upstream connection
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
            sock.setblocking(False)  # (the kernel's buffers take about 20 answers)
            pipelined = b"GET /r HTTP/1.1\r\nHost: a\r\n\r\n" * 400
            sent = 0
            deadline = time.monotonic() + 3
            while sent < len(pipelined) and time.monotonic() < deadline:
                try:
                    sent += sock.send(pipelined[sent:])
                except BlockingIOError:
                    time.sleep(0.01)
            time.sleep(1.0)  # time to answer all 400, if it would
            buffered = max((c.transport.get_write_buffer_size() for c in proxy.server.connections
                            if c.transport is not None), default=0)
            answered = len(legacy.calls) - 1
            assert buffered < 2 * 1024 * 1024, buffered  # 400 answers would be 80 MB
            assert answered < 40, answered
            # ...and it is served once it reads: every answer comes, then the next request's.
            sock.setblocking(True)
            sock.settimeout(20)
            count, carry = 0, b""
            while count < 400:
                window = carry + sock.recv(1 << 20)
                count += window.count(b"HTTP/1.1 200 ")
                carry = window[-12:]  # a status line split across two reads counts once
            sock.sendall(b"GET /after HTTP/1.1\r\nHost: a\r\n\r\n")
            tail = b""
            while b"HTTP/1.1 200 " not in tail:
                tail += sock.recv(1 << 20)
        assert legacy.calls[-1][1] == "/after"
        assert request(f"http://127.0.0.1:{proxy.port}/other")[0] == 200
    finally:
        loop.run(proxy.close())
        loop.run(legacy.stop())


# ----------------------------------------------------------------------- critical 2


def test_shadow_comparisons_run_in_a_worker_process_and_big_ones_are_not_compared(
        loop, backends, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Parsing JSON holds the interpreter's lock: in a thread it still froze other
    requests, so answers past a few KiB are compared in a process of its own; tiny ones on
    the loop (a round trip to the worker costs more); past compare_max_bytes, not at all."""
    sizes = {"small": 3, "mid": 4_000, "big": 50_000}
    legacy, new = backends
    legacy.body = lambda path: {"items": list(range(sizes[path.rsplit("/", 1)[1]]))}
    new.body = lambda path: {"items": list(range(1, sizes[path.rsplit("/", 1)[1]] + 1))}
    compared: list[int] = []
    compare = Comparer.compare

    async def counting(self, *args):  # type: ignore[no-untyped-def]
        compared.append(1)
        return await compare(self, *args)

    monkeypatch.setattr(Comparer, "compare", counting)
    proxy = _proxy(loop, tmp_path, legacy.url, [RouteConfig("/r", new.url, mode="shadow")],
                   compare_max_bytes=64 * 1024)
    base = f"http://127.0.0.1:{proxy.port}"
    metrics = lambda: _metrics(proxy)  # noqa: E731
    try:
        assert request(base + "/r/small")[0] == 200
        assert _wait(lambda: b'strangler_shadow_compared_total{route="/r"} 1' in metrics())
        assert compared == [] and proxy.state.comparer.worker_pids() == []  # on the loop
        assert request(base + "/r/mid")[0] == 200  # ~23 KB a side
        assert _wait(lambda: b'strangler_shadow_compared_total{route="/r"} 2' in metrics(),
                     seconds=20)
        workers = proxy.state.comparer.worker_pids()
        assert compared == [1] and len(workers) == 1 and workers[0] != os.getpid()
        summary = proxy.state.store.summary(min_samples=1, match_rate=0.9)  # type: ignore[union-attr]
        assert summary[0].compared == 2 and summary[0].matched == 0
        assert summary[0].top_fields[0][0].startswith("body.items.")  # found by both
        status, _, body = request(base + "/r/big")  # ~290 KB each side: over the bound
        assert status == 200 and len(json.loads(body)["items"]) == 50_000
        ok = _wait(lambda: b'strangler_shadow_dropped_total{reason="too_big",route="/r"} 1'
                   in metrics())
        assert ok, metrics().decode()
        assert compared == [1]  # never parsed
    finally:
        loop.run(proxy.close())


# ----------------------------------------------------------------------- critical 3


def test_a_post_with_an_idempotency_key_is_never_replayed_on_legacy(loop, backends,  # type: ignore[no-untyped-def]
                                                                    tmp_path) -> None:
    """The new service takes the POST and dies mid-answer: the client gets 502, legacy
    never sees the request (the key lives in the new service's store only)."""
    legacy, _ = backends

    async def dies_mid_answer(reader, writer, head) -> bool:  # type: ignore[no-untyped-def]
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"paid\":")
        await writer.drain()
        return False  # and close

    new = RawUpstream(read_body=True, script=dies_mid_answer)
    loop.run(new.start())
    proxy = _proxy(loop, tmp_path, legacy.url, [RouteConfig("/pay", new.url, mode="new")])
    try:
        status, _, _ = request(f"http://127.0.0.1:{proxy.port}/pay/now", "POST", b'{"eur": 5}',
                               {"Idempotency-Key": "k-1", "Content-Type": "application/json"})
        assert status == 502
        assert len(new.seen) == 1
        assert legacy.calls == []
    finally:
        loop.run(proxy.close())
        loop.run(new.stop())


# ----------------------------------------------------------------------- critical 4


def test_noise_learning_never_sends_a_post_to_legacy_twice(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, new = backends
    proxy = _proxy(loop, tmp_path, legacy.url,
                   [RouteConfig("/r", new.url, mode="shadow", shadow_unsafe=True)], noise=True)
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        assert request(base + "/r/pay", "POST", b"{}")[0] == 200
        assert request(base + "/r/list")[0] == 200
        assert _wait(lambda: len(new.calls) == 2)  # both copied to the new service
        assert _wait(lambda: [m for m, *_ in legacy.calls] == ["POST", "GET", "GET"])
        time.sleep(0.3)
        assert [m for m, *_ in legacy.calls].count("POST") == 1  # noise only for the GET
    finally:
        loop.run(proxy.close())


# ----------------------------------------------------------------------- major 5


def test_shadow_routes_stream_big_answers_and_compare_a_bounded_copy(loop, backends,  # type: ignore[no-untyped-def]
                                                                     tmp_path) -> None:
    """The first bytes of a big legacy answer reach the client before legacy has sent the
    rest (shadow mode used to buffer whole answers)."""
    _, new = backends
    release = asyncio.Event()
    size = 1024 * 1024

    async def slow_big(reader, writer, head) -> bool:  # type: ignore[no-untyped-def]
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                     b"Content-Length: %d\r\n\r\n" % size + b"a" * (size // 2))
        await writer.drain()
        await release.wait()
        writer.write(b"a" * (size // 2))
        await writer.drain()
        return True

    legacy = RawUpstream(read_body=True, script=slow_big)
    loop.run(legacy.start())
    new.body = None
    proxy = _proxy(loop, tmp_path, legacy.url, [RouteConfig("/r", new.url, mode="shadow")],
                   compare_max_bytes=64 * 1024)
    try:
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
            sock.sendall(b"GET /r/file HTTP/1.1\r\nHost: a\r\n\r\n")
            received = b""
            while len(received) < size // 4:
                received += sock.recv(65536)  # before the rest exists upstream
            loop.loop.call_soon_threadsafe(release.set)
            while len(received.partition(b"\r\n\r\n")[2]) < size:
                received += sock.recv(1 << 20)
        assert received.partition(b"\r\n\r\n")[2] == b"a" * size
        assert _wait(lambda: b'strangler_shadow_dropped_total{reason="too_big",route="/r"} 1'
                     in _metrics(proxy))
        assert new.calls == []  # too big to compare: no copy sent
    finally:
        loop.run(proxy.close())
        loop.run(legacy.stop())


# ----------------------------------------------------------------------- major 6


def test_bodies_are_spooled_and_replayed_whole(tmp_path) -> None:
    body = Body(spool_bytes=1000)
    parts = [os.urandom(700) for _ in range(5)]
    for part in parts:
        body.append(part)
    assert body.spooled and body.size == 3500
    assert b"".join(body.chunks()) == b"".join(parts) == b"".join(body.chunks())
    with pytest.raises(ValueError):
        body.memory()
    body.close()
    small = Body(spool_bytes=1000)
    small.append(b"abc")
    assert not small.spooled and small.memory() == b"abc"


def test_stalled_uploads_do_not_hold_their_bodies_in_memory(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, _ = backends
    proxy = _proxy(loop, tmp_path, legacy.url, [], spool_bytes=64 * 1024,
                   max_body=16 * 1024 * 1024)
    sockets = []
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        chunk = b"x" * (256 * 1024)
        for _ in range(12):
            sock = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
            sock.sendall(b"POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 9000000\r\n\r\n")
            for _ in range(8):  # 2 MiB each, then the client stalls
                sock.sendall(chunk)
            sockets.append(sock)
        time.sleep(1.0)
        held = tracemalloc.get_traced_memory()[0] - before
        assert held < 8 * 1024 * 1024, held  # 24 MiB of bodies, on disk
    finally:
        tracemalloc.stop()
        for sock in sockets:
            sock.close()
        loop.run(proxy.close())


def test_a_big_post_reaches_legacy_whole_when_the_new_service_is_down(loop, backends,  # type: ignore[no-untyped-def]
                                                                      tmp_path) -> None:
    legacy, _ = backends
    received: list[bytes] = []
    payload = os.urandom(3 * 1024 * 1024)

    async def keep(reader, writer, head) -> bool:  # type: ignore[no-untyped-def]
        received.append(legacy_upstream.seen[-1].partition(b"\r\n\r\n")[2])
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        return True

    legacy_upstream = RawUpstream(read_body=True, script=keep)
    loop.run(legacy_upstream.start())
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{closed.getsockname()[1]}"  # nothing listens there
    proxy = _proxy(loop, tmp_path, legacy_upstream.url, [RouteConfig("/up", down, mode="new")],
                   spool_bytes=64 * 1024, max_body=8 * 1024 * 1024)
    try:
        status, _, body = request(f"http://127.0.0.1:{proxy.port}/up/file", "POST", payload)
        assert (status, body) == (200, b"ok")
        assert received == [payload]  # never reached the new service: sent to legacy, whole
    finally:
        loop.run(proxy.close())
        loop.run(legacy_upstream.stop())


# ----------------------------------------------------------------------- major 7, 8, 11


def test_many_tiny_headers_are_refused(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, _ = backends
    proxy = _proxy(loop, tmp_path, legacy.url, [])
    try:
        head = b"GET / HTTP/1.1\r\nHost: a\r\n" + b"".join(b"%d: x\r\n" % i for i in range(500))
        assert exchange(proxy.port, head + b"\r\n").startswith(b"HTTP/1.1 431 ")
        assert legacy.calls == []
    finally:
        loop.run(proxy.close())


def test_merged_slashes_cannot_escape_a_route(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, new = backends
    proxy = _proxy(loop, tmp_path, legacy.url, [RouteConfig("/orders", new.url, mode="new")])
    try:
        for path in ("//orders/x", "///orders//x", "/orders//x"):
            answer = exchange(proxy.port, f"GET {path} HTTP/1.1\r\nHost: a\r\n"
                                      "Connection: close\r\n\r\n".encode())
            assert b'"served_by": "new"' in answer, path
        assert legacy.calls == []
    finally:
        loop.run(proxy.close())


def test_idle_connections_are_shed_at_max_connections(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, _ = backends
    proxy = _proxy(loop, tmp_path, legacy.url, [], max_connections=4)
    idle = [socket.create_connection(("127.0.0.1", proxy.port), timeout=5) for _ in range(4)]
    try:
        time.sleep(0.2)
        assert request(f"http://127.0.0.1:{proxy.port}/in")[0] == 200  # room was made
        assert idle[0].recv(10) == b""  # the oldest idle connection was closed
        assert b'strangler_connections_shed_total{reason="shed_idle"}' in _metrics(proxy)
    finally:
        for sock in idle:
            sock.close()
        loop.run(proxy.close())


def test_a_connection_that_never_sends_a_byte_is_closed(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, _ = backends
    proxy = _proxy(loop, tmp_path, legacy.url, [], first_byte_timeout=0.3)
    try:
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
            started = time.monotonic()
            assert sock.recv(10) == b""
            assert time.monotonic() - started < 4
    finally:
        loop.run(proxy.close())


# ----------------------------------------------------------------------- minor


def test_protocol_refusals_come_at_once(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, _ = backends
    proxy = _proxy(loop, tmp_path, legacy.url, [])
    cases = {
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n": 400,
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\nabc": 501,
        b"GET / HTTP/1.1\r\n\r\n": 400,
        b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n": 400,
        b"GET / HTTP/1.1\r\nHost: a/b@c\r\n\r\n": 400,
        b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n": 405,
        b"TRACE / HTTP/1.1\r\nHost: a\r\n\r\n": 405,
        b"GET / HTTP/2.0\r\nHost: a\r\n\r\n": 505,
    }
    try:
        for raw, status in cases.items():
            started = time.monotonic()
            answer = exchange(proxy.port, raw, seconds=3)
            assert answer.startswith(b"HTTP/1.1 %d " % status), (raw, answer[:80])
            assert answer.count(b"HTTP/1.1 ") == 1
            assert time.monotonic() - started < 2.5  # not after a read timeout
        assert legacy.calls == []
        ok = exchange(proxy.port, b"GET / HTTP/1.0\r\n\r\n")  # HTTP/1.0 needs no Host
        assert ok.startswith(b"HTTP/1.1 200 ")
    finally:
        loop.run(proxy.close())


def test_chunked_trailers_are_not_forwarded_as_headers(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, _ = backends
    proxy = _proxy(loop, tmp_path, legacy.url, [])
    try:
        answer = exchange(proxy.port, b"POST /t HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked"
                                  b"\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n"
                                  b"X-Trailer: sneaky\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 200 ")
        assert legacy.calls and "X-Trailer" not in legacy.calls[0][2]
    finally:
        loop.run(proxy.close())


def test_an_h2c_upgrade_is_served_as_plain_http(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, _ = backends
    proxy = _proxy(loop, tmp_path, legacy.url, [])
    try:
        answer = exchange(proxy.port, b"GET /one HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\n"
                                  b"Connection: Upgrade, HTTP2-Settings\r\n"
                                  b"HTTP2-Settings: AAA\r\n\r\n"
                                  b"GET /two HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        assert answer.count(b"HTTP/1.1 200 ") == 2 and b"101" not in answer.split(b"\r\n")[0]
        assert [path for _, path, _, _ in legacy.calls] == ["/one", "/two"]
        assert all("Upgrade" not in headers for _, _, headers, _ in legacy.calls)
    finally:
        loop.run(proxy.close())


def test_reload_reports_a_listen_change_and_clears_errors(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, _ = backends
    path = tmp_path / "strangler.toml"
    text = (f'[proxy]\nlegacy = "{legacy.url}"\nlisten = "127.0.0.1:18080"\n'
            f'diff_db = "{tmp_path / "d.sqlite"}"\n')
    path.write_text(text)
    proxy = loop.run(start_proxy(parse_proxy_config(text), path, port=0, admin_port=0,
                                 reload_interval=0.05))
    try:
        path.write_text(text.replace("18080", "18081"))
        assert _wait(lambda: "listen changed to 127.0.0.1:18081" in proxy.state.reload_error)
        stat = os.stat(path)
        path.write_text(text)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
        assert _wait(lambda: proxy.state.reload_error == "")
        moved = tmp_path / "away.toml"
        os.rename(path, moved)  # the file is gone for a moment
        assert _wait(lambda: "cannot read" in proxy.state.reload_error)
        os.rename(moved, path)  # back, with the same modification time
        assert _wait(lambda: proxy.state.reload_error == "")
    finally:
        loop.run(proxy.close())


# ----------------------------------------------------------------------- one HTTP stack


def test_https_upstreams_are_verified_and_served_by_the_lean_client(loop, tmp_path,  # type: ignore[no-untyped-def]
                                                                    monkeypatch) -> None:
    import ssl

    import trustme
    from aiohttp import web

    authority = trustme.CA()
    served: list[str] = []

    async def answer(request: web.Request) -> web.Response:
        served.append(request.path)
        return web.json_response({"served_by": "tls", "path": request.path})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app, access_log=None)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("localhost").configure_cert(server_context)

    async def start() -> int:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_context)
        await site.start()
        return site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    port = loop.run(start())
    trusted = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(trusted))
    untrusted = _proxy(loop, tmp_path, f"https://localhost:{port}", [])
    try:
        # Not signed by an authority it trusts: refused, never served.
        assert request(f"http://127.0.0.1:{untrusted.port}/x")[0] == 502
        assert served == []
    finally:
        loop.run(untrusted.close())
    monkeypatch.setenv("SSL_CERT_FILE", str(trusted))
    (tmp_path / "t").mkdir()
    proxy = _proxy(loop, tmp_path / "t", f"https://localhost:{port}", [])
    try:
        for path in ("/a", "/b", "/c"):  # the first opens a connection; the rest reuse it
            status, _, body = request(f"http://127.0.0.1:{proxy.port}{path}")
            assert status == 200 and json.loads(body) == {"served_by": "tls", "path": path}
        assert served == ["/a", "/b", "/c"]
    finally:
        loop.run(proxy.close())
        loop.run(runner.cleanup())


def test_the_admin_port_is_served_without_aiohttp(loop, backends, tmp_path) -> None:  # type: ignore[no-untyped-def]
    legacy, new = backends
    proxy = _proxy(loop, tmp_path, legacy.url, [RouteConfig("/r", new.url, mode="canary",
                                                            percent=5)])
    admin = f"http://127.0.0.1:{proxy.admin_port}"
    try:
        status, headers, body = request(admin + "/_strangler/routes")
        assert status == 200 and headers["Content-Type"].startswith("application/json")
        table = json.loads(body)
        assert table["routes"][0]["prefix"] == "/r" and table["routes"][0]["percent"] == 5
        assert request(admin + "/_strangler/metrics")[0] == 200
        assert request(admin + "/elsewhere")[0] == 404
        assert request(admin + "/_strangler/routes", "POST", b"x")[0] == 405
    finally:
        loop.run(proxy.close())
    import strangler.proxy.server as server

    assert "aiohttp" not in server.__dict__ and not any(
        name.startswith("aiohttp") for name in _imported_by("strangler.proxy.server"))


def _imported_by(module: str) -> list[str]:
    """The modules a fresh interpreter has loaded after importing `module`."""
    import subprocess
    import sys

    script = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=60).stdout.split()


def test_slow_heads_are_shed_for_a_new_client_at_max_connections(loop, backends,  # type: ignore[no-untyped-def]
                                                                  tmp_path) -> None:
    legacy, _ = backends
    proxy = _proxy(loop, tmp_path, legacy.url, [], max_connections=4)
    slow = [socket.create_connection(("127.0.0.1", proxy.port), timeout=5) for _ in range(4)]
    try:
        for sock in slow:  # half a head each, then nothing (slowloris)
            sock.sendall(b"GET /slow HTTP/1.1\r\nHost: a\r\nX-Wait: ")
        time.sleep(0.3)
        assert request(f"http://127.0.0.1:{proxy.port}/in")[0] == 200  # not a 503
        assert slow[0].recv(10) == b""  # the oldest slow head was closed
        assert b'strangler_connections_shed_total{reason="shed_slow_head"}' in _metrics(proxy)
    finally:
        for sock in slow:
            sock.close()
        loop.run(proxy.close())


def test_max_connections_never_exceeds_what_the_open_file_limit_allows(caplog) -> None:  # type: ignore[no-untyped-def]
    import resource

    from strangler.proxy.http_server import LeanServer, default_max_connections

    async def nothing(request) -> None:  # type: ignore[no-untyped-def]
        return None

    allowed = default_max_connections()
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert allowed <= soft // 3  # a client, its upstream and a spool file each
    assert LeanServer(nothing, 10, max_connections=allowed + 500).max_connections == allowed
    assert "more than the open-file limit allows" in caplog.text
    assert LeanServer(nothing, 10, max_connections=5).max_connections == 5


def test_the_spool_file_is_written_off_the_event_loop_in_order(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A disk that makes each write wait (dirty-page throttling under a big upload) must not
    hold the event loop: `append` returns at once, the bytes reach the file in order, and
    `backlog` says how much is still on its way."""
    import threading as threading_module

    from strangler.proxy import body as body_module

    gate = threading_module.Event()
    real = body_module.tempfile.TemporaryFile

    class SlowFile:
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.inner = real()

        def write(self, data: bytes) -> int:
            gate.wait(5)  # the disk is stuck until the test lets it go
            return self.inner.write(data)

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

    monkeypatch.setattr(body_module.tempfile, "TemporaryFile", SlowFile)
    written = threading_module.Event()
    body = Body(spool_bytes=1000)
    body.on_written = written.set
    parts = [os.urandom(700) for _ in range(20)]
    for part in parts:
        body.append(part)  # returns while the spool thread is stuck on its first write
    assert body.spooled and body.size == 14000
    assert body.backlog > 0 and not body.settled
    gate.set()
    assert written.wait(5)
    assert body.backlog == 0 and body.settled
    assert b"".join(body.chunks()) == b"".join(parts)
    body.close()


def test_a_closed_body_drops_what_is_still_queued_for_its_spool_file() -> None:
    body = Body(spool_bytes=10)
    for _ in range(50):
        body.append(b"y" * 100)
    body.close()
    body.settle()
    assert body.backlog == 0 and not body.spooled


def test_a_spooled_body_sent_to_a_fast_upstream_lets_other_clients_run() -> None:
    """An upstream that takes everything never pauses writing, so `drain()` never waits:
    sending a spooled body must still give the event loop back every few chunks (a 300 MiB
    body went out in one step and stalled every other client for 0.18 s)."""
    import asyncio

    from strangler.proxy import upstream as upstream_module

    body = Body(spool_bytes=1000)
    for _ in range(64):
        body.append(b"z" * 64 * 1024)  # 4 MiB: 64 chunks of CHUNK
    body.settle()

    class Transport:
        def __init__(self) -> None:
            self.sent = 0

        def write(self, data: bytes) -> None:
            self.sent += len(data)

    class Connection:
        transport = Transport()
        body_pending = False

        async def drain(self) -> None:
            return None  # never paused: returns without giving the loop back

    class Response:
        finished = False

    async def main() -> tuple[int, int]:
        ticks = 0
        done = False

        async def other_client() -> None:
            nonlocal ticks
            while not done:
                ticks += 1
                await asyncio.sleep(0)

        ticker = asyncio.ensure_future(other_client())
        await asyncio.sleep(0)
        connection = Connection()
        await upstream_module._send_body(connection, Response(), body)  # type: ignore[arg-type]
        done = True
        await ticker
        return ticks, connection.transport.sent

    ticks, sent = asyncio.run(main())
    assert sent == 64 * 64 * 1024
    assert ticks >= 64 // upstream_module.YIELD_EVERY  # the other client ran meanwhile
    body.close()
