"""Issue 10 item 8, helper levers: pins, `together` groups and `kernels` globs hold to the
end of the proposal, whatever the steps after the clustering would do."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import graph_of

from strangler.model import KernelModule
from strangler.seams import ConfigError, SeamConfig, SeamRequest, propose_seams
from strangler.seams.levers import hold_levers, lever_notes, together_groups
from strangler.seams.propose import Choice, Grouping
from tests.unit.seams.test_hubs import _domain_commands, _layered


def _labels(root: Path, config: SeamConfig, moves: tuple[tuple[str, str], ...] = ()
            ) -> tuple[dict[str, str], set[str], tuple[str, ...]]:
    index, graph = graph_of(root)
    proposal = propose_seams(index, graph, SeamRequest(config=config, moves=moves))
    return dict(proposal.assignment), {k.module for k in proposal.kernel}, proposal.notes


def test_a_together_group_holds_past_the_followers(tmp_path: Path) -> None:
    """`app.cli.users` is a command-line follower: it is placed after `_constrain` applies
    the levers, with the users domain; kept together with the groups model, it ends there."""
    root = _layered(tmp_path / "proj", _domain_commands())
    plain, _, _ = _labels(root, SeamConfig())
    assert plain["app.cli.users"] != plain["app.models.groups"]  # what the lever changes
    config = SeamConfig(together=(("app.cli.users", "app.models.groups"),))
    labels, _, notes = _labels(root, config)
    assert labels["app.cli.users"] == labels["app.models.groups"]
    assert not [n for n in notes if n.startswith("together")]
    # nothing else moves
    assert {m: s for m, s in labels.items() if m != "app.cli.users"} == {
        m: plain[m] for m in labels if m != "app.cli.users"}


def test_a_pin_keeps_a_follower_and_kernels_stay_kernel(tmp_path: Path) -> None:
    root = _layered(tmp_path / "proj", _domain_commands())
    config = SeamConfig(pins=(("ops", ("app.cli.*",)),), kernels=("app.services.queries",))
    labels, kernel, _ = _labels(root, config)
    cli = [m for m in labels if m.startswith("app.cli.")]
    assert cli and {labels[m] for m in cli} == {"ops"}
    assert "app.services.queries" in kernel and "app.services.queries" not in labels


def test_a_move_overrides_together_and_the_report_says_so(tmp_path: Path) -> None:
    root = _layered(tmp_path / "proj", _domain_commands())
    config = SeamConfig(together=(("app.cli.users", "app.models.groups"),))
    plain, _, _ = _labels(root, config)
    target = plain["app.models.dashboards"]
    labels, _, notes = _labels(root, config, (("app.cli.users", target),))
    assert labels["app.cli.users"] == target != labels["app.models.groups"]
    [note] = [n for n in notes if n.startswith("together")]
    assert f"app.cli.users in seam {target!r} (--move)" in note


def _grouping(*groups: tuple[str, tuple[str, ...]]) -> Grouping:
    return Grouping(groups, Choice(None))


MODULES = ("a.x", "a.y", "b.x", "b.y", "c.x", "k.u", "r.root")


def test_hold_levers_puts_back_what_later_steps_moved() -> None:
    grouping = _grouping(("", ("a.x", "a.y", "b.x")), ("billing", ("b.y",)), ("", ("c.x",)))
    kernel = [KernelModule("k.u", "used by many")]
    config = SeamConfig(pins=(("billing", ("b.*",)),), together=(("c.x", "k.u"),),
                        kernels=("a.y",))
    held, kernel_after, isolated = hold_levers(grouping, kernel, ["r.loose"], MODULES,
                                               {"r.root"}, config)
    groups = {pin or members[0]: set(members) for pin, members in held.groups}
    assert groups["billing"] == {"b.x", "b.y"}  # the pin got its member back
    assert {"c.x", "k.u"} in groups.values()  # the tool's kernel module joined its group
    assert [k.module for k in kernel_after] == ["a.y"]  # the user's kernel glob holds
    assert isolated == ["r.loose"]


def test_hold_levers_changes_nothing_without_levers() -> None:
    grouping = _grouping(("", ("a.x", "b.x")), ("", ("a.y",)))
    kernel = [KernelModule("k.u", "used by many")]
    assert hold_levers(grouping, kernel, ["c.x"], MODULES, set(), SeamConfig()) == (
        grouping, kernel, ["c.x"])


def test_together_of_two_pins_is_an_error_and_groups_sharing_a_glob_merge() -> None:
    grouping = _grouping(("a", ("a.x",)), ("b", ("b.x",)))
    config = SeamConfig(pins=(("a", ("a.*",)), ("b", ("b.*",))), together=(("a.x", "b.x"),))
    with pytest.raises(ConfigError, match=r"pinned to 2 services \(a, b\)"):
        hold_levers(grouping, [], [], MODULES, set(), config)
    merged = SeamConfig(together=(("a.x", "b.x"), ("c.x",), ("b.x", "k.u")))
    assert together_groups(merged) == [("c.x",), ("a.x", "b.x", "k.u")]


def test_lever_notes_say_why_a_together_group_is_split() -> None:
    config = SeamConfig(together=(("a.*", "r.root", "k.u"),), kernels=("k.u",))
    notes = lever_notes(config, {"a.x": "alpha", "a.y": "alpha"},
                        [KernelModule("k.u", "marked as shared kernel in the configuration")],
                        [KernelModule("r.root", "application factory")], [], [])
    assert notes == ["together ['a.*', 'r.root', 'k.u']: not one seam: a.x in seam 'alpha'; "
                     "a.y in seam 'alpha'; k.u in the shared kernel (marked as shared kernel "
                     "in the configuration); r.root a root (application factory)"]
    # one seam: nothing to say
    assert lever_notes(SeamConfig(together=(("a.*",),)), {"a.x": "s", "a.y": "s"},
                       [], [], [], []) == []


def test_a_test_support_module_a_lever_names_is_not_left_out(tmp_path: Path) -> None:
    support = {"app/example_plugin/__init__.py": "",
               "app/example_plugin/fixtures.py": ("from app.models.users import User\n"
                                           "def a_user():\n    return User().save()\n")}
    root = _layered(tmp_path / "proj", {**_domain_commands(), **support})
    index, graph = graph_of(root)
    plain = propose_seams(index, graph, SeamRequest())
    assert "app.example_plugin.fixtures" in {e.module for e in plain.examples}
    config = SeamConfig(together=(("app.example_plugin.fixtures", "app.models.users"),))
    labels, _, _ = _labels(root, config)
    assert labels["app.example_plugin.fixtures"] == labels["app.models.users"]
    _, kernel, _ = _labels(root, SeamConfig(kernels=("app.example_plugin.*",)))
    assert "app.example_plugin.fixtures" in kernel


def test_a_together_group_with_a_pinned_member_joins_the_pin(tmp_path: Path) -> None:
    """`_constrain` moved a together group where most of it was, taking the pinned module
    out of its service; the group joins the pinned service instead."""
    root = _layered(tmp_path / "proj", _domain_commands())
    config = SeamConfig(pins=(("ops", ("app.cli.users",)),),
                        together=(("app.cli.users", "app.models.groups",
                                   "app.services.groups"),))
    labels, _, _ = _labels(root, config)
    assert labels["app.cli.users"] == labels["app.models.groups"] \
        == labels["app.services.groups"] == "ops"
