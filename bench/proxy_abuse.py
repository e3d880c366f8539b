"""The proxy under abuse (issue 11): its memory and other clients' latency, next to nginx.

    python bench/proxy_abuse.py [--cases 1,2,5] [--no-nginx] [--seconds 4] [--json FILE]

Every case starts fresh backends (small aiohttp apps, each in its own process: `legacy`,
`new`, and `other`, which serves the route a well-behaved client measures), then the
embedded proxy (`strangler proxy`) or nginx running the table `strangler export nginx`
writes for it, both as real processes on 127.0.0.1. Backends append every request they get
to a log, so the bench counts what reached each side.

For the cases with a hostile client, a well-behaved client (its own process) sends one GET
every 5 ms on a kept-alive connection to `/other/...`, a route unrelated to the abuse:
first alone (its baseline, in the same run), then while the abuse lasts. Memory is the RSS
of the proxy process (of nginx's master and workers, summed), sampled every 20 ms (and the
kernel's peak, VmHWM, for the proxy): before, at its peak, and `--settle` seconds after the
abusive clients left. Cases (numbers are the issue's items):

  1   one client pipelines 8,000 GETs for 250 KiB answers and reads nothing
  2   a shadow route whose sides answer ~10 MiB of differing JSON, fetched in a loop
      (nginx mirrors the request and compares nothing)
  3   POST with Idempotency-Key to a `new` route whose service dies (before / mid-answer)
  4   noise = true with shadow_unsafe = true: POSTs reaching legacy
  5   a 300 MiB answer on a shadow route: time to first byte, peak RSS
  6   60 clients send 9 MiB of a 10 MB body and stall; one 300 MiB upload (max_body raised)
  7   two clients send requests of 60,000 one-byte headers, over and over
  8   `//orders/x` and relatives: which upstream got them, with which target
  11  ~1,000 idle sockets with an open-file limit of 1,024; then a new client tries to get in
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.client
import json
import os
import platform
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loopback import free_port, wait_port  # noqa: E402  (a sibling script of bench/)

MIB = 1024 * 1024
BACKEND = r'''
import asyncio, json, os, sys
from aiohttp import web
port, name, log, report = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4] == "1"
fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
big = b"b" * (250 * 1024)
mib = b"h" * (1024 * 1024)
payload = b""
if report:  # ~10 MiB of JSON, different on each side (every row's name and price)
    rows = [{"id": i, "name": f"{name}-row-{i}", "price": i * (3 if name == "new" else 2),
             "tags": ["a", name]} for i in range(140_000)]
    payload = json.dumps({"served_by": name, "rows": rows}).encode()
    small = json.dumps({"served_by": name, "rows": rows[:10_000]}).encode()  # ~0.8 MiB

async def handle(request):
    os.write(fd, ("\t".join([request.method, request.raw_path,
                             request.headers.get("Idempotency-Key", ""),
                             request.headers.get("X-Strangler-Shadow", "")]) + "\n").encode())
    seg = request.path.strip("/").split("/")[0]
    if seg == "big":
        return web.Response(body=big)
    if seg == "report":
        return web.Response(body=small if "small" in request.path else payload,
                            content_type="application/json")
    if seg == "huge":
        size = int(request.query.get("mib", "300"))
        response = web.StreamResponse()
        response.content_length = size * len(mib)
        await response.prepare(request)
        for _ in range(size):
            await response.write(mib)
        return response
    if seg == "upload":
        n = 0
        async for chunk in request.content.iter_any():
            n += len(chunk)
        return web.json_response({"served_by": name, "bytes": n})
    await request.read()
    if seg == "pay" and name == "new" and request.method == "POST":
        if "die-before" in request.path:
            os._exit(1)
        response = web.StreamResponse()
        response.content_length = 1000
        await response.prepare(request)
        await response.write(b'{"paid": tr')
        await asyncio.sleep(0.05)
        os._exit(1)
    return web.json_response({"served_by": name, "path": request.raw_path})

app = web.Application(client_max_size=1 << 30)
app.router.add_route("*", "/{tail:.*}", handle)
web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)
'''
PROBE = r'''
import http.client, json, sys, time
port, path = int(sys.argv[1]), sys.argv[2]
seconds, interval = float(sys.argv[3]), float(sys.argv[4])
ok, failed, kinds, connection = [], [], {}, None
end = time.monotonic() + seconds
while time.monotonic() < end:
    began = time.perf_counter()
    try:
        if connection is None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path)
        reply = connection.getresponse()
        reply.read()
        if reply.status != 200:
            raise RuntimeError(f"status {reply.status}")
        ok.append((time.perf_counter() - began) * 1000)
    except Exception as exc:
        failed.append((time.perf_counter() - began) * 1000)
        kinds[type(exc).__name__] = kinds.get(type(exc).__name__, 0) + 1
        if connection is not None:
            connection.close()
        connection = None
    time.sleep(interval)
print(json.dumps({"ok": ok, "failed": failed, "kinds": kinds}))
'''


# ------------------------------------------------------------------ processes and tables


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Backends:
    """legacy, new and other: one process each, every request logged to `work/NAME.log`."""

    work: Path
    report: bool = False
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, *names: str) -> None:
        for name in names or ("legacy", "new", "other"):
            self.ports.setdefault(name, free_port())
            self.processes[name] = subprocess.Popen(
                [sys.executable, "-c", BACKEND, str(self.ports[name]), name,
                 str(self.work / f"{name}.log"), "1" if self.report else "0"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for name in names or ("legacy", "new", "other"):
            wait_port(self.ports[name])

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def calls(self, name: str) -> list[list[str]]:
        """(method, target, idempotency key, shadow header) of each request `name` got."""
        log = self.work / f"{name}.log"
        if not log.exists():
            return []
        return [line.split("\t") for line in log.read_text().splitlines()]

    def close(self) -> None:
        for process in self.processes.values():
            stop(process)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value)


def write_table(path: Path, backends: Backends, listen: int, admin: int,
                routes: list[dict[str, object]], proxy: dict[str, object],
                breaker_failures: int = 5) -> None:
    """strangler.toml: `routes` (upstream given as a backend's name) plus `/other`, the
    route the well-behaved client measures (mode new, served by the `other` backend)."""
    lines = ["[proxy]", f'legacy = "{backends.url("legacy")}"', f'listen = "127.0.0.1:{listen}"',
             f'admin = "127.0.0.1:{admin}"', f'diff_db = "{path.parent / "diffs.sqlite"}"']
    lines += [f"{key} = {toml_value(value)}" for key, value in proxy.items()]
    lines += ["", "[proxy.breaker]", f"failures = {breaker_failures}", ""]
    other: dict[str, object] = {"prefix": "/other", "upstream": "other", "mode": "new"}
    for route in [other, *routes]:
        lines.append("[[routes]]")
        for key, value in route.items():
            if key == "upstream":
                value = backends.url(str(value))
            lines.append(f"{key} = {toml_value(value)}")
        lines.append("")
    path.write_text("\n".join(lines))


def set_nofile(limit: tuple[int, int] | None) -> Callable[[], None] | None:
    if limit is None:
        return None
    return lambda: resource.setrlimit(resource.RLIMIT_NOFILE, limit)


class Server:
    """The proxy or nginx on a table, as a real process (its stderr kept in a file)."""

    def __init__(self, kind: str, args: argparse.Namespace, work: Path, table: Path,
                 listen: int, admin: int, nofile: tuple[int, int] | None = None) -> None:
        self.kind, self.port, self.admin = kind, listen, admin
        self.stderr_path = work / f"{kind}.stderr"
        stderr = self.stderr_path.open("wb")
        if kind == "proxy":
            command = [args.strangler, "proxy", "--config", str(table), "--no-access-log"]
        else:
            prefix = work / "nginx"
            prefix.mkdir(exist_ok=True)
            if os.geteuid() == 0:  # root's nginx runs its workers as nobody: let them in
                for folder in (work, prefix):
                    folder.chmod(0o777)
            conf = work / "nginx.conf"
            subprocess.run([args.strangler, "export", "nginx", "--config", str(table), "--out",
                            str(conf), "--prefix-dir", str(prefix), "--listen",
                            f"127.0.0.1:{listen}"], check=True, capture_output=True)
            command = [args.nginx, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr,
                                        preexec_fn=set_nofile(nofile))
        stderr.close()
        wait_port(listen)
        if kind == "nginx":
            time.sleep(0.2)  # the workers

    def pids(self) -> list[int]:
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                continue
            todo += [int(child) for child in children]
        return found

    def _status(self, key: str) -> float:
        total = 0
        for pid in self.pids():
            try:
                text = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(rf"^{key}:\s+(\d+) kB", text, re.MULTILINE)
            total += int(found.group(1)) if found else 0
        return total / 1024

    def rss(self) -> float:
        """MiB resident: the proxy's process, or nginx's master and workers summed."""
        return self._status("VmRSS")

    def hwm(self) -> float:
        return self._status("VmHWM") if self.kind == "proxy" else 0.0

    def alive(self) -> bool:
        return self.process.poll() is None

    def metrics(self) -> dict[str, float]:
        """The proxy's counters worth reading here (from its admin port)."""
        if self.kind != "proxy" or not self.alive():
            return {}
        try:
            text = urllib.request.urlopen(f"http://127.0.0.1:{self.admin}/_strangler/metrics",
                                          timeout=5).read().decode()
        except OSError:
            return {}
        wanted = ("shadow_", "diff_mismatches", "connections_shed", "rejected_total",
                  "fallbacks_total", "streams_aborted", "upstream_errors")
        values: dict[str, float] = {}
        for line in text.splitlines():
            name, _, value = line.rpartition(" ")
            if line.startswith("strangler_") and any(w in name for w in wanted):
                key = name.removeprefix("strangler_").replace('route="/other",', "")
                values[key] = values.get(key, 0.0) + float(value)
        return values

    def log_lines(self, *patterns: str) -> int:
        text = self.stderr_path.read_text(errors="replace")
        return sum(1 for line in text.splitlines() if any(p in line for p in patterns))

    def close(self) -> None:
        stop(self.process)


class Sampler(threading.Thread):
    """The server's RSS every 20 ms; `peak` is the largest seen."""

    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.server, self.peak, self.halt = server, 0.0, threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            self.peak = max(self.peak, self.server.rss())
            self.halt.wait(0.02)

    def stop(self) -> float:
        self.halt.set()
        self.join()
        return self.peak


def start_probe(port: int, seconds: float) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", PROBE, str(port), "/other/probe",
                             str(seconds), "0.005"], stdout=subprocess.PIPE, text=True)


