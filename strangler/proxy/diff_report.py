"""`strangler diff`'s verdict: per route, comparisons, copies that were not compared, the
differing fields and "ready to promote?", as text or JSON, with an exit code for CI (pure)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from strangler.proxy.store import RouteSummary

Format = Literal["text", "json"]
EXIT_READY, EXIT_NOT_READY = 0, 1


@dataclass(frozen=True)
class DiffReport:
    store: str
    routes: tuple[RouteSummary, ...]  # the routes asked about (all in the store by default)
    missing: tuple[str, ...]  # routes asked about that have no comparisons yet
    ready: bool  # every route asked about is ready (and there is at least one)

    @property
    def exit_code(self) -> int:
        return EXIT_READY if self.ready else EXIT_NOT_READY


def build_report(store: str, summaries: list[RouteSummary], named: tuple[str, ...] = ()
                 ) -> DiffReport:
    """The report on `named` routes, or on every route in the store when none is named."""
    by_route = {s.route: s for s in summaries}
    wanted = named or tuple(by_route)
    routes = tuple(by_route[r] for r in wanted if r in by_route)
    missing = tuple(r for r in wanted if r not in by_route)
    ready = bool(routes) and not missing and all(s.ready for s in routes)
    return DiffReport(store, routes, missing, ready)


def _copies(summary: RouteSummary) -> dict[str, Any]:
    """{"compared": n, "dropped": {reason: n}, "failed": {...}, "too_big": {...}}."""
    copies: dict[str, Any] = {}
    for outcome, reason, count in summary.outcomes:
        if outcome == "compared":
            copies["compared"] = copies.get("compared", 0) + count
        else:
            per_reason = copies.setdefault(outcome, {})
            per_reason[reason or "unknown"] = per_reason.get(reason or "unknown", 0) + count
    return copies


def render_text(report: DiffReport) -> str:
    if not report.routes and not report.missing:
        return f"no comparisons yet ({report.store} is empty)\n"
    lines = []
    for summary in report.routes:
        verdict = "READY to promote" if summary.ready else "not ready"
        lines.append(f"{summary.route}: {summary.compared} compared, "
                     f"{summary.match_rate:.1%} match: {verdict} ({summary.reason})")
        copies = _copies(summary)
        if copies:
            parts = [f"{copies.get('compared', 0)} compared"]
            for outcome in ("dropped", "failed", "too_big"):
                reasons = copies.get(outcome, {})
                if reasons:
                    detail = ", ".join(f"{r} {n}" for r, n in sorted(reasons.items()))
                    parts.append(f"{sum(reasons.values())} {outcome.replace('_', ' ')} "
                                 f"({detail})")
            lines.append("  copies so far: " + ", ".join(parts))
        for name, raw, noise, legacy, new in summary.top_fields:
            lines.append(f"  {name}: differs {raw}x (noise {noise}x), e.g. legacy={legacy!r} "
                         f"new={new!r}")
    lines.extend(f"{route}: no comparisons yet: not ready" for route in report.missing)
    return "\n".join(lines) + "\n"


def render_json(report: DiffReport) -> str:
    routes = [{
        "route": s.route, "compared": s.compared, "matched": s.matched,
        "match_rate": round(s.match_rate, 4), "ready": s.ready, "reason": s.reason,
        "copies": _copies(s),
        "top_fields": [{"field": name, "differs": raw, "noise": noise, "legacy": legacy,
                        "new": new} for name, raw, noise, legacy, new in s.top_fields],
    } for s in report.routes]
    return json.dumps({"store": report.store, "ready": report.ready, "routes": routes,
                       "missing": list(report.missing)}, indent=2, sort_keys=True,
                      default=str) + "\n"


def render(report: DiffReport, output_format: Format) -> str:
    return render_json(report) if output_format == "json" else render_text(report)
