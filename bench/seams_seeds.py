#!/usr/bin/env python3
"""The figures of `seams_truth.py` over several Louvain seeds: mean and range per project.

One seed's figures move by a few points when an unrelated weight changes (Louvain and the
consensus choice are discrete), so a change to the clustering is judged on the mean over
seeds as well as on the default seed. Each seed is set through a configuration file
(`seed = N`) given to ``strangler analyze --config``; the project is only read (a
project's own strangler.toml is not used: none of the corpus has one). Usage::

    python bench/seams_seeds.py [--seeds 42,1,2,3,4,5,6,7] [--project lnbits ...]
        [--held-out /work/unseen] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import seams_truth as truth  # noqa: E402


def analyze(command: list[str], project: Path, out: Path, config: Path) -> dict[str, Any]:
    done = subprocess.run([*command, "analyze", str(project), "--out", str(out), "--no-cache",
                           "--no-svg", "--quiet", "--config", str(config)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"strangler analyze {project} exited with {done.returncode}:\n"
                           f"{done.stderr[-3000:]}")
    return json.loads((out / "analysis.json").read_text(encoding="utf-8"))


def figures(project: str, corpus: Path, command: list[str], seeds: list[int]
            ) -> list[dict[str, Any]]:
    """The proposal's figures for each seed."""
    held_out = truth.TRUTH / "held_out" / f"{project}.toml"
    ref = truth.Reference.load(held_out if held_out.exists() else
                               truth.TRUTH / f"{project}.toml")
    found = []
    with tempfile.TemporaryDirectory(prefix="seams-seeds-") as tmp:
        for seed in seeds:
            config = Path(tmp) / f"seed{seed}.toml"
            config.write_text(f"seed = {seed}\n", encoding="utf-8")
            document = analyze(command, corpus / project, Path(tmp) / f"out{seed}", config)
            loc = {m["name"]: int(m["loc"]) for m in document["modules"]}
            classified, _ = ref.classify(loc)
            reference = {m: v for m, v in classified.items() if v[0] != "<ignore>"}
            proposal = document.get("proposal") or {}
            score = truth.score(dict(proposal.get("assignment", [])),
                                {k["module"] for k in proposal.get("kernel", [])},
                                reference, ref, loc, True)
            found.append({"seed": seed, **{k: v for k, v in vars(score).items()
                                           if k != "misses"}})
    return found


def summary(project: str, rows: list[dict[str, Any]]) -> str:
    def stat(values: list[float], pct: bool = False) -> str:
        scale, unit = (100, "%") if pct else (1, "")
        mean = statistics.mean(values) * scale
        low, high = min(values) * scale, max(values) * scale
        return (f"{mean:.0f}{unit} ({low:.0f}–{high:.0f})" if pct
                else f"{mean:.3f} ({low:.2f}–{high:.2f})")

    names = [r["names"] for r in rows if r["names"] is not None]
    whole = [r["whole"] for r in rows if r["whole"] is not None]
    return (f"| {project} | {len(rows)} | {stat([r['ari'] for r in rows])} | "
            f"{stat([r['kernel_share'] for r in rows], True)} | "
            f"{stat(names, True) if names else 'n/a'} | "
            f"{stat(whole, True) if whole else 'n/a'} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=truth.DEFAULT_CORPUS)
    parser.add_argument("--held-out", type=Path, metavar="DIR")
    parser.add_argument("--project", action="append",
                        choices=truth.PROJECTS + truth.HELD_OUT)
    parser.add_argument("--seeds", default="42,1,2,3,4,5,6,7")
    parser.add_argument("--strangler", default=f"{shlex.quote(sys.executable)} -m strangler")
    parser.add_argument("--json", type=Path, help="write each seed's figures here")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    command = shlex.split(args.strangler)
    corpus = args.held_out if args.held_out is not None else args.corpus
    projects = args.project or (truth.held_out_in(args.held_out) if args.held_out is not None
                                else truth.PROJECTS)
    print("| project | seeds | ARI mean (range) | kernel | names right | layered whole |")
    print("|---|---:|---|---|---|---|")
    results: dict[str, list[dict[str, Any]]] = {}
    failed = False
    for project in projects:
        try:
            results[project] = figures(project, corpus, command, seeds)
        except (truth.TruthError, RuntimeError) as exc:
            print(f"{project}: {exc}", file=sys.stderr)
            failed = True
            continue
        print(summary(project, results[project]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n",
                             encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
