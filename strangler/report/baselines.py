"""The proposal against each baseline, in words: which metrics it clearly wins, ties or loses,
and a conclusion when a baseline does as well. One sentence source for report.md and
index.html."""

from __future__ import annotations

from typing import Literal

from strangler.model import RELATIVE_TIE

TIE = RELATIVE_TIE  # a relative gap under 5% is too small to choose one partition over another by
BETTER: dict[str, Literal["higher", "lower", ""]] = {
    "services": "", "modularity": "higher", "icp": "lower", "sm": "higher", "ifn": "lower",
    "ned": "lower", "mq": "higher", "cohesion": "higher", "coupling": "lower",
    "tx_purity": "higher", "bcp": "lower"}
# Metric → (the name a reader knows it by, what it measures, what the side that wins has,
# what the side that loses has).
WORDS: dict[str, tuple[str, str, str, str]] = {
    "modularity": ("modularity", "weight inside services beyond chance",
                   "more weight inside services than chance would put there",
                   "less weight inside services than chance would put there"),
    "icp": ("ICP", "dependencies crossing services", "fewer dependencies crossing services",
            "more dependencies crossing services"),
    "sm": ("SM", "density inside services against across them",
           "denser inside services than across them",
           "less dense inside services than across them"),
    "ifn": ("IFN", "public symbols used from other services",
            "fewer public symbols used from other services",
            "more public symbols used from other services"),
    "ned": ("NED", "services too small or too big", "fewer services too small or too big",
            "more services too small or too big"),
    "mq": ("MQ", "inside against boundary edges", "more inside than boundary edges",
           "fewer inside than boundary edges"),
    "cohesion": ("cohesion", "weight each service keeps inside",
                 "more of each service's weight kept inside it",
                 "less of each service's weight kept inside it"),
    "coupling": ("coupling", "dependency weight crossing services",
                 "less dependency weight crossing services",
                 "more dependency weight crossing services"),
    "tx_purity": ("transactional purity", "tables used by one service only",
                  "more tables used by one service only", "fewer tables used by one service only"),
    "bcp": ("BCP", "business contexts per service", "fewer business contexts per service",
            "more business contexts per service"),
}
BASELINE_NAMES = {"packages": "one service per package",
                  "import_louvain": "plain Louvain clustering of the import graph"}
# Baseline → (its name as a subject, what to do when it does as well as the proposal).
ADVICE = {
    "packages": ("The package baseline",
                 "consider starting from your packages as services, taking from the proposal "
                 "only where it is clearly better"),
    "import_louvain": ("Plain Louvain clustering of the import graph",
                       "the proposal's extra signals (data, routes, history) add little here; "
                       "check its services against the import graph before trusting them"),
}
SHOWN = 3  # metrics named per group; the rest are counted

Gap = tuple[float, str, float, float]  # relative gap, metric, proposal, baseline


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) >= 0.01 or value == 0 else f"{value:.1e}"


def compare(proposal: dict[str, float], other: dict[str, float]
            ) -> tuple[list[Gap], list[Gap], list[Gap]]:
    """The metrics both have, split into clear wins, ties (gap under TIE) and clear losses of
    the proposal, each largest gap first (then by name, for a stable order)."""
    groups: tuple[list[Gap], list[Gap], list[Gap]] = ([], [], [])
    for key, direction in BETTER.items():
        if not direction or key not in proposal or key not in other:
            continue
        mine, theirs = float(proposal[key]), float(other[key])
        gap = abs(mine - theirs) / max(abs(mine), abs(theirs), 1e-9)
        wins = mine > theirs if direction == "higher" else mine < theirs
        groups[1 if gap < TIE else 0 if wins else 2].append((gap, key, mine, theirs))
    for group in groups:
        group.sort(key=lambda g: (-g[0], g[1]))
    return groups


def _named(gaps: list[Gap], column: int) -> str:
    """Up to SHOWN metrics in the words of WORDS' column (1: what it measures, for ties;
    2: the proposal's wins, 3: its losses, with both figures), then how many more."""
    shown = [f"{WORDS[k][column]} ({WORDS[k][0]}"
             + (f" {_number(m)} vs {_number(t)})" if column > 1 else ")")
             for _, k, m, t in gaps[:SHOWN]]
    rest = len(gaps) - SHOWN
    return ", ".join(shown) + (f" and {rest} more" if rest > 0 else "")


def baseline_sentence(baseline: str, proposal: dict[str, float],
                      other: dict[str, float]) -> str:
    """The proposal against one baseline: wins, ties and losses, and a conclusion when the
    baseline is as good or better on half the metrics or more."""
    better, ties, worse = compare(proposal, other)
    total = len(better) + len(ties) + len(worse)
    text = (f"Against {BASELINE_NAMES[baseline]} ({other.get('services', 0):g} services), the "
            f"proposal ({proposal.get('services', 0):g} services) is clearly better on "
            f"{len(better)} of {total} metrics")
    parts = [text + (": " + _named(better, 2) if better else "")]
    if ties:
        parts.append(f"within {TIE:.0%} (a tie) on {len(ties)}: {_named(ties, 1)}")
    parts.append(f"worse on {len(worse)}: {_named(worse, 3)}" if worse else "worse on none")
    sentence = "; ".join(parts) + "."
    subject, advice = ADVICE[baseline]
    if total and 2 * (len(ties) + len(worse)) >= total:
        if len(worse) > len(better):
            sentence += (f" {subject} is clearly better on {len(worse)} of {total} metrics, "
                         f"the proposal on only {len(better)}: {advice}.")
        else:
            sentence += (f" {subject} is as good or better on {len(ties) + len(worse)} of "
                         f"{total} metrics: {advice}.")
    elif total:
        sentence += " On balance the proposal is ahead of this baseline."
    return sentence


def baselines_in_words(metrics: dict[str, dict[str, float]]) -> list[str]:
    """One sentence per baseline the analysis scored, in BASELINE_NAMES order."""
    proposal = metrics.get("proposal")
    if not proposal:
        return []
    return [baseline_sentence(baseline, proposal, metrics[baseline])
            for baseline in BASELINE_NAMES if metrics.get(baseline)]
