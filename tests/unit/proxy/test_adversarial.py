"""Faults an adversarial pass found (bench/proxy_adversarial.py and
bench/proxy_adversarial_checks.py: raw sockets against a real proxy): each test fails on the
code before its fix."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from proxyhelpers import (
    Backend,
    LoopThread,
    RawUpstream,
    exchange,
    proxy_for_tests,
    request,
)

from strangler.proxy.body import Body
from strangler.proxy.config import RouteConfig
from strangler.proxy.upstream import UpstreamPool

MIB = 1024 * 1024
_started: list[Any] = []


@pytest.fixture(autouse=True)
def _close_proxies(loop: LoopThread) -> Iterator[None]:
    """Close the proxies a test started (before its event loop stops)."""
    yield
    while _started:
        loop.run(_started.pop().close())


def _proxy_started(loop: LoopThread, tmp_path: Path, legacy: Any, routes: list[Any],
                   **options: object) -> Any:
    _started.append(proxy_for_tests(loop, tmp_path, legacy, routes, **options))
    return _started[-1]


async def _ok(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: bytes) -> bool:
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    await writer.drain()
    return True


def test_underscore_spellings_of_the_proxys_headers_are_dropped(loop: LoopThread,
                                                              tmp_path: Path) -> None:
    """WSGI reads X_Forwarded_Proto as X-Forwarded-Proto: a client must not set what the
    proxy sets (nor Content-Length and Transfer-Encoding) under another spelling."""
    upstream = RawUpstream(_ok, read_body=True)
    loop.run(upstream.start())
    proxy = _proxy_started(loop, tmp_path, upstream.url, [])
    answer = exchange(proxy.port, b"GET /a HTTP/1.1\r\nHost: shop\r\n"
                      b"X_Forwarded_Proto: https\r\nX-Forwarded_For: 6.6.6.6\r\n"
                      b"x_forwarded_host: evil\r\nTransfer_Encoding: chunked\r\n"
                      b"Content_Length: 99\r\nX_Request_Id: r1\r\nConnection: close\r\n\r\n",
                      seconds=3.0)
    assert answer.startswith(b"HTTP/1.1 200 ")
    lines = upstream.heads[0].decode().split("\r\n")[1:]
    names = [line.split(":")[0].lower().replace("_", "-") for line in lines if line]
    assert sorted(names) == ["content-length", "host", "x-forwarded-for", "x-forwarded-host",
                             "x-forwarded-proto", "x-request-id"]
    assert "X-Forwarded-Proto: http" in lines and "X-Forwarded-Host: shop" in lines
    assert "X_Request_Id: r1" in lines  # other names with an underscore pass as they are


@pytest.mark.parametrize("method", ["GET", "HEAD", "DELETE"])
def test_a_101_to_a_request_that_did_not_ask_to_upgrade_is_a_502(
        loop: LoopThread, tmp_path: Path, method: str) -> None:
    """Passed on, the 101 told the client its connection switched protocols while the proxy
    went on reading it as HTTP."""
    async def switch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                     head: bytes) -> bool:
        if b" /warm " in head:  # leaves a kept-alive connection: the next GET takes the
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")  # fast path
            await writer.drain()
            return True
        writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     b"Connection: Upgrade\r\n\r\nraw tunnel bytes")
        await writer.drain()
        await asyncio.sleep(0.2)
        return False

    upstream = RawUpstream(switch)
    loop.run(upstream.start())
    proxy = _proxy_started(loop, tmp_path, upstream.url, [])
    for warm in (False, True):
        upstream.heads.clear()
        if warm:
            assert request(f"http://127.0.0.1:{proxy.port}/warm")[0] == 200
        answer = exchange(proxy.port, f"{method} /a HTTP/1.1\r\nHost: x\r\n"
                          "Connection: close\r\n\r\n".encode(), seconds=3.0)
        assert answer.startswith(b"HTTP/1.1 502 "), (warm, answer)
        assert b"raw tunnel bytes" not in answer
        assert len(upstream.heads) == 1 + warm  # not resent: the upstream did answer


class EndlessHead:
    """An upstream whose answer's head (or with `trailers`, its chunked body's trailers)
    never ends: header lines as fast as the proxy takes them. `sent` counts the bytes the
    proxy took before it hung up."""

    def __init__(self, trailers: bool = False) -> None:
        self.sent = 0
        self.port = 0
        self.trailers = trailers

    async def start(self) -> None:
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\n")
        if self.trailers:
            writer.write(b"Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n")
        line = b"X-Pad: " + b"p" * 1000 + b"\r\n"
        try:
            while self.sent < 512 * MIB:
                writer.write(line * 64)
                await writer.drain()
                self.sent += len(line) * 64
        except ConnectionError:
            pass
        writer.close()


@pytest.mark.parametrize("kind", ["plain", "upgrade", "trailers"])
def test_an_answer_head_that_never_ends_is_a_502_not_a_memory_leak(
        loop: LoopThread, tmp_path: Path, kind: str) -> None:
    """Before: the headers piled up in the proxy until its timeout (4 GiB in 30 s in the
    bench); now the head is bounded (64 KiB) as a request's is, and so are trailers (which
    were also passed on as headers when they came in the head's read)."""
    upstream = EndlessHead(trailers=kind == "trailers")
    loop.run(upstream.start())
    proxy = _proxy_started(loop, tmp_path, f"http://127.0.0.1:{upstream.port}", [],
                            timeout=4.0)
    extra = b"Connection: Upgrade\r\nUpgrade: websocket\r\n" if kind == "upgrade" else b""
    answer = exchange(proxy.port, b"GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      + extra + b"\r\n", 8.0)
    if kind == "trailers":  # the head was passed on: the stream is cut, no trailer in it
        assert answer.startswith(b"HTTP/1.1 200 OK\r\n"), answer[:100]
        assert b"X-Pad" not in answer and not answer.endswith(b"0\r\n\r\n"), answer[:200]
    else:
        assert answer.startswith(b"HTTP/1.1 502 "), answer[:100]
    # What the proxy took: its head limit and one read, plus what the kernel buffers hold.
    assert upstream.sent < 32 * MIB, upstream.sent


def test_a_streamed_answer_reads_ahead_of_its_client_by_bytes_not_chunks(
        loop: LoopThread) -> None:
    """A client that reads slower than its upstream sends: the answer's queue holds at most
    a few hundred KiB (it held 16 reads of up to 256 KiB: 200 slow clients, 700 MiB)."""
    async def big(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                  head: bytes) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % (64 * MIB))
        block = b"x" * (256 * 1024)
        try:
            for _ in range(256):
                writer.write(block)
                await writer.drain()
        except ConnectionError:
            pass
        return False

    upstream = RawUpstream(big)
    loop.run(upstream.start())

    async def queued_after_a_while() -> int:
        pool = UpstreamPool()
        reply = await pool.request("127.0.0.1", upstream.port, "GET", "/big", [], Body(0),
                                   10.0, True)
        chunks = reply.iter_chunks(10.0)
        await chunks.__anext__()  # one chunk, then the client stops reading
        await asyncio.sleep(1.0)
        assert reply.queue is not None
        queued: list[bytes | None] = list(reply.queue._queue)  # type: ignore[attr-defined]
        held = sum(len(chunk) for chunk in queued if chunk)
        reply.abort()
        await chunks.aclose()  # type: ignore[attr-defined]
        pool.close()
        return held

    held = loop.run(queued_after_a_while())
    assert 0 < held <= 768 * 1024, held


