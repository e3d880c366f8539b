"""The tasks strategy's facts, read from sources: task names, the Celery app and how its
workers boot, shared-state risks, and a clear refusal for other task systems."""

from __future__ import annotations

import textwrap

from strangler.model import ExtractionPlan, TasksPlan
from strangler.plan.strategy import choose_strategy
from strangler.plan.tasks import plan_tasks


def _sources(**files: str) -> dict[str, str]:
    return {name.replace("__", "."): textwrap.dedent(text).lstrip("\n")
            for name, text in files.items()}


FLASK_STYLE = _sources(
    app__extensions="""
        from celery import Celery
        mail = object()
        celery = Celery("app")
        """,
    app__email="""
        from app.extensions import celery, mail

        @celery.task
        def send_mail(to):
            mail.send(to)

        @celery.task(name="email.digest", bind=True)
        def digest(self, user_id):
            return user_id

        def helper():
            return 1
        """,
    app__app="""
        from app.extensions import celery
        def create_app():
            celery.conf.update({})
        """,
    celery_worker="""
        from app.app import create_app
        from app.extensions import celery
        app = create_app()
        """,
)
PATHS = {"app.extensions": "app/extensions.py", "app.email": "app/email.py"}


def _plan(sources: dict[str, str], members: set[str], **kw: object) -> TasksPlan | None:
    found, _ = plan_tasks("email", members, sources, PATHS, {}, {})
    return found


def test_celery_tasks_by_broker_name_and_the_app_its_workers_boot() -> None:
    found = _plan(FLASK_STYLE, {"app.email"})
    assert found is not None and not found.refused
    assert [(t.name, t.function, t.line) for t in found.tasks] == [
        ("app.email.send_mail", "send_mail", 4), ("email.digest", "digest", 8)]
    assert found.queue == "email" and found.system == "celery"
    assert found.app is not None
    assert (found.app.module, found.app.attribute, found.app.line, found.app.path) == (
        "app.extensions", "celery", 3, "app/extensions.py")
    assert found.app.worker_entry == "celery_worker"  # imports the app and builds the Flask app


def test_django_celery_module_gives_the_settings() -> None:
    sources = _sources(
        proj__celery="""
            import os
            from celery import Celery
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
            app = Celery("proj")
            app.config_from_object("django.conf:settings", namespace="CELERY")
            """,
        shop__tasks="""
            from celery import shared_task

            @shared_task
            def reindex(): ...
            """)
    found = _plan(sources, {"shop.tasks"})
    assert found is not None and found.app is not None
    assert (found.app.module, found.app.django_settings, found.app.worker_entry) == (
        "proj.celery", "proj.settings", "")
    assert [t.name for t in found.tasks] == ["shop.tasks.reindex"]


def test_other_task_systems_are_refused_with_the_reason() -> None:
    sources = _sources(jobs__work="""
        from rq import Queue

        def enqueue(fn):
            return Queue().enqueue(fn)
        """)
    found = _plan(sources, {"jobs.work"})
    assert found is not None
    assert found.system == "rq" and found.tasks == ()
    assert found.refused.startswith("the tasks strategy supports Celery; rq found")
    plan = ExtractionPlan("email", ("jobs.work",), "jobs", (), (), (), (), (), (), (), (),
                          tasks=found)
    strategy = choose_strategy(plan, False)
    assert strategy.chosen == "none"
    assert "tasks strategy supports Celery; rq found" in strategy.why


def test_a_name_computed_at_run_time_cannot_be_routed() -> None:
    sources = dict(FLASK_STYLE)
    sources["app.email"] += "\nNAME = 'x'\n@celery.task(name=NAME)\ndef late(): ...\n"
    found = _plan(sources, {"app.email"})
    assert found is not None
    assert found.refused.startswith("task name computed at run time (app.email.late)")


def test_no_task_no_tasks_plan_and_an_existing_queue_name_is_not_reused() -> None:
    assert _plan(FLASK_STYLE, {"app.app"}) is None
    sources = dict(FLASK_STYLE)
    sources["app.config"] = "task_routes = {'x.y': {'queue': 'email'}}\n"
    found = _plan(sources, {"app.email"})
    assert found is not None and found.queue == "email_service"


def test_a_task_writing_another_seams_table_is_a_risk() -> None:
    found, risks = plan_tasks("email", {"app.email"}, FLASK_STYLE, PATHS,
                              {("app.email", "send_mail"): {"users", "mail_log"}},
                              {"users": ("app.auth.models", "app.admin")})
    assert found is not None
    assert found.tasks[0].writes == ("mail_log", "users")
    assert [(r.kind, r.file, r.line) for r in risks] == [("task_shared_state",
                                                          "app/email.py", 4)]
    assert "task app.email.send_mail writes table users, also used by app.auth.models, " \
           "app.admin" in risks[0].message


def test_strategy_tasks_names_the_queue() -> None:
    found = _plan(FLASK_STYLE, {"app.email"})
    plan = ExtractionPlan("email", ("app.email",), "app", (), (), (), (), (), (), (), (),
                          tasks=found)
    strategy = choose_strategy(plan, False)
    assert strategy.chosen == "tasks"
    assert "2 Celery task(s) (app.email.send_mail, email.digest)" in strategy.why
    assert "queue 'email'" in strategy.why
