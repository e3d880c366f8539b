"""The proxy's lean HTTP/1.1 client against hand-written answers on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from strangler.proxy.upstream import ConnectFailed, ResponseFailed, UpstreamPool

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _serve(handler: Handler) -> tuple[asyncio.base_events.Server, int]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def _read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length")), 0)
    return head + (await reader.readexactly(length) if length else b"")


def test_keep_alive_reuses_one_connection_and_sends_the_body() -> None:
    async def main() -> None:
        connections = 0
        seen: list[bytes] = []

        async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            nonlocal connections
            connections += 1
            while True:
                try:
                    seen.append(await _read_request(reader))
                except asyncio.IncompleteReadError:
                    return
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: 1\r\n\r\nok")
                await writer.drain()

        server, port = await _serve(handler)
        pool = UpstreamPool()
        for index in range(5):
            reply = await pool.request("127.0.0.1", port, "POST", f"/x?i={index}",
                                       [("X-Test", "1")], b"body", 5, False)
            assert (reply.status, reply.header("x-a"), await reply.read()) == (200, "1", b"ok")
        assert connections == 1
        assert seen[0].startswith(b"POST /x?i=0 HTTP/1.1\r\n") and seen[0].endswith(b"body")
        pool.close()
        server.close()

    asyncio.run(main())


def test_chunked_close_delimited_and_head_answers() -> None:
    async def main() -> None:
        async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            request = await _read_request(reader)
            if request.startswith(b"GET /chunked"):
                writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                             b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
            elif request.startswith(b"GET /old"):
                writer.write(b"HTTP/1.0 200 OK\r\n\r\nuntil close")
                await writer.drain()
                writer.close()
                return
            else:  # HEAD: announces a length, sends no body
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
            await writer.drain()
            writer.close()

        server, port = await _serve(handler)
        pool = UpstreamPool()
        reply = await pool.request("127.0.0.1", port, "GET", "/chunked", [], b"", 5, True)
        assert await reply.read() == b"abcde"
        reply = await pool.request("127.0.0.1", port, "GET", "/old", [], b"", 5, True)
        assert await reply.read() == b"until close"
        reply = await pool.request("127.0.0.1", port, "HEAD", "/h", [], b"", 5, True)
        assert reply.status == 200 and await reply.read() == b""
        pool.close()
        server.close()

    asyncio.run(main())


def test_a_stale_kept_alive_connection_is_retried_once() -> None:
    async def main() -> None:
        count = 0

        async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            nonlocal count
            await _read_request(reader)
            count += 1
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + str(count).encode())
            await writer.drain()
            writer.close()  # closes the kept-alive connection behind the client's back

        server, port = await _serve(handler)
        pool = UpstreamPool()
        assert await (await pool.request("127.0.0.1", port, "GET", "/", [], b"", 5, True)).read() \
            == b"1"
        await asyncio.sleep(0.05)
        reply = await pool.request("127.0.0.1", port, "GET", "/", [], b"", 5, True)
        assert await reply.read() == b"2"
        pool.close()
        server.close()

    asyncio.run(main())


@pytest.mark.parametrize(("method", "idempotent"), [
    ("GET", True),
    ("POST", True),  # e.g. with an Idempotency-Key (see routing.is_idempotent)
    ("POST", False),
])
def test_a_request_lost_on_a_kept_alive_connection_is_replayed_only_if_idempotent(
        method: str, idempotent: bool) -> None:
    replayed = idempotent
    async def main() -> None:
        seen: list[bytes] = []

        async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            seen.append(await _read_request(reader))
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
            seen.append(await _read_request(reader))  # the second request on this connection:
            writer.close()  # closed unanswered, as an upstream's idle timeout can race it

        server, port = await _serve(handler)
        pool = UpstreamPool()
        first = await pool.request("127.0.0.1", port, "GET", "/", [], b"", 5, True)
        assert await first.read() == b"ok"
        if replayed:
            reply = await pool.request("127.0.0.1", port, method, "/", [], b"x", 5, idempotent)
            assert await reply.read() == b"ok"
            assert len(seen) == 3  # lost once, answered on a new connection
        else:
            with pytest.raises(ResponseFailed):
                await pool.request("127.0.0.1", port, method, "/", [], b"x", 5, idempotent)
            await asyncio.sleep(0.05)
            assert len(seen) == 2  # a POST that may have acted is never sent twice
        pool.close()
        server.close()

    asyncio.run(main())


def test_refused_and_timed_out_requests_say_whether_they_were_sent() -> None:
    async def main() -> None:
        pool = UpstreamPool()
        server, port = await _serve(lambda r, w: asyncio.sleep(0))
        server.close()
        await server.wait_closed()
        with pytest.raises(ConnectFailed):
            await pool.request("127.0.0.1", port, "GET", "/", [], b"", 2, True)

        async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await asyncio.sleep(5)

        server, port = await _serve(silent)
        with pytest.raises(ResponseFailed, match="timed out"):
            await pool.request("127.0.0.1", port, "GET", "/", [], b"", 0.3, True)
        pool.close()
        server.close()

    asyncio.run(main())


def test_big_bodies_stream_in_chunks() -> None:
    async def main() -> None:
        blob = b"x" * 2_000_000

        async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await _read_request(reader)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(blob) + blob)
            await writer.drain()

        server, port = await _serve(handler)
        pool = UpstreamPool()
        reply = await pool.request("127.0.0.1", port, "GET", "/", [], b"", 5, True)
        chunks = [chunk async for chunk in reply.iter_chunks(5)]
        assert b"".join(chunks) == blob and len(chunks) > 1
        pool.close()
        server.close()

    asyncio.run(main())


def test_an_ended_answer_cannot_cut_the_next_exchange_on_its_connection() -> None:
    """Once an answer has ended, its connection serves others: aborting the old answer
    (a client that left late) must leave the new exchange alone."""
    async def main() -> None:
        async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            for delay in (0.0, 0.2):
                await _read_request(reader)
                await asyncio.sleep(delay)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()

        server, port = await _serve(handler)
        pool = UpstreamPool()
        first = await pool.request("127.0.0.1", port, "GET", "/1", [], b"", 5, True)
        assert await first.read() == b"ok"
        pending = asyncio.ensure_future(  # (a POST: nothing would send it again)
            pool.request("127.0.0.1", port, "POST", "/2", [], b"x", 5, False))
        await asyncio.sleep(0.05)  # /2 is out on the same, reused connection, unanswered
        first.abort()
        reply = await pending
        assert await reply.read() == b"ok"
        pool.close()
        server.close()

    asyncio.run(main())


def test_the_timeout_sweep_survives_a_failing_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    from strangler.proxy import upstream

    original = upstream.UpstreamResponse._expire
    calls: list[float] = []

    def flaky(self: upstream.UpstreamResponse, now: float) -> None:
        calls.append(now)
        if len(calls) == 1:
            raise RuntimeError("bug")  # the first answer's expiry fails
        original(self, now)

    monkeypatch.setattr(upstream.UpstreamResponse, "_expire", flaky)

    async def main() -> None:
        async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await asyncio.sleep(3)

        server, port = await _serve(silent)
        pool = UpstreamPool()
        requests = [asyncio.ensure_future(pool.request("127.0.0.1", port, "GET", path, [],
                                                       b"", 0.2, True)) for path in "ab"]
        done, _ = await asyncio.wait(requests, timeout=2)
        # The other answer still timed out: the sweep went on.
        assert [type(task.exception()).__name__ for task in done] == ["ResponseFailed"]
        for task in requests:
            task.cancel()
        pool.close()
        server.close()

    asyncio.run(main())
