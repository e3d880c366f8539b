"""The tasks strategy (issue 12, strategies): a task stays a task. `extract --apply` writes a
worker for the service that boots the project's own Celery app and consumes only the seam's
queue, and one routing line in the monolith; callers keep `.delay`/`.apply_async`.

Proven with real Celery processes on kombu's `filesystem://` broker (no server): the
generated worker runs the seam's tasks, a legacy worker runs the others, results come back
through the file result backend, and deleting the routing line sends the tasks back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from helpers import build_tree
from typer.testing import CliRunner

from strangler.cli.app import app

pytest.importorskip("celery")
pytestmark = pytest.mark.slow
GIT = ["git", "-c", "user.email=test@example.com", "-c", "user.name=test"]

SHOP = {
    "shop/__init__.py": "",
    "shop/celeryconfig.py": """
        import os

        DATA = os.environ["SHOP_DATA"]
        broker_url = "filesystem://"
        broker_transport_options = {"data_folder_in": DATA + "/queue",
                                    "data_folder_out": DATA + "/queue"}
        result_backend = "file://" + DATA + "/results"
        imports = ("shop.catalog.tasks", "shop.mailer.tasks")
        # The project's own routes: kept, after the seam's.
        task_routes = {"shop.catalog.tasks.reindex": {"queue": "celery"}}
        """,
    "shop/celery_app.py": """
        from celery import Celery

        app = Celery("shop")
        app.config_from_object("shop.celeryconfig")
        """,
    "shop/record.py": """
        import json
        import os


        def record(name, hostname, file):
            '''Which code (the task's file) and which worker ran task `name`.'''
            with open(os.path.join(os.environ["SHOP_DATA"], "out", name + ".json"), "w") as f:
                json.dump({"file": file, "hostname": hostname}, f)
        """,
    "shop/mailer/__init__.py": "",
    "shop/mailer/tasks.py": """
        from shop.celery_app import app
        from shop.record import record


        @app.task(bind=True)
        def send_welcome(self, user_id):
            record("send_welcome", self.request.hostname, __file__)
            return f"welcome {user_id}"


        @app.task(bind=True, name="mailer.send_receipt", max_retries=7)
        def send_receipt(self, order_id):
            record("send_receipt", self.request.hostname, __file__)
            return {"order": order_id, "sent": True}
        """,
    "shop/catalog/__init__.py": "",
    "shop/catalog/tasks.py": """
        from shop.celery_app import app
        from shop.record import record


        @app.task(bind=True)
        def reindex(self):
            record("reindex", self.request.hostname, __file__)
            return "reindexed"
        """,
    "shop/views.py": """
        from shop.catalog.tasks import reindex
        from shop.mailer.tasks import send_receipt, send_welcome


        def signup(user_id):
            return send_welcome.delay(user_id)


        def checkout(order_id):
            return send_receipt.apply_async((order_id,), countdown=0)


        def refresh():
            return reindex.delay()
        """,
}
CALL = """
import json, sys
sys.path.insert(0, ".")
from shop.mailer.tasks import send_receipt
from shop.views import checkout, refresh, signup
assert send_receipt.max_retries == 7 and send_receipt.name == "mailer.send_receipt"
results = [signup(7), checkout(9), refresh()]
print(json.dumps([r.get(timeout=60) for r in results]))
"""


def _commit(root: Path) -> None:
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "legacy"]):
        subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True)


def _project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = build_tree(tmp_path / "shop", SHOP)
    data = tmp_path / "data"
    for folder in ("queue", "results", "out"):
        (data / folder).mkdir(parents=True)
    _commit(root)
    return root, {"SHOP_DATA": str(data)}


@contextmanager
def _worker(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> Iterator[None]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **env}, stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        for _ in range(600):  # ready when it says so
            if process.poll() is not None:
                raise AssertionError(f"{command} exited:\n{log.read_text()[-3000:]}")
            if " ready." in log.read_text(errors="replace"):
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"{command} not ready:\n{log.read_text()[-3000:]}")
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


def _ran(env: dict[str, str], name: str) -> dict[str, str]:
    path = Path(env["SHOP_DATA"]) / "out" / f"{name}.json"
    found: dict[str, str] = json.loads(path.read_text())
    path.unlink()
    return found


def _call(root: Path, env: dict[str, str]) -> list[object]:
    run = subprocess.run([sys.executable, "-c", CALL], cwd=root, env={**os.environ, **env},
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    results: list[object] = json.loads(run.stdout.splitlines()[-1])
    return results


def test_dry_run_shows_the_worker_and_the_routing_line(tmp_path: Path) -> None:
    root, env = _project(tmp_path)
    result = CliRunner().invoke(app, ["extract", "shop.mailer", "--path", str(root),
                                      "--no-cache"], env=env)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "strategy: tasks: 2 Celery task(s) (mailer.send_receipt, " \
           "shop.mailer.tasks.send_welcome)" in out
    assert "routed to queue 'mailer'" in out
    assert "+from shop import mailer_task_routes  # noqa: E402" in out
    assert "+mailer_task_routes.route_tasks(app)" in out
    assert "services/mailer/mailer_service/worker.py" in out
    assert not (root / "services").exists()
    assert "route_tasks" not in (root / "shop/celery_app.py").read_text()
    # Applied twice: the second run finds its own routing line and changes nothing.
    first = CliRunner().invoke(app, ["extract", "shop.mailer", "--path", str(root),
                                     "--no-cache", "--apply", "--no-boot-check"], env=env)
    assert first.exit_code == 0, first.output
    assert "routing check (the monolith, booted as its workers boot): passed; 2 of 2" \
        in first.output  # a check of the monolith: it runs without the boot check too
    assert "not proven: that the worker boots (--no-boot-check" in first.output
    again = CliRunner().invoke(app, ["extract", "shop.mailer", "--path", str(root),
                                     "--no-cache", "--apply", "--no-boot-check", "--force"],
                               env=env)
    assert again.exit_code == 0, again.output
    assert "routed to queue 'mailer'" in again.output
    assert "written 0 files" in again.output and "0 monolith files changed" in again.output
    text = (root / "shop/celery_app.py").read_text()
    assert text.count("mailer_task_routes.route_tasks(app)") == 1


def test_the_generated_worker_runs_the_seams_tasks(tmp_path: Path) -> None:
    root, env = _project(tmp_path)
    result = CliRunner().invoke(app, ["extract", "shop.mailer", "--path", str(root),
                                      "--no-cache", "--apply"], env=env)
    assert result.exit_code == 0, result.output
    assert "routing check (the monolith, booted as its workers boot): passed; 2 of 2 task " \
           "names to 'mailer'" in result.output
    assert "worker check (mailer_service.worker --check): passed; 2 task(s) registered and " \
           "routed to 'mailer'" in result.output
    service = root / "services" / "mailer"
    with ExitStack() as stack:
        stack.enter_context(_worker(
            [sys.executable, "-m", "celery", "-A", "shop.celery_app", "worker", "--pool=solo",
             "--loglevel=INFO", "--hostname", "legacy@%h"], root, env, tmp_path / "legacy.log"))
        stack.enter_context(_worker(
            [sys.executable, "-m", "mailer_service.worker", "--pool=solo", "--loglevel=INFO"],
            service, env, tmp_path / "service.log"))
        assert _call(root, env) == ["welcome 7", {"order": 9, "sent": True}, "reindexed"]
        for name in ("send_welcome", "send_receipt"):  # the service's worker, its copy
            ran = _ran(env, name)
            assert ran["hostname"].startswith("mailer@"), ran
            assert ran["file"].startswith(str(service / "src")), ran
        ran = _ran(env, "reindex")  # not the seam's: the legacy worker, the monolith's code
        assert ran["hostname"].startswith("legacy@"), ran
        assert not ran["file"].startswith(str(service)), ran
        # Rollback: without the routing line, the seam's tasks go back to legacy workers.
        subprocess.run([*GIT, "-C", str(root), "checkout", "shop/celery_app.py"], check=True)
        assert _call(root, env) == ["welcome 7", {"order": 9, "sent": True}, "reindexed"]
        for name in ("send_welcome", "send_receipt", "reindex"):
            assert _ran(env, name)["hostname"].startswith("legacy@")


def test_routes_replaced_later_fail_the_worker_check_and_roll_back(tmp_path: Path) -> None:
    root, env = _project(tmp_path)
    app_module = root / "shop/celery_app.py"
    # Read once (the configuration loads), then replaced: the seam's routes are lost.
    app_module.write_text(app_module.read_text() + "app.conf.timezone\n"
                          "app.conf.update(task_routes={})\n")
    _commit(root)
    before = app_module.read_text()
    result = CliRunner().invoke(app, ["extract", "shop.mailer", "--path", str(root),
                                      "--no-cache", "--apply"], env=env)
    assert result.exit_code == 4, result.output
    assert "routing check (the monolith, booted as its workers boot): FAILED; misrouted " \
        "{'mailer.send_receipt': 'celery', 'shop.mailer.tasks.send_welcome': 'celery'}" \
        in result.output
    assert app_module.read_text() == before
    assert not (root / "services").exists()
    assert not (root / "shop/mailer_task_routes.py").exists()


DJANGO = {
    "manage.py": """
        import os
        import sys

        if __name__ == "__main__":
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
            from django.core.management import execute_from_command_line

            execute_from_command_line(sys.argv)
        """,
    "proj/__init__.py": """
        from proj.celery import app as celery_app

        __all__ = ["celery_app"]
        """,
    "proj/celery.py": """
        import os

        from celery import Celery

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
        app = Celery("proj")
        app.config_from_object("django.conf:settings", namespace="CELERY")
        app.autodiscover_tasks()
        """,
    "proj/settings.py": """
        import os

        DATA = os.environ["SHOP_DATA"]
        SECRET_KEY = "test"
        SITE_NAME = "the shop"
        INSTALLED_APPS = ["django.contrib.contenttypes", "shop", "notify"]
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                                 "NAME": os.path.join(DATA, "db.sqlite3")}}
        USE_TZ = True
        CELERY_BROKER_URL = "filesystem://"
        CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": DATA + "/queue",
                                           "data_folder_out": DATA + "/queue"}
        CELERY_RESULT_BACKEND = "file://" + DATA + "/results"
        """,
    "shop/__init__.py": "",
    "shop/record.py": """
        import json
        import os

        from django.apps import apps
        from django.conf import settings


        def record(name, hostname, file):
            '''Which code (the task's file) and worker ran task `name`, in a booted Django.'''
            path = os.path.join(settings.DATA, "out", name + ".json")
            with open(path, "w") as f:
                json.dump({"file": file, "hostname": hostname,
                           "apps": apps.ready, "site": settings.SITE_NAME}, f)
        """,
    "shop/tasks.py": """
        from celery import shared_task

        from shop.record import record


        @shared_task(bind=True)
        def reprice(self):
            record("reprice", self.request.hostname, __file__)
            return "repriced"
        """,
    "shop/views.py": """
        from notify.tasks import notify_paid
        from shop.tasks import reprice


        def pay(order_id):
            return [notify_paid.delay(order_id), reprice.delay()]
        """,
    "notify/__init__.py": "",
    "notify/tasks.py": """
        from celery import shared_task
        from django.conf import settings

        from shop.record import record


        @shared_task(bind=True)
        def notify_paid(self, order_id):
            record("notify_paid", self.request.hostname, __file__)
            return f"{settings.SITE_NAME}: order {order_id} paid"
        """,
}
DJANGO_CALL = """
import json, os, sys
sys.path.insert(0, ".")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
import django
django.setup()
from shop.views import pay
print(json.dumps([r.get(timeout=60) for r in pay(5)]))
"""


def test_django_celery_worker_boots_django_and_runs_the_seams_task(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", DJANGO)
    data = tmp_path / "data"
    for folder in ("queue", "results", "out"):
        (data / folder).mkdir(parents=True)
    _commit(root)
    env = {"SHOP_DATA": str(data)}
    result = CliRunner().invoke(app, ["extract", "notify", "--path", str(root), "--no-cache",
                                      "--apply"], env=env)
    assert result.exit_code == 0, result.output
    assert "booted through DJANGO_SETTINGS_MODULE=proj.settings, django.setup()" in result.output
    assert "+notify_task_routes.route_tasks(app)" in result.output
    assert "worker check (notify_service.worker --check): passed; 1 task(s)" in result.output
    service = root / "services" / "notify"
    with ExitStack() as stack:
        stack.enter_context(_worker(
            [sys.executable, "-m", "celery", "-A", "proj", "worker", "--pool=solo",
             "--loglevel=INFO", "--hostname", "legacy@%h"], root, env, tmp_path / "legacy.log"))
        stack.enter_context(_worker(
            [sys.executable, "-m", "notify_service.worker", "--pool=solo", "--loglevel=INFO"],
            service, env, tmp_path / "service.log"))
        run = subprocess.run([sys.executable, "-c", DJANGO_CALL], cwd=root,
                             env={**os.environ, **env}, capture_output=True, text=True,
                             timeout=120, check=False)
        assert run.returncode == 0, run.stdout + run.stderr
        assert json.loads(run.stdout.splitlines()[-1]) == ["the shop: order 5 paid", "repriced"]
        ran = _ran(env, "notify_paid")
        assert ran["hostname"].startswith("notify@") and ran["apps"] is True, ran
        assert ran["file"].startswith(str(service / "src")), ran
        assert _ran(env, "reprice")["hostname"].startswith("legacy@")


def test_a_monolith_that_did_not_boot_before_leaves_the_routing_unproven(
        tmp_path: Path) -> None:
    """Its dependencies not installed here (as for a held-out project): the routing check
    cannot boot the monolith before the change or after it, so it proves nothing either way;
    the change stays, and the output says what is not proven instead of rolling back."""
    root = build_tree(tmp_path / "shop", {
        **SHOP, "shop/celeryconfig.py": "import not_installed_here\n" + textwrap.dedent(
            SHOP["shop/celeryconfig.py"])})
    _commit(root)
    result = CliRunner().invoke(app, ["extract", "shop.mailer", "--path", str(root),
                                      "--no-cache", "--apply", "--no-boot-check"])
    assert result.exit_code == 0, result.output
    assert "routing check (the monolith, booted as its workers boot): could not run" \
        in result.output
    assert "not proven: where the monolith routes the seam's tasks (it did not boot as its " \
        "workers boot before the change either: ModuleNotFoundError: " in result.output
    assert (root / "shop/mailer_task_routes.py").exists()
    assert "rolled back" not in result.output


def test_a_monolith_that_booted_before_and_not_after_is_rolled_back(tmp_path: Path) -> None:
    """The same failure to boot, caused by the change, is a failed check: rolled back."""
    from strangler.cli import extract_tasks

    root, env = _project(tmp_path)
    before = (root / "shop/celery_app.py").read_text()
    calls: list[str] = []
    real = extract_tasks.monolith_routes

    def booted_only_before(*args: object, **kwargs: object) -> tuple[str, str]:
        calls.append("check")
        if len(calls) == 1:
            return real(*args, **kwargs)  # type: ignore[arg-type]
        return "no boot", "ImportError: broken by the change"

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(extract_tasks, "monolith_routes", booted_only_before)
        result = CliRunner().invoke(app, ["extract", "shop.mailer", "--path", str(root),
                                          "--no-cache", "--apply", "--no-boot-check"],
                                    env=env)
    assert result.exit_code == 4, result.output
    assert "routing check (the monolith, booted as its workers boot): FAILED; ImportError: " \
        "broken by the change" in result.output
    assert (root / "shop/celery_app.py").read_text() == before
    assert not (root / "shop/mailer_task_routes.py").exists()
