"""`extract` on small real-shaped projects (issue 12): the monolith keeps working in local mode,
and the generated service boots the way the monolith does (Flask, Django, FastAPI), run for
real on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import build_tree
from typer.testing import CliRunner

from strangler.adapters.verify import free_port
from strangler.cli.app import app

pytestmark = pytest.mark.slow
GIT = ["git", "-c", "user.email=test@example.com", "-c", "user.name=test"]


def _commit(root: Path) -> None:
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "legacy"]):
        subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True)


def _status(root: Path) -> str:
    return subprocess.run([*GIT, "-C", str(root), "status", "--porcelain"], check=True,
                          capture_output=True, text=True).stdout


def _extract(root: Path, name: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["extract", name, "--path", str(root), "--no-cache",
                                      *extra])
    return result.exit_code, result.output


def _run(root: Path, code: str, **env: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def _get(url: str, body: dict | None = None) -> tuple[int, str]:  # type: ignore[type-arg]
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@contextmanager
def _service(service_dir: Path, package: str, **env: str) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", f"{package}.app:app",
                                "--host", "127.0.0.1", "--port", str(port)], cwd=service_dir,
                               env={**os.environ, **env}, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                raise AssertionError(f"the service exited:\n{output[-3000:]}")
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


TASKS = {
    "src/shop/__init__.py": "",
    "src/shop/tasklib.py": """
        class Task:
            '''What Celery's @app.task returns: callable, plus .delay/.apply_async.'''

            def __init__(self, function):
                self.function = function

            def __call__(self, *args, **kwargs):
                return self.function(*args, **kwargs)

            def delay(self, *args, **kwargs):
                return ("queued", self.function(*args, **kwargs))

            def apply_async(self, args=(), kwargs=None):
                return self.delay(*args, **(kwargs or {}))


        def task(function):
            return Task(function)
        """,
    # shop.orders is a namespace package: no __init__.py.
    "src/shop/orders/service.py": """
        from datetime import datetime

        from shop.tasklib import task


        @task
        def send_receipt(order_id: int) -> str:
            return f"receipt {order_id}"


        def total(order_id: int) -> int:
            return order_id * 10


        def stamp(moment):
            return moment.isoformat()


        def created(order_id):
            return datetime(2024, 1, order_id)
        """,
    "src/shop/web.py": """
        from datetime import datetime

        from shop.orders import service
        from shop.orders.service import (  # the receipt goes through the queue
            created,
            send_receipt,
            total,
        )


        def checkout(order_id: int) -> dict:
            return {"total": total(order_id), "queued": list(send_receipt.delay(order_id)),
                    "stamp": service.stamp(datetime(2024, 1, 1)),
                    "created": str(created(order_id))}
        """,
    "tests/test_web.py": """
        from shop.web import checkout, send_receipt


        def test_checkout():
            assert checkout(2) == {"total": 20, "queued": ["queued", "receipt 2"],
                                   "stamp": "2024-01-01T00:00:00",
                                   "created": "2024-01-02 00:00:00"}


        def test_the_task_keeps_its_api():
            assert send_receipt.apply_async(args=(3,)) == ("queued", "receipt 3")
        """,
}
TESTS = "PYTHONPATH=src python -m pytest -q -p no:cacheprovider tests"


def test_src_layout_namespace_package_and_task_keep_the_monolith_working(
        tmp_path: Path) -> None:
    root = build_tree(tmp_path / "shop", TASKS)
    _commit(root)
    code, out = _extract(root, "shop.orders", "--apply", "--verify",
                         TESTS.replace("python", sys.executable))
    assert code == 0, out
    # The task is left as it is (a wrapper would lose .delay); the unproven values stay local.
    assert "shop.orders.service.send_receipt: decorated (@task)" in out
    assert "shop.orders.service.stamp: argument moment: a caller passes" in out
    assert "shop.orders.service.created:" in out and "returns a model, query, date" in out
    line = next(x for x in out.splitlines() if "shop.orders.service.total(order_id)" in x)
    assert "NOT JSON-safe" not in line  # annotated int, and callers pass an int
    assert "verify: after the change: passed" in out and "/readyz 200" in out
    # The client sits inside the package it is imported from, in the src layout.
    assert (root / "src/shop/orders_client/service.py").is_file()
    assert (root / "services/orders/src/shop/orders/service.py").is_file()
    assert not (root / "services/orders/src/src").exists()
    web = (root / "src/shop/web.py").read_text()
    assert "from shop.orders_client.service import (  # the receipt goes through the queue" in web
    # Proven again here, by running the monolith: its tests, and the task's own API.
    done = subprocess.run(TESTS.replace("python", sys.executable), shell=True, cwd=root,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    out = _run(root, "from shop.web import send_receipt, total, service; "
               "print(type(send_receipt).__name__, hasattr(total, '__wrapped__'), "
               "service.stamp.__module__)", PYTHONPATH="src")
    assert out == "Task True shop.orders.service"


def test_a_failed_check_rolls_every_file_back(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "shop", TASKS)
    _commit(root)
    broken = (f"{sys.executable} -c \"import os, sys; "
              "sys.exit(os.path.exists('src/shop/orders_client'))\"")
    code, out = _extract(root, "shop.orders", "--apply", "--verify", broken)
    assert code == 4, out
    assert "passed before and fails after" in out and "rolled back" in out
    assert _status(root) == ""  # nothing half-applied, no stray folder


FLASK = {
    "greet/__init__.py": "",
    "greet/app.py": """
        from flask import Flask

        from greet import views


        def create_app():
            app = Flask(__name__)
            app.config["GREETING"] = "hello "
            app.add_url_rule("/", view_func=views.index)
            return app
        """,
    "greet/views.py": """
        from greet.words import greeting


        def index():
            return greeting("web")
        """,
    "greet/words.py": """
        from flask import current_app


        def greeting(name: str) -> str:
            return current_app.config["GREETING"] + name
        """,
}


def test_flask_service_calls_run_in_the_app_context(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "flaskmono", FLASK)
    _commit(root)
    code, out = _extract(root, "greet.words", "--apply")
    assert code == 0, out
    assert "/readyz 200" in out and '"framework":"flask"' in out
    with _service(root / "services/words", "words_service") as base:
        status, body = _get(base + "/rpc/greet.words/greeting", {"name": "rpc"})
        assert (status, json.loads(body)) == (200, {"result": "hello rpc"})


def test_flask_service_imports_modules_that_read_the_config_at_import_time(
        tmp_path: Path) -> None:
    """superset's async queries read `current_app.config` when imported (inside its app
    factory's context): the service imports the seam's modules in the app context too."""
    files = dict(FLASK)
    files["greet/app.py"] = """
        from flask import Flask


        def create_app():
            app = Flask(__name__)
            app.config["GREETING"] = "hello "
            with app.app_context():
                from greet import views
            app.add_url_rule("/", view_func=views.index)
            return app
        """
    files["greet/views.py"] = """
        def index():
            from greet.words import greeting  # imported on first use, in a request

            return greeting("web")
        """
    files["greet/words.py"] = """
        from flask import current_app

        PREFIX = current_app.config["GREETING"]


        def greeting(name: str) -> str:
            return PREFIX + name
        """
    root = build_tree(tmp_path / "flaskconf", files)
    _commit(root)
    code, out = _extract(root, "greet.words", "--apply")
    assert code == 0, out
    assert "/readyz 200" in out
    with _service(root / "services/words", "words_service") as base:
        status, body = _get(base + "/rpc/greet.words/greeting", {"name": "rpc"})
        assert (status, json.loads(body)) == (200, {"result": "hello rpc"})


DJANGO = {
    "manage.py": """
        import os
        import sys

        if __name__ == "__main__":
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cfg.settings")
            from django.core.management import execute_from_command_line

            execute_from_command_line(sys.argv)
        """,
    "site_cfg/__init__.py": "",
    "site_cfg/settings.py": """
        import os
        from pathlib import Path

        SECRET_KEY = "test"
        INSTALLED_APPS = ["django.contrib.contenttypes", "notes"]
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                                 "NAME": os.environ.get("NOTES_DB", Path(__file__).parent / "db")}}
        ROOT_URLCONF = "site_cfg.urls"
        DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
        USE_TZ = True
        """,
    "site_cfg/urls.py": """
        from django.urls import path

        from site_cfg import views

        urlpatterns = [path("count/", views.count)]
        """,
    "site_cfg/views.py": """
        from django.http import HttpResponse

        from notes.service import count_notes


        def count(request):
            return HttpResponse(str(count_notes("a")))
        """,
    "notes/__init__.py": "",
    "notes/models.py": """
        from django.db import models


        class Note(models.Model):
            text = models.CharField(max_length=100)
        """,
    "notes/service.py": """
        from notes.models import Note


        def count_notes(prefix: str) -> int:
            return Note.objects.filter(text__startswith=prefix).count()
        """,
}


def test_django_service_boots_with_the_settings_and_reads_the_database(tmp_path: Path) -> None:
    pytest.importorskip("django")
    root = build_tree(tmp_path / "djmono", DJANGO)
    database = str(tmp_path / "notes.sqlite3")
    _run(root, "import os, sys, django; sys.path.insert(0, '.'); "
         "os.environ['DJANGO_SETTINGS_MODULE'] = 'site_cfg.settings'; django.setup(); "
         "from django.core.management import call_command; "
         "call_command('migrate', run_syncdb=True, verbosity=0); "
         "from notes.models import Note; Note.objects.create(text='abc')", NOTES_DB=database)
    _commit(root)
    os.environ["NOTES_DB"] = database
    try:
        code, out = _extract(root, "notes.service", "--apply")
    finally:
        del os.environ["NOTES_DB"]
    assert code == 0, out
    assert '"framework":"django"' in out
    app_text = (root / "services/service/service_service/app.py").read_text()
    assert "'settings': 'site_cfg.settings'" in app_text
    with _service(root / "services/service", "service_service", NOTES_DB=database) as base:
        assert _get(base + "/readyz")[0] == 200
        status, body = _get(base + "/rpc/notes.service/count_notes", {"prefix": "a"})
        assert (status, json.loads(body)) == (200, {"result": 1})
    # /readyz asks the database: with no database to open, the service says it is not ready.
    with _service(root / "services/service", "service_service",
                  NOTES_DB=str(tmp_path / "missing" / "x.sqlite3")) as base:
        status, body = _get(base + "/readyz")
        assert status == 503 and "unable to open database" in body, body


FASTAPI = {
    "shopapi/__init__.py": "",
    "shopapi/main.py": """
        from contextlib import asynccontextmanager

        from fastapi import FastAPI

        from shopapi.items import router


        @asynccontextmanager
        async def lifespan(app):
            app.state.prices = {3: 300}
            yield


        def create_app():
            app = FastAPI(lifespan=lifespan)
            app.include_router(router)
            return app
        """,
    "shopapi/items.py": """
        from fastapi import APIRouter, Request

        router = APIRouter(prefix="/items")


        @router.get("/{item_id}")
        def read_item(item_id: int, request: Request):
            return {"id": item_id, "price": request.app.state.prices[item_id]}
        """,
}


def test_fastapi_service_runs_the_monolith_lifespan_and_shares_its_state(
        tmp_path: Path) -> None:
    root = build_tree(tmp_path / "apimono", FASTAPI)
    _commit(root)
    code, out = _extract(root, "shopapi.items", "--apply")
    assert code == 0, out
    assert "/readyz 200" in out and '"framework":"fastapi"' in out
    with _service(root / "services/items", "items_service",
                  STRANGLER_SERVE_LEGACY_ROUTES="0") as base:
        status, body = _get(base + "/items/3")  # the ported router reads app.state
        assert (status, json.loads(body)) == (200, {"id": 3, "price": 300})


def test_fastapi_ported_routers_answer_errors_with_the_monolith_handlers(
        tmp_path: Path) -> None:
    """mealie: the app answers a validation error in its own shape (an exception handler on
    the app); the service's copy of the router answered FastAPI's default 422 body."""
    files = dict(FASTAPI)
    files["shopapi/main.py"] = FASTAPI["shopapi/main.py"].replace(
        "            app.include_router(router)\n",
        "            app.include_router(router)\n"
        "            app.add_exception_handler(RequestValidationError, invalid)\n").replace(
        "from fastapi import FastAPI\n",
        "from fastapi import FastAPI\n"
        "        from fastapi.exceptions import RequestValidationError\n"
        "        from fastapi.responses import JSONResponse\n").replace(
        "        def create_app():",
        "        async def invalid(request, exc):\n"
        "            return JSONResponse({'message': 'invalid', 'status_code': 422}, 422)\n\n\n"
        "        def create_app():")
    root = build_tree(tmp_path / "apimono", files)
    _commit(root)
    code, out = _extract(root, "shopapi.items", "--apply")
    assert code == 0, out
    with _service(root / "services/items", "items_service",
                  STRANGLER_SERVE_LEGACY_ROUTES="0") as base:
        status, body = _get(base + "/items/three")
        assert (status, json.loads(body)) == (422, {"message": "invalid", "status_code": 422})
        status, body = _get(base + "/items/3")
        assert (status, json.loads(body)) == (200, {"id": 3, "price": 300})
        status, body = _get(base + "/rpc/shopapi.items/nothing", {"x": 1})
        assert status == 404 and "invalid" not in body  # the service's own paths keep theirs


def test_a_missing_service_runtime_is_refused_before_anything_is_written(
        tmp_path: Path) -> None:
    """healthchecks: the project's venv had no uvicorn; the tests ran before and after, then
    the boot check failed and everything was rolled back. It is told first, with the fix."""
    root = build_tree(tmp_path / "apimono", FASTAPI)
    _commit(root)
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    code, out = _extract(root, "shopapi.items", "--apply", "--python", str(bare / "bin/python"),
                         "--verify", "false")
    assert code == 2, out
    assert "the service's runtime is not installed" in out and "-m pip install" in out, out
    assert "'uvicorn>=0.27'" in out and "a2wsgi" not in out  # an ASGI app needs none
    assert "verify: running" not in out
    assert _status(root) == ""
