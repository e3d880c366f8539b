"""Modules coupled to nothing inside a domain unit join the unit's seam."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.propose import Choice, Grouping
from strangler.seams.slices import unit_homes


def _app(name: str, table: str) -> dict[str, str]:
    model = name.capitalize()
    return {
        f"{name}/__init__.py": "",
        f"{name}/apps.py": ("from django.apps import AppConfig\n"
                            f"class {model}Config(AppConfig):\n    name = '{name}'\n"),
        f"{name}/models.py": (
            "from django.db import models\n"
            f"class {model}(models.Model):\n    title = models.CharField(max_length=9)\n"
            f"    class Meta:\n        db_table = '{table}'\n"),
        f"{name}/forms.py": (f"from {name}.models import {model}\n"
                             f"def blank():\n    return {model}()\n"),
        f"{name}/views.py": (
            f"from {name}.models import {model}\nfrom {name}.forms import blank\n"
            f"def index(request):\n    return list({model}.objects.all()) or blank()\n"
            f"def detail(request, pk):\n    return {model}.objects.get(pk=pk)\n"),
        f"{name}/urls.py": ("from django.urls import path\n"
                            f"from {name} import views\n"
                            "urlpatterns = [path('', views.index), "
                            "path('<int:pk>/', views.detail)]\n"),
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
    files = {"site/__init__.py": "", "site/settings.py": f"INSTALLED_APPS = {list(apps)}\n",
             "site/urls.py": ("from django.urls import include, path\nurlpatterns = ["
                              + ", ".join(f"path('{a}/', include('{a}.urls'))" for a in apps)
                              + "]\n"),
             "manage.py": "import sys\n"}
    for app in apps:
        files |= _app(app, f"{app}_item")
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
