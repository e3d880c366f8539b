"""Routes first (issue 12, strategies): a seam with HTTP routes becomes a service that answers
them with the monolith's own app code, booted the framework's way; the embedded proxy moves
those paths. Proven with real servers on 127.0.0.1: the legacy app, the generated service and
`strangler proxy`, for Flask and Django."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
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


def _fetch(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body; redirects are answers too, not followed. The same
    Host header everywhere: a redirect names it."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        request = urllib.request.Request(url, headers={"Host": "localhost"})
        with opener.open(request, timeout=10) as reply:
            return reply.status, reply.headers.get("Content-Type", ""), reply.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


@contextmanager
def _server(command: list[str], cwd: Path, url: str, env: dict[str, str]) -> Iterator[None]:
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **env},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                raise AssertionError(f"{command} exited:\n{output[-3000:]}")
            try:
                _fetch(url)
                break
            except OSError:
                time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def _legacy(root: Path, app_expression: str, port: int, env: dict[str, str]):  # type: ignore[no-untyped-def]
    code = ("import sys; sys.path.insert(0, '.'); "
            "from wsgiref.simple_server import make_server; "
            f"{app_expression}; make_server('127.0.0.1', {port}, application).serve_forever()")
    return _server([sys.executable, "-c", code], root, f"http://127.0.0.1:{port}/", env)


def _metrics(base: str) -> str:
    return _fetch(base + "/metrics")[2].decode()


def _routes_first(root: Path, seam: str, app_expression: str, prefix: str,
                  moved: list[str], stays: list[str], env: dict[str, str],
                  routes: int = 2) -> str:
    """Extract, start legacy, the service and the proxy; every moved path answers through
    the proxy as legacy answers it, and was answered by the service. Returns the plan."""
    _commit(root)
    result = CliRunner().invoke(app, ["extract", seam, "--path", str(root), "--no-cache",
                                      "--apply"], env=env)
    assert result.exit_code == 0, result.output
    assert f"strategy: routes: {routes} HTTP route(s) under {prefix}" in result.output
    legacy_port, service_port, proxy_port, admin_port = (free_port() for _ in range(4))
    table = root / "proxy.toml"
    table.write_text(f'[proxy]\nlegacy = "http://127.0.0.1:{legacy_port}"\n'
                     f'listen = "127.0.0.1:{proxy_port}"\nadmin = "127.0.0.1:{admin_port}"\n\n'
                     f'[[routes]]\nprefix = "{prefix}"\n'
                     f'upstream = "http://127.0.0.1:{service_port}"\nmode = "new"\n')
    service = f"http://127.0.0.1:{service_port}"
    proxy = f"http://127.0.0.1:{proxy_port}"
    with ExitStack() as stack:
        stack.enter_context(_legacy(root, app_expression, legacy_port, env))
        stack.enter_context(_server(
            [sys.executable, "-m", "uvicorn", f"{seam}_service.app:app", "--host",
             "127.0.0.1", "--port", str(service_port)], root / "services" / seam,
            service + "/healthz", env))
        stack.enter_context(_server(
            [sys.executable, "-m", "strangler", "proxy", "--config", str(table),
             "--no-access-log"], root, proxy + "/", env))
        assert _fetch(service + "/readyz")[0] == 200
        for path in moved + stays:
            through, direct = _fetch(proxy + path), _fetch(f"http://127.0.0.1:{legacy_port}{path}")
            assert through == direct, (path, through, direct)
        served = _metrics(service)
        for status in {_fetch(f"http://127.0.0.1:{legacy_port}{p}")[0] for p in moved}:
            count = sum(1 for p in moved
                        if _fetch(f"http://127.0.0.1:{legacy_port}{p}")[0] == status)
            assert (f'strangler_requests_total{{path="legacy:{prefix}",status="{status}"}} '
                    f"{count}") in served, served
        assert "/about" not in served  # the paths not moved never reached the service
    return result.output


FLASK = {
    "blog/__init__.py": "",
    "blog/app.py": """
        from flask import Flask

        from blog.orders.views import orders
        from blog.pages import pages


        def create_app():
            app = Flask(__name__)
            app.config["CURRENCY"] = "EUR"
            app.register_blueprint(orders, url_prefix="/orders")
            app.register_blueprint(pages)
            return app
        """,
    "blog/orders/__init__.py": "",
    "blog/orders/views.py": """
        from flask import Blueprint, current_app, jsonify

        from blog.orders.store import find

        orders = Blueprint("orders", __name__)


        @orders.route("/<int:order_id>")
        def show(order_id):
            order = find(order_id)
            return jsonify({"id": order_id, "total": order["total"],
                            "currency": current_app.config["CURRENCY"]})


        @orders.route("/")
        def index():
            return jsonify({"orders": [1, 2]})
        """,
    "blog/orders/store.py": """
        ORDERS = {1: {"total": 10}, 2: {"total": 25}}


        def find(order_id):
            return ORDERS[order_id]
        """,
    "blog/pages.py": """
        from flask import Blueprint

        pages = Blueprint("pages", __name__)


        @pages.route("/about")
        def about():
            return "about us"
        """,
}


def test_flask_templates_and_static_files_are_found_in_the_monolith(tmp_path: Path) -> None:
    """The service carries the code in src/, not the templates and static files beside it:
    the app and its blueprints find them in the monolith's folders (flaskbb's /user pages
    were 500 TemplateNotFound in the service, hidden by the proxy's fallback to legacy)."""
    files = dict(FLASK)
    files["blog/orders/views.py"] = FLASK["blog/orders/views.py"] + """

        @orders.route("/page")
        def page():
            from flask import render_template

            return render_template("orders/page.html", count=len(find.__globals__["ORDERS"]))
        """
    files["blog/templates/orders/page.html"] = "<p>{{ count }} orders</p>\n"
    files["blog/static/orders.css"] = "p { color: red }\n"
    root = build_tree(tmp_path / "blog", files)
    _routes_first(root, "orders", "from blog.app import create_app; application = create_app()",
                  "/orders", ["/orders/page", "/orders/1"], ["/about", "/static/orders.css"], {},
                  routes=3)
    service = root / "services" / "orders" / "src" / "blog"
    assert not (service / "templates").exists()  # found in the monolith, not copied


