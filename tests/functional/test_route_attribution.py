"""One definition of which routes a seam serves (its handler's module when that is project
code, else the declaring module): the seam in analysis.json, the routes_by_package table of
the report, `strangler extract`'s plan, route table and prefixes, and the nginx and Envoy
exports of that table agree, also when a root URLconf or app module (no seam's) routes to a
view in an app module."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import build_tree
from typer.testing import CliRunner

from strangler.cli.app import app
from strangler.model import Route, serving_module

DJANGO = {
    "manage.py": """
        import os
        import sys

        if __name__ == "__main__":
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
            from django.core.management import execute_from_command_line
            execute_from_command_line(sys.argv)
        """,
    "shop/__init__.py": "",
    "shop/settings.py": """
        ROOT_URLCONF = "shop.urls"
        INSTALLED_APPS = ["shop.billing", "shop.catalog"]
        """,
    "shop/wsgi.py": """
        import os

        from django.core.wsgi import get_wsgi_application

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
        application = get_wsgi_application()
        """,
    # the root URLconf routes straight to the apps' views
    "shop/urls.py": """
        from django.urls import path

        from shop.billing import views as billing_views
        from shop.catalog.views import product_list

        urlpatterns = [
            path("invoices/", billing_views.invoice_list),
            path("invoices/<int:pk>/", billing_views.invoice_detail),
            path("products/", product_list),
        ]
        """,
}
for _app, _model, _one in (("billing", "Invoice", "invoice"), ("catalog", "Product", "product")):
    DJANGO[f"shop/{_app}/__init__.py"] = ""
    DJANGO[f"shop/{_app}/models.py"] = f"""
        from django.db import models


        class {_model}(models.Model):
            name = models.CharField(max_length=100)
            total = models.IntegerField(default=0)
        """
    DJANGO[f"shop/{_app}/services.py"] = f"""
        from shop.{_app}.models import {_model}


        def all_{_one}s():
            return list({_model}.objects.all())


        def one_{_one}(pk):
            return {_model}.objects.get(pk=pk)
        """
    DJANGO[f"shop/{_app}/views.py"] = f"""
        from django.http import JsonResponse

        from shop.{_app}.services import all_{_one}s, one_{_one}


        def {_one}_list(request):
            return JsonResponse({{"items": [x.name for x in all_{_one}s()]}})


        def {_one}_detail(request, pk):
            return JsonResponse({{"name": one_{_one}(pk).name}})
        """

FLASK = {
    # the app module (a root) registers the blog's views
    "app.py": """
        from flask import Flask

        from blog import views as blog_views

        app = Flask(__name__)
        app.add_url_rule("/posts/", view_func=blog_views.post_list)
        app.add_url_rule("/posts/<int:pk>", "post", blog_views.post_detail)
        """,
    "blog/__init__.py": "",
    "blog/views.py": """
        from blog.store import load


        def post_list():
            return {"posts": load()}


        def post_detail(pk):
            return {"post": load()[pk]}
        """,
    "blog/store.py": """
        POSTS = ["a", "b"]


        def load():
            return list(POSTS)
        """,
}


@pytest.mark.parametrize(("files", "view", "declared", "prefix"), [
    (DJANGO, "shop.billing.views", "shop.urls", "/invoices"),
    (FLASK, "blog.views", "app", "/posts"),
], ids=["django", "flask"])
def test_the_seam_of_the_view_lists_the_route_and_extract_plans_it(
        tmp_path: Path, files: dict[str, str], view: str, declared: str, prefix: str) -> None:
    root = build_tree(tmp_path / "mono", files)
    out, cache = tmp_path / "report", tmp_path / "cache"
    runner = CliRunner()
    done = runner.invoke(app, ["analyze", str(root), "--out", str(out), "--cache-dir",
                               str(cache), "--no-svg", "--quiet"])
    assert done.exit_code == 0, done.output
    analysis = json.loads((out / "analysis.json").read_text())
    seam = next(s for s in analysis["seams"] if view in s["modules"])
    # the case at hand: the routes are declared outside the seam, in a root module
    assert declared not in seam["modules"]
    assert declared in {r["module"] for r in analysis["proposal"]["roots"]}
    mine = [r for r in analysis["routes"] if r["handler"].startswith(view + ".")]
    assert len(mine) == 2 and {r["module"] for r in mine} == {declared}
    assert {r["served_by"] for r in mine} == {view}
    key = {(r["path"], r["handler"], r["line"]) for r in mine}
    assert {(r["path"], r["handler"], r["line"]) for r in seam["routes"]} == key
    # the report's routes table counts them in the view's package (first two name parts)
    assert f"| {'.'.join(view.split('.')[:2])} | 2 |" in (out / "report.md").read_text()

    done = runner.invoke(app, ["extract", seam["name"], "--path", str(root), "--format", "json",
                               "--cache-dir", str(cache)])  # the dry run
    assert done.exit_code == 0, done.output
    result = json.loads(done.output)
    plan = result["plan"]
    assert {(r["path"], r["handler"], r["line"]) for r in plan["routes"]} == key
    assert plan["route_prefixes"] == [prefix]
    assert f'prefix = "{prefix}"' in result["routes_toml"]
    assert not (root / "services").exists()  # a dry run writes nothing
    # the production proxies get the same prefix from that route table
    table = tmp_path / "routes.toml"
    table.write_text(result["routes_toml"])
    nginx = runner.invoke(app, ["export", "nginx", "--config", str(table)])
    assert nginx.exit_code == 0, nginx.output
    assert f"# {prefix}: shadow" in nginx.output
    envoy = runner.invoke(app, ["export", "envoy", "--config", str(table)])
    assert envoy.exit_code == 0, envoy.output
    assert f"path_separated_prefix: {prefix}\n" in envoy.output


def test_a_route_is_its_handlers_module_when_that_is_project_code() -> None:
    def route(handler: str) -> Route:
        return Route(("GET",), "/x", handler, "site.urls", "site/urls.py", 3, "django")

    modules = {"site", "site.urls", "site.orders", "site.orders.views"}
    assert serving_module(route("site.orders.views.OrderView.get"), modules) == \
        "site.orders.views"
    assert serving_module(route("site.orders.views.detail"), modules) == "site.orders.views"
    # a handler outside the project (a framework view) or not resolved: the declaring module
    assert serving_module(route("django.contrib.auth.views.LoginView"), modules) == "site.urls"
    assert serving_module(route("detail"), modules) == "site.urls"
