"""What the adversarial pass checked that held: raw requests and raw upstreams against the
embedded proxy (in this process, on 127.0.0.1), each with the outcome it must have.

    python bench/proxy_adversarial_checks.py [--only requests,answers,unsafe,breaker,reload]

  requests  smuggling and framing: CL+TE, duplicate Content-Length, obs-fold, bad chunk
            sizes, chunk extensions and trailers, bare LF, NUL/CR/DEL in values, Host
            forms, hop-by-hop names listed in Connection, underscore spellings
  answers   an upstream's bad answers: obs-fold, duplicate Content-Length, CL+TE, a 101 to a
            plain request, 204 and 304 with a body, 103 before the answer, bad status,
            hop-by-hop
  unsafe    POST/PATCH (and PUT) on `new`, `canary` (100%) and `shadow` routes whose new
            service resets, answers 503, hangs, dies mid-answer or answers before reading
            the body: a non-idempotent request must never reach two sides
  breaker   30 concurrent requests to a half-open breaker: how many reach the new service
  reload    6 clients on keep-alive connections while the table is rewritten every 70 ms
            (legacy URL, mode, and one broken table in five): failed requests

Prints one JSON line per check and exits 1 if any check did not hold.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from proxyhelpers import (  # noqa: E402
    Backend,
    LoopThread,
    RawUpstream,
    exchange,
    proxy_for_tests,
    request,
)

from strangler.proxy.config import RouteConfig, parse_proxy_config  # noqa: E402
from strangler.proxy.server import start_proxy  # noqa: E402

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
# (name, raw request, status the client must get, text the upstream must not see)
REQUESTS: list[tuple[str, bytes, int, bytes]] = [
    ("CL+TE", b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
     b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, b""),
    ("two Content-Length", b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
     b"Content-Length: 5\r\n\r\nabcde", 400, b""),
    ("Content-Length +4", b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: +4\r\n\r\nabcd",
     400, b""),
    ("TE and CL: 0", b"POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
     b"Content-Length: 0\r\n\r\n4\r\nabcd\r\n0\r\n\r\n", 400, b""),
    ("Transfer-Encoding<sp>:", b"POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked"
     b"\r\n\r\n0\r\n\r\n", 400, b""),
    ("TE gzip, chunked", b"POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked"
     b"\r\n\r\n0\r\n\r\n", 501, b""),
    ("obs-fold", b"GET /a HTTP/1.1\r\nHost: x\r\nX-A: one\r\n two\r\n\r\n", 400, b""),
    ("bare LF", b"GET /a HTTP/1.1\nHost: x\n\n", 400, b""),
    ("chunk size zz", b"POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"zz\r\nabcd\r\n0\r\n\r\n", 400, b""),
    ("chunk size 2^80", b"POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"ffffffffffffffffffff\r\nabcd\r\n0\r\n\r\n", 400, b""),
    ("chunk extension and trailer", b"POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
     b"chunked\r\n\r\n4;a=b\r\nabcd\r\n0\r\nX-Trailer: 1\r\n\r\n", 200, b"X-Trailer"),
    ("NUL in a value", b"GET /a HTTP/1.1\r\nHost: x\r\nX-N: a\x00b\r\n\r\n", 400, b""),
    ("CR in a value", b"GET /a HTTP/1.1\r\nHost: x\r\nX-N: a\rb\r\n\r\n", 400, b""),
    ("DEL in a value", b"GET /a HTTP/1.1\r\nHost: x\r\nX-N: a\x7fb\r\n\r\n", 400, b""),
    ("two Hosts", b"GET /a HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400, b""),
    ("Host with userinfo", b"GET /a HTTP/1.1\r\nHost: a@b\r\n\r\n", 400, b""),
    ("no Host (1.1)", b"GET /a HTTP/1.1\r\n\r\n", 400, b""),
    ("Connection-listed names", b"GET /a HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, "
     b"X-Drop\r\nX-Drop: 1\r\n\r\n", 200, b"X-Drop"),
    ("underscore spellings", b"GET /a HTTP/1.1\r\nHost: x\r\nX_Forwarded_Proto: https\r\n"
     b"Transfer_Encoding: chunked\r\n\r\n", 200, b"_Forwarded_Proto"),
    ("client X-Strangler-Shadow", b"GET /a HTTP/1.1\r\nHost: x\r\nX-Strangler-Shadow: 1\r\n"
     b"\r\n", 200, b"Strangler-Shadow"),
    ("TRACE", b"TRACE /a HTTP/1.1\r\nHost: x\r\n\r\n", 405, b""),
    ("HTTP/2.0 line", b"GET /a HTTP/2.0\r\nHost: x\r\n\r\n", 505, b""),
    ("../ in the path", b"GET /a/%2e%2e/admin HTTP/1.1\r\nHost: x\r\n\r\n", 400, b""),
]
# (name, upstream's answer, status the client must get, text the client must not see)
ANSWERS: list[tuple[str, bytes, int, bytes]] = [
    ("obs-fold", b"HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 2\r\n\r\nok",
     502, b""),
    ("two Content-Length", b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n"
     b"\r\nokk", 502, b""),
    ("CL+TE", b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"2\r\nok\r\n0\r\n\r\n", 502, b""),
    ("101 to a plain GET", b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
     b"Connection: upgrade\r\n\r\nRAW", 502, b"RAW"),
    ("bare LF", b"HTTP/1.1 200 OK\nContent-Length: 2\n\nok", 502, b""),
    ("bad status", b"HTTP/1.1 abc\r\n\r\n", 502, b""),
    ("204 with a body", b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello", 204,
     b"hello"),
    ("304 with a body", b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello", 304,
     b"hello"),
    ("103 before the answer", b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + OK, 200,
     b"103"),
    ("hop-by-hop answer headers", b"HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\n"
     b"Proxy-Authenticate: x\r\nTrailer: X\r\nUpgrade: h2c\r\nConnection: X-Secret\r\n"
     b"X-Secret: s\r\nContent-Length: 2\r\n\r\nok", 200, b"X-Secret"),
]


def status_of(answer: bytes) -> int:
    parts = answer.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def check_requests(loop: LoopThread, work: Path) -> list[dict[str, Any]]:
    async def ok(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 head: bytes) -> bool:
        writer.write(OK)
        await writer.drain()
        return True

    upstream = RawUpstream(ok, read_body=True)
    loop.run(upstream.start())
    proxy = proxy_for_tests(loop, work, upstream.url, [])
    rows = []
    for name, raw, status, hidden in REQUESTS:
        upstream.seen.clear()
        got = status_of(exchange(proxy.port, raw, seconds=1.5))
        seen = b"".join(upstream.seen)
        held = got == status and (not hidden or hidden not in seen) and (
            status == 200 or not seen)
        rows.append({"check": "request", "name": name, "status": got, "held": held})
    loop.run(proxy.close())
    return rows


def check_answers(loop: LoopThread, work: Path) -> list[dict[str, Any]]:
    rows = []
    for name, answer, status, hidden in ANSWERS:
        async def script(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                         head: bytes, answer: bytes = answer) -> bool:
            writer.write(answer)
            await writer.drain()
            await asyncio.sleep(0.2)
            return False

        upstream = RawUpstream(script, read_body=True)
        loop.run(upstream.start())
        proxy = proxy_for_tests(loop, work, upstream.url, [])
        got = exchange(proxy.port, b"GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                       seconds=1.5)
        held = status_of(got) == status and not (
            hidden and hidden in got.partition(b"\r\n")[2])
        rows.append({"check": "answer", "name": name, "status": status_of(got),
                     "held": held})
        loop.run(proxy.close())
        loop.run(upstream.stop())
    return rows


def check_unsafe(loop: LoopThread, work: Path) -> list[dict[str, Any]]:
    behaviour = {"now": "reset"}

    async def new(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                  head: bytes) -> bool:
        now = behaviour["now"]
        if now == "reset":
            writer.transport.abort()
            return False
        if now == "503":
            writer.write(b"HTTP/1.1 503 No\r\nContent-Length: 1\r\n\r\nx")
        elif now == "hang":
            await asyncio.sleep(3)
            return False
        elif now == "dies mid-answer":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial")
            await writer.drain()
            await asyncio.sleep(0.05)
            writer.transport.abort()
            return False
        else:  # answers before reading the body, then closes
            writer.write(b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        await asyncio.sleep(0.2)
        return False

    upstream = RawUpstream(new)
    loop.run(upstream.start())
    legacy = Backend("legacy")
    loop.run(legacy.start())
    proxy = proxy_for_tests(loop, work, legacy, [
        RouteConfig(prefix="/n", upstream=upstream.url, mode="new"),
        RouteConfig(prefix="/c", upstream=upstream.url, mode="canary", percent=100),
        RouteConfig(prefix="/s", upstream=upstream.url, mode="shadow")],
        timeout=1.0, breaker_failures=1000)
    base = f"http://127.0.0.1:{proxy.port}"
    rows = []
    for now in ("reset", "503", "hang", "dies mid-answer", "answers before the body"):
        behaviour["now"] = now
        for prefix in ("/n", "/c", "/s"):
            for method, size in (("POST", 10), ("POST", 3_000_000), ("PATCH", 10),
                                 ("PUT", 10)):
                upstream.heads.clear()
                legacy.calls.clear()
                status = request(f"{base}{prefix}/x", method, b"y" * size)[0]
                time.sleep(0.3)  # (a shadow copy, if one were made)
                sides = len(upstream.heads) + len(legacy.calls)
                rows.append({"check": "unsafe", "name": f"{now} {prefix} {method} {size}",
                             "status": status, "new": len(upstream.heads),
                             "legacy": len(legacy.calls),
                             "held": method == "PUT" or sides <= 1})
    loop.run(proxy.close())
    return rows


def check_breaker(loop: LoopThread, work: Path) -> list[dict[str, Any]]:
    failing = {"on": True}
    hits: list[bytes] = []

    async def new(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                  head: bytes) -> bool:
        hits.append(head)
        if failing["on"]:
            writer.write(b"HTTP/1.1 500 X\r\nContent-Length: 1\r\n\r\nx")
        else:
            await asyncio.sleep(0.05)
            body = b'{"served_by": "new"}'
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%b" % (len(body), body))
        await writer.drain()
        return True

    upstream = RawUpstream(new, read_body=True)
    loop.run(upstream.start())
    legacy = Backend("legacy")
    loop.run(legacy.start())
    proxy = proxy_for_tests(loop, work, legacy,
                            [RouteConfig(prefix="/api", upstream=upstream.url, mode="new")],
                            breaker_failures=2, breaker_open_seconds=0.5)
    base = f"http://127.0.0.1:{proxy.port}"
    for _ in range(3):
        request(base + "/api/x")
    failing["on"] = False
    time.sleep(0.6)
    hits.clear()
    with ThreadPoolExecutor(30) as pool:
        sides = list(pool.map(lambda i: json.loads(request(f"{base}/api/{i}")[2])["served_by"],
                              range(30)))
    loop.run(proxy.close())
    return [{"check": "breaker", "name": "30 concurrent requests, half-open",
             "to_new": len(hits), "served_by_new": sides.count("new"),
             "held": len(hits) == 1 and sides.count("new") == 1}]


def check_reload(loop: LoopThread, work: Path) -> list[dict[str, Any]]:
    one, two, new = Backend("one"), Backend("two"), Backend("new")
    for backend in (one, two, new):
        loop.run(backend.start())
    one.delay = two.delay = 0.02
    table = work / "strangler.toml"

    def write(legacy: Backend, mode: str, broken: bool = False) -> None:
        text = (f'[proxy]\nlegacy = "{legacy.url}"\ndiff_db = "{work}/d.sqlite"\n'
                f'shadow_max_cpu = 2.0\n[[routes]]\nprefix = "/api"\nupstream = "{new.url}"\n'
                f'mode = "{mode}"\n' + ("[[routes]]\nprefix = 5\n" if broken else ""))
        temporary = table.with_suffix(".tmp")
        temporary.write_text(text)
        os.replace(temporary, table)

    write(one, "shadow")
    proxy = loop.run(start_proxy(parse_proxy_config(table.read_text()), table, port=0,
                                 admin_port=0, reload_interval=0.05))
    stop = threading.Event()
    statuses: Counter[int] = Counter()
    errors: list[str] = []

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
        count = 0
        while not stop.is_set():
            count += 1
            method = "POST" if count % 3 == 0 else "GET"
            try:
                connection.request(method, "/api/x" if count % 2 else "/other",
                                   body=b"x" * (count % 5000) if method == "POST" else None)
                reply = connection.getresponse()
                reply.read()
                statuses[reply.status] += 1
            except (OSError, http.client.HTTPException) as exc:
                errors.append(repr(exc))
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)

    clients = [threading.Thread(target=client) for _ in range(6)]
    for thread in clients:
        thread.start()
    started, count = time.monotonic(), 0
    while time.monotonic() - started < 6:
        count += 1
        write((one, two)[count % 2], ("shadow", "new", "canary", "legacy")[count % 4],
              broken=count % 5 == 0)
        time.sleep(0.07)
    stop.set()
    for thread in clients:
        thread.join()
    metrics = proxy.state.metrics
    loop.run(proxy.close())
    return [{"check": "reload", "name": "6 keep-alive clients, table rewritten every 70 ms",
             "reloads": metrics.value("config_reloads_total"),
             "refused_tables": metrics.value("config_reload_errors_total"),
             "statuses": dict(statuses), "errors": len(errors),
             "held": not errors and set(statuses) == {200}}]


CHECKS: dict[str, Callable[[LoopThread, Path], list[dict[str, Any]]]] = {
    "requests": check_requests, "answers": check_answers, "unsafe": check_unsafe,
    "breaker": check_breaker, "reload": check_reload}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(CHECKS))
    args = parser.parse_args()
    loop = LoopThread()
    failed = 0
    for name in args.only.split(","):
        with tempfile.TemporaryDirectory() as work:
            for row in CHECKS[name](loop, Path(work)):
                failed += not row["held"]
                print(json.dumps(row), flush=True)
    loop.stop()
    print(json.dumps({"checks_not_held": failed}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
