"""Command-line toolboxes: a `cli/` package whose child packages are the homes of several
console scripts (`cli/manage/` behind `app-manage`, `cli/janitor/` behind `app-janitor`,
`cli/tools/` holding one script per module) is no single component but a box of tools, each
run on its own. A tool that works on one domain (a token janitor: its modules call the token
logic, nothing else but the platform) is that domain's command line and joins the domain's
group, as a Django management command runs with its app. A tool spread over several domains
(an admin tool with one command module per area) stays a group of its own, and only its
commands named after a domain (`cli/manage/audit`, `cli/manage/token`) follow the group they
call most. The rest (the package's runner, set-up and back-up commands) stays one group.

A command package whose scripts are modules directly inside it (`cmd/manage`, `cmd/status`),
or that holds one script package only, is left as `commands.command_groups` makes it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping

TOOL_PACKAGES = 2  # child packages holding a console script, for a toolbox
DOMINANT = 0.5  # a tool joins the group holding more than this share of its pull


def tools_of(package: str, members: Collection[str], packages: Collection[str],
             scripts: Collection[str]) -> list[set[str]]:
    """The tools of the command package `package` (its `members`: grouped modules), or []
    when it is no toolbox. A child package holding one console script (the package itself
    or a module in it) is one tool, all its modules; a child package holding several
    scripts that are its modules (`cli/tools/cron`, `cli/tools/cleanup`) gives one tool per
    script (the script with its own submodules). A toolbox has TOOL_PACKAGES child packages
    holding a script or more."""
    children = sorted(p for p in packages if p.rsplit(".", 1)[0] == package)
    tools: list[set[str]] = []
    boxes = 0
    for child in children:
        inside = {m for m in members if m == child or m.startswith(child + ".")}
        found = sorted(s for s in scripts if s == child or s.startswith(child + "."))
        if not found:
            continue
        boxes += 1
        if len(found) == 1 or child in found:
            tools.append(inside)
            continue
        for script in found:
            tool = {m for m in inside if m == script or m.startswith(script + ".")}
            if tool:
                tools.append(tool)
    return [t for t in tools if t] if boxes >= TOOL_PACKAGES else []


def pulls(modules: Iterable[str], edges: Iterable[tuple[str, str, float]],
          group_of: Mapping[str, int], outside: Collection[str]) -> dict[int, float]:
    """Group index -> summed weight of the code dependencies from `modules` to that
    group's modules, `outside` (the toolbox) left out."""
    wanted = set(modules)
    found: dict[int, float] = defaultdict(float)
    for source, target, weight in edges:
        if source in wanted and target not in outside and target in group_of:
            found[group_of[target]] += weight
    return found


def toolbox_moves(package: str, members: Collection[str], packages: Collection[str],
                  scripts: Collection[str], edges: Iterable[tuple[str, str, float]],
                  group_of: Mapping[str, int], domain_named: Callable[[str], bool]
                  ) -> dict[str, int]:
    """Module -> index of the group it joins, for the modules of the toolbox `package` (see
    the module's docstring); the toolbox's other modules stay one group. `group_of` holds
    the groups outside the toolbox; `domain_named(module)`: its own name names a domain."""
    tools = tools_of(package, members, packages, scripts)
    if not tools:
        return {}
    edge_list = list(edges)
    box = set(members)
    moves: dict[str, int] = {}
    for tool in tools:
        pull = pulls(tool, edge_list, group_of, box)
        total = sum(pull.values())
        if total > 0:
            best = min(pull, key=lambda g: (-pull[g], g))
            if pull[best] > DOMINANT * total:
                moves.update(dict.fromkeys(tool, best))
                continue
        for module in sorted(tool):
            if not domain_named(module):
                continue
            own = pulls([module], edge_list, group_of, box)
            if own:
                moves[module] = min(own, key=lambda g: (-own[g], g))
    return moves
