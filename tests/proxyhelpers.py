"""Loopback backends and a proxy running in a background event loop, for tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


class LoopThread:
    """An asyncio loop in a daemon thread; `run(coro)` waits for a result (bounded)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 30) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        """Cancel what is still pending, then stop and close the loop: a task left pending
        is destroyed later, in another test, with a warning instead of here."""
        async def cancel_pending() -> None:
            pending = [task for task in asyncio.all_tasks()
                       if task is not asyncio.current_task()]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            await asyncio.get_running_loop().shutdown_asyncgens()

        if self.thread.is_alive():
            with contextlib.suppress(Exception):
                self.run(cancel_pending(), timeout=10)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
        if not self.thread.is_alive() and not self.loop.is_closed():
            self.loop.close()


@dataclass
class Backend:
    name: str
    port: int = 0
    # (method, raw target, headers, header lines as sent)
    calls: list[tuple[str, str, dict[str, str], list[tuple[str, str]]]] = field(
        default_factory=list)
    status: int = 200
    runner: web.AppRunner | None = None
    body: Callable[[str], dict[str, Any]] | None = None
    delay: float = 0.0  # seconds before each answer

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        async def handler(request: web.Request) -> web.StreamResponse:
            if request.path.endswith("/ws") and request.headers.get("Upgrade"):
                return await self._websocket(request)
            self.calls.append((request.method, request.raw_path, dict(request.headers),
                               [(k.decode(), v.decode()) for k, v in request.raw_headers]))
            if self.delay:
                await asyncio.sleep(self.delay)
            payload = (self.body(request.path) if self.body else
                       {"served_by": self.name, "path": request.path})
            return web.Response(status=self.status, text=json.dumps(payload),
                                content_type="application/json",
                                headers={"Connection": "keep-alive, X-Secret",
                                         "X-Secret": "hop-by-hop"})

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handler)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Echoes each message prefixed with this backend's name; binary ones as they are."""
        self.calls.append((request.method, request.raw_path, dict(request.headers),
                           [(k.decode(), v.decode()) for k, v in request.raw_headers]))
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        async for message in socket:
            if message.type == web.WSMsgType.TEXT:
                await socket.send_str(f"{self.name}:{message.data}")
            elif message.type == web.WSMsgType.BINARY:
                await socket.send_bytes(message.data)
        return socket

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None


