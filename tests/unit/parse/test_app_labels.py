"""Django names a model's default table `<app_label>_<modelname>`, with the label its
`AppConfig` sets (or the last part of the config's `name`): raw SQL naming that table must
meet the model, and `Meta.app_label` and `db_table` still win."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

FILES = {
    "repo/__init__.py": "",
    "repo/app/__init__.py": "",
    "repo/app/apps.py": """
        from django import apps

        class PluginAppConfig(apps.AppConfig):
            def ready(self):
                pass

        class CoreConfig(PluginAppConfig):
            name = "repo.app"
            label = "core"
        """,
    "repo/app/models/__init__.py": "",
    "repo/app/models/task.py": """
        from django.db import models

        class Task(models.Model):
            state = models.TextField()

        class Worker(models.Model):
            name = models.TextField()
            class Meta:
                db_table = "workers"

        class Lock(models.Model):
            key = models.TextField()
            class Meta:
                app_label = "locks"
        """,
    "repo/app/cleanup.py": """
        def purge(cursor):
            cursor.execute("DELETE FROM core_task WHERE state = 'done'")
        """,
    "forum/__init__.py": "",
    "forum/threads/__init__.py": "",
    "forum/threads/apps.py": """
        from django.apps import AppConfig

        class ThreadsConfig(AppConfig):
            name = "forum.threads"
            label = "forum_threads"
        """,
    "forum/threads/models.py": """
        from django.db import models

        class Thread(models.Model):
            title = models.TextField()
        """,
    "forum/legacy/__init__.py": "",
    "forum/legacy/models.py": """
        from django.db import models

        class Thread(models.Model):
            subject = models.TextField()
        """,
    "forum/polls/__init__.py": "",
    "forum/polls/models.py": """
        from django.db import models

        class Poll(models.Model):
            thread = models.ForeignKey("forum_threads.Thread", on_delete=models.CASCADE)
        """,
}


def test_tables_take_the_label_of_the_apps_config(tmp_path: Path) -> None:
    index = index_of(build_tree(tmp_path / "proj", FILES))
    tables = {t.name: t for t in index.tables}
    assert {m.name for m in tables["core_task"].models} == {"repo.app.models.task.Task"}
    assert "repo.app.cleanup" in {a.module for a in tables["core_task"].writers}
    assert "app_task" not in tables
    assert {m.name for m in tables["forum_threads_thread"].models} == {
        "forum.threads.models.Thread"}
    assert "polls_poll" in tables  # no config: the package's name


def test_db_table_and_meta_app_label_still_win(tmp_path: Path) -> None:
    tables = {t.name for t in index_of(build_tree(tmp_path / "proj", FILES)).tables}
    assert "workers" in tables and "locks_lock" in tables
    assert "core_worker" not in tables and "core_lock" not in tables


def test_a_label_string_relation_meets_the_labelled_one_of_two_namesakes(
        tmp_path: Path) -> None:
    index = index_of(build_tree(tmp_path / "proj", FILES))
    pairs = {(r.source, r.target) for r in index.relations}
    assert ("forum.polls.models.Poll", "forum.threads.models.Thread") in pairs
    assert ("forum.polls.models.Poll", "forum.legacy.models.Thread") not in pairs