@pytest.mark.slow
def test_a_half_open_trial_that_streams_does_not_hold_the_breaker(
        loop: LoopThread, tmp_path: Path) -> None:
    """The breaker hears of a streamed trial when its head arrives: while a long stream (a
    server-sent events endpoint) was the trial, every other request went to legacy."""
    failing = {"on": True}
    served: list[bytes] = []

    async def new(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                  head: bytes) -> bool:
        served.append(head.split(b"\r\n")[0])
        if failing["on"]:
            writer.write(b"HTTP/1.1 500 Oops\r\nContent-Length: 1\r\n\r\nx")
        elif b"/api/events" in head:
            writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            for _ in range(40):
                writer.write(b"6\r\ntick\n\n\r\n")
                await writer.drain()
                await asyncio.sleep(0.1)
            writer.write(b"0\r\n\r\n")
        else:
            body = json.dumps({"served_by": "new"}).encode()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%b" % (len(body), body))
        await writer.drain()
        return True

    legacy = Backend("legacy")
    loop.run(legacy.start())
    upstream = RawUpstream(new, read_body=True)
    loop.run(upstream.start())
    proxy = _proxy_started(loop, tmp_path, legacy,
                            [RouteConfig(prefix="/api", upstream=upstream.url, mode="new")],
                            breaker_failures=2, breaker_open_seconds=0.3)
    base = f"http://127.0.0.1:{proxy.port}"
    for _ in range(2):
        assert json.loads(request(base + "/api/x")[2])["served_by"] == "legacy"  # fallback
    assert proxy.state.breakers[upstream.url].state == "open"
    failing["on"] = False
    time.sleep(0.4)
    events: dict[str, Any] = {}
    trial = threading.Thread(target=lambda: events.update(answer=request(base + "/api/events")))
    trial.start()
    deadline = time.monotonic() + 3
    while not any(b"/api/events" in line for line in served) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)  # the trial streams on
    sides = [json.loads(request(base + f"/api/x{i}")[2])["served_by"] for i in range(3)]
    trial.join(10)
    assert sides == ["new"] * 3
    assert events["answer"][0] == 200 and events["answer"][2].count(b"tick") == 40
    assert proxy.state.breakers[upstream.url].state == "closed"


