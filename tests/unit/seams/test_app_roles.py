"""Issue 10 (helper s13-djapps, rdmo): a word unit whose members are a role each Django app
fills for its own data (`tasks/serializers/export`, `views/serializers/export`), none of
them mapping a table, is no domain: the layer rejoin leaves each member with its app
(`seams.app_roles`); a word whose data one of its layers maps still rejoins its slice."""

from __future__ import annotations

from strangler.seams.app_roles import app_role_words
from strangler.seams.layer_rejoin import rejoin_layers

APPS = {
    "plan.projects": ["apps", "models", "views", "serializers.export", "exports"],
    "plan.tasks": ["apps", "models", "views", "serializers.export"],
    "plan.views": ["apps", "models", "urls", "serializers.export"],
}
NAMES = [f"{app}.{m}" for app, mods in APPS.items() for m in mods]
MAPPING = {"plan.projects.models", "plan.tasks.models", "plan.views.models"}
EXPORT = ["plan.projects.serializers.export", "plan.projects.exports",
          "plan.tasks.serializers.export", "plan.views.serializers.export"]


def _units(extra: dict[str, str] | None = None) -> dict[str, str]:
    units = {m: ".".join(m.split(".")[:2]) for m in NAMES}
    units.update({m: "word:export" for m in EXPORT})
    units.update(extra or {})
    return units


def _groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    # Each app at home in its group; the projects' group also holds its two export modules.
    return tuple(("", tuple(sorted(m for m in NAMES if m.startswith(app + "."))))
                 for app in APPS)


def test_a_word_each_app_uses_for_its_own_data_is_a_role() -> None:
    roles = app_role_words(_units(), NAMES, MAPPING, _groups())
    assert roles == frozenset({"word:export"})
    # Without the roles the rejoin takes every export module to the projects' seam.
    moved = rejoin_layers(_groups(), _units())
    assert any(set(EXPORT) <= set(members) for _, members in moved)
    kept = rejoin_layers(_groups(), _units(), roles=roles)
    assert kept == _groups()


def test_a_word_whose_data_a_layer_maps_or_whose_apps_have_no_home_is_a_domain() -> None:
    # (a member maps a table: the word is a domain's slice across the apps)
    assert app_role_words(_units(), NAMES, MAPPING | {"plan.tasks.serializers.export"},
                          _groups()) == frozenset()
    # (the apps are no domain's home: one group holds them all, nothing tells them apart)
    one = (("", tuple(sorted(NAMES))),)
    assert app_role_words(_units(), NAMES, MAPPING, one) == frozenset()
