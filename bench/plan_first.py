#!/usr/bin/env python3
"""The migration plan's first steps on each project, with what a reviewer judges them by.

Each project is analyzed once (the CLI's `pipeline.analyze`, default seed, no cache) and its
seams and sensitive-data facts are kept in ``--keep DIR`` (one pickle per project), so that
``--from DIR`` re-orders them with the current `migration_plan` in seconds: the plan is
ordering only, the seams do not change. Usage::

    python -P bench/plan_first.py [--corpus /work/corpus] [--held-out DIR ...]
        [--project P ...] [--keep DIR | --from DIR] [--steps 3]
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import seams_truth as truth  # noqa: E402

from strangler.adapters.cache import NullStore  # noqa: E402
from strangler.adapters.filesystem import LocalFileSystem  # noqa: E402
from strangler.pipeline import AnalyzeRequest, analyze  # noqa: E402
from strangler.seams.migration import migration_plan  # noqa: E402


def line(project: str, order: int, seam: Any, reason: str) -> str:
    inbound = sum(s.uses for s in seam.interface)
    return (f"| {project} | {order} | `{seam.name}` | {len(seam.modules)} / {seam.loc} | "
            f"{len(seam.routes)} | {len(seam.tables_owned)} | {len(seam.tables_shared)} | "
            f"{inbound} | {seam.difficulty} ({seam.difficulty_score}) | {reason} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=truth.DEFAULT_CORPUS)
    parser.add_argument("--held-out", type=Path, action="append", default=[])
    parser.add_argument("--project", action="append")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--from", dest="source", type=Path)
    parser.add_argument("--steps", type=int, default=3)
    args = parser.parse_args(argv)
    roots: list[tuple[str, Path]] = []
    if args.source:
        roots = [(p.stem, p) for p in sorted(args.source.glob("*.pkl"))]
    else:
        roots = [(p, args.corpus / p) for p in truth.PROJECTS if (args.corpus / p).is_dir()]
        for directory in args.held_out:
            roots += [(p.name, p) for p in sorted(directory.iterdir()) if p.is_dir()]
    if args.project:
        roots = [(p, r) for p, r in roots if p in args.project]
    print("| project | step | seam | modules / lines | routes | tables own | shared | "
          "inbound uses | difficulty | reason |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for project, root in roots:
        if args.source:
            seams, sensitive = pickle.loads(root.read_bytes())
        else:
            seams, sensitive = capture(root)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / f"{project}.pkl").write_bytes(pickle.dumps((seams, sensitive)))
        by_name = {seam.name: seam for seam in seams}
        for step in migration_plan(seams, sensitive)[:args.steps]:
            print(line(project, step.order, by_name[step.seam], step.reason), flush=True)
    return 0


def capture(root: Path) -> tuple[Any, Any]:
    """Run the analysis and keep `migration_plan`'s arguments as the seams stage passes them."""
    import strangler.seams.migration as explain

    calls: list[tuple[Any, Any]] = []

    real = explain.migration_plan

    def recording(seams: Any, sensitive: Any) -> Any:
        calls.append((seams, sensitive))
        return real(seams, sensitive)

    explain.migration_plan = recording
    try:
        analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), NullStore())
    finally:
        explain.migration_plan = real
    return calls[-1]


if __name__ == "__main__":
    raise SystemExit(main())
