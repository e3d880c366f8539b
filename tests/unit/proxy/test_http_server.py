"""The lean HTTP/1.1 server of the proxy port, on the wire (raw sockets on loopback)."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest
from proxyhelpers import LoopThread

from strangler.proxy.http_request import HttpRequest
from strangler.proxy.http_server import LeanServer


async def _echo(request: HttpRequest) -> None:
    """Answers what it saw; /stream streams three chunks of unknown total size."""
    if request.path == "/stream":
        await request.start(200, [("Content-Type", "text/plain")], None)
        for part in (b"one ", b"two ", b"three"):
            await request.write(part)
        await request.end()
        return
    body = await request.read(1000)
    seen = {"method": request.method, "path": request.path, "query": request.query_string,
            "body": body.decode(), "host": request.headers.get("HOST"),
            "cookies": request.cookies, "remote": request.remote}
    request.send(200, [("Content-Type", "application/json")], json.dumps(seen).encode())


@pytest.fixture()
def server() -> Iterator[tuple[LoopThread, LeanServer, int]]:
    loop = LoopThread()
    lean = LeanServer(_echo, max_body=1000, keepalive=0.5)
    port = loop.run(lean.start("127.0.0.1", 0))
    yield loop, lean, port
    loop.run(lean.close())
    loop.stop()


def _exchange(port: int, data: bytes, until: int = 1, timeout: float = 5.0) -> bytes:
    """Send `data`, read until `until` answers are complete or the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        received = b""
        while received.count(b"HTTP/1.1 ") - received.count(b"100 Continue") < until or (
                not _complete(received, until)):
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        return received


def _complete(received: bytes, answers: int) -> bool:
    parts = [p for p in received.split(b"HTTP/1.1 ") if p and not p.startswith(b"100 ")]
    if len(parts) < answers:
        return False
    last = parts[-1]
    head, sep, body = last.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return body.endswith(b"0\r\n\r\n")


def _bodies(received: bytes) -> list[dict[str, object]]:
    return [json.loads(part.partition(b"\r\n\r\n")[2]) for part in
            received.split(b"HTTP/1.1 ")[1:] if part.startswith(b"200")]


def test_pipelined_requests_are_answered_in_order(server) -> None:  # type: ignore[no-untyped-def]
    _, _, port = server
    data = b"".join(f"GET /r{i}?n={i} HTTP/1.1\r\nHost: a\r\n\r\n".encode() for i in range(5))
    answers = _bodies(_exchange(port, data, until=5))
    assert [(a["path"], a["query"]) for a in answers] == [(f"/r{i}", f"n={i}") for i in range(5)]