def test_pipelined_big_heads_queue_a_bounded_number_of_bytes(loop: LoopThread,
                                                             tmp_path: Path) -> None:
    """Requests pipelined behind a slow answer: reading pauses at 16 requests or 128 KiB of
    their heads, whichever comes first (16 heads of 60 KiB held 1.2 MiB per connection), and
    every one is answered in order once the slow one is."""
    async def first_slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                         head: bytes) -> bool:
        if b" /slow " in head:
            await asyncio.sleep(1.0)
        target = head.split(b" ")[1]
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%b" % (len(target), target))
        await writer.drain()
        return True

    upstream = RawUpstream(first_slow)
    loop.run(upstream.start())
    proxy = _proxy_started(loop, tmp_path, upstream.url, [])
    pad = b"X-Pad: " + b"p" * (60 * 1024) + b"\r\n"
    burst = b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n" + b"".join(
        b"GET /r%d HTTP/1.1\r\nHost: x\r\n%b\r\n" % (index, pad) for index in range(30))
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as sock:
        sender = threading.Thread(target=sock.sendall, args=(burst,))
        sender.start()
        time.sleep(0.5)
        queued = max((len(c.queue) for c in proxy.server.connections), default=0)
        answers = b""
        while answers.count(b"HTTP/1.1 200 OK") < 31:
            answers += sock.recv(65536)
        sender.join()
    assert 0 < queued <= 3, queued  # 128 KiB: two heads and the one that crossed it (was 17)
    targets = [part.split(b"\r\n\r\n", 1)[1] for part in answers.split(b"HTTP/1.1 ")[1:]]
    assert targets == [b"/slow"] + [b"/r%d" % index for index in range(30)]


def test_a_client_cannot_mark_its_request_as_a_shadow_copy(loop: LoopThread,
                                                          tmp_path: Path) -> None:
    """Only the proxy sets X-Strangler-Shadow (on the copies it sends): a client's own would
    make a real request look like a copy to a service that skips side effects for copies."""
    legacy, new = Backend("legacy"), Backend("new")
    loop.run(legacy.start())
    loop.run(new.start())
    proxy = _proxy_started(loop, tmp_path, legacy, [
        RouteConfig(prefix="/orders", upstream=new.url, mode="new"),
        RouteConfig(prefix="/catalog", upstream=new.url, mode="shadow")])
    base = f"http://127.0.0.1:{proxy.port}"
    spoof = {"X-Strangler-Shadow": "1", "X_Strangler_Shadow": "1"}
    assert request(base + "/orders/1", "POST", b"{}", spoof)[0] == 200
    assert request(base + "/catalog/1", headers=spoof)[0] == 200
    assert request(base + "/other", headers=spoof)[0] == 200
    deadline = time.monotonic() + 5
    while len(new.calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)

    def marks(pairs: list[tuple[str, str]]) -> list[str]:
        return [name for name, _ in pairs
                if name.lower().replace("_", "-") == "x-strangler-shadow"]

    (_, target, _, real), (_, copied, _, copy) = new.calls
    assert (target, marks(real)) == ("/orders/1", [])
    assert (copied, marks(copy)) == ("/catalog/1", ["X-Strangler-Shadow"])
    assert [marks(pairs) for *_, pairs in legacy.calls] == [[], []]


