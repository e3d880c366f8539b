"""Issue 10 (helper `webui`): a key-value settings store stamped with the time it was
written (`config(key, value, updated_at)`) is still a settings store; and in a package of
two mirrored layer packages, the layer packages are no Django apps even when each holds an
`apps` module (the `apps` domain's router and model)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.apps import django_apps, platform_apps
from strangler.seams.kernel import settings_tables

MODELS = """\
from db import db
class Config(db.Model):
    __tablename__ = 'config'
    key = db.Column(db.Text, primary_key=True)
    value = db.Column(db.Text)
    updated_at = db.Column(db.Integer)
class Note(db.Model):
    __tablename__ = 'note'
    id = db.Column(db.Integer, primary_key=True)
    value = db.Column(db.Text)
    updated_at = db.Column(db.Integer)
class Pref(db.Model):
    __tablename__ = 'pref'
    key = db.Column(db.Text, primary_key=True)
    value = db.Column(db.Text)
    user_id = db.Column(db.Integer)
    updated_at = db.Column(db.Integer)
"""


def test_a_timestamped_key_value_table_is_a_settings_store(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "app", {
        "db.py": "class _Db:\n    Model = object\n"
                 "    def Column(self, *a, **k):\n        return None\n"
                 "db = _Db()\n",
        "models.py": MODELS,
    })
    index, _ = graph_of(root)
    # `note` has no key; `pref` is one user's pairs (another column): domain data
    assert settings_tables(index) == {"config"}


AREAS = ("apps", "notes", "prompts", "skills", "users", "groups", "files")


def _layered() -> list[str]:
    names = ["app", "app.main", "app.config"]
    for area in AREAS:
        names += [f"app.routers.{area}", f"app.models.{area}"]
    names += ["app.utils.apps", "app.utils.auth", "app.utils.chat"]
    return names


def test_the_layers_of_a_paired_package_are_no_django_apps() -> None:
    # without the rule `routers`, `models` and `utils` each hold an `apps` module: three
    # "Django apps", and `utils`, with no table of its own and used by both others, would
    # be platform wholesale
    names = _layered()
    assert django_apps(names) == {}
    edges = [(f"app.routers.{a}", "app.utils.auth") for a in AREAS]
    edges += [(f"app.models.{a}", "app.utils.chat") for a in AREAS]
    assert platform_apps(names, {f"app.models.{a}" for a in AREAS}, edges, set()) == []


def test_django_apps_beside_each_other_are_still_apps() -> None:
    names = [f"site.{app}.{part}" for app in ("orders", "events", "users")
             for part in ("apps", "models", "views")]
    assert set(django_apps(names).values()) == {"site.orders", "site.events", "site.users"}
