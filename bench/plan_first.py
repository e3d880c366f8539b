#!/usr/bin/env python3
"""The migration plan's first steps on each project, with what a reviewer judges them by.

Each project is analyzed once (the CLI's `pipeline.analyze`, default seed, no cache) and what
`migration_plan` was given is kept in ``--keep DIR`` (one pickle per project, with the index),
so that ``--from DIR`` re-orders it with the current `migration_plan` in seconds: the plan is
ordering only, the seams do not change.

Per step: size, routes, owned and shared tables, inbound uses, difficulty, the reference
domain most of its lines belong to (bench/truth, `<kernel>` for the reference's kernel) and
flags a reviewer would raise on a FIRST step:

- ``KERNEL``: most of its lines are in the reference's kernel (platform, not a service);
- ``LAYER``: most of its lines are one reference layer spread over several reference domains
  (a horizontal cut: `db/`, `data/`, `api/` of many domains);
- ``BACKEND``: the deepest package holding most of its modules is named like a back-end,
  codec, cache, storage or data-access layer (a domain's own `backend/` below it, ckan's
  `datastore/backend`, does not count); a reviewer's word list for the flag only,
  strangler's own rules do not use it;
- ``SPLIT``: no reference domain holds half its lines.

A first step flagged KERNEL, LAYER or BACKEND is marked ``FIRST!`` when the plan offers it as
a service, ``FIRST(declined)`` when the plan's own reason says it is "not a service to start
with" (no seam qualifies, and the plan says so).

Usage::

    python -P bench/plan_first.py [--corpus /work/corpus] [--held-out DIR ...]
        [--project P ...] [--keep DIR | --from DIR] [--steps 3] [--all]
"""

from __future__ import annotations

import argparse
import inspect
import pickle
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import seams_truth as truth  # noqa: E402

from strangler.adapters.cache import NullStore  # noqa: E402
from strangler.adapters.filesystem import LocalFileSystem  # noqa: E402
from strangler.pipeline import AnalyzeRequest, analyze  # noqa: E402
from strangler.seams.migration import migration_plan  # noqa: E402

# A reviewer's words for packages that are platform layers, not services (the flag only).
BACKEND_WORDS = frozenset({
    "db", "database", "data", "dal", "dao", "daos", "backend", "backends", "cache", "caches",
    "storage", "storages", "store", "stores", "driver", "drivers", "codec", "codecs",
    "compression", "serializers", "serialization", "schemas", "persistence", "repositories",
    "repository", "orm", "sql", "queries"})


def reference(project: str, loc: dict[str, int]) -> dict[str, tuple[str, str]]:
    """module -> (reference label, layer) for the modules the reference does not ignore."""
    held_out = truth.TRUTH / "held_out" / f"{project}.toml"
    path = held_out if held_out.exists() else truth.TRUTH / f"{project}.toml"
    if not path.exists():
        return {}
    ref = truth.Reference.load(path)
    classified, _ = ref.classify(loc)
    return {m: v for m, v in classified.items() if v[0] != "<ignore>"}


def judge(seam: Any, loc: dict[str, int], ref: dict[str, tuple[str, str]],
          packages: set[str]) -> tuple[str, list[str]]:
    """(reference majority 'label share%' , flags) of one seam, weighed by lines."""
    labels: Counter[str] = Counter()
    layers: Counter[str] = Counter()
    layer_domains: dict[str, set[str]] = {}
    below: Counter[str] = Counter()
    total = 0
    for module in seam.modules:
        lines = max(loc.get(module, 1), 1)
        total += lines
        label, layer = ref.get(module, ("?", ""))
        labels[label] += lines
        if layer:
            layers[layer] += lines
            layer_domains.setdefault(layer, set()).add(label)
        home = module if module in packages else module.rsplit(".", 1)[0]
        parts = home.split(".")
        for depth in range(1, len(parts) + 1):
            below[".".join(parts[:depth])] += 1
    flags: list[str] = []
    if not labels:
        return "-", flags
    top, lines = max(sorted(labels.items()), key=lambda kv: kv[1])
    share = lines / total
    if top == truth.KERNEL:
        flags.append("KERNEL")
    if layers:
        layer, layer_lines = max(sorted(layers.items()), key=lambda kv: kv[1])
        if 2 * layer_lines > total and len(layer_domains[layer]) > 1 and share < 0.75:
            flags.append(f"LAYER({layer})")
    main = max(sorted(p for p, n in below.items() if 2 * n > len(seam.modules)),
               key=lambda p: p.count("."), default="")
    if "." in main and main.rsplit(".", 1)[-1] in BACKEND_WORDS:
        flags.append("BACKEND")
    if share < 0.5:
        flags.append("SPLIT")
    return f"{top} {share:.0%}", flags


