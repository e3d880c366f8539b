"""Faults bench/proxy_abuse.py found in the hardened proxy (issue 11), each fixed: the
tests fail on the code before the fix."""

from __future__ import annotations

import asyncio
import socket
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
    """Keep-alive upstream: `/chunky` is answered with a chunked head, then, once `go` is
    set (the client has the head: the proxy is streaming), 40 one-byte chunks and the end
    in one write (the proxy parses them in one read); anything else with a small answer."""

    def __init__(self) -> None:
        self.port = 0
        self.heads: list[bytes] = []
        self.server: asyncio.base_events.Server | None = None
        self.go: asyncio.Event | None = None

    async def start(self) -> None:
        self.go = asyncio.Event()
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
                    assert self.go is not None
                    await asyncio.wait_for(self.go.wait(), 5)
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


def test_a_streamed_answer_does_not_leave_its_connection_paused_in_the_pool(
        loop: LoopThread, tmp_path: Path) -> None:
    upstream = ChunkyUpstream()
    loop.run(upstream.start())
    config = ProxyConfig(legacy=f"http://127.0.0.1:{upstream.port}", routes=(),
                         diff_db=str(tmp_path / "diffs.sqlite"), timeout=2.0)
    proxy = loop.run(start_proxy(config, port=0, admin_port=0))
    try:
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as client:
            client.sendall(b"GET /chunky HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            answer = b""
            while b"\r\n\r\n" not in answer:
                answer += client.recv(65536)
            assert upstream.go is not None
            loop.loop.call_soon_threadsafe(upstream.go.set)
            while part := client.recv(65536):
                answer += part
        assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b"0\r\n\r\n")
        base = f"http://127.0.0.1:{proxy.port}"
        began = time.monotonic()
        status, _, body = request(base + "/next")  # on the kept-alive upstream connection
        assert (status, body) == (200, b"ok")
        assert time.monotonic() - began < 1.0
    finally:
        loop.run(proxy.close())
        loop.run(upstream.stop())
