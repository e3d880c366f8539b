#!/usr/bin/env python3
"""Why layered domains are split: for every reference domain of a layered project that the
proposal does not keep whole, where each stray layer went and what ties its modules to data.

A diagnosis for issue 10 ("cuts follow layers, not domains"), read from the same analysis and
references as ``seams_truth.py`` (the references only say which modules belong together; they
never feed strangler). For each layer whose majority seam (by code lines) is not the domain's
main seam, each of its modules gets one cause, weighed by code lines:

- ``kernel``: the proposal put it in the shared kernel;
- ``root``: a composition root, or left unassigned;
- ``no table``: it maps, reads and writes no table (nothing data-first can say about it);
- ``own tables``: most of its table uses are of tables the domain owns;
- ``other tables``: most of its table uses are of other domains' tables;
- ``with main``: the module itself sits in the main seam (the layer's majority does not).

A table's owner is the reference domain of the module mapping it when that module maps
MAPPER_TABLES tables or fewer (a class-per-table models module); else the reference domain
whose modules use it most (a schema kept in one module, `models/__init__.py`). Usage::

    python bench/seams_causes.py [--corpus /work/corpus] [--project lnbits ...]
    python bench/seams_causes.py --held-out /work/unseen
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import seams_truth as truth  # noqa: E402

MAPPER_TABLES = 3
CAUSES = ("kernel", "root", "no table", "own tables", "other tables", "with main")


@dataclass(frozen=True)
class StrayLayer:
    domain: str
    layer: str
    seam: str  # the layer's majority seam
    main: str  # the domain's main seam
    lines: dict[str, int]  # cause -> code lines


def table_owners(document: Mapping[str, Any], domain_of: Mapping[str, str]) -> dict[str, str]:
    """table -> the reference domain that owns it (see the module docstring)."""
    maps = Counter(model["module"] for table in document["tables"]
                   for model in table.get("models", ()))
    owners: dict[str, str] = {}
    for table in document["tables"]:
        votes: Counter[str] = Counter()
        for model in table.get("models", ()):
            if maps[model["module"]] <= MAPPER_TABLES:
                votes[domain_of.get(model["module"], "")] += 1000
        for access in (*table.get("readers", ()), *table.get("writers", ())):
            votes[domain_of.get(access["module"], "")] += 1
        del votes[""]
        if votes:
            owners[table["name"]] = min(votes, key=lambda d: (-votes[d], d))
    return owners


def stray_layers(document: Mapping[str, Any], reference: Mapping[str, tuple[str, str]],
                 ) -> list[StrayLayer]:
    """The layers that left their domain's main seam, each with its modules' causes."""
    proposal = document.get("proposal") or {}
    place: dict[str, str] = dict(proposal.get("assignment", {}))
    kernel = {k["module"] for k in proposal.get("kernel", ())}
    loc = {m["name"]: max(1, int(m["loc"])) for m in document["modules"]}
    domain_of = {m: label for m, (label, _) in reference.items() if not label.startswith("<")}
    owners = table_owners(document, domain_of)
    uses: dict[str, Counter[str]] = defaultdict(Counter)
    for table in document["tables"]:
        for access in (*table.get("readers", ()), *table.get("writers", ())):
            uses[access["module"]][table["name"]] += 1
        for model in table.get("models", ()):
            uses[model["module"]][table["name"]] += 1

    def seam(module: str) -> str:
        return "<kernel>" if module in kernel else place.get(module, "<root or unassigned>")

    layers: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for module, (label, layer) in reference.items():
        if layer and module in loc:
            layers[label][layer].append(module)
    found: list[StrayLayer] = []
    for domain in sorted(layers):
        by_layer = layers[domain]
        if len(by_layer) < 2:
            continue
        weight: Counter[str] = Counter()
        for members in by_layer.values():
            for m in members:
                weight[seam(m)] += loc[m]
        main = min(weight, key=lambda s: (-weight[s], s))
        for layer in sorted(by_layer):
            members = by_layer[layer]
            here: Counter[str] = Counter()
            for m in members:
                here[seam(m)] += loc[m]
            majority = min(here, key=lambda s: (-here[s], s))
            if majority == main:
                continue
            lines: Counter[str] = Counter()
            for m in members:
                lines[_cause(m, seam(m), main, uses.get(m, Counter()), owners, domain)] += loc[m]
            found.append(StrayLayer(domain, layer, majority, main, dict(lines)))
    return found


def _cause(module: str, seam: str, main: str, uses: Counter[str], owners: Mapping[str, str],
           domain: str) -> str:
    if seam == main:
        return "with main"
    if seam == "<kernel>":
        return "kernel"
    if seam.startswith("<"):
        return "root"
    if not uses:
        return "no table"
    own = sum(n for table, n in uses.items() if owners.get(table) == domain)
    return "own tables" if own * 2 > sum(uses.values()) else "other tables"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=truth.DEFAULT_CORPUS)
    parser.add_argument("--project", action="append", choices=truth.PROJECTS + truth.HELD_OUT)
    parser.add_argument("--held-out", type=Path, metavar="DIR",
                        help="the held-out projects found in DIR instead of the corpus")
    parser.add_argument("--strangler", default=f"{shlex.quote(sys.executable)} -m strangler")
    args = parser.parse_args(argv)
    corpus = args.held_out if args.held_out is not None else args.corpus
    projects = args.project or (truth.held_out_in(args.held_out) if args.held_out is not None
                                 else truth.PROJECTS)
    totals: list[tuple[str, Counter[str]]] = []
    for project in projects:
        held = truth.TRUTH / "held_out" / f"{project}.toml"
        ref = truth.Reference.load(held if held.exists() else truth.TRUTH / f"{project}.toml")
        if not ref.layered or not (corpus / project).is_dir():
            continue
        with tempfile.TemporaryDirectory(prefix="seams-causes-") as tmp:
            document, _ = truth.run_analyze(shlex.split(args.strangler), corpus / project,
                                            Path(tmp) / "out")
        classified, _ = ref.classify({m["name"] for m in document["modules"]})
        reference = {m: v for m, v in classified.items() if v[0] != "<ignore>"}
        total: Counter[str] = Counter()
        for stray in stray_layers(document, reference):
            total.update(stray.lines)
            shown = ", ".join(f"{c} {stray.lines[c]}" for c in CAUSES if c in stray.lines)
            print(f"{project}: {stray.domain}.{stray.layer} -> {stray.seam} (main seam "
                  f"{stray.main}): {shown}", file=sys.stderr)
        totals.append((project, total))
    print("| project | " + " | ".join(CAUSES) + " |")
    print("|---|" + "---:|" * len(CAUSES))
    for project, total in totals:
        print(f"| {project} | " + " | ".join(str(total.get(c, 0)) for c in CAUSES) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