def line(project: str, order: int, seam: Any, reason: str, majority: str,
         flags: list[str], full: bool) -> str:
    inbound = sum(s.uses for s in seam.interface)
    why = reason if full else reason.split(";")[0].replace("first: ", "")
    return (f"| {project} | {order} | `{seam.name}` | {len(seam.modules)} / {seam.loc} | "
            f"{len(seam.routes)} | {len(seam.tables_owned)} | {len(seam.tables_shared)} | "
            f"{inbound} | {seam.difficulty} | {majority} | {' '.join(flags) or '-'} | "
            f"{why} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=truth.DEFAULT_CORPUS)
    parser.add_argument("--held-out", type=Path, action="append", default=[])
    parser.add_argument("--project", action="append")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--from", dest="source", type=Path)
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="the whole reason of each step")
    args = parser.parse_args(argv)
    roots: list[tuple[str, Path]] = []
    if args.source:
        roots = [(p.stem, p) for p in sorted(args.source.glob("*.pkl"))]
        order = {p: i for i, p in enumerate(truth.PROJECTS + truth.HELD_OUT)}
        roots.sort(key=lambda pr: (order.get(pr[0], len(order)), pr[0]))
    else:
        roots = [(p, args.corpus / p) for p in truth.PROJECTS if (args.corpus / p).is_dir()]
        for directory in args.held_out:
            roots += [(p, directory / p) for p in truth.held_out_in(directory)]
    if args.project:
        roots = [(p, r) for p, r in roots if p in args.project]
    print("| project | step | seam | modules / lines | routes | tables own | shared | "
          "inbound uses | difficulty | reference majority | flags | reason |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    flagged = declined = split = 0
    for project, root in roots:
        if args.source:
            kept = pickle.loads(root.read_bytes())
        else:
            kept = capture(root)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / f"{project}.pkl").write_bytes(pickle.dumps(kept))
        seams, sensitive, index = kept["seams"], kept["sensitive"], kept["index"]
        loc = {m.name: m.loc for m in index.modules}
        packages = {m.name for m in index.modules if m.is_package}
        ref = reference(project, loc)
        by_name = {seam.name: seam for seam in seams}
        plan = call_plan(seams, sensitive, index)
        for step in plan[:args.steps]:
            seam = by_name[step.seam]
            majority, flags = judge(seam, loc, ref, packages)
            if step.order == 1 and ({f.split("(")[0] for f in flags}
                                    & {"KERNEL", "LAYER", "BACKEND"}):
                # A first step the plan itself calls no service is declined, not offered.
                if "not a service to start with" in step.reason:
                    declined += 1
                    flags = ["FIRST(declined)"] + flags
                else:
                    flagged += 1
                    flags = ["FIRST!"] + flags
            elif step.order == 1 and "SPLIT" in flags and (
                    "not a service to start with" not in step.reason):
                split += 1
            print(line(project, step.order, seam, step.reason, majority, flags, args.full),
                  flush=True)
    print(f"\nfirst steps offered as a service but flagged KERNEL, LAYER or BACKEND: {flagged} "
          f"of {len(roots)}; flagged but declined by the plan (\"not a service to start "
          f"with\"): {declined}; offered and only SPLIT (no reference domain holds half its "
          f"lines): {split}")
    return 0


def call_plan(seams: Any, sensitive: Any, index: Any) -> Any:
    """`migration_plan` with the arguments its current signature takes."""
    params = inspect.signature(migration_plan).parameters
    if "entries" in params:
        from strangler.seams.migration import backend_modules, entry_modules

        return migration_plan(seams, sensitive, backend_modules(index), entry_modules(index))
    if "backends" in params:
        from strangler.seams.migration import backend_modules

        return migration_plan(seams, sensitive, backend_modules(index))
    return migration_plan(seams, sensitive)


def capture(root: Path) -> dict[str, Any]:
    """Run the analysis and keep `migration_plan`'s arguments as the seams stage passes them,
    with the project's index."""
    import strangler.seams as stage
    import strangler.seams.migration as explain

    plans: list[tuple[Any, ...]] = []
    proposals: list[tuple[Any, ...]] = []
    real_plan, real_propose = explain.migration_plan, stage.propose_seams

    def recording(*args: Any) -> Any:
        plans.append(args)
        return real_plan(*args)

    def proposing(*args: Any, **kwargs: Any) -> Any:
        proposals.append(args)
        return real_propose(*args, **kwargs)

    explain.migration_plan, stage.propose_seams = recording, proposing
    try:
        analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), NullStore())
    finally:
        explain.migration_plan, stage.propose_seams = real_plan, real_propose
    return {"seams": plans[-1][0], "sensitive": plans[-1][1], "index": proposals[-1][0]}


if __name__ == "__main__":
    raise SystemExit(main())
