"""The routing line the tasks strategy puts in the monolith, and the routing module it calls:
run against a real Celery app."""

from __future__ import annotations

import textwrap
import types

import pytest

from strangler.generate.tasks import insert_routing, routes_module
from strangler.model import CeleryApp
from strangler.templating import environment

APP = CeleryApp("shop.celery_app", "app", 3, "shop/celery_app.py")


def test_the_line_goes_right_after_the_app_and_only_once() -> None:
    before = textwrap.dedent("""\
        from celery import Celery

        app = Celery(
            "shop",  # the name
        )
        app.config_from_object("shop.celeryconfig")
        """)
    rewrite = insert_routing(before, APP.path, APP, "mailer", "shop.mailer_task_routes")
    lines = rewrite.after.splitlines()
    assert lines[:5] == before.splitlines()[:5]  # formatting and comments kept
    assert lines[5:9] == [
        "# strangler extract mailer: the seam's tasks go to its service's worker.",
        "# Delete this comment and the next two lines to move them back.",
        "from shop import mailer_task_routes  # noqa: E402",
        "mailer_task_routes.route_tasks(app)"]
    assert lines[9:] == before.splitlines()[5:]
    assert max(len(line) for line in lines) <= 79  # the project's line length still holds
    again = insert_routing(rewrite.after, APP.path, APP, "mailer", "shop.mailer_task_routes")
    assert again.after == rewrite.after


def test_routes_module_sits_beside_the_app() -> None:
    assert routes_module(APP, "mailer") == ("shop.mailer_task_routes",
                                            "shop/mailer_task_routes.py")
    package = CeleryApp("superset.extensions", "celery_app", 125,
                        "superset/extensions/__init__.py")
    assert routes_module(package, "reports") == ("superset.extensions.reports_task_routes",
                                                 "superset/extensions/reports_task_routes.py")
    top = CeleryApp("worker", "app", 1, "worker.py")
    assert routes_module(top, "x") == ("x_task_routes", "x_task_routes.py")


@pytest.mark.parametrize("existing", [None, {"other.task": {"queue": "slow"}},
                                      [{"other.task": {"queue": "slow"}}]])
def test_routes_come_first_and_the_projects_own_are_kept(existing: object) -> None:
    celery = pytest.importorskip("celery")
    code = environment().get_template("tasks/routes.py.jinja").render(
        seam="mailer", queue="mailer", tasks=["shop.send", "mailer.receipt"], app=APP,
        service_dir="services/mailer", package="mailer_service")
    module = types.ModuleType("routes")
    exec(compile(code, "routes.py", "exec"), module.__dict__)
    app = celery.Celery("shop", set_as_current=False)
    module.route_tasks(app)
    app.conf.task_routes = existing  # the project's own config, loaded after the line
    app.conf.broker_url = "memory://"
    module.route_tasks(app)  # twice: harmless
    router = app.amqp.router
    assert router.route({}, "shop.send")["queue"].name == "mailer"
    assert router.route({}, "mailer.receipt")["queue"].name == "mailer"
    expected = "slow" if existing else "celery"
    assert router.route({}, "other.task")["queue"].name == expected
    routes = app.conf.task_routes
    assert sum(1 for r in routes if r == module.ROUTES) == 1


def test_a_project_that_declares_its_queues_gets_the_seams_queue_declared() -> None:
    celery = pytest.importorskip("celery")
    from kombu import Queue

    code = environment().get_template("tasks/routes.py.jinja").render(
        seam="mailer", queue="mailer", tasks=["shop.send"], app=APP,
        service_dir="services/mailer", package="mailer_service")
    module = types.ModuleType("routes")
    exec(compile(code, "routes.py", "exec"), module.__dict__)
    app = celery.Celery("shop", set_as_current=False)
    module.route_tasks(app)
    app.conf.update(task_queues=(Queue("default"),), task_default_queue="default",
                    task_create_missing_queues=False, broker_url="memory://")
    assert app.amqp.router.route({}, "shop.send")["queue"].name == "mailer"
    assert sorted(app.amqp.queues) == ["default", "mailer"]  # what `worker -Q mailer` needs
