"""The shared kernel chosen by a vote over several first passes (the kernel's seed spread).

`kernel.find_kernel` counts a module's breadth over a first, kernel-blind Louvain grouping.
Louvain's answer depends on its seed, and a module near a breadth bar (three first-pass
groups, 30% of them) is kernel at one seed and not at the next: CKAN's kernel share ran
from 24% to 30% over ten seeds, and the seams built around it moved with it. A team that
reruns the analysis with another seed should not see its platform change.

So the first pass runs at the configured seed and at a few seeds derived from it (hashed,
so the set is the same on every run with that seed), `find_kernel` reads each, and a
module is kernel when most of the passes make it kernel (the same for the `late` kernel
and the `enclosed` modules). Its reason is the one the first pass that chose it wrote,
the configured seed's first. The configured seed's grouping stays the first pass that
the later rules read (fan-out hubs, loose commands, helpers). The derived passes run in
forked children (`parallel.in_child`) while the parent runs its own.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.config import SeamConfig

# First passes read: the configured seed and this many less one derived seeds. Five
# passes narrowed the kernel's spread; three left a two-of-three vote that still flipped.
PASSES = 5

Pass = tuple[dict[str, str], list[KernelModule], list[KernelModule], list[str]]


def derived_seeds(seed: int, count: int = PASSES) -> list[int]:
    """The configured seed, then `count - 1` seeds hashed from it (stable across runs)."""
    seeds = [seed]
    for i in range(1, count):
        digest = hashlib.blake2b(f"kernel-vote:{seed}:{i}".encode(), digest_size=4).digest()
        seeds.append(int.from_bytes(digest, "big"))
    return seeds


def _one_pass(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig,
              nodes: list[str], edges: list[tuple[str, str, float]], modules: frozenset[str],
              roots: frozenset[str], seed: int) -> Pass:
    from strangler.seams import kernel as kernel_module
    from strangler.seams.louvain import louvain_communities

    first_pass = {m: str(i) for i, c in enumerate(louvain_communities(nodes, edges, 1.0, seed))
                  for m in c if m in modules}
    enclosed: set[str] = set()
    late: list[KernelModule] = []
    # (looked up at call time: a test may stand in for it)
    kernel = kernel_module.find_kernel(index, graph, config, first_pass, roots, enclosed, late)
    return first_pass, kernel, late, sorted(enclosed)


def voted_kernel(index: ProjectIndex, graph: CouplingGraph, config: SeamConfig,
                 nodes: Iterable[str], edges: Iterable[tuple[str, str, float]],
                 modules: Iterable[str], roots: Iterable[str], passes: int = PASSES
                 ) -> tuple[dict[str, str], list[KernelModule], list[KernelModule], set[str]]:
    """The configured seed's first pass, and the kernel, `late` kernel and enclosed modules
    that most of the `passes` first passes choose (see the module's docstring)."""
    from strangler.seams.parallel import in_child

    node_list, edge_list = sorted(nodes), sorted(edges)
    module_set, root_set = frozenset(modules), frozenset(roots)
    seeds = derived_seeds(config.seed, passes)
    pending = [in_child(_one_pass, index, graph, config, node_list, edge_list, module_set,
                        root_set, seed) for seed in seeds[1:]]
    runs = [_one_pass(index, graph, config, node_list, edge_list, module_set, root_set,
                      seeds[0])]
    runs.extend(p.result() for p in pending)
    if len(runs) == 1:
        first_pass, kernel, late, enclosed = runs[0]
        return first_pass, kernel, late, set(enclosed)
    need = len(runs) // 2 + 1
    in_kernel: Counter[str] = Counter()
    in_late: Counter[str] = Counter()
    in_enclosed: Counter[str] = Counter()
    reasons: dict[tuple[str, str], KernelModule] = {}
    order: dict[str, None] = {}  # (first seen first: the configured seed's order)
    for _, kernel, late, enclosed in runs:
        for kind, found, counts in (("kernel", kernel, in_kernel), ("late", late, in_late)):
            for k in found:
                counts[k.module] += 1
                reasons.setdefault((kind, k.module), k)
                order.setdefault(k.module, None)
        in_enclosed.update(enclosed)
    voted: list[KernelModule] = []
    voted_late: list[KernelModule] = []
    for name in order:
        if in_kernel[name] + in_late[name] < need:
            continue
        # (kernel now or only after the clustering: after it when a pass says so, so that
        # a module some passes doubt does not reshape the clustering)
        if in_late[name]:
            voted_late.append(reasons.get(("late", name)) or reasons[("kernel", name)])
        else:
            voted.append(reasons[("kernel", name)])
    enclosed_set = {m for m, n in in_enclosed.items() if n >= need}
    return runs[0][0], voted, voted_late, enclosed_set
