"""A group made only of management commands joins its app, or its base (`seams.lone_commands`)."""

from __future__ import annotations

import networkx as nx

from strangler.seams.lone_commands import is_management_command, lone_commands
from strangler.seams.propose import Choice, Grouping

CHECKS = ("checks.models", "checks.views", "checks.tasks")
TRANS = ("trans.models", "trans.views", "trans.management.commands",
         "trans.management.commands.commit")
COMMAND = "checks.management.commands.updatechecks"


def _graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_edge(COMMAND, "trans.management.commands", weight=3.0)  # its base command
    graph.add_edge("checks.views", "checks.models", weight=2.0)
    graph.add_edge("trans.views", "trans.models", weight=2.0)
    return graph


def _units(grouping: Grouping) -> dict[str, str]:
    return {m: m.split(".")[0] for _, members in grouping.groups for m in members}


def _group_of(grouping: Grouping, module: str) -> tuple[str, ...]:
    return next(members for _, members in grouping.groups if module in members)


def test_management_commands_are_told_from_other_modules() -> None:
    assert is_management_command(COMMAND)
    assert is_management_command("checks.management")
    assert is_management_command("checks.management.commands")
    assert not is_management_command("checks.views")
    assert not is_management_command("management.views")  # a project named `management`
    assert not is_management_command("checks.management.utils")


def test_a_lone_command_joins_its_app_not_its_base() -> None:
    grouping = Grouping.ordered([("", CHECKS), ("", TRANS), ("", (COMMAND,))], Choice(None))
    result = lone_commands(grouping, _graph(), _units(grouping))
    assert len(result.groups) == 2
    assert set(_group_of(result, COMMAND)) == {*CHECKS, COMMAND}


def test_a_lone_command_of_an_app_with_nothing_else_grouped_joins_its_base() -> None:
    grouping = Grouping.ordered([("", TRANS), ("", (COMMAND,))], Choice(None))
    result = lone_commands(grouping, _graph(), _units(grouping))
    assert set(_group_of(result, COMMAND)) == {*TRANS, COMMAND}


def test_pinned_groups_and_modules_kept_together_stay() -> None:
    pinned = Grouping.ordered([("checks", CHECKS), ("", TRANS), ("", (COMMAND,))], Choice(None))
    # the app's group is pinned: it takes nothing, so the command joins its base
    assert set(_group_of(lone_commands(pinned, _graph(), _units(pinned)), COMMAND)) \
        == {*TRANS, COMMAND}
    grouping = Grouping.ordered([("", CHECKS), ("", TRANS), ("", (COMMAND,))], Choice(None))
    assert lone_commands(grouping, _graph(), _units(grouping), fixed=[COMMAND]) == grouping
