#!/usr/bin/env python3
"""Per-stage cost against size: log-log slopes from K renamed copies of one app (by hand).

For each K, builds K copies of a practice-corpus app sharing one schema
(`synth_monolith.py`), runs `strangler analyze --timings` once cold (empty cache) and then
after each of `--edits` one-line code edits (a new module-level name appended to one module,
kept, so each edit adds a line as analyze_bench.py's does). It records each stage's wall
seconds and the main process' CPU seconds (the `timings:` and `cpu:` lines), and fits, per
stage, the slope of log(seconds) against log(lines) by least squares: 1.0 is linear, and
"time per line flat" means a slope near 1. Parser processes' CPU is not in the cold `cpu`
figures (the cold parse runs on all cores). Usage::

    python bench/stage_slopes.py --copies 1,2,4,8,16 --edits 3 --strangler "strangler"
"""

from __future__ import annotations

import argparse
import math
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

STAGES = ("parse", "link", "graph", "seams", "render", "total")


def _measure(command: list[str], tree: Path, work: Path) -> tuple[dict[str, float],
                                                                    dict[str, float]]:
    """(wall, cpu) seconds per stage of one `strangler analyze` run."""
    argv = command + ["analyze", str(tree), "--out", str(work / "out"), "--cache-dir",
                      str(work / "cache"), "--no-svg", "--quiet", "--timings"]
    done = subprocess.run(argv, check=True, capture_output=True, text=True)
    found: dict[str, dict[str, float]] = {"timings": {}, "cpu": {}}
    for line in done.stderr.splitlines():
        head, _, rest = line.partition(": ")
        if head in found:
            for name, seconds in re.findall(r"(\w+) ([0-9.]+)s", rest.split(";")[0]):
                found[head][name] = float(seconds)
    return found["timings"], found["cpu"]


def _slope(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(y) against log(x)."""
    points = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(points) < 2:
        return None
    mx = statistics.fmean(x for x, _ in points)
    my = statistics.fmean(y for _, y in points)
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else None


def _lines(tree: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in tree.rglob("*.py"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="1,2,4,8,16")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=Path("/work/corpus"))
    parser.add_argument("--app", default="lnbits")
    parser.add_argument("--package", default=None)
    parser.add_argument("--edit-file", default="core/services/users.py",
                        help="the module edited, relative to the first copy's package")
    parser.add_argument("--strangler", default="strangler", help="the command to measure")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synth_monolith import build

    package = args.package or args.app
    command = shlex.split(args.strangler)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="stage-slopes-") as folder:
        for k in (int(c) for c in args.copies.split(",")):
            work = Path(folder) / f"k{k}"
            tree = work / "tree"
            build(args.corpus / args.app / package, package, k, tree)
            lines = _lines(tree)
            cold_wall, cold_cpu = _measure(command, tree, work)
            edited = tree / f"{package}_c00" / args.edit_file
            walls: list[dict[str, float]] = []
            cpus: list[dict[str, float]] = []
            for n in range(args.edits):
                with edited.open("a") as handle:
                    handle.write(f"\n_slope_edit_{n} = {n}\n")
                wall, cpu = _measure(command, tree, work)
                walls.append(wall)
                cpus.append(cpu)
            rows.append({
                "k": k, "lines": lines, "cold_wall": cold_wall, "cold_cpu": cold_cpu,
                "edit_wall": {s: statistics.median(w.get(s, 0.0) for w in walls)
                              for s in STAGES},
                "edit_cpu": {s: statistics.median(c.get(s, 0.0) for c in cpus)
                             for s in STAGES}})
            print(f"K={k}: {lines} lines, cold {cold_wall}, edit CPU {rows[-1]['edit_cpu']}",
                  file=sys.stderr, flush=True)
            shutil.rmtree(work, ignore_errors=True)
    for title, key in (("cold, wall s", "cold_wall"), ("cold, main-process CPU s", "cold_cpu"),
                       ("one-line code edit, wall s (median)", "edit_wall"),
                       ("one-line code edit, CPU s (median)", "edit_cpu")):
        print(f"\n{title}\n")
        print("| K | lines | " + " | ".join(STAGES) + " |")
        print("| ---: | ---: | " + " | ".join("---:" for _ in STAGES) + " |")
        for row in rows:
            values = row[key]
            assert isinstance(values, dict)
            print(f"| {row['k']} | {row['lines']:,} | "
                  + " | ".join(f"{values.get(s, 0.0):.3f}" for s in STAGES) + " |")
        slopes = []
        for stage in STAGES:
            slope = _slope([(float(row["lines"]), row[key].get(stage, 0.0))  # type: ignore
                            for row in rows])
            slopes.append("-" if slope is None else f"{slope:.2f}")
        print("| slope | | " + " | ".join(slopes) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
