"""Which way the seam leaves the monolith (routes first, functions, tasks), and whether it can
be separated yet (what it drags along, what to cut first, which tables to split).

Both are judged from the plan's facts, and each comes with the reason shown to the team.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from strangler.model import ExtractionPlan, ScopeJudgement, Strategy, StrategyName

_TASK_DECORATOR = re.compile(r"@[\w.]*\b(task|shared_task|actor|job|periodic_task|cron)\b")
_TASK_ATTRIBUTE = re.compile(r"uses \w+\.(delay|apply_async|send|send_with_options|s|si)\b")
# A seam carrying more than this many shared modules, and more than twice its own size,
# drags a large part of the monolith along: the team must cut imports first.
HEAVY_CARRIED = 40


def tasks_of(plan: ExtractionPlan) -> list[str]:
    """The seam's names callers use as tasks (decorated as one, or called with .delay)."""
    return sorted(f"{module}.{name}" for module, name, why in plan.local_symbols
                  if _TASK_DECORATOR.search(why) or _TASK_ATTRIBUTE.search(why))


def choose_strategy(plan: ExtractionPlan, serves_routes: bool) -> Strategy:
    """Routes first when the seam has routable HTTP paths and the service can run the
    monolith's app for them; else functions when some are proven JSON-safe; else tasks when
    callers use tasks; else none. The others that apply are listed in `also`."""
    routable = list(plan.routable_prefixes)
    patterned = [p for p in routable if "{" in p]
    remote = [f for f in plan.functions if f.json_safe]
    tasks = tasks_of(plan)
    options: list[tuple[StrategyName, str]] = []
    if plan.routes and routable and serves_routes:
        options.append(("routes", f"{len(plan.routes)} HTTP route(s) under "
                        f"{', '.join(routable)}: the service answers them with the monolith's "
                        "own handlers, booted the framework's way, and the proxy moves those "
                        "paths (shadow, then canary, then new); no JSON-safe function "
                        "interface is needed"
                        + (f"; a {{param}} segment ({patterned[0]}) takes any one path "
                           "segment, such as the language prefix of Django's i18n_patterns"
                           if patterned else "")))
    elif plan.routes and not routable:
        options.append(("none", "the seam's route prefixes have path parameters a route "
                        "table cannot carry (a path converter or a regular expression, not "
                        "one whole segment): they stay on legacy"))
    elif plan.routes:
        options.append(("none", "the seam has HTTP routes but no legacy application was "
                        "found to serve them: they stay on legacy"))
    if remote:
        options.append(("functions", f"{len(remote)} of {len(plan.functions)} interface "
                        "function(s) proven JSON-safe: callers go through the client "
                        "(branch by abstraction: local, shadow, remote)"))
    found = plan.tasks
    if found is not None and found.refused:
        options.append(("none", f"tasks: {found.refused}"))
    elif found is not None and found.tasks:
        names = [t.name for t in found.tasks]
        options.append(("tasks", f"{len(names)} Celery task(s) ({', '.join(names[:3])}"
                        f"{', ...' if len(names) > 3 else ''}) stay tasks: the service's "
                        f"worker consumes queue {found.queue!r} on the project's broker, the "
                        "monolith routes exactly these names there (task_routes); callers "
                        "keep .delay/.apply_async"))
    elif tasks and found is None:
        options.append(("tasks", f"{len(tasks)} task(s) ({', '.join(tasks[:3])}"
                        f"{', ...' if len(tasks) > 3 else ''}) stay tasks: run a worker of the "
                        "service on the project's broker, not HTTP"))
    chosen = [o for o in options if o[0] != "none"]
    if not chosen:
        why = "; ".join(w for _, w in options) or (
            "no HTTP routes, no function proven JSON-safe and no task: nothing can go over "
            "the wire yet")
        return Strategy("none", why)
    first = chosen[0]
    return Strategy(first[0], first[1], tuple(o for o in options if o is not first))


def judge_scope(plan: ExtractionPlan, imports: Mapping[str, set[str]], project_size: int
                ) -> ScopeJudgement:
    """Whether the seam can be separated now. `imports`: module -> modules it imports (run
    time imports only). Heavy: it carries a large part of the monolith (the seam's imports
    that pull most are cut first); empty: nothing for a service to serve."""
    members = set(plan.modules)
    split = tuple(plan.tables_to_move)
    strategy = plan.strategy
    carried = len(plan.carried)
    pulls: list[tuple[str, str, int]] = []
    for module in sorted(members):
        for target in sorted(imports.get(module, set()) - members):
            pulls.append((module, target, len(_reach(imports, target, members))))
    pulls.sort(key=lambda p: (-p[2], p[0], p[1]))
    if strategy is not None and strategy.chosen == "none":
        return ScopeJudgement(
            "empty", f"cannot be separated yet: {strategy.why}. A service of this seam would "
            "have nothing to serve; give it an interface first (functions with JSON values, "
            "or its own routes)", tuple(pulls[:5]), split)
    if carried > HEAVY_CARRIED and carried > 2 * len(members):
        share = f" ({100 * carried // project_size}% of the project)" if project_size else ""
        return ScopeJudgement(
            "heavy", f"carries {carried} shared modules{share} for {len(members)} of its own: "
            "cut the imports that pull most of them first"
            + (f", and split the {len(split)} shared table(s)" if split else ""),
            tuple(pulls[:5]), split)
    return ScopeJudgement("ok", f"carries {carried} shared modules for {len(members)} of its "
                          "own", tuple(pulls[:5]), split)


def _reach(imports: Mapping[str, set[str]], start: str, members: set[str]) -> set[str]:
    seen = {start}
    frontier = [start]
    while frontier:
        for target in imports.get(frontier.pop(), ()):
            if target not in seen and target not in members:
                seen.add(target)
                frontier.append(target)
    return seen
