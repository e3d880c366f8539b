#!/usr/bin/env python3
"""Time a one-line code edit with two strangler commands, alternating, on one tree (by hand).

On a shared machine, two benches run minutes apart see different loads; this one alternates
the commands edit by edit (ABBA order), each with its own cache folder, so both see the same
load. Each round appends `_pair_edit = <n>` to FILE (restored at the end, also on an error),
runs both commands, and records wall and CPU seconds (user + sys of the child). It then
checks that both wrote the same analysis.json. Usage::

    python bench/edit_pair.py TREE FILE --runs 7 \\
        --command before="/tmp/before/run.sh" --command after="strangler" --grimp

`--grimp` adds grimp warm to the rotation (`grimp.build_graph` of the tree's top-level
packages with its own cache folder, in a child interpreter, as analyze_bench.py runs it) and
prints each command's median ratio to it, edit by edit: both ran under the same load.

Set no PYTHONDONTWRITEBYTECODE for the commands measured (or compile them first): a
strangler installed from a wheel has its bytecode compiled, and compiling 60 modules on
every run costs 0.1 s.
"""

from __future__ import annotations

import argparse
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GRIMP = "grimp"


def _grimp_argv(tree: Path, work: Path) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from analyze_bench import detect_layout, grimp_child_command

    return grimp_child_command(sys.executable, detect_layout(tree), work / "cache-grimp")


def _run(command: list[str], tree: Path, work: Path, name: str) -> tuple[float, float]:
    argv = command if name == GRIMP else command + [
        "analyze", str(tree), "--out", str(work / f"out-{name}"),
        "--cache-dir", str(work / f"cache-{name}"), "--no-svg", "--quiet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("file", type=Path, help="the .py file the edit appends a line to")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--command", action="append", required=True, metavar="NAME=CMD")
    parser.add_argument("--grimp", action="store_true", help="add grimp warm to the rotation")
    args = parser.parse_args()
    commands = {name: shlex.split(c) for name, c in (c.split("=", 1) for c in args.command)}
    original = args.file.read_bytes()
    with tempfile.TemporaryDirectory(prefix="edit-pair-") as folder:
        work = Path(folder)
        analyzers = list(commands)
        if args.grimp:
            commands[GRIMP] = _grimp_argv(args.tree, work)
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        try:
            for name, command in commands.items():  # fill each cache
                _run(command, args.tree, work, name)
            for n in range(args.runs):
                args.file.write_bytes(original + f"\n_pair_edit = {n}\n".encode())
                order = list(commands) if n % 2 == 0 else list(commands)[::-1]
                for name in order:
                    results[name].append(_run(commands[name], args.tree, work, name))
        finally:
            args.file.write_bytes(original)
        outputs = {(work / f"out-{name}" / "analysis.json").read_bytes() for name in analyzers}
    for name, rows in results.items():
        line = (f"{name}: median wall {statistics.median(r[0] for r in rows):.3f} s, "
                f"median CPU {statistics.median(r[1] for r in rows):.3f} s ({len(rows)} edits)")
        if args.grimp and name != GRIMP:
            pairs = list(zip(rows, results[GRIMP], strict=True))
            line += (f"; / grimp warm, median of the edits: wall "
                     f"{statistics.median(a[0] / b[0] for a, b in pairs):.1f}x, CPU "
                     f"{statistics.median(a[1] / b[1] for a, b in pairs):.1f}x")
        print(line)
    print("analysis.json identical:", len(outputs) == 1)
    return 0 if len(outputs) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
