"""The proxy against misbehaving clients and upstreams: its memory (RSS) and whether it held.

    python bench/proxy_adversarial.py [--cases slow,head,idle] [--clients 200] [--json FILE]

Starts a hand-written upstream (its own process: raw asyncio, so it can misbehave) and
`strangler proxy` as a real process on 127.0.0.1, then runs each case and samples the
proxy's RSS every 20 ms (peak, and after the clients left). Cases:

  slow  `--clients` clients each ask for a 64 MiB answer and read 16 KiB a second of it
  head  an upstream answers with headers that never end (1 KiB lines, as fast as it can),
        ten requests at once: each must get a 502, the proxy's memory must stay flat
  trailers  the same with a chunked answer's trailers (the head and body are passed on:
        each stream must be cut)
  idle  `--idle` kept-alive connections that sent one request and then nothing
  pipe  `--clients` connections each pipeline 40 requests with 60 KiB of headers behind one
        the upstream answers in 20 s
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loopback import free_port, wait_port  # noqa: E402  (a sibling script of bench/)

MIB = 1024 * 1024
UPSTREAM = r'''
import asyncio, sys
BIG = 64 * 1024 * 1024
CHUNK = b"x" * (256 * 1024)

async def serve(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            target = head.split(b" ")[1]
            if target.startswith(b"/big"):
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % BIG)
                for _ in range(BIG // len(CHUNK)):
                    writer.write(CHUNK)
                    await writer.drain()
            elif target.startswith((b"/head", b"/trailers")):
                writer.write(b"HTTP/1.1 200 OK\r\n")
                if target.startswith(b"/trailers"):
                    writer.write(b"Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n")
                line = b"X-Pad: " + b"p" * 1024 + b"\r\n"
                for _ in range(1_000_000):
                    writer.write(line * 64)
                    await writer.drain()
            else:
                if target.startswith(b"/slow"):
                    await asyncio.sleep(20)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, OSError):
        pass
    writer.close()

async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", int(sys.argv[1]))
    async with server:
        await server.serve_forever()

asyncio.run(main())
'''




def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Sampler:
    """The proxy's RSS every 20 ms, in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.running = pid, 0.0, True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mib(self.pid))
            time.sleep(0.02)

    def stop(self) -> float:
        self.running = False
        self.thread.join()
        return self.peak


def start(work: Path, clients: int) -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes],
                                              int]:
    up_port, port, admin = free_port(), free_port(), free_port()
    upstream = subprocess.Popen([sys.executable, "-c", UPSTREAM, str(up_port)])
    wait_port(up_port)
    table = work / "strangler.toml"
    table.write_text(f'[proxy]\nlegacy = "http://127.0.0.1:{up_port}"\n'
                     f'listen = "127.0.0.1:{port}"\nadmin = "127.0.0.1:{admin}"\n'
                     f'timeout = 30.0\nmax_connections = {max(clients * 2, 64)}\n'
                     f'diff_db = "{work / "diffs.sqlite"}"\n')
    proxy = subprocess.Popen([sys.executable, "-m", "strangler", "proxy", "--config",
                              str(table), "--no-access-log"], stderr=subprocess.DEVNULL)
    wait_port(port)
    return upstream, proxy, port


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def case_slow(port: int, pid: int, args: argparse.Namespace) -> dict[str, Any]:
    before = rss_mib(pid)
    sampler = Sampler(pid)
    sockets = []
    for index in range(args.clients):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        sock.sendall(f"GET /big/{index} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        sockets.append(sock)
    got = 0
    for _ in range(args.seconds):
        for sock in sockets:
            sock.settimeout(0.001)
            with contextlib.suppress(OSError):
                got += len(sock.recv(16 * 1024))
        time.sleep(max(0.0, 1.0 - 0.001 * len(sockets)))
    during = rss_mib(pid)
    for sock in sockets:
        sock.close()
    time.sleep(2)
    peak = sampler.stop()
    return {"case": "slow", "clients": args.clients, "answer_mib": 64,
            "rss_before_mib": round(before, 1), "rss_peak_mib": round(peak, 1),
            "rss_during_mib": round(during, 1), "rss_after_mib": round(rss_mib(pid), 1),
            "read_mib": round(got / MIB, 1)}


def case_head(port: int, pid: int, args: argparse.Namespace, path: str = "head"
              ) -> dict[str, Any]:
    before = rss_mib(pid)
    sampler = Sampler(pid)
    statuses: list[str] = []

    def one(index: int) -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=40) as sock:
            sock.sendall(f"GET /{path}/{index} HTTP/1.1\r\nHost: x\r\n"
                         "Connection: close\r\n\r\n".encode())
            reply = sock.recv(200)
            statuses.append(reply.split(b"\r\n", 1)[0].decode() or "(closed)")
            while sock.recv(65536):  # until the proxy ends or cuts the answer
                pass

    started = time.monotonic()
    threads = [threading.Thread(target=one, args=(index,)) for index in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    time.sleep(1)
    peak = sampler.stop()
    return {"case": path, "requests": 10, "statuses": sorted(set(statuses)),
            "seconds": round(elapsed, 2), "rss_before_mib": round(before, 1),
            "rss_peak_mib": round(peak, 1), "rss_after_mib": round(rss_mib(pid), 1)}


def case_idle(port: int, pid: int, args: argparse.Namespace) -> dict[str, Any]:
    before = rss_mib(pid)
    sockets = []
    for index in range(args.idle):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(f"GET /x/{index} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        sock.recv(1024)
        sockets.append(sock)
    time.sleep(1)
    during = rss_mib(pid)
    for sock in sockets:
        sock.close()
    time.sleep(1)
    return {"case": "idle", "connections": args.idle, "rss_before_mib": round(before, 1),
            "rss_with_idle_mib": round(during, 1),
            "kib_per_connection": round((during - before) * 1024 / args.idle, 1),
            "rss_after_mib": round(rss_mib(pid), 1)}


def case_pipe(port: int, pid: int, args: argparse.Namespace) -> dict[str, Any]:
    before = rss_mib(pid)
    sampler = Sampler(pid)
    pad = "X-Pad: " + "p" * (60 * 1024) + "\r\n"
    burst = ("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
             + f"GET /x HTTP/1.1\r\nHost: x\r\n{pad}\r\n" * 40).encode()
    sockets = []
    for _ in range(args.clients):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            sock.send(burst)
        sockets.append(sock)
    time.sleep(args.seconds)
    during = rss_mib(pid)
    for sock in sockets:
        sock.close()
    time.sleep(2)
    peak = sampler.stop()
    return {"case": "pipe", "clients": args.clients, "head_kib": 60, "pipelined": 40,
            "rss_before_mib": round(before, 1), "rss_peak_mib": round(peak, 1),
            "rss_during_mib": round(during, 1), "rss_after_mib": round(rss_mib(pid), 1)}


def case_trailers(port: int, pid: int, args: argparse.Namespace) -> dict[str, Any]:
    return case_head(port, pid, args, "trailers")


CASES = {"slow": case_slow, "head": case_head, "trailers": case_trailers, "idle": case_idle,
         "pipe": case_pipe}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="slow,head,trailers,idle,pipe")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--idle", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = []
    for name in args.cases.split(","):
        with tempfile.TemporaryDirectory() as work:
            upstream, proxy, port = start(Path(work), max(args.clients, args.idle))
            try:
                rows.append(CASES[name](port, proxy.pid, args))
            finally:
                stop(proxy)
                stop(upstream)
        print(json.dumps(rows[-1]), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"machine": {"python": platform.python_version(),
                                                     "cpus": os.cpu_count()},
                                         "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