def test_a_reload_applies_the_breaker_and_the_limits_not_only_the_routes(
        loop: LoopThread, tmp_path: Path) -> None:
    """The breakers made before a reload kept their `failures`, and the proxy port its
    `max_headers` (and the other limits), whatever the reloaded table said."""
    from strangler.proxy.config import parse_proxy_config
    from strangler.proxy.server import start_proxy

    async def broken(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                     head: bytes) -> bool:
        writer.write(b"HTTP/1.1 500 Oops\r\nContent-Length: 1\r\n\r\nx")
        await writer.drain()
        return True

    legacy = Backend("legacy")
    loop.run(legacy.start())
    new = RawUpstream(broken, read_body=True)
    loop.run(new.start())
    table = tmp_path / "strangler.toml"

    def write(failures: int, max_headers: int, db: str = "d.sqlite") -> None:
        table.write_text(f'[proxy]\nlegacy = "{legacy.url}"\nmax_headers = {max_headers}\n'
                         f'diff_db = "{tmp_path / db}"\n[proxy.breaker]\n'
                         f'failures = {failures}\nopen_seconds = 60.0\n[[routes]]\n'
                         f'prefix = "/api"\nupstream = "{new.url}"\nmode = "new"\n')

    write(5, 100)
    proxy = loop.run(start_proxy(parse_proxy_config(table.read_text()), table, port=0,
                                 admin_port=0, reload_interval=0.05))
    base = f"http://127.0.0.1:{proxy.port}"
    assert request(base + "/api/a")[0] == 200  # 500 from new, legacy's answer
    write(1, 5)
    deadline = time.monotonic() + 5
    while proxy.state.config.breaker_failures != 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proxy.state.reload_error == ""
    assert request(base + "/api/b")[0] == 200
    assert proxy.state.breakers[new.url].state == "open"  # one failure opens it now
    many = "".join(f"X-H{index}: v\r\n" for index in range(8))
    answer = exchange(proxy.port, f"GET /x HTTP/1.1\r\nHost: x\r\n{many}\r\n".encode(),
                      seconds=3.0)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:60]
    for db, note in (("other.sqlite", "restart"), ("d.sqlite", "")):  # (the store stays)
        time.sleep(0.05)  # (a new mtime)
        write(1, 5, db)
        deadline = time.monotonic() + 5
        while not proxy.state.config.diff_db.endswith(db) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert note in proxy.state.reload_error and bool(note) == bool(
            proxy.state.reload_error), proxy.state.reload_error
    loop.run(proxy.close())


def test_a_half_open_breaker_sends_websockets_to_legacy(loop: LoopThread,
                                                       tmp_path: Path) -> None:
    """Only a closed breaker lets tunnels through (as the README says): while a half-open
    breaker's one trial runs, every WebSocket went to the new service too."""
    import aiohttp

    legacy, new = Backend("legacy"), Backend("new")
    loop.run(legacy.start())
    loop.run(new.start())
    proxy = _proxy_started(loop, tmp_path, legacy,
                            [RouteConfig(prefix="/live", upstream=new.url, mode="new")])

    async def echo() -> str:
        async with aiohttp.ClientSession() as session, session.ws_connect(
                f"ws://127.0.0.1:{proxy.port}/live/ws") as socket:
            await socket.send_str("hi")
            return str((await socket.receive(timeout=5)).data)

    assert loop.run(echo()) == "new:hi"
    breaker = proxy.state.breaker(new.url)
    breaker.state, breaker.trial_in_flight = "half_open", True  # a trial request is out
    assert [loop.run(echo()) for _ in range(3)] == ["legacy:hi"] * 3


def test_an_http10_clients_expect_100_continue_is_ignored(loop: LoopThread,
                                                          tmp_path: Path) -> None:
    """RFC 9110 10.1.1: a server MUST ignore a 100-continue expectation in an HTTP/1.0
    request (such a client may take the 100 for the answer); HTTP/1.1 clients get it."""
    upstream = RawUpstream(_ok, read_body=True)
    loop.run(upstream.start())
    proxy = _proxy_started(loop, tmp_path, upstream.url, [])
    for version, interim in (("1.0", b""), ("1.1", b"HTTP/1.1 100 Continue\r\n\r\n")):
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=0.5) as sock:
            sock.sendall(f"POST /a HTTP/{version}\r\nHost: x\r\nExpect: 100-continue\r\n"
                         f"Content-Length: 5\r\n\r\n".encode())
            first = b""
            with contextlib.suppress(TimeoutError):
                first = sock.recv(1000)
            sock.sendall(b"hello")
            sock.settimeout(5)
            rest = sock.recv(1000)
        assert first == interim, version
        assert rest.startswith(b"HTTP/1.1 200 "), (version, rest)
    assert [seen.endswith(b"\r\n\r\nhello") for seen in upstream.seen] == [True, True]