def test_data_files_beside_the_seams_modules_are_carried(tmp_path: Path) -> None:
    """mealie: a carried module opens `Path(__file__).parent / "logconf.prod.json"` at import;
    the service's copy of the code looks beside itself, so it exited at boot until the data
    files in the carried packages' folders were carried too."""
    files = dict(FLASK)
    files["blog/orders/store.py"] = """
        import json
        from pathlib import Path

        ORDERS = {int(k): v for k, v in json.loads(
            (Path(__file__).parent / "orders.json").read_text()).items()}


        def find(order_id):
            return ORDERS[order_id]
        """
    files["blog/orders/orders.json"] = '{"1": {"total": 10}, "2": {"total": 25}}\n'
    root = build_tree(tmp_path / "blog", files)
    output = _routes_first(root, "orders",
                           "from blog.app import create_app; application = create_app()",
                           "/orders", ["/orders/1", "/orders/2"], ["/about"], {})
    assert "with 1 data file(s) beside them" in output
    carried = root / "services" / "orders" / "src" / "blog" / "orders" / "orders.json"
    assert carried.read_text() == (root / "blog" / "orders" / "orders.json").read_text()


def test_flask_routes_first_through_the_proxy(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "blog", FLASK)
    # /orders: the legacy app's own redirect to /orders/, not one of the service's.
    _routes_first(root, "orders", "from blog.app import create_app; application = create_app()",
                  "/orders", ["/orders/1", "/orders/2", "/orders/", "/orders", "/orders/9"],
                  ["/about"], {})


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
        DEBUG = False
        ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
        INSTALLED_APPS = ["django.contrib.contenttypes", "notes"]
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                                 "NAME": os.environ.get("NOTES_DB", Path(__file__).parent / "db")}}
        ROOT_URLCONF = "site_cfg.urls"
        DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
        USE_TZ = True
        """,
    "site_cfg/wsgi.py": """
        import os

        from django.core.wsgi import get_wsgi_application

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cfg.settings")
        application = get_wsgi_application()
        """,
    "site_cfg/urls.py": """
        from django.urls import include, path

        from site_cfg import views

        urlpatterns = [path("about/", views.about), path("notes/", include("notes.urls"))]
        """,
    "site_cfg/views.py": """
        from django.http import HttpResponse


        def about(request):
            return HttpResponse("about")
        """,
    "notes/__init__.py": "",
    "notes/models.py": """
        from django.db import models


        class Note(models.Model):
            text = models.CharField(max_length=100)
        """,
    "notes/urls.py": """
        from django.urls import path

        from notes import views

        urlpatterns = [path("", views.index), path("<int:note_id>/", views.show)]
        """,
    "notes/views.py": """
        from django.http import JsonResponse

        from notes.models import Note


        def index(request):
            return JsonResponse({"notes": [n.text for n in Note.objects.order_by("id")]})


        def show(request, note_id):
            note = Note.objects.get(pk=note_id)
            return JsonResponse({"id": note.pk, "text": note.text})
        """,
}


def test_django_routes_first_through_the_proxy(tmp_path: Path) -> None:
    pytest.importorskip("django")
    root = build_tree(tmp_path / "site", DJANGO)
    env = {"NOTES_DB": str(tmp_path / "notes.sqlite3")}
    subprocess.run([sys.executable, "-c",
                    "import os, sys, django; sys.path.insert(0, '.'); "
                    "os.environ['DJANGO_SETTINGS_MODULE'] = 'site_cfg.settings'; django.setup(); "
                    "from django.core.management import call_command; "
                    "call_command('migrate', run_syncdb=True, verbosity=0); "
                    "from notes.models import Note; Note.objects.create(text='abc'); "
                    "Note.objects.create(text='def')"], cwd=root, check=True,
                   env={**os.environ, **env}, timeout=120)
    out = _routes_first(root, "notes",
                        "from site_cfg.wsgi import application", "/notes",
                        ["/notes/", "/notes/2/", "/notes/1/", "/notes"], ["/about/"], env)
    assert "interface (0 functions" in out  # no function interface was needed


def test_django_i18n_routes_move_with_one_language_parameter_route(tmp_path: Path) -> None:
    """Routes under `i18n_patterns` (`/<language>/notes/...`) get the route `/{lang}/notes`:
    every language moves through one route, and nothing beside it (`/en/notesx`, other
    pages, the unprefixed path legacy redirects) reaches the service."""
    pytest.importorskip("django")
    files = dict(DJANGO)
    files["site_cfg/settings.py"] = DJANGO["site_cfg/settings.py"] + """
        USE_I18N = True
        LANGUAGE_CODE = "en"
        LANGUAGES = [("en", "English"), ("de", "German")]
        MIDDLEWARE = ["django.middleware.locale.LocaleMiddleware"]
        TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates",
                      "APP_DIRS": True}]
        """
    # The app's own template: the service carries the code, not the templates folder.
    files["notes/templates/notes/count.html"] = "<p>{{ count }} notes</p>\n"
    files["notes/urls.py"] = DJANGO["notes/urls.py"].replace(
        '[path("", views.index)', '[path("count/", views.count), path("", views.index)')
    files["notes/views.py"] = DJANGO["notes/views.py"] + """

        def count(request):
            from django.shortcuts import render

            return render(request, "notes/count.html", {"count": Note.objects.count()})
        """
    files["site_cfg/urls.py"] = """
        from django.conf.urls.i18n import i18n_patterns
        from django.urls import include, path

        from site_cfg import views

        urlpatterns = [path("about/", views.about)] + i18n_patterns(
            path("notes/", include("notes.urls")), path("pages/", views.about))
        """
    root = build_tree(tmp_path / "site", files)
    env = {"NOTES_DB": str(tmp_path / "notes.sqlite3")}
    subprocess.run([sys.executable, "-c",
                    "import os, sys, django; sys.path.insert(0, '.'); "
                    "os.environ['DJANGO_SETTINGS_MODULE'] = 'site_cfg.settings'; django.setup(); "
                    "from django.core.management import call_command; "
                    "call_command('migrate', run_syncdb=True, verbosity=0); "
                    "from notes.models import Note; Note.objects.create(text='abc')"],
                   cwd=root, check=True, env={**os.environ, **env}, timeout=120)
    out = _routes_first(root, "notes", "from site_cfg.wsgi import application",
                        "/{lang}/notes", ["/en/notes/", "/de/notes/1/", "/en/notes/1/",
                                          "/de/notes/9/", "/en/notes/count/"],
                        ["/about/", "/en/pages/", "/notes/", "/en/notesx/", "/de/"], env,
                        routes=3)
    assert "a {param} segment (/{lang}/notes) takes any one path segment" in out
    table = (root / "strangler.toml").read_text()
    assert 'prefix = "/{lang}/notes"' in table