def probe_result(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = process.communicate(timeout=120)
    data = json.loads(out)
    ok = sorted(data["ok"])

    def pct(q: float) -> float:
        return ok[min(len(ok) - 1, int(q * len(ok)))] if ok else float("nan")

    return {"n": len(ok), "p50": round(pct(0.50), 2), "p99": round(pct(0.99), 2),
            "max": round(max(ok + data["failed"], default=float("nan")), 1),
            "errors": len(data["failed"]), "error_kinds": data["kinds"]}


# ------------------------------------------------------------------ running one case
@dataclass
class Setup:
    routes: list[dict[str, object]] = field(default_factory=list)
    proxy: dict[str, object] = field(default_factory=dict)
    breaker_failures: int = 5
    report: bool = False  # backends build the ~10 MiB JSON
    nofile: tuple[int, int] | None = None


@contextlib.contextmanager
def running(args: argparse.Namespace, kind: str, setup: Setup
            ) -> Iterator[tuple[Server, Backends]]:
    work = Path(tempfile.mkdtemp(prefix=f"strangler-abuse-{kind}-", dir=args.tmp))
    backends = Backends(work, setup.report)
    server = None
    try:
        backends.start()
        listen, admin = free_port(), free_port()
        table = work / "strangler.toml"
        write_table(table, backends, listen, admin, setup.routes, setup.proxy,
                    setup.breaker_failures)
        server = Server(kind, args, work, table, listen, admin, setup.nofile)
        yield server, backends
    finally:
        if server is not None:
            server.close()
        backends.close()
        if not args.keep_tmp:
            shutil.rmtree(work, ignore_errors=True)


def get(port: int, target: str, method: str = "GET", body: bytes | None = None,
        headers: dict[str, str] | None = None, timeout: float = 10) -> tuple[int, bytes]:
    """One request on a new connection, the target sent as given: (status, body), or
    (0, error) without an answer, or (-status, error) when the answer broke off after it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    status = 0
    try:
        connection.request(method, target, body=body, headers=headers or {})
        reply = connection.getresponse()
        status = reply.status
        return status, reply.read()
    except (OSError, http.client.HTTPException) as exc:
        # status 0: no answer; -status: the status line came, then the answer broke off
        return -status, f"{type(exc).__name__}: {exc}".encode()
    finally:
        connection.close()


Abuser = Callable[[Server, Backends, argparse.Namespace], dict[str, Any]]


def under_abuse(args: argparse.Namespace, kind: str, setup: Setup, abuser: Abuser
                ) -> dict[str, Any]:
    """Baseline of the well-behaved client, then the abuse with the client measuring and the
    memory sampled, then memory after the abusive clients left."""
    with running(args, kind, setup) as (server, backends):
        probe_result(start_probe(server.port, 0.5))  # warm-up, not counted
        baseline = probe_result(start_probe(server.port, args.baseline))
        before = server.rss()
        sampler = Sampler(server)
        sampler.start()
        probe = start_probe(server.port, args.seconds)
        notes = abuser(server, backends, args)
        during = probe_result(probe)
        peak = max(sampler.stop(), server.hwm())
        time.sleep(args.settle)
        after = server.rss()
        alive = server.alive() and get(server.port, "/other/after", timeout=5)[0] == 200
        notes.update({f"metric {k}": v for k, v in server.metrics().items()})
        return {"rss_before": round(before, 1), "rss_peak": round(peak, 1),
                "rss_after": round(after, 1), "baseline": baseline, "during": during,
                "alive": alive, **notes}


# ------------------------------------------------------------------ the abusive clients
def for_seconds(seconds: float) -> Iterator[float]:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        yield left


def abuse_pipeline(server: Server, backends: Backends, args: argparse.Namespace
                   ) -> dict[str, Any]:
    """Case 1: 8,000 pipelined GETs for 250 KiB answers, none read."""
    payload = b"".join(b"GET /big/%d HTTP/1.1\r\nHost: abuse.example\r\n\r\n" % i
                       for i in range(8000))
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.settimeout(0.2)
    sent = 0
    for _ in for_seconds(args.seconds):
        if sent < len(payload):
            try:
                sent += sock.send(payload[sent:sent + 65536])
            except TimeoutError:
                pass
            except OSError:
                break
        else:
            time.sleep(0.05)
    sock.close()
    return {"result": f"{sent:,} of {len(payload):,} request bytes taken; legacy got "
            f"{len(backends.calls('legacy')):,} of the 8,000 GETs"}


def abuse_shadow_json(server: Server, backends: Backends, args: argparse.Namespace,
                      target: str = "/report/x") -> dict[str, Any]:
    """Case 2: the shadow route's ~11 MiB (or ~0.8 MiB) JSON, fetched in a loop, 0.2 s
    apart."""
    statuses: Counter[int] = Counter()
    size, slowest = 0, 0.0
    for _ in for_seconds(args.seconds):
        began = time.perf_counter()
        status, body = get(server.port, target)
        slowest = max(slowest, time.perf_counter() - began)
        statuses[status] += 1
        size = max(size, len(body))
        time.sleep(0.2)
    time.sleep(0.5)  # copies still in flight
    copies = sum(1 for call in backends.calls("new") if call[1].startswith("/report"))
    return {"statuses": dict(statuses), "result": f"answers of {size / MIB:.1f} MiB, "
            f"statuses {dict(statuses)}, slowest {slowest:.2f} s; new got {copies} copies"}


def abuse_huge_answer(server: Server, backends: Backends, args: argparse.Namespace
                      ) -> dict[str, Any]:
    """Case 5: GET a 300 MiB answer on a shadow route, read as fast as possible."""
    sock = socket.create_connection(("127.0.0.1", server.port))
    began = time.perf_counter()
    sock.sendall(b"GET /huge/x HTTP/1.1\r\nHost: abuse.example\r\nConnection: close\r\n\r\n")
    first, total = 0.0, 0
    buffer = bytearray(MIB)
    while True:
        n = sock.recv_into(buffer)
        if not n:
            break
        if not total:
            first = time.perf_counter() - began
        total += n
    elapsed = time.perf_counter() - began
    sock.close()
    time.sleep(max(0.0, args.seconds - elapsed))
    return {"ttfb_s": round(first, 3), "result": f"{total / MIB:.0f} MiB in {elapsed:.2f} s, "
            f"first byte after {first * 1000:.0f} ms"}


def abuse_stalled_bodies(server: Server, backends: Backends, args: argparse.Namespace
                         ) -> dict[str, Any]:
    """Case 6a: 60 clients announce 10,000,000 bytes, send 9 MiB, and stall."""
    chunk = b"u" * (1024 * 1024)
    sent: list[int] = []
    lock = threading.Lock()
    sockets: list[socket.socket] = []

    def one() -> None:
        sock = socket.create_connection(("127.0.0.1", server.port))
        with lock:
            sockets.append(sock)
        done = 0
        try:
            sock.sendall(b"POST /upload/stall HTTP/1.1\r\nHost: abuse.example\r\n"
                         b"Content-Type: application/octet-stream\r\n"
                         b"Content-Length: 10000000\r\n\r\n")
            for _ in range(9):
                sock.sendall(chunk)
                done += len(chunk)
        except OSError:
            pass
        with lock:
            sent.append(done)

    threads = [threading.Thread(target=one) for _ in range(60)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds * 4)
    sending = time.monotonic() - began
    time.sleep(max(0.5, args.seconds - sending))  # they stall
    for sock in sockets:
        sock.close()
    return {"result": f"{len([s for s in sent if s == 9 * MIB])} of 60 clients sent 9 MiB "
            f"({sum(sent) / MIB:.0f} MiB in {sending:.1f} s), then stalled"}


def abuse_big_upload(server: Server, backends: Backends, args: argparse.Namespace
                     ) -> dict[str, Any]:
    """Case 6b: one 300 MiB upload (max_body raised to 400 MiB)."""
    size = 300 * MIB
    chunk = b"u" * MIB
    sock = socket.create_connection(("127.0.0.1", server.port))
    began = time.perf_counter()
    sock.sendall(b"POST /upload/big HTTP/1.1\r\nHost: abuse.example\r\nConnection: close\r\n"
                 b"Content-Type: application/octet-stream\r\n"
                 b"Content-Length: %d\r\n\r\n" % size)
    for _ in range(size // MIB):
        sock.sendall(chunk)
    sock.settimeout(60)
    reply = b""
    while part := sock.recv(65536):
        reply += part
    elapsed = time.perf_counter() - began
    sock.close()
    status = reply.split(b" ", 2)[1].decode() if reply.startswith(b"HTTP/") else "none"
    got = re.search(rb'"bytes": (\d+)', reply)
    time.sleep(max(0.0, args.seconds - elapsed))
    return {"result": f"status {status}, legacy read "
            f"{int(got.group(1)) / MIB if got else 0:.0f} MiB, {elapsed:.2f} s"}


def abuse_headers(server: Server, backends: Backends, args: argparse.Namespace
                  ) -> dict[str, Any]:
    """Case 7: two clients, each sending a 60,000-header request again and again."""
    head = (b"GET /other/headers HTTP/1.1\r\nHost: abuse.example\r\n" + b"x:\r\n" * 60_000
            + b"\r\n")
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def one() -> None:
        for _ in for_seconds(args.seconds):
            outcome = "no answer"
            try:
                with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
                    with contextlib.suppress(OSError):  # refused early: read the answer
                        sock.sendall(head)
                    reply = sock.recv(4096)
                    outcome = reply.split(b"\r\n", 1)[0].decode(errors="replace")[9:] or "closed"
            except OSError as exc:
                outcome = type(exc).__name__
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"result": "requests: " + ", ".join(f"{n} {k}" for k, n in outcomes.most_common())}


# ------------------------------------------------------------------ the cases
Row = dict[str, Any]


def case_1(args: argparse.Namespace, kind: str) -> list[Row]:
    return [under_abuse(args, kind, Setup(), abuse_pipeline)]


def case_2(args: argparse.Namespace, kind: str) -> list[Row]:
    route: dict[str, object] = {"prefix": "/report", "upstream": "new", "mode": "shadow"}
    big, small = abuse_shadow_json, functools.partial(abuse_shadow_json,
                                                      target="/report/small")
    variants: list[tuple[str, dict[str, object], Abuser]] = [
        ("11 MiB, defaults (compare_max_bytes 1 MiB)", {}, big),
        ("0.8 MiB (under the bound), shadow_max_cpu 2", {"shadow_max_cpu": 2.0}, small),
        ("11 MiB, compare_max_bytes 16 MiB, shadow_max_cpu 2", {
            "compare_max_bytes": 16 * MIB, "shadow_max_cpu": 2.0}, big)]
    if kind == "nginx":
        variants = [("11 MiB, mirror, no comparison", {}, big),
                    ("0.8 MiB, mirror, no comparison", {}, small)]
    return [{"variant": name, **under_abuse(args, kind, Setup([route], keys, report=True),
                                            abuser)}
            for name, keys, abuser in variants]


def case_3(args: argparse.Namespace, kind: str) -> list[Row]:
    """A POST with Idempotency-Key to a `new` route whose service dies; 3 tries each."""
    rows = []
    setup = Setup([{"prefix": "/pay", "upstream": "new", "mode": "new"}],
                  breaker_failures=100)
    for how in ("die-before", "die-mid"):
        with running(args, kind, setup) as (server, backends):
            statuses = []
            for attempt in range(3):
                if attempt:
                    backends.start("new")  # it died
                key = f"{how}-{attempt}"
                statuses.append(get(server.port, f"/pay/{how}", "POST", b'{"amount": 1}',
                                    {"Idempotency-Key": key,
                                     "Content-Type": "application/json"})[0])
            time.sleep(0.3)
            new = sum(1 for c in backends.calls("new") if c[0] == "POST")
            legacy = sum(1 for c in backends.calls("legacy") if c[0] == "POST")
            rows.append({"variant": f"new service {how.replace('-', 's ')} answering"
                         .replace("dies mid answering", "dies mid-answer"),
                         "new_got": new, "legacy_got": legacy, "statuses": statuses,
                         "alive": server.alive(),
                         "result": f"3 POSTs: new got {new}, legacy got {legacy}; client "
                         f"statuses {statuses}"})
    return rows


def case_4(args: argparse.Namespace, kind: str) -> list[Row]:
    """noise + shadow_unsafe: 20 POSTs and 20 GETs on the shadow route, one at a time."""
    setup = Setup([{"prefix": "/orders", "upstream": "new", "mode": "shadow",
                    "shadow_unsafe": True}], {"noise": True, "shadow_max_cpu": 2.0})
    with running(args, kind, setup) as (server, backends):
        statuses: Counter[int] = Counter()
        for i in range(20):
            statuses[get(server.port, f"/orders/{i}", "POST", b'{"n": %d}' % i,
                         {"Content-Type": "application/json"})[0]] += 1
            statuses[get(server.port, f"/orders/{i}")[0]] += 1
            time.sleep(0.05)  # let the copy finish: shadow_inflight is small
        time.sleep(1.0)
        legacy = Counter((c[0], c[1]) for c in backends.calls("legacy"))
        new = Counter((c[0], c[1]) for c in backends.calls("new"))
        posts = [legacy[("POST", f"/orders/{i}")] for i in range(20)]
        gets = [legacy[("GET", f"/orders/{i}")] for i in range(20)]
        copies = sum(n for (m, _), n in new.items() if m == "POST")
        return [{"legacy_posts": posts, "alive": server.alive(),
                 "result": f"20 POSTs: legacy got each {sorted(Counter(posts).items())} "
                 f"(times, POSTs), new got {copies} copies; 20 GETs: legacy got each "
                 f"{sorted(Counter(gets).items())}; statuses {dict(statuses)}"}]


def case_5(args: argparse.Namespace, kind: str) -> list[Row]:
    setup = Setup([{"prefix": "/huge", "upstream": "new", "mode": "shadow"}])
    return [under_abuse(args, kind, setup, abuse_huge_answer)]


def case_6(args: argparse.Namespace, kind: str) -> list[Row]:
    return [{"variant": "60 clients, 9 MiB each, stalled",
             **under_abuse(args, kind, Setup(), abuse_stalled_bodies)},
            {"variant": "one 300 MiB upload, max_body 400 MiB",
             **under_abuse(args, kind, Setup(proxy={"max_body": 400 * MIB}),
                           abuse_big_upload)}]


def case_7(args: argparse.Namespace, kind: str) -> list[Row]:
    return [under_abuse(args, kind, Setup(), abuse_headers)]


def case_8(args: argparse.Namespace, kind: str) -> list[Row]:
    setup = Setup([{"prefix": "/orders", "upstream": "new", "mode": "new"}])
    rows = []
    with running(args, kind, setup) as (server, backends):
        for target in ("/orders/x", "//orders/x", "///orders/x", "/./orders/x", "/ordersx"):
            seen = {name: len(backends.calls(name)) for name in ("legacy", "new")}
            status, _ = get(server.port, target)
            time.sleep(0.05)
            got = [(name, call[1]) for name in ("legacy", "new")
                   for call in backends.calls(name)[seen[name]:]]
            rows.append({"variant": target, "status": status, "got": got,
                         "result": f"{status}; " + (", ".join(f"{n} got {t}" for n, t in got)
                                                    or "no upstream got it")})
    return rows


def case_11(args: argparse.Namespace, kind: str) -> list[Row]:
    """~1,000 idle sockets, then 3 new clients, one after the other, each within 5 s."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    rows = []
    for limits, idle in (((1024, hard), "silent"), ((1024, 1024), "silent"),
                         ((1024, 1024), "kept-alive"), ((1024, 1024), "partial head")):
        with running(args, kind, Setup(nofile=limits)) as (server, backends):
            sockets = []
            for i in range(1000):
                try:
                    sock = socket.create_connection(("127.0.0.1", server.port), timeout=2)
                except OSError:
                    break
                sockets.append(sock)
                try:
                    if idle == "kept-alive":
                        sock.sendall(b"GET /other/%d HTTP/1.1\r\nHost: a\r\n\r\n" % i)
                        sock.recv(65536)
                    elif idle == "partial head":
                        sock.sendall(b"GET /other/%d HTTP/1.1\r\nHost: a\r\n" % i)
                except OSError:
                    pass
            time.sleep(0.5)
            attempts = []
            for _ in range(3):
                began = time.perf_counter()
                status, _ = get(server.port, "/other/newcomer", timeout=5)
                attempts.append((status, round(time.perf_counter() - began, 3)))
            closed = 0
            for sock in sockets:
                sock.setblocking(False)
                try:
                    data = sock.recv(65536)
                    closed += not data or b" 503 " in data[:20] or b" 408 " in data[:20]
                except BlockingIOError:
                    pass
                except OSError:
                    closed += 1
                sock.close()
            served = [t for s, t in attempts if s == 200]
            logged = server.log_lines("max_connections", "Too many open files", "EMFILE",
                                      "worker_connections")
            rows.append({
                "variant": f"{len(sockets)} {idle} sockets, nofile soft {limits[0]}, hard "
                           f"{'unlimited' if limits[1] == resource.RLIM_INFINITY else limits[1]}",
                "attempts": attempts, "alive": server.alive(), "log_lines": logged,
                **{f"metric {k}": v for k, v in server.metrics().items()},
                "result": f"new clients served {len(served)}/3"
                          + (f" in {max(served) * 1000:.0f} ms at most" if served else "")
                          + f" (statuses {[s for s, _ in attempts]}); {closed} of the "
                          f"{len(sockets)} sockets closed or refused (503) by the server; "
                          f"{logged} log lines about it"})
    return rows


CASES: dict[int, tuple[str, Callable[[argparse.Namespace, str], list[Row]]]] = {
    1: ("pipelined 8,000 GETs (250 KiB answers), nothing read", case_1),
    2: ("shadow route, ~10 MiB of differing JSON each side", case_2),
    3: ("POST with Idempotency-Key, new service dies", case_3),
    4: ("noise + shadow_unsafe: POSTs reaching legacy", case_4),
    5: ("300 MiB answer on a shadow route", case_5),
    6: ("request bodies: stalled 9 MiB x 60; one 300 MiB upload", case_6),
    7: ("two clients, 60,000 one-byte headers per request", case_7),
    8: ("`//orders/x`: which upstream gets it", case_8),
    11: ("~1,000 idle sockets, open-file limit 1,024", case_11),
}


# ------------------------------------------------------------------ report
def cell_latency(row: Row) -> tuple[str, str]:
    if "baseline" not in row:
        return "", ""
    base, during = row["baseline"], row["during"]
    errors = f", {during['errors']} failed" if during["errors"] else ""
    return (f"{base['p50']:.2f} / {base['p99']:.2f}",
            f"{during['p50']:.2f} / {during['p99']:.2f} (max {during['max']:.0f}{errors})")


def markdown(rows: list[Row]) -> str:
    lines = ["| case | server | variant | RSS MiB before / peak / after | other client "
             "p50 / p99 ms, baseline | during the abuse | alive | result |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        memory = (f"{row['rss_before']:.0f} / {row['rss_peak']:.0f} / {row['rss_after']:.0f}"
                  if "rss_peak" in row else "")
        base, during = cell_latency(row)
        alive = {True: "yes", False: "**no**"}.get(row.get("alive"), "")  # type: ignore[arg-type]
        lines.append(f"| {row['case']} | {row['server']} | {row.get('variant', '')} | {memory} "
                     f"| {base} | {during} | {alive} | {row.get('result', '')} |")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    nginx = subprocess.run([ARGS_NGINX[0], "-v"], capture_output=True, text=True).stderr.strip()
    return {"cpus": os.cpu_count(), "mem_gib": round(int(memory) / 1024 / 1024),
            "python": platform.python_version(), "nginx": nginx,
            "load_before": os.getloadavg()}


ARGS_NGINX = ["/usr/sbin/nginx"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default=",".join(map(str, CASES)),
                        help="comma-separated case numbers (default: all)")
    parser.add_argument("--no-nginx", action="store_true", help="the proxy only")
    parser.add_argument("--no-proxy", action="store_true", help="nginx only")
    parser.add_argument("--seconds", type=float, default=4.0, help="abuse length per case")
    parser.add_argument("--baseline", type=float, default=2.0,
                        help="the well-behaved client's baseline length")
    parser.add_argument("--settle", type=float, default=2.0,
                        help="wait after the abusive clients left before reading RSS")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--strangler", default=str(Path(sys.executable).parent / "strangler"))
    parser.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    parser.add_argument("--tmp", default=None, help="work folder parent (default: $TMPDIR)")
    parser.add_argument("--keep-tmp", action="store_true")
    args = parser.parse_args()
    ARGS_NGINX[0] = args.nginx
    try:
        chosen = [int(c) for c in args.cases.split(",") if c.strip()]
    except ValueError:
        parser.error("--cases: numbers separated by commas")
    unknown = [c for c in chosen if c not in CASES]
    if unknown:
        parser.error(f"--cases: no case {unknown}; known: {', '.join(map(str, CASES))}")
    kinds = [k for k, skip in (("proxy", args.no_proxy), ("nginx", args.no_nginx)) if not skip]
    if "nginx" in kinds and not os.path.exists(args.nginx):
        print(f"nginx not found at {args.nginx}: --no-nginx, or apt-get install nginx",
              file=sys.stderr)
        return 2
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4096 <= hard or (soft < 4096 and hard == resource.RLIM_INFINITY):
        resource.setrlimit(resource.RLIMIT_NOFILE, (4096, hard))  # case 11 opens 1,000
    info = machine()
    rows: list[Row] = []
    began = time.monotonic()
    for number in chosen:
        title, run = CASES[number]
        for kind in kinds:
            started = time.monotonic()
            print(f"case {number} ({title}), {kind} ...", file=sys.stderr, flush=True)
            for row in run(args, kind):
                rows.append({"case": number, "server": kind, **row})
                print(f"  {row.get('variant', '')} {row.get('result', '')}", file=sys.stderr)
            print(f"  ({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)
    info["seconds_total"] = round(time.monotonic() - began)
    info["load_after"] = os.getloadavg()
    print(f"\nmachine: {info['cpus']} CPUs, {info['mem_gib']} GiB, Python {info['python']}, "
          f"{info['nginx']}; load average before {info['load_before'][0]:.1f}, after "
          f"{info['load_after'][0]:.1f}; abuse {args.seconds:g} s per case, baseline "
          f"{args.baseline:g} s, RSS after {args.settle:g} s; {info['seconds_total']} s in all\n")
    print(markdown(rows))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "args": {
            k: v for k, v in vars(args).items() if k not in ("json",)}, "rows": rows},
            indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
