"""Import cycles that span seams: where to cut each one, and how many each seam is in."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from strangler.graph import CouplingGraph
    from strangler.seams.metrics import MetricsMemo


def cycle_cuts(graph: CouplingGraph, labels: dict[str, str],
               memo: MetricsMemo | None = None) -> list[str]:
    """Break every import cycle that spans seams where the cut is cheapest.

    Inside one cycle (a strongly connected component) the seams depend on each other in a
    loop; the cycle is broken at the seam level by removing, one loop at a time, the lightest
    seam-to-seam direction (the sum of the weights of its imports), until the seams' own
    dependencies have no loop. Each cut is reported with its imports and lines. `memo` keeps
    the cuts between runs under a digest of all they read (a tenth of the seams stage after
    a one-line edit on apache-superset)."""
    weights = {(d.source, d.target): d.weight for d in graph.dependencies}
    lines = {(d.source, d.target): d.first_line for d in graph.dependencies}
    if memo is None:
        return _cuts(graph, labels, weights, lines)
    key = _cuts_key(graph, labels, weights, lines, memo.salt)
    found = memo.used.get(key) or memo.previous.get(key)
    if not isinstance(found, tuple):
        found = tuple(_cuts(graph, labels, weights, lines))
    memo.used[key] = found
    return list(found)


def _cuts_key(graph: CouplingGraph, labels: dict[str, str],
              weights: dict[tuple[str, str], float], lines: dict[tuple[str, str], int],
              salt: str) -> str:
    """A digest of what `_cuts` reads: each cycle's modules and edges, the weight and first
    line of each edge, and the label of each module in a cycle."""
    import hashlib

    import orjson

    part = [(cycle.modules, cycle.edges, [labels.get(m) for m in cycle.modules],
             [(weights.get((s, t), 0.0), lines.get((s, t), 0)) for s, t, _ in cycle.edges])
            for cycle in graph.cycles]
    try:
        encoded = orjson.dumps(part)
    except orjson.JSONEncodeError:  # a name that is not UTF-8 (lone surrogates)
        encoded = repr(part).encode("utf-8", "surrogateescape")
    return "cuts:" + hashlib.sha256(salt.encode() + b"\0" + encoded).hexdigest()


def _cuts(graph: CouplingGraph, labels: dict[str, str],
          weights: dict[tuple[str, str], float], lines: dict[tuple[str, str], int]
          ) -> list[str]:
    from strangler.graph import strongly_connected

    cuts: list[str] = []
    for cycle in graph.cycles:
        seam_edges: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for source, target, _ in cycle.edges:
            a, b = labels.get(source), labels.get(target)
            if a and b and a != b:
                seam_edges.setdefault((a, b), []).append((source, target))
        # Each direction's weight once: a big cycle is cut in dozens of steps.
        total = {pair: sum(weights.get(e, 0.0) for e in edges)
                 for pair, edges in seam_edges.items()}
        while True:
            loops = [c for c in strongly_connected(list(seam_edges)) if len(c) > 1]
            if not loops:
                break
            inside = set(loops[0])
            weight, a, b = min((total[(a, b)], a, b) for a, b in seam_edges
                               if a in inside and b in inside)
            examples = ", ".join(f"{s} -> {t} (line {lines.get((s, t), 0)})"
                                 for s, t in sorted(seam_edges[(a, b)])[:3])
            cuts.append(f"import cycle of {len(cycle.modules)} modules: break it by cutting "
                        f"{a} -> {b} ({len(seam_edges[(a, b)])} imports, weight "
                        f"{weight:.1f}; e.g. {examples})")
            del seam_edges[(a, b)]
    return cuts


def cross_seam_cycles(graph: CouplingGraph, labels: dict[str, str]) -> dict[str, int]:
    """How many import cycles each seam shares with another seam."""
    counts: dict[str, int] = {}
    for cycle in graph.cycles:
        seams = {labels[m] for m in cycle.modules if m in labels}
        if len(seams) > 1:
            for seam in seams:
                counts[seam] = counts.get(seam, 0) + 1
    return counts
