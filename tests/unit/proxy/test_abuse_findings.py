"""Faults bench/proxy_abuse.py found in the hardened proxy (issue 11), left for the proxy's
owner to fix: each test is marked xfail(strict=True), so it turns red once the fault is
fixed and the mark must go."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from proxyhelpers import LoopThread, request

from strangler.proxy.config import ProxyConfig
from strangler.proxy.server import start_proxy


@pytest.fixture()
def loop() -> Iterator[LoopThread]:
    thread = LoopThread()
    yield thread
    thread.stop()


class ChunkyUpstream:
    """Keep-alive upstream: `/chunky` is answered with a head, then 40 one-byte chunks and
    the end written at once (the proxy parses them in one read, while it streams the
    answer), anything else with a small sized answer."""

    def __init__(self) -> None:
        self.port = 0
        self.heads: list[bytes] = []
        self.server: asyncio.base_events.Server | None = None

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                self.heads.append(head)
                if head.startswith(b"GET /chunky "):
                    writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                    await writer.drain()
                    await asyncio.sleep(0.2)  # the proxy is streaming the answer by now
                    writer.write(b"1\r\nx\r\n" * 40 + b"0\r\n\r\n")
                else:
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()


@pytest.mark.xfail(strict=True, reason=(
    "upstream.py: _chunk pauses the upstream transport when more than 16 chunks are queued; "
    "when the answer ends in that same read, on_message_complete returns the connection to "
    "the pool still paused and clears response.connection, so iter_chunks never resumes it. "
    "The next request on that connection is never read: 502 after `timeout`. Seen in "
    "bench/proxy_abuse.py case 2: about one in five ~11 MiB answers, on any route"))
def test_a_streamed_answer_does_not_leave_its_connection_paused_in_the_pool(
        loop: LoopThread, tmp_path: Path) -> None:
    upstream = ChunkyUpstream()
    loop.run(upstream.start())
    config = ProxyConfig(legacy=f"http://127.0.0.1:{upstream.port}", routes=(),
                         diff_db=str(tmp_path / "diffs.sqlite"), timeout=2.0)
    proxy = loop.run(start_proxy(config, port=0, admin_port=0))
    try:
        base = f"http://127.0.0.1:{proxy.port}"
        status, _, body = request(base + "/chunky")
        assert (status, body) == (200, b"x" * 40)
        began = time.monotonic()
        status, _, body = request(base + "/next")  # on the kept-alive upstream connection
        assert (status, body) == (200, b"ok")
        assert time.monotonic() - began < 1.0
    finally:
        loop.run(proxy.close())
        loop.run(upstream.stop())
