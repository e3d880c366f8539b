"""Modules coupled to nothing inside a domain unit join the unit's seam."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, django_app, django_project, graph_of

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.propose import Choice, Grouping
from strangler.seams.slices import unit_homes


def _app(name: str) -> dict[str, str]:
    """`django_app` and a management command of the app's own."""
    return django_app(name) | {
        f"{name}/management/__init__.py": "",
        f"{name}/management/commands/__init__.py": "",
        # Loaded by Django by name; imports nothing of the project.
        f"{name}/management/commands/cleanup_{name}.py": (
            "from django.core.management.base import BaseCommand\n"
            "class Command(BaseCommand):\n    def handle(self, *args, **options):\n"
            "        return None\n"),
    }


def test_an_apps_convention_modules_join_its_seam(tmp_path: Path) -> None:
    apps = ("orders", "books", "shelves")
    files = django_project(apps, "site")
    for app in apps:
        files |= _app(app)
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    for app in apps:
        home = seam_of[f"{app}.models"]
        assert seam_of[f"{app}.views"] == home
        assert seam_of.get(f"{app}.apps") == home, proposal.notes
        assert seam_of.get(f"{app}.management.commands.cleanup_{app}") == home
    assert len({seam_of[f"{app}.models"] for app in apps}) == 3


def test_a_unit_without_a_clear_home_and_a_package_take_no_one() -> None:
    grouping = Grouping.ordered(
        [("", ("a.x", "a.y")), ("", ("b.x", "b.y")), ("", ("c.x",)), ("", ("c.y",)),
         ("pinned", ("d.x", "d.y"))], Choice(None))
    units = {m: m.split(".")[0] for m in
             ("a.x", "a.y", "a.z", "a.pkg", "b.x", "b.y", "c.x", "c.y", "c.z", "d.x", "d.y",
              "d.z")}
    result, alone = unit_homes(grouping, ["a.z", "a.pkg", "c.z", "d.z", "e.z"], units,
                               {"a.pkg"})
    groups = {members for _, members in result.groups}
    assert ("a.x", "a.y", "a.z") in groups  # a's home: both of its grouped modules
    # c is split one and one (no majority), d's home is pinned, e has no unit, and a
    # package follows its own submodules.
    assert alone == ["a.pkg", "c.z", "d.z", "e.z"]
