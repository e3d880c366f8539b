#!/usr/bin/env python3
"""`seams_seeds.py` in one process, and the kernel modules that flip with the first pass.

`seams_seeds.py` runs `strangler analyze` once per seed: parsing and linking each time,
several minutes per set of ten seeds on the shared machine. Here each project is analyzed
once (the same `pipeline.analyze` the CLI runs, without a cache), the seams stage's inputs
are kept, and only `propose_seams` runs again per seed, with `seed = N` as a configuration
file would set it: the same figures in about half a minute for the five corpus projects
(checked equal to `seams_seeds.py` on the ten projects at 1dcce4b, docs/benchmarks.md).

`--flips N` shows where the seed spread comes from: the kernel choice (`find_kernel`) is
run on the first, kernel-blind Louvain grouping of `seam_core` at N seeds (the rest of the
input unchanged), and the modules chosen at some seeds but not all are listed with how
often they were chosen and their lines of code. Usage::

    python -P bench/seams_sweep.py [--seeds 42,1,2,3,4,5,6,7,8,9] [--project P ...]
        [--held-out /work/unseen] [--flips N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import seams_truth as truth  # noqa: E402
from seams_seeds import summary  # noqa: E402

from strangler.adapters.cache import NullStore  # noqa: E402
from strangler.adapters.filesystem import LocalFileSystem  # noqa: E402
from strangler.pipeline import AnalyzeRequest, analyze  # noqa: E402


@dataclass(frozen=True)
class SeamsInput:
    """What `propose_seams` reads, as one real analysis handed it over."""

    index: Any
    graph: Any
    request: Any
    commits: tuple[tuple[str, tuple[str, ...]], ...]


@contextmanager
def _spy(module: Any, name: str, calls: list[tuple[Any, ...]]) -> Iterator[None]:
    """Record the arguments of every call of `module.name` (the pipeline imports the
    seams' functions when it runs, so the recording one is the one it calls)."""
    original = getattr(module, name)

    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append((args, kwargs))
        return original(*args, **kwargs)

    setattr(module, name, recording)
    try:
        yield
    finally:
        setattr(module, name, original)


def seams_input(root: Path) -> SeamsInput:
    """Analyze `root` once (no cache, no files written) and keep the seams stage's input."""
    import strangler.seams as seams

    calls: list[tuple[Any, ...]] = []
    with _spy(seams, "propose_seams", calls):
        analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), NullStore())
    (index, graph, request, *rest), _ = calls[0]
    return SeamsInput(index, graph, request, tuple(rest[0]) if rest else ())


def reference_for(project: str, loc: dict[str, int]) -> tuple[Any, dict[str, tuple[str, str]]]:
    held_out = truth.TRUTH / "held_out" / f"{project}.toml"
    ref = truth.Reference.load(held_out if held_out.exists() else
                               truth.TRUTH / f"{project}.toml")
    classified, _ = ref.classify(loc)
    return ref, {m: v for m, v in classified.items() if v[0] != "<ignore>"}


def proposal_at(found: SeamsInput, seed: int) -> Any:
    """The proposal `strangler analyze` makes with `seed = N` in its configuration."""
    from strangler.seams import propose_seams

    request = replace(found.request, config=replace(found.request.config, seed=seed))
    return propose_seams(found.index, found.graph, request, found.commits)


def seed_figures(found: SeamsInput, project: str, seeds: list[int]) -> list[dict[str, Any]]:
    """The proposal's figures (as `seams_truth.score` gives them) for each seed."""
    loc = {m.name: m.loc for m in found.index.modules}
    ref, reference = reference_for(project, loc)
    rows = []
    for seed in seeds:
        proposal = proposal_at(found, seed)
        score = truth.score(dict(proposal.assignment), {k.module for k in proposal.kernel},
                            reference, ref, loc, True)
        rows.append({"seed": seed, **{k: v for k, v in vars(score).items() if k != "misses"}})
    return rows


def kernel_flips(found: SeamsInput, seeds: range) -> tuple[Counter[str], int]:
    """How often each module is chosen by `find_kernel` over the first-pass groupings of
    `seeds` (everything else as `seam_core` gives it at the configured seed)."""
    import strangler.seams.kernel as kernel
    import strangler.seams.louvain as louvain
    from strangler.seams import seam_core

    firsts: list[tuple[Any, ...]] = []
    kernels: list[tuple[Any, ...]] = []
    with _spy(louvain, "louvain_communities", firsts), _spy(kernel, "find_kernel", kernels):
        seam_core(found.index, found.graph, found.request, found.commits)
    (nodes, edges, resolution, _), _ = firsts[0]  # the first, kernel-blind run
    (index, graph, config, _, roots, *_), _ = kernels[0]
    modules = {m.name for m in found.index.modules}
    chosen: Counter[str] = Counter()
    for seed in seeds:
        clusters = {m: str(i) for i, c in enumerate(louvain.louvain_communities(
            nodes, edges, resolution, seed)) for m in c if m in modules}
        chosen.update(k.module for k in kernel.find_kernel(index, graph, config, clusters,
                                                            roots))
    return chosen, len(seeds)


def flips_line(project: str, chosen: Counter[str], runs: int, loc: dict[str, int]) -> str:
    always = [m for m, n in chosen.items() if n == runs]
    flipping = sorted((m for m, n in chosen.items() if n < runs), key=lambda m: (-loc[m], m))
    shown = ", ".join(f"{m} {chosen[m]}/{runs} ({loc[m]} lines)" for m in flipping)
    return (f"{project}: kernel at every seed {len(always)} modules "
            f"({sum(loc[m] for m in always)} lines); at some seeds only {len(flipping)} "
            f"({sum(loc[m] for m in flipping)} lines): {shown or 'none'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=truth.DEFAULT_CORPUS)
    parser.add_argument("--held-out", type=Path, metavar="DIR")
    parser.add_argument("--project", action="append", choices=truth.PROJECTS + truth.HELD_OUT)
    parser.add_argument("--seeds", default="42,1,2,3,4,5,6,7,8,9")
    parser.add_argument("--flips", type=int, metavar="N", default=0,
                        help="list the kernel modules that change over N first-pass seeds")
    parser.add_argument("--json", type=Path, help="write the raw figures here")
    args = parser.parse_args(argv)
    corpus = args.held_out or args.corpus
    projects = args.project or list(truth.held_out_in(args.held_out) if args.held_out
                                    else truth.PROJECTS)
    seeds = [int(s) for s in args.seeds.split(",")]
    found_all: dict[str, Any] = {}
    if not args.flips:
        print("| project | seeds | ARI mean (range) | kernel | names right | layered whole |")
        print("|---|---:|---|---|---|---|")
    for project in projects:
        found = seams_input(corpus / project)
        if args.flips:
            chosen, runs = kernel_flips(found, range(args.flips))
            loc = {m.name: m.loc for m in found.index.modules}
            print(flips_line(project, chosen, runs, loc), flush=True)
            found_all[project] = {"runs": runs, "chosen": dict(sorted(chosen.items()))}
        else:
            rows = seed_figures(found, project, seeds)
            print(summary(project, rows), flush=True)
            found_all[project] = rows
    if args.json:
        args.json.write_text(json.dumps(found_all, indent=2, default=list), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