def test_chunked_and_sized_bodies_and_100_continue(server) -> None:  # type: ignore[no-untyped-def]
    _, _, port = server
    chunked = (b"POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
               b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
    assert _bodies(_exchange(port, chunked))[0]["body"] == "hello world"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"PUT /e HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                     b"Expect: 100-continue\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        sock.sendall(b"data")
        answer = b""
        while not _complete(answer, 1):
            answer += sock.recv(65536)
    assert _bodies(answer)[0]["body"] == "data"


def test_absolute_form_target_gives_origin_form_and_its_host(server) -> None:  # type: ignore[no-untyped-def]
    _, _, port = server
    answer = _exchange(port, b"GET http://evil.example:81/x/y?z=1 HTTP/1.1\r\nHost: h\r\n"
                             b"Cookie: a=1; b=\"2\"\r\n\r\n")
    seen = _bodies(answer)[0]
    # The target's authority is the request's Host (RFC 9112 3.2.2); the proxy still only
    # ever connects to its configured upstreams (test_proxy.py).
    assert (seen["path"], seen["query"], seen["host"]) == ("/x/y", "z=1", "evil.example:81")
    assert seen["cookies"] == {"a": "1", "b": "2"} and seen["remote"] == "127.0.0.1"


def test_streamed_answer_is_chunked_and_head_has_no_body(server) -> None:  # type: ignore[no-untyped-def]
    _, _, port = server
    answer = _exchange(port, b"GET /stream HTTP/1.1\r\nHost: a\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"Transfer-Encoding: chunked" in head
    assert body == b"4\r\none \r\n4\r\ntwo \r\n5\r\nthree\r\n0\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"HEAD /h HTTP/1.1\r\nHost: a\r\n\r\nGET /after HTTP/1.1\r\nHost: a\r\n\r\n")
        received = b""
        while not _complete(received, 2):
            received += sock.recv(65536)
    first, second = received.split(b"HTTP/1.1 ")[1:]
    assert first.endswith(b"\r\n\r\n") and b"Content-Length:" in first  # head only
    assert json.loads(second.partition(b"\r\n\r\n")[2])["path"] == "/after"


def test_malformed_and_oversized_heads_are_refused(server) -> None:  # type: ignore[no-untyped-def]
    _, _, port = server
    assert _exchange(port, b"NOT HTTP AT ALL\r\n\r\n").startswith(b"HTTP/1.1 400 ")
    # request smuggling: both framings, or two lengths, never reach the handler
    for smuggle in (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /in HTTP/1.1\r\n\r\n",
                    b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                    b"Content-Length: 5\r\n\r\nabcde",
                    b"GET /a\x00b HTTP/1.1\r\nHost: a\r\n\r\n"):
        answer = _exchange(port, smuggle)
        assert answer.startswith(b"HTTP/1.1 400 ") and answer.count(b"HTTP/1.1 ") == 1
    huge = b"GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n"
    assert _exchange(port, huge).startswith(b"HTTP/1.1 431 ")


def test_http10_closes_and_idle_keepalive_is_closed(server) -> None:  # type: ignore[no-untyped-def]
    _, lean, port = server
    answer = _exchange(port, b"GET /old HTTP/1.0\r\n\r\n")
    assert b"Connection: close" in answer and _bodies(answer)[0]["path"] == "/old"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET /k HTTP/1.1\r\nHost: a\r\n\r\n")
        received = b""
        while not _complete(received, 1):
            received += sock.recv(65536)
        sock.settimeout(3)
        assert sock.recv(10) == b""  # closed by the server after 0.5 s idle


def test_a_failing_handler_answers_500_and_the_server_goes_on() -> None:
    async def broken(request: HttpRequest) -> None:
        raise RuntimeError("bug")

    errors: list[str] = []
    loop = LoopThread()
    lean = LeanServer(broken, max_body=10, log_error=lambda r: errors.append(r.path))
    port = loop.run(lean.start("127.0.0.1", 0))
    try:
        for _ in range(2):
            assert _exchange(port, b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n").startswith(
                b"HTTP/1.1 500 ")
        deadline = time.monotonic() + 5
        while len(errors) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)  # logged right after the answer went out
        assert errors == ["/x", "/x"]
    finally:
        loop.run(lean.close())
        loop.stop()


def test_a_head_that_never_ends_gets_408_and_is_closed() -> None:
    loop = LoopThread()
    lean = LeanServer(_echo, max_body=1000, read_timeout=0.4)
    port = loop.run(lean.start("127.0.0.1", 0))
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /slow HTTP/1.1\r\nHost: a\r\n")  # and nothing more
            started = time.monotonic()
            answer = sock.recv(1000)
            assert answer.startswith(b"HTTP/1.1 408 ") and time.monotonic() - started < 3
            assert sock.recv(10) == b""
    finally:
        loop.run(lean.close())
        loop.stop()


def test_a_client_that_leaves_mid_body_is_not_an_error() -> None:
    errors: list[str] = []
    loop = LoopThread()
    lean = LeanServer(_echo, max_body=1000, log_error=lambda r: errors.append(r.path))
    port = loop.run(lean.start("127.0.0.1", 0))
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc")
            time.sleep(0.2)
        time.sleep(0.3)
        assert errors == [] and not lean.connections
    finally:
        loop.run(lean.close())
        loop.stop()


def test_the_relay_fast_path_keeps_pipelined_answers_in_order() -> None:
    """Requests the relay takes are answered from callbacks (here: timers, as an upstream's
    read callback would), or given back to the async handler; answers stay in order."""
    taken: list[str] = []

    def relay(request: HttpRequest) -> bool:
        if not request.path.startswith(("/fast", "/back")):
            return False
        taken.append(request.path)
        loop_ = lean_loop()

        def answer() -> None:
            if request.path.startswith("/back"):
                request.handle_async()  # given back, unanswered
                return
            request.send(200, [("Content-Type", "application/json")],
                         json.dumps({"path": request.path, "by": "relay"}).encode())
            request.done()

        loop_.call_later(0.05 if request.path == "/fast1" else 0, answer)
        return True

    loop = LoopThread()
    lean_loop = lambda: loop.loop  # noqa: E731
    lean = LeanServer(_echo, max_body=1000, relay=relay)
    port = loop.run(lean.start("127.0.0.1", 0))
    try:
        paths = ["/fast1", "/r2", "/fast3", "/back4", "/r5"]
        data = b"".join(f"GET {p} HTTP/1.1\r\nHost: a\r\n\r\n".encode() for p in paths)
        answers = _bodies(_exchange(port, data, until=5))
        assert [a["path"] for a in answers] == paths
        assert [a.get("by") for a in answers] == ["relay", None, "relay", None, None]
        assert taken == ["/fast1", "/fast3", "/back4"]
        # A request with a body is never offered before its body is complete.
        answer = _exchange(port, b"POST /fast6 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
                                 b"\r\nabc")
        assert _bodies(answer)[0]["body"] == "abc" and "/fast6" not in taken
    finally:
        loop.run(lean.close())
        loop.stop()


def test_a_failing_relay_answers_500_and_the_server_goes_on() -> None:
    def relay(request: HttpRequest) -> bool:
        if request.path == "/bug":
            raise RuntimeError("bug")
        return False

    errors: list[str] = []
    loop = LoopThread()
    lean = LeanServer(_echo, max_body=1000, relay=relay,
                      log_error=lambda r: errors.append(r.path))
    port = loop.run(lean.start("127.0.0.1", 0))
    try:
        answer = _exchange(port, b"GET /bug HTTP/1.1\r\nHost: a\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 500 ") and b"Connection: close" in answer
        assert _bodies(_exchange(port, b"GET /ok HTTP/1.1\r\nHost: a\r\n\r\n"))[0]["path"] \
            == "/ok"
        assert errors == ["/bug"]
    finally:
        loop.run(lean.close())
        loop.stop()


def test_a_refusal_waits_for_the_answers_before_it() -> None:
    """A malformed request behind a slow one: the slow one is answered first, then 400."""
    import asyncio

    async def slow(request: HttpRequest) -> None:
        await asyncio.sleep(0.2)
        request.send(200, [("Content-Type", "text/plain")], b"slow")

    loop = LoopThread()
    lean = LeanServer(slow, max_body=1000)
    port = loop.run(lean.start("127.0.0.1", 0))
    try:
        answer = _exchange(port, b"GET /slow HTTP/1.1\r\nHost: a\r\n\r\nNOT HTTP\r\n\r\n",
                           until=2)
        first, second = answer.split(b"HTTP/1.1 ")[1:]
        assert first.startswith(b"200 ") and first.endswith(b"slow")
        assert second.startswith(b"400 ")
    finally:
        loop.run(lean.close())
        loop.stop()


def test_a_client_that_stops_reading_frees_the_stream_after_the_read_timeout() -> None:
    outcome: list[str] = []

    async def flood(request: HttpRequest) -> None:
        await request.start(200, [("Content-Type", "application/octet-stream")], None)
        try:
            for _ in range(10_000):
                await request.write(b"x" * 65536)
            outcome.append("all written")
        except ConnectionError as exc:
            outcome.append(str(exc))
            request.abort()

    loop = LoopThread()
    lean = LeanServer(flood, max_body=1000, read_timeout=0.5)
    port = loop.run(lean.start("127.0.0.1", 0))
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(b"GET /big HTTP/1.1\r\nHost: a\r\n\r\n")  # and never read
            deadline = time.monotonic() + 10
            while not outcome and time.monotonic() < deadline:
                time.sleep(0.05)
        assert outcome == ["the client stopped reading"]
    finally:
        loop.run(lean.close())
        loop.stop()
