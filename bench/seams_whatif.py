"""What each kind of disagreement with the reference costs: ARI ceilings of one seed's proposal.

Reads an `analysis.json` (or runs `strangler analyze` once) and scores the proposal as
`bench/seams_truth.py` does, then again with ONE kind of error repaired by an oracle that
reads the reference, so a session can see which cause is worth a rule before writing one:

- `merge`: seams whose majority (by lines) is the same reference domain merged into one
  (the cost of splitting a domain into several seams: sub-entities, per-model-file words);
- `platform`: the seams whose majority is the reference kernel moved into the kernel whole
  (platform packages clustered as if they were a domain);
- `kernel+`: reference-kernel modules that the proposal put in a seam, a root or alone moved
  into the kernel (platform code left in domain seams);
- `kernel-`: modules the proposal put in the kernel that the reference gives a domain moved
  to the seam holding most of that domain (domain code taken for platform), and reference
  singletons in the kernel left alone (`single-` alone);
- `strays`: a seam's modules whose reference domain is not the seam's majority moved to the
  seam holding most of their domain (one domain's logic left in another's slice).

Never an accepted figure: the oracle reads the answer. Only a diagnosis.

    .venv/bin/python -P bench/seams_whatif.py [--held-out DIR] --project P [--out DIR] [--list]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import seams_truth as st  # noqa: E402

KERNEL = "<kernel>"


def _alone(module: str) -> str:
    return f"<alone:{module}>"


def labelings(document: dict[str, Any], project: str
              ) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    """(proposal, reference, lines) over the reference's modules, as seams_truth scores them."""
    held = st.TRUTH / "held_out" / f"{project}.toml"
    ref = st.Reference.load(held if held.exists() else st.TRUTH / f"{project}.toml")
    loc = {m["name"]: int(m["loc"]) for m in document["modules"]}
    classified, _ = ref.classify(loc)
    reference = {m: v for m, v in classified.items() if v[0] != "<ignore>"}
    proposal = document.get("proposal") or {}
    assignment = dict(proposal.get("assignment", []))
    kernel = {k["module"] for k in proposal.get("kernel", [])}
    predicted = {m: KERNEL if m in kernel else assignment.get(m, _alone(m)) for m in reference}
    truth = {m: _alone(m) if label == "<single>" else label
             for m, (label, _) in reference.items()}
    return predicted, truth, loc


def _majorities(predicted: Mapping[str, str], truth: Mapping[str, str],
                loc: Mapping[str, int]) -> dict[str, str]:
    weight: dict[str, Counter[str]] = defaultdict(Counter)
    for m, seam in predicted.items():
        weight[seam][truth[m]] += max(1, loc.get(m, 0))
    return {seam: min(c, key=lambda d: (-c[d], d)) for seam, c in weight.items()}


def _domain_seams(predicted: Mapping[str, str], truth: Mapping[str, str]) -> dict[str, str]:
    """Each reference domain's main seam outside the kernel (by modules)."""
    count: dict[str, Counter[str]] = defaultdict(Counter)
    for m, seam in predicted.items():
        if seam != KERNEL:
            count[truth[m]][seam] += 1
    return {d: min(c, key=lambda s: (-c[s], s)) for d, c in count.items()}


def _is_seam(label: str) -> bool:
    return not label.startswith("<")


def repairs(predicted: Mapping[str, str], truth: Mapping[str, str], loc: Mapping[str, int]
            ) -> dict[str, tuple[dict[str, str], list[str]]]:
    """Each oracle repair: (labels after it, the modules it moved)."""
    majority = _majorities(predicted, truth, loc)
    home = _domain_seams(predicted, truth)
    out: dict[str, tuple[dict[str, str], list[str]]] = {}

    def apply(name: str, change: dict[str, str]) -> None:
        moved = sorted(m for m, label in change.items() if label != predicted[m])
        out[name] = ({**predicted, **change}, moved)

    per_domain = Counter(majority[s] for s in set(predicted.values()) if _is_seam(s))
    merged = {m: f"<merged:{majority[s]}>" for m, s in predicted.items()
              if _is_seam(s) and _is_seam(majority[s]) and per_domain[majority[s]] > 1}
    out["merge"] = ({**predicted, **merged}, sorted(merged))
    apply("platform", {m: KERNEL for m, s in predicted.items()
                       if _is_seam(s) and majority[s] == KERNEL})
    apply("kernel+", {m: KERNEL for m, s in predicted.items()
                      if truth[m] == KERNEL and s != KERNEL})
    apply("kernel-", {m: (_alone(m) if not _is_seam(truth[m]) else home.get(truth[m], _alone(m)))
                      for m, s in predicted.items() if s == KERNEL and truth[m] != KERNEL})
    apply("single-", {m: _alone(m) for m, s in predicted.items()
                      if s == KERNEL and truth[m].startswith("<alone:")})
    apply("strays", {m: home[truth[m]] for m, s in predicted.items()
                     if _is_seam(s) and _is_seam(truth[m]) and majority[s] != truth[m]
                     and home.get(truth[m], KERNEL) != KERNEL})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=st.DEFAULT_CORPUS)
    parser.add_argument("--held-out", type=Path, metavar="DIR")
    parser.add_argument("--project", action="append", required=True)
    parser.add_argument("--out", type=Path, metavar="DIR",
                        help="an analyze output directory holding analysis.json (one project)")
    parser.add_argument("--list", action="store_true", help="name the modules each repair moves")
    args = parser.parse_args(argv)
    corpus = args.held_out or args.corpus
    print("| project | ARI | merge | platform | kernel+ | kernel- | single- | strays |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for project in args.project:
        if args.out:
            document = json.loads((args.out / "analysis.json").read_text(encoding="utf-8"))
        else:
            with tempfile.TemporaryDirectory(prefix="seams-whatif-") as tmp:
                subprocess.run([sys.executable, "-m", "strangler", "analyze",
                                str(corpus / project), "--out", tmp, "--no-cache", "--no-svg",
                                "--quiet"], check=True, capture_output=True)
                document = json.loads((Path(tmp) / "analysis.json").read_text(encoding="utf-8"))
        predicted, truth, loc = labelings(document, project)
        fixed = repairs(predicted, truth, loc)
        cells = [f"{st.adjusted_rand_index(labels, truth):.3f} ({len(moved)})"
                 for labels, moved in fixed.values()]
        print(f"| {project} | {st.adjusted_rand_index(predicted, truth):.3f} | "
              + " | ".join(cells) + " |")
        if args.list:
            for name, (_, moved) in fixed.items():
                for m in sorted(moved, key=lambda m: (-loc.get(m, 0), m)):
                    print(f"  {name}: {m} ({loc.get(m, 0)} lines) proposal={predicted[m]} "
                          f"reference={truth[m]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