def request(url: str, method: str = "GET", body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def proxy_for_tests(loop: LoopThread, tmp_path: Any, legacy: Backend | str, routes: list[Any],
               **options: object) -> Any:
    """A proxy in front of `legacy` (a backend or a URL) with `routes`, on free ports, its
    diff store in `tmp_path`. Shadow copies are made however busy the test process is."""
    from strangler.proxy.config import ProxyConfig
    from strangler.proxy.server import start_proxy

    options.setdefault("shadow_max_cpu", 2.0)
    config = ProxyConfig(legacy=legacy if isinstance(legacy, str) else legacy.url,
                         routes=tuple(routes), diff_db=str(tmp_path / "diffs.sqlite"),
                         **options)  # type: ignore[arg-type]
    return loop.run(start_proxy(config, port=0, admin_port=0))




def wait_until(condition: Callable[[], Any], seconds: float = 5.0) -> bool:
    """Poll `condition` until it is true (True) or `seconds` pass (False)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


# A table with `{lang}` routes, and who must serve each request: the same for the embedded
# proxy, nginx and Envoy (tests/functional/test_gateway_parity.py).
PATTERN_TABLE = '''[proxy]
legacy = "{legacy}"
diff_db = "{db}"
shadow_max_cpu = 2.0

[[routes]]
prefix = "/{{lang}}/exercise"
upstream = "{billing}"
mode = "new"
methods = ["GET", "HEAD"]

[[routes]]
prefix = "/en/exercise/special"
upstream = "{catalog}"
mode = "new"

[[routes]]
prefix = "/{{lang}}/weight"
upstream = "{catalog}"
mode = "shadow"

[[routes]]
prefix = "/api"
upstream = "{catalog}"
mode = "new"

[[routes]]
prefix = "/billing"
upstream = "{billing}"
mode = "new"

[[routes]]
prefix = "/{{lang}}/shop"
upstream = "{billing}"
mode = "canary"
percent = 40
sticky = "cookie:session"
'''

# (path, method, who serves it): a `{lang}` segment is one segment, never a longer name, and
# the most specific route wins in all three proxies (a literal segment beats a parameter).
PATTERN_CASES = [
    ("/en/exercise/", "GET", "billing"), ("/en/exercise", "GET", "billing"),
    ("/de/exercise/12/edit", "GET", "billing"), ("//en//exercise/", "GET", "billing"),
    ("/en/exercisex", "GET", "legacy"), ("/en/exercisex/1", "GET", "legacy"),
    ("/en/other/", "GET", "legacy"), ("/exercise/", "GET", "legacy"),
    ("/a/b/exercise/", "GET", "legacy"), ("/en/exercise/", "POST", "legacy"),
    ("/en/exercise/special/x", "GET", "catalog"), ("/en/exercise/specialx", "GET", "billing"),
    ("/api/exercise", "GET", "billing"), ("/api/x", "GET", "catalog"),
    ("/billing/plans", "GET", "billing"), ("/en/weight/", "GET", "legacy"),
    ("/", "GET", "legacy"),
]


def served(base: str, path: str, method: str = "GET",
           headers: dict[str, str] | None = None) -> tuple[int, str]:
    """(status, which backend answered) for a request through a proxy at `base`."""
    status, _, body = request(base + path, method, b"{}" if method == "POST" else None,
                              headers)
    try:
        return status, json.loads(body)["served_by"]
    except ValueError:
        return status, ""


# The `{lang}` cases, run through the embedded proxy and each exported proxy (nginx, Envoy)
# by the same checks, so the proxies are held to one behaviour.

def check_pattern_routes(bases: tuple[str, ...]) -> None:
    for path, method, side in PATTERN_CASES:
        for base in bases:
            assert served(base, path, method) == (200, side), (base, path, method)


def check_pattern_shadow(bases: tuple[str, ...], catalog: Backend) -> None:
    for base in bases:
        catalog.calls.clear()
        assert served(base, "/de/weight/overview/") == (200, "legacy")
        assert served(base, "/de/weightx/") == (200, "legacy")
        deadline = time.monotonic() + 5
        while not catalog.calls and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)
        assert [(m, p) for m, p, *_ in catalog.calls] == [("GET", "/de/weight/overview/")], base


def check_pattern_canary(exported: str, proxy: str, config: Any) -> None:
    """The canary key is "PREFIX|KEY" with the prefix as written (`/{lang}/shop`)."""
    from strangler.proxy.routing import goes_to_new

    sides = {base: [served(base, f"/{('en', 'de')[i % 2]}/shop/cart",
                           headers={"Cookie": f"session=s{i}"})[1] for i in range(60)]
             for base in (exported, proxy)}
    route = next(r for r in config.routes if r.mode == "canary")
    expected = ["billing" if goes_to_new(route, f"s{i}") else "legacy" for i in range(60)]
    assert sides[exported] == sides[proxy] == expected
    assert 10 <= expected.count("billing") <= 40
    assert served(proxy, "/en/shopping", headers={"Cookie": "session=s1"}) == (200, "legacy")


def exchange(port: int, data: bytes, seconds: float = 5.0) -> bytes:
    """Send `data` on a new connection to 127.0.0.1:`port`; everything answered until the
    other side closes or `seconds` of silence."""
    with socket.create_connection(("127.0.0.1", port), timeout=seconds) as sock:
        sock.sendall(data)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
    return answer


# A hand-written upstream's answer to one request head: `script(reader, writer, head)`,
# False to close the connection.
Script = Callable[[asyncio.StreamReader, asyncio.StreamWriter, bytes], Awaitable[bool]]


def content_length(head: bytes) -> int:
    return next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                 if line.lower().startswith(b"content-length:")), 0)


class RawUpstream:
    """An upstream written by hand: `script` answers each request head. With `read_body`
    the Content-Length body is read first and `seen` keeps head + body; otherwise the script
    reads the body itself, if it wants it. `heads` keeps every head."""

    def __init__(self, script: Script, read_body: bool = False) -> None:
        self.script = script
        self.read_body = read_body
        self.heads: list[bytes] = []
        self.seen: list[bytes] = []
        self.port = 0
        self.server: asyncio.base_events.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                self.heads.append(head)
                body = await reader.readexactly(content_length(head)) if self.read_body else b""
                self.seen.append(head + body)
                if not await self.script(reader, writer, head):
                    break
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        writer.close()

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
