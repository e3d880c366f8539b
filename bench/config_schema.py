"""What the strangler.toml schema costs: imports at start-up and reading a table (by hand).

    python bench/config_schema.py [--runs 15] [--routes 100] [--baseline OLD_CONFIG_PY]

Import times are timed around the `import` in fresh processes, median over the runs:
msgspec alone, the schema reader alone, and the reader after `strangler.cli.app` is
imported (what `strangler analyze` pays when the project has a strangler.toml; without one
nothing is imported). Reading times are the fastest of 40 `parse_proxy_config` calls on a
table with `--routes` routes. `--baseline` takes a copy of the old hand-written
`strangler/proxy/config.py` (`git show 7ccd4fe:strangler/proxy/config.py > old.py`) and reads
the same table with it.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any


def import_cost(module: str, after: str, runs: int) -> tuple[float, float]:
    """(fastest, median) ms of importing `module` (all it brings in) after `after`; the
    fastest run is the least disturbed one on a shared machine."""
    code_before = f"import {after}" if after else "pass"
    samples = []
    for _ in range(runs):
        script = (f"import time, sys; {code_before}; t = time.perf_counter(); import {module}; "
                  "print(time.perf_counter() - t)")
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             check=True).stdout
        samples.append(float(out) * 1000)
    return min(samples), statistics.median(samples)


def table(routes: int) -> str:
    lines = ['[proxy]', 'legacy = "http://127.0.0.1:5000"', "shadow_inflight = 4",
             "[proxy.breaker]", "failures = 3"]
    for i in range(routes):
        lines += ["[[routes]]", f'prefix = "/r{i}"', f'upstream = "http://127.0.0.1:{8000 + i}"',
                  'mode = "canary"', "percent = 10", 'methods = ["GET", "POST"]',
                  'ignore = ["items.*.id"]', "chaos = { latency_ms = 5 }"]
    return "\n".join(lines) + "\n"


def read_costs(parsers: dict[str, Callable[[str], Any]], text: str,
               calls: int = 40) -> dict[str, float]:
    """Fastest ms of one call per parser, the parsers taking turns (same machine state)."""
    best = dict.fromkeys(parsers, float("inf"))
    for _ in range(calls):
        for name, parse in parsers.items():
            start = time.perf_counter()
            parse(text)
            best[name] = min(best[name], (time.perf_counter() - start) * 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--routes", type=int, default=100)
    parser.add_argument("--baseline", help="a copy of the old strangler/proxy/config.py")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {args.runs} fresh processes per import figure")
    for module, after in (("msgspec", ""), ("strangler.settings.load", ""),
                          ("msgspec", "strangler.cli.app"),
                          ("strangler.settings.load", "strangler.cli.app"),
                          ("tomllib", "strangler.cli.app"), ("tomlkit", "strangler.cli.app")):
        where = f" after {after}" if after else " alone"
        fastest, median = import_cost(module, after, args.runs)
        print(f"import {module}{where}: {fastest:.1f} ms fastest, {median:.1f} ms median")
    from strangler.proxy.config import parse_proxy_config

    parsers: dict[str, Callable[[str], Any]] = {"parse_proxy_config": parse_proxy_config}
    if args.baseline:
        spec = importlib.util.spec_from_file_location("old_config", args.baseline)
        assert spec is not None and spec.loader is not None
        old = importlib.util.module_from_spec(spec)
        sys.modules["old_config"] = old
        spec.loader.exec_module(old)
        parsers["old hand-written parser"] = old.parse_proxy_config
    text = table(args.routes)
    for name, ms in read_costs(parsers, text).items():
        print(f"{name}, {args.routes} routes ({len(text):,} bytes): {ms:.2f} ms fastest")


if __name__ == "__main__":
    main()
