"""The proposal in a few terminal lines: the services in migration order and the first step."""

from __future__ import annotations

import shlex
from pathlib import Path

from strangler.model import Seam, SeamProposal, first_step_why, plural

MAX_LISTED = 12  # services named on the line; the rest are counted (all are in report.md)


def why_first(seam: Seam) -> str:
    """Why the plan's first seam goes first (`model.first_step_why`, as the reports say it)."""
    return first_step_why(len(seam.tables_shared), sum(s.uses for s in seam.interface),
                          len(seam.used_by), seam.difficulty)


def proposal_lines(proposal: SeamProposal, path: Path) -> list[str]:
    """`services: ...`, `first step: ...` and the command that starts it (a dry run)."""
    if not proposal.seams:
        return ["services: none proposed (see report.md for why)"]
    by_name = {seam.name: seam for seam in proposal.seams}
    order = [step.seam for step in sorted(proposal.plan, key=lambda s: s.order)
             if step.seam in by_name]
    order += sorted(name for name in by_name if name not in order)
    listed = [f"{name} ({plural(len(by_name[name].modules), 'module')}, "
              f"{by_name[name].loc:,} code lines)" for name in order[:MAX_LISTED]]
    more = f", … {len(order) - MAX_LISTED} more in report.md" if len(order) > MAX_LISTED else ""
    kernel = (f"; shared kernel kept apart: {plural(len(proposal.kernel), 'module')}"
              if proposal.kernel else "")
    lines = [f"services, in migration order: {', '.join(listed)}{more}{kernel}"]
    if proposal.plan:
        first = by_name[order[0]]
        lines.append(f"first step: extract {first.name}: {why_first(first)}")
        lines.append(f"  try it (a dry run, nothing written): strangler extract "
                     f"{shlex.quote(first.name)} --path {shlex.quote(str(path))}")
    return lines
