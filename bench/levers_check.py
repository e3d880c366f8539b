#!/usr/bin/env python3
"""Check that the user's levers hold end to end on a real project (issue 10, item 8).

A plain `strangler analyze` of PROJECT gives the proposal; levers are then drawn from it
at random (seeded): three `together` groups of modules from different seams (the first
with a kernel module too), a pin taking half a seam and one module of another, two
modules of seams named in `kernels`, and two `--move`s (a seam module and a kernel module
to another seam). The analysis is run again with them, and every lever is checked:
each together group in one place, every pinned module in its service, every `kernels`
module in the kernel, every move where asked. PROJECT must be a copy: the script writes
its strangler.toml there (and refuses when one exists). Usage::

    python bench/levers_check.py /tmp/copy-of-project [--seed N ...] [--services N ...]
        [--strangler CMD]

With `--services N` (repeatable) it also checks that `analyze --services N` gives N seams,
or says in its choice line that it could not ("not the N asked for").
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any


def analyze(command: list[str], project: Path, out: Path, moves: list[str],
            services: int = 0) -> dict[str, Any]:
    args = [*command, "analyze", str(project), "--out", str(out), "--no-svg", "--quiet",
            "--no-cache", *(["--services", str(services)] if services else [])]
    for move in moves:
        args += ["--move", move]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"strangler analyze exited with {done.returncode}: "
                           f"{done.stderr[-2000:]}")
    proposal: dict[str, Any] = json.loads((out / "analysis.json").read_text())["proposal"]
    return proposal


def draw(proposal: dict[str, Any], seed: int) -> tuple[list[list[str]], list[str], list[str],
                                                       list[str]]:
    """(together groups, pinned modules, kernels modules, moves) drawn from a proposal."""
    labels = dict(proposal["assignment"])
    kernel = sorted(k["module"] for k in proposal["kernel"])
    rng = random.Random(seed)
    seams = sorted(set(labels.values()))
    members = {s: sorted(m for m in labels if labels[m] == s) for s in seams}
    together = []
    for i in range(3):
        group = [rng.choice(members[s]) for s in rng.sample(seams, 2)]
        if i == 0 and kernel:
            group.append(rng.choice(kernel))
        together.append(sorted(set(group)))
    used = {m for g in together for m in g}
    first, second = rng.sample(seams, 2)
    pinned = sorted({*rng.sample(members[first], max(1, len(members[first]) // 2)),
                     rng.choice(members[second])} - used)
    used |= set(pinned)
    kernels = sorted(rng.sample(sorted(set(labels) - used), 2))
    used |= set(kernels)
    module = rng.choice(sorted(set(labels) - used))
    target = rng.choice([s for s in seams if s != labels[module]])
    moves = [f"{module}={target}"]
    if set(kernel) - used:
        moves.append(f"{rng.choice(sorted(set(kernel) - used))}={target}")
    return together, pinned, kernels, moves


def check(proposal: dict[str, Any], together: list[list[str]], pinned: list[str],
          kernels: list[str], moves: list[str]) -> list[str]:
    """The levers that do not hold, in words."""
    labels = dict(proposal["assignment"])
    kernel = {k["module"] for k in proposal["kernel"]}
    failed = []
    for group in together:
        places = {labels.get(m, "<kernel>" if m in kernel else "<none>") for m in group}
        if len(places) != 1:
            failed.append(f"together {group} -> {sorted(places)}")
    failed += [f"pin: {m} in {labels.get(m)}" for m in pinned if labels.get(m) != "chosen"]
    failed += [f"kernels: {m} in {labels.get(m)}" for m in kernels if m not in kernel]
    for move in moves:
        module, target = move.split("=")
        if labels.get(module) != target:
            failed.append(f"--move {move}: in {labels.get(module)}")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--seed", type=int, action="append")
    parser.add_argument("--services", type=int, action="append", default=[])
    parser.add_argument("--strangler", default=f"{shlex.quote(sys.executable)} -m strangler")
    options = parser.parse_args()
    config = options.project / "strangler.toml"
    if config.exists():
        sys.exit(f"{config} exists: run this on a copy of the project")
    command = shlex.split(options.strangler)
    bad = 0
    with tempfile.TemporaryDirectory(prefix="levers-") as tmp:
        plain = analyze(command, options.project, Path(tmp) / "plain", [])
        for seed in options.seed or ([] if options.services else [1]):
            together, pinned, kernels, moves = draw(plain, seed)
            config.write_text(f"together = {json.dumps(together)}\n"
                              f"kernels = {json.dumps(kernels)}\n"
                              f"[pin]\nchosen = {json.dumps(pinned)}\n")
            try:
                found = analyze(command, options.project, Path(tmp) / f"s{seed}", moves)
            finally:
                config.unlink()
            failed = check(found, together, pinned, kernels, moves)
            bad += bool(failed)
            print(f"{options.project.name} seed {seed}: {len(together)} together groups, "
                  f"{len(pinned)} pinned, {len(kernels)} kernels, {len(moves)} moves: "
                  + ("all hold" if not failed else f"{len(failed)} do not hold"))
            for line in failed:
                print(f"  {line}")
            for note in found["notes"]:
                if note.startswith("together"):
                    print(f"  note: {note}")
        for asked in options.services:
            found = analyze(command, options.project, Path(tmp) / f"n{asked}", [], asked)
            got = len(set(dict(found["assignment"]).values()))
            said = f"not the {asked} asked for" in found["choice"]
            holds = got == asked or (got < asked and said)
            bad += not holds
            print(f"{options.project.name} --services {asked}: {got} seams"
                  + ("" if got == asked else " (the choice line says why)" if holds
                     else f": DOES NOT HOLD ({found['choice']})"))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
