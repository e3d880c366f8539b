"""The proxy's own Python cost per request, without sockets (run by hand).

    python bench/proxy_python_cost.py [--requests 50000] [--headers browser|minimal]
                                      [--mode legacy|canary] [--profile]

Feeds a request's bytes to the proxy port's protocol object and a canned answer to a pooled
upstream connection's protocol object, as the event loop would, and times the round: routing,
header rules, the upstream request, the answer, metrics and the access log (to /dev/null).
The kernel's part (socket calls) and the loop's are left out, so this isolates what the
Python code costs; `proxy_bench.py` measures the whole on loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from strangler.proxy import http_connection, upstream
from strangler.proxy.config import parse_proxy_config
from strangler.proxy.server import start_proxy

REQUESTS = {
    "minimal": b"GET /billing/plans HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n",  # as wrk sends
    "browser": b"GET /billing/plans HTTP/1.1\r\nHost: shop.example\r\n"
               b"User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0\r\n"
               b"Accept: application/json, text/plain, */*\r\n"
               b"Accept-Language: en-US,en;q=0.9\r\nAccept-Encoding: gzip, deflate, br\r\n"
               b"Cookie: sessionid=abc123; csrftoken=xyz\r\nConnection: keep-alive\r\n"
               b"Referer: http://shop.example/billing/\r\n\r\n",
}
BODY = b'{"served_by": "legacy", "ok": true, "items": [1, 2, 3]}'
ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
          b"Content-Length: %d\r\nDate: Thu, 26 Nov 2026 12:00:00 GMT\r\n"
          b"Server: Python/3.11 aiohttp/3.9\r\n\r\n%b" % (len(BODY), BODY))


class _Transport:
    """Collects what a protocol writes; the rest of a transport's calls do nothing."""

    def __init__(self) -> None:
        self.written: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def get_extra_info(self, name: str) -> object:
        return ("127.0.0.1", 50000)

    def close(self) -> None:
        pass

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def measure(requests: int, request: bytes, mode: str, profile: bool) -> float:
    with tempfile.TemporaryDirectory() as work:
        table = parse_proxy_config(f'''[proxy]
legacy = "http://127.0.0.1:9"
diff_db = "{Path(work) / 'd.sqlite'}"
[[routes]]
prefix = "/billing"
upstream = "http://127.0.0.1:10"
mode = "{mode}"
percent = 0
''')
        with open("/dev/null", "wb") as log:
            proxy = await start_proxy(table, None, port=0, admin_port=0, access_log=log)
            client = http_connection.Connection(proxy.server)
            client.connection_made(_Transport())  # type: ignore[arg-type]
            legacy = upstream._Connection(proxy.state.pool, ("127.0.0.1", 9, False))
            answers = _Transport()
            legacy.connection_made(answers)  # type: ignore[arg-type]
            proxy.state.pool._release(legacy)

            def one() -> None:
                client.data_received(request)
                legacy.data_received(ANSWER)

            for _ in range(2000):
                one()
            assert client.transport.written[-1].endswith(BODY)  # type: ignore[union-attr]
            profiler = cProfile.Profile() if profile else None
            if profiler:
                profiler.enable()
            began = time.perf_counter()
            for _ in range(requests):
                one()
            seconds = time.perf_counter() - began
            if profiler:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
            await proxy.close()
    return seconds / requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--headers", choices=sorted(REQUESTS), default="browser")
    parser.add_argument("--mode", choices=["legacy", "canary"], default="legacy",
                        help="the route's mode (canary at 0%%: the legacy share)")
    parser.add_argument("--profile", action="store_true", help="cProfile the timed rounds")
    args = parser.parse_args()
    try:
        import uvloop
        runner = uvloop.run
    except ImportError:
        runner = asyncio.run
    cost = runner(measure(args.requests, REQUESTS[args.headers], args.mode, args.profile))
    print(f"{args.mode}, {args.headers} headers: {cost * 1e6:.2f} µs of Python per request "
          f"(a noisy machine: compare runs made one after the other)")


if __name__ == "__main__":
    main()
