"""Issue 10 (helper s13-djapps, rdmo): a Django app without tables that the clustering
scattered over seams, no seam holding most of it, is gathered into one slice of its own
(`seams.app_gather`); an app that is a layer of the domains, an app at home in one seam and
a platform app are left alone."""

from __future__ import annotations

from strangler.seams.app_gather import scattered_apps
from strangler.seams.propose import Choice, Grouping

PROJECTS = ["plan.projects", "plan.projects.apps", "plan.projects.models",
            "plan.projects.views", "plan.projects.urls"]
QUESTIONS = ["plan.questions", "plan.questions.apps", "plan.questions.models",
             "plan.questions.views"]
TASKS = ["plan.tasks", "plan.tasks.apps", "plan.tasks.models", "plan.tasks.views"]
EDITOR = ["plan.editor", "plan.editor.apps", "plan.editor.views", "plan.editor.viewsets",
          "plan.editor.imports", "plan.editor.rules", "plan.editor.utils"]
CORE = ["plan.core", "plan.core.apps", "plan.core.utils", "plan.core.views"]
NAMES = ["plan", *PROJECTS, *QUESTIONS, *TASKS, *EDITOR, *CORE]
MAPPING = {"plan.projects.models", "plan.questions.models", "plan.tasks.models"}
UNITS = {m: ".".join(m.split(".")[:2]) for m in NAMES}
KERNEL = set(CORE)


def _grouping(editor_in: list[list[str]]) -> Grouping:
    return Grouping.ordered([("", PROJECTS + editor_in[0]), ("", QUESTIONS + editor_in[1]),
                             ("", TASKS + editor_in[2])], Choice(None))


def test_a_scattered_app_without_tables_is_one_group_of_its_own() -> None:
    grouping = _grouping([["plan.editor.views", "plan.editor.utils"],
                          ["plan.editor.viewsets", "plan.editor.rules"],
                          ["plan.editor.imports"]])
    left, isolated = scattered_apps(grouping, ["plan.editor", "plan.editor.apps"], KERNEL,
                                    NAMES, MAPPING, UNITS)
    assert ("", tuple(sorted(EDITOR))) in left.groups
    assert isolated == []
    # The apps with tables keep their groups, less the editor's modules.
    assert ("", tuple(sorted(PROJECTS))) in left.groups
    assert ("", tuple(sorted(TASKS))) in left.groups


def test_an_app_at_home_in_one_seam_or_placed_by_a_lever_is_left_alone() -> None:
    # (one group holds most of it: `apps.app_strays` sends its strays home)
    grouping = _grouping([["plan.editor.views", "plan.editor.utils", "plan.editor.rules",
                           "plan.editor.viewsets"], ["plan.editor.imports"], []])
    left, _ = scattered_apps(grouping, [], KERNEL, NAMES, MAPPING, UNITS)
    assert left == grouping
    scattered = _grouping([["plan.editor.views", "plan.editor.utils"],
                           ["plan.editor.viewsets", "plan.editor.rules"],
                           ["plan.editor.imports"]])
    left, _ = scattered_apps(scattered, [], KERNEL, NAMES, MAPPING, UNITS,
                             fixed={"plan.editor.rules"})
    assert left == scattered


def test_an_app_with_tables_or_a_layer_of_the_domains_is_left_alone() -> None:
    scattered = _grouping([["plan.editor.views", "plan.editor.utils"],
                           ["plan.editor.viewsets", "plan.editor.rules"],
                           ["plan.editor.imports"]])
    left, _ = scattered_apps(scattered, [], KERNEL, NAMES, MAPPING | {"plan.editor.rules"},
                             UNITS)
    assert left == scattered
    # A back office whose modules are named for the other apps' domains (its views of
    # projects, questions and tasks in their word units) is scattered on purpose.
    units = {**UNITS, "plan.editor.views": "word:project", "plan.projects.views": "word:project",
             "plan.editor.viewsets": "word:question",
             "plan.questions.views": "word:question",
             "plan.editor.imports": "word:task", "plan.tasks.views": "word:task"}
    left, _ = scattered_apps(scattered, [], KERNEL, NAMES, MAPPING, units)
    assert left == scattered


def test_an_app_whose_parts_sit_with_the_data_they_work_on_is_left_alone() -> None:
    """Kiwi TCMS (set 15): the JSON-RPC app maps no table; each of its API modules works on
    one domain's tables and sits in that domain's seam. Data first: gathering them into one
    API seam would cut every domain's API away from its data."""
    scattered = _grouping([["plan.editor.views", "plan.editor.utils"],
                           ["plan.editor.viewsets", "plan.editor.rules"],
                           ["plan.editor.imports"]])
    placed = {"plan.editor.views", "plan.editor.viewsets", "plan.editor.imports"}
    left, _ = scattered_apps(scattered, [], KERNEL, NAMES, MAPPING, UNITS,
                             with_their_data=placed)
    assert left == scattered
    # Half of them or fewer with their data: still one slice of its own.
    left, _ = scattered_apps(scattered, [], KERNEL, NAMES, MAPPING, UNITS,
                             with_their_data={"plan.editor.views", "plan.editor.imports"})
    assert ("", tuple(sorted(EDITOR[2:]))) in left.groups


def test_data_placed_reads_the_uses_of_mapped_tables() -> None:
    from strangler.seams.resource_data import data_placed

    groups = (("", ("a.models", "a.views", "api.a")), ("", ("b.models", "api.b", "api.c")))
    homes = {"a_table": "a.models", "b_table": "b.models"}
    uses = [("api.a", "a_table", 3), ("api.a", "b_table", 1),  # mostly its group's data
            ("api.b", "a_table", 2), ("api.b", "b_table", 2),  # half: not more than half
            ("a.views", "a_table", 1), ("a.models", "a_table", 5)]
    assert data_placed(groups, uses, homes) == {"api.a", "a.views"}
