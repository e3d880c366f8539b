"""HTTP entry points of Flask, Django and FastAPI, with their full paths."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of


def _routes(root: Path) -> set[tuple[tuple[str, ...], str, str, int]]:
    return {(r.methods, r.path, r.handler, r.line) for r in index_of(root).routes}


def test_flask_app_blueprints_prefixes_and_add_url_rule(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/app.py": """
            from flask import Flask
            from web.billing import bp as billing_bp
            from web import accounts

            app = Flask(__name__)

            @app.route("/health")
            def health():
                return "ok"

            app.register_blueprint(billing_bp, url_prefix="/billing")
            app.register_blueprint(accounts.bp)
            """,
        "web/billing.py": """
            from flask import Blueprint

            bp = Blueprint("billing", __name__, url_prefix="/ignored")

            @bp.route("/invoices", methods=["GET", "POST"])
            def invoices(): ...

            @bp.post("/pay")
            def pay(): ...

            class AuditView: ...

            bp.add_url_rule("/audit", view_func=AuditView.as_view("audit"), methods=["GET"])
            """,
        "web/accounts.py": """
            from flask import Blueprint
            bp = Blueprint("accounts", __name__, url_prefix="/accounts")

            @bp.get("")
            def me(): ...
            """,
    })
    routes = _routes(root)
    assert (("GET",), "/health", "web.app.health", 8) in routes
    # register_blueprint(url_prefix=...) overrides the Blueprint's own prefix, as in Flask
    assert (("GET", "POST"), "/billing/invoices", "web.billing.invoices", 6) in routes
    assert (("POST",), "/billing/pay", "web.billing.pay", 9) in routes
    assert (("GET",), "/billing/audit", "web.billing.AuditView", 13) in routes
    assert (("GET",), "/accounts", "web.accounts.me", 5) in routes
    assert len(routes) == 5


def test_fastapi_routers_and_include_router_prefixes(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "api/__init__.py": "",
        "api/main.py": """
            from fastapi import FastAPI
            from api.routers import items

            app = FastAPI()
            app.include_router(items.router, prefix="/v1")

            @app.get("/")
            async def root(): ...
            """,
        "api/routers/__init__.py": "",
        "api/routers/items.py": """
            from fastapi import APIRouter
            router = APIRouter(prefix="/items")

            @router.get("/{item_id}")
            async def read_item(item_id: int): ...

            @router.api_route("/bulk", methods=["PUT", "PATCH"])
            async def bulk(): ...
            """,
    })
    index = index_of(root)
    routes = {(r.methods, r.path, r.handler, r.framework) for r in index.routes}
    assert (("GET",), "/", "api.main.root", "fastapi") in routes
    assert (("GET",), "/v1/items/{item_id}", "api.routers.items.read_item", "fastapi") in routes
    assert (("PUT", "PATCH"), "/v1/items/bulk", "api.routers.items.bulk", "fastapi") in routes


def test_django_urlconf_include_and_class_based_views(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "site_cfg/__init__.py": "",
        "site_cfg/settings.py": 'ROOT_URLCONF = "site_cfg.urls"\n',
        "site_cfg/urls.py": """
            from django.urls import include, path, re_path
            from shop import views

            urlpatterns = [
                path("", views.home),
                path("shop/", include("shop.urls")),
                re_path(r"^legacy/(?P<pk>\\d+)/$", views.legacy),
            ]
            """,
        "shop/__init__.py": "",
        "shop/views.py": """
            from django.views import View
            def home(request): ...
            def legacy(request, pk): ...
            class CartView(View):
                def get(self, request): ...
                def post(self, request): ...
            """,
        "shop/urls.py": """
            from django.urls import path
            from . import views
            urlpatterns = [
                path("cart/<int:pk>/", views.CartView.as_view(), name="cart"),
            ]
            """,
    })
    routes = {(r.methods, r.path, r.handler, r.framework) for r in index_of(root).routes}
    assert (("ANY",), "/", "shop.views.home", "django") in routes
    assert (("GET", "POST"), "/shop/cart/<int:pk>/", "shop.views.CartView", "django") in routes
    assert (("ANY",), r"/legacy/(?P<pk>\d+)/", "shop.views.legacy", "django") in routes
    assert len(routes) == 3


def test_dynamic_routes_are_listed_as_unresolved(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/app.py": """
            from flask import Flask
            app = Flask(__name__)
            PREFIX = compute()

            @app.route(PREFIX + "/x")
            def dynamic(): ...

            for name in ("a", "b"):
                app.add_url_rule(f"/{name}", view_func=handler)
            """,
    })
    index = index_of(root)
    # a literal path under a prefix known at run time is a route, marked so
    assert [(r.path, r.handler, r.runtime_prefix) for r in index.routes] == [
        ("/{PREFIX}/x", "web.app.dynamic", True)]
    assert [(u.handler, u.line) for u in index.unresolved_routes] == [("web.app.handler", 9)]
    assert "not a literal" in index.unresolved_routes[0].reason


def test_django_i18n_patterns_add_the_language_prefix(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "site/__init__.py": "",
        "site/urls.py": """
            from django.conf.urls.i18n import i18n_patterns
            from django.urls import path
            from site import views
            urlpatterns = i18n_patterns(path("about/", views.about))
            urlpatterns += [path("api/", views.api)]
            """,
        "site/views.py": "def about(r): ...\ndef api(r): ...\n",
    })
    paths = {r.path for r in index_of(root).routes}
    assert paths == {"/<lang>/about/", "/api/"}


def test_django_pattern_lists_grown_under_conditions(tmp_path: Path) -> None:
    # Weblate's root URLconf: `real_patterns = [...]`, grown with `+=`, `.extend` and
    # `.append` under `if "weblate.billing" in settings.INSTALLED_APPS:`, then included.
    root = build_tree(tmp_path / "proj", {
        "site/__init__.py": "",
        "site/urls.py": """
            from django.conf import settings
            from django.urls import include, path
            from site import views
            real_patterns = [path("home/", views.home)]
            if "billing" in settings.INSTALLED_APPS:
                real_patterns += [path("billing/", views.billing)]
            if "legal" in settings.INSTALLED_APPS:
                real_patterns.extend([path("legal/", views.legal)])
            if settings.DEBUG:
                real_patterns.append(path("debug/", views.debug))
            urlpatterns = [path("", include(real_patterns))]
            urlpatterns.append(path("health/", views.health))

            def helper(extra):
                extra.append(path("never/", views.home))
            """,
        "site/views.py": "def home(r): ...\ndef billing(r): ...\ndef legal(r): ...\n"
                         "def debug(r): ...\ndef health(r): ...\n",
    })
    routes = {r.path: r.handler for r in index_of(root).routes}
    assert routes == {"/home/": "site.views.home", "/billing/": "site.views.billing",
                      "/legal/": "site.views.legal", "/debug/": "site.views.debug",
                      "/health/": "site.views.health"}


def test_blueprint_passed_to_a_rule_function_takes_the_callers_prefixes(tmp_path: Path) -> None:
    # ckan: `def register_dataset_plugin_rules(blueprint): blueprint.add_url_rule(...)`,
    # called with module-level blueprints here and in another module.
    root = build_tree(tmp_path / "proj", {
        "site/__init__.py": "",
        "site/dataset.py": """
            from flask import Blueprint

            dataset = Blueprint("dataset", __name__, url_prefix="/dataset")

            def search(): ...

            def register_rules(blueprint):
                blueprint.add_url_rule("/", view_func=search)

                @blueprint.route("/<id>")
                def read(id): ...

            register_rules(dataset)
            """,
        "site/group.py": """
            from flask import Blueprint
            from site.dataset import register_rules

            group = Blueprint("group", __name__, url_prefix="/group")
            register_rules(group)
            """,
        "site/other.py": """
            from flask import Blueprint

            def unrelated(blueprint):
                blueprint.add_url_rule("/alone", view_func=print)
            """,
    })
    assert {(r.path, r.handler, r.line) for r in index_of(root).routes} == {
        ("/dataset/", "site.dataset.search", 8),
        ("/group/", "site.dataset.search", 8),
        ("/dataset/<id>", "site.dataset.register_rules.read", 11),
        ("/group/<id>", "site.dataset.register_rules.read", 11),
        ("/alone", "site.other.print", 4),  # never called: the path as written
    }


def test_flask_appbuilder_apis_inherit_routes_prefixes_and_crud(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/constants.py": """
            class RouteMethod:
                DELETE = "delete"
                GET = "get"
                GET_LIST = "get_list"
                POST = "post"
                PUT = "put"
                INFO = "info"
                RELATED = "related"
                REST_MODEL_VIEW_CRUD_SET = {DELETE, GET, GET_LIST, POST, PUT, INFO}
            """,
        "app/base_api.py": """
            from flask_appbuilder import ModelRestApi
            from flask_appbuilder.api import expose

            class BaseModelApi(ModelRestApi):
                @expose("/related/<column_name>", methods=("GET",))
                def related(self, column_name): ...

                @expose("/distinct/<column_name>", methods=("GET",))
                def distinct(self, column_name): ...
            """,
        "app/charts.py": """
            from flask_appbuilder.api import expose
            from app.base_api import BaseModelApi
            from app.constants import RouteMethod

            class ChartApi(BaseModelApi):
                resource_name = "chart"
                datamodel = object()
                include_route_methods = RouteMethod.REST_MODEL_VIEW_CRUD_SET | {
                    RouteMethod.RELATED, "export"}

                @expose("/<id_or_uuid>", methods=("GET",))
                def get(self, id_or_uuid): ...

                @expose("/export/", methods=("GET",))
                def export(self): ...

                @expose("/hidden/", methods=("GET",))
                def hidden(self): ...

            class ChartDataApi(ChartApi):
                include_route_methods = {"data"}

                @expose("/data", methods=("POST",))
                def data(self): ...
            """,
    })
    routes = _routes(root)
    assert {(m, p, h) for m, p, h, _ in routes} == {
        (("GET",), "/api/v1/chart/<id_or_uuid>", "app.charts.ChartApi.get"),
        (("GET",), "/api/v1/chart/export/", "app.charts.ChartApi.export"),
        (("GET",), "/api/v1/chart/related/<column_name>", "app.charts.ChartApi.related"),
        (("GET",), "/api/v1/chart/", "app.charts.ChartApi.get_list"),
        (("POST",), "/api/v1/chart/", "app.charts.ChartApi.post"),
        (("PUT",), "/api/v1/chart/<pk>", "app.charts.ChartApi.put"),
        (("DELETE",), "/api/v1/chart/<pk>", "app.charts.ChartApi.delete"),
        (("GET",), "/api/v1/chart/_info", "app.charts.ChartApi.info"),
        # the subclass inherits resource_name and keeps only what it includes
        (("POST",), "/api/v1/chart/data", "app.charts.ChartDataApi.data"),
    }
    # an own route points at its @expose; an inherited one at the class that serves it
    lines = {h: line for _, _, h, line in routes}
    assert lines["app.charts.ChartApi.export"] == 15  # the def line, as for every route
    assert lines["app.charts.ChartApi.related"] == lines["app.charts.ChartApi.post"] == 5


def test_a_prefix_from_configuration_is_shown_and_flagged(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/app.py": """
            from flask import Flask
            from fastapi import APIRouter
            from web.admin import admin

            app = Flask(__name__)
            app.register_blueprint(admin, url_prefix=app.config["ADMIN_URL_PREFIX"])
            items = APIRouter(prefix="/tenants/{tenant_id}")

            @items.get("/items/{item_id}")
            def item(tenant_id: str, item_id: int): ...
            """,
        "web/admin.py": """
            from flask import Blueprint
            admin = Blueprint("admin", __name__)

            @admin.route("/users")
            def users(): ...
            """,
    })
    routes = {r.path: r.runtime_prefix for r in index_of(root).routes}
    assert routes == {
        "/{app.config['ADMIN_URL_PREFIX']}/users": True,
        "/tenants/{tenant_id}/items/{item_id}": False,  # FastAPI path parameters are not
    }


def test_django_runtime_prefix_local_lists_project_routers_and_built_patterns(
        tmp_path: Path) -> None:
    """As NetBox writes its URLconfs: every pattern under `path(settings.BASE_PATH,
    include(_patterns))`, REST APIs on the project's own DRF router subclass, and patterns
    built by a call (listed as unresolved, with where they would be mounted)."""
    root = build_tree(tmp_path / "proj", {
        "site_cfg/__init__.py": "",
        "site_cfg/settings.py": 'ROOT_URLCONF = "site_cfg.urls"\nBASE_PATH = ""\n',
        "site_cfg/routers.py": """
            from rest_framework.routers import DefaultRouter
            class SiteRouter(DefaultRouter):
                pass
            class NotARouter:
                pass
            """,
        "site_cfg/urls.py": """
            from django.conf import settings
            from django.urls import include, path
            from shop import views
            _patterns = [
                path("", views.home),
                path("shop/", include("shop.urls")),
                path("api/shop/", include("shop.api_urls")),
            ]
            urlpatterns = [path(settings.BASE_PATH, include(_patterns))]
            """,
        "shop/__init__.py": "",
        "shop/views.py": """
            def home(request): ...
            class OrderViewSet: ...
            """,
        "shop/urls.py": """
            from django.urls import include, path
            from utils.urls import get_model_urls
            urlpatterns = [path("orders/", include(get_model_urls("shop", "order")))]
            """,
        "shop/api_urls.py": """
            from site_cfg.routers import NotARouter, SiteRouter
            from . import views
            router = SiteRouter()
            router.register("orders", views.OrderViewSet)
            other = NotARouter()
            other.register("ignored", views.OrderViewSet)
            urlpatterns = router.urls
            """,
    })
    index = index_of(root)
    routes = {(r.path, r.handler, r.runtime_prefix) for r in index.routes}
    assert routes == {
        ("/{settings.BASE_PATH}", "shop.views.home", True),
        ("/{settings.BASE_PATH}api/shop/orders/", "shop.views.OrderViewSet", True),
        ("/{settings.BASE_PATH}api/shop/orders/{pk}/", "shop.views.OrderViewSet", True),
    }
    assert [(u.module, u.handler, u.reason) for u in index.unresolved_routes] == [
        ("shop.urls", "get_model_urls(...) at /{settings.BASE_PATH}shop/orders/",
         "URL patterns made at run time by a call"),
    ]


def test_a_projects_own_add_resource_wrapper_and_a_helper_wrapped_path(tmp_path: Path) -> None:
    """As Redash registers its API: `api.add_org_resource(Resource, "/api/x")` wraps
    Flask-RESTful's add_resource, and `org_scoped_rule("/login")` prefixes a literal path at
    run time."""
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/api.py": """
            from flask import Blueprint
            from flask_restful import Api, Resource
            from web.rules import org_scoped_rule
            class ExtApi(Api):
                def add_org_resource(self, resource, *urls, **kwargs):
                    self.add_resource(resource, *urls, **kwargs)
            api = ExtApi()
            class AlertResource(Resource):
                def get(self, alert_id): ...
                def delete(self, alert_id): ...
            api.add_org_resource(AlertResource, "/api/alerts/<alert_id>", endpoint="alert")
            api.add_org_resource(AlertResource, "assets", "not-a-path")
            bp = Blueprint("auth", __name__)

            @bp.route(org_scoped_rule("/login"), methods=["GET", "POST"])
            def login(): ...
            """,
        "web/rules.py": "def org_scoped_rule(rule):\n    return rule\n",
    })
    index = index_of(root)
    routes = {(r.path, r.handler, r.runtime_prefix) for r in index.routes}
    assert ("/api/alerts/<alert_id>", "web.api.AlertResource", False) in routes
    assert ("/{org_scoped_rule}/login", "web.api.login", True) in routes
    assert not any("not-a-path" in path or "assets" in path for path, _, _ in routes)
    assert index.unresolved_routes == ()


def test_a_path_added_to_a_prefix_known_at_run_time(tmp_path: Path) -> None:
    """As Indico mounts one blueprint under each of its objects' URL prefixes: a loop
    over the prefixes registers `prefix + "/attachments/"`, a literal path under a prefix
    known at run time; a sum whose tail is no path stays unresolved."""
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/blueprint.py": """
            from flask import Blueprint
            bp = Blueprint("attachments", __name__)
            def manage(): ...
            for prefix in ("/event/<int:event_id>", "/category/<int:category_id>"):
                bp.add_url_rule(prefix + "/attachments/", "manage", manage)
                bp.add_url_rule(prefix + "attachments", "odd", manage)
            """,
    })
    index = index_of(root)
    routes = {(r.path, r.handler, r.runtime_prefix) for r in index.routes}
    assert ("/{prefix}/attachments/", "web.blueprint.manage", True) in routes
    assert [u.reason for u in index.unresolved_routes] == [
        "path is not a literal: prefix + 'attachments'"]


def test_routes_on_a_router_passed_to_a_function_get_its_prefixes(tmp_path: Path) -> None:
    """A route declared on a function's parameter takes the prefix of every router passed
    to that function; a call of another function of the same name passes nothing to it."""
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/views.py": """
            def init(bp):
                @bp.route("/a")
                def a(): ...
            """,
        "web/other.py": """
            def init(bp):
                pass
            """,
        "web/app.py": """
            from flask import Blueprint
            from web.views import init
            from web import other

            one = Blueprint("one", __name__, url_prefix="/one")
            two = Blueprint("two", __name__, url_prefix="/two")
            three = Blueprint("three", __name__, url_prefix="/three")
            init(one)
            init(two)
            other.init(three)
            """,
    })
    paths = {path for _, path, _, _ in _routes(root)}
    assert paths == {"/one/a", "/two/a"}


def test_flask_restx_namespaces_on_an_api_in_a_blueprint(tmp_path: Path) -> None:
    """Flask-RESTX (and Flask-RESTPlus): `@ns.route("/x")` decorates a Resource class, the
    namespace's path is `/<name>` or `path=`, `api.add_namespace(ns, "/p")` replaces it, and
    the `Api` takes the prefix of the blueprint (or app) it is made on. Flask-RESTful's
    `add_resource` on an `Api(bp)` gets the blueprint's prefix too."""
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/api.py": """
            from flask import Blueprint
            from flask_restx import Api
            from web.challenges import challenges_namespace
            from web.users import ns as users

            bp = Blueprint("api", __name__, url_prefix="/api/v1")
            API = Api(bp, version="v1")
            API.add_namespace(challenges_namespace, "/challenges")
            API.add_namespace(users)
            """,
        "web/challenges.py": """
            from flask_restx import Namespace, Resource
            challenges_namespace = Namespace("challenges", description="Challenges")

            @challenges_namespace.route("")
            class ChallengeList(Resource):
                def get(self): ...
                def post(self): ...

            @challenges_namespace.route("/<int:challenge_id>", "/by-id/<int:challenge_id>")
            @challenges_namespace.param("challenge_id", "An id")
            class Challenge(Resource):
                def get(self, challenge_id): ...
                def delete(self, challenge_id): ...
            """,
        "web/users.py": """
            import flask_restx
            ns = flask_restx.Namespace("users", path="/people")

            @ns.route("/me")
            class Me(flask_restx.Resource):
                def get(self): ...
            """,
        "legacy/__init__.py": "",
        "legacy/rest.py": """
            from flask import Blueprint
            from flask_restful import Api, Resource
            bp = Blueprint("legacy", __name__, url_prefix="/legacy")
            api = Api(bp)
            class Item(Resource):
                def put(self, id): ...
            api.add_resource(Item, "/items/<id>")
            """,
    })
    index = index_of(root)
    routes = {(r.path, r.methods, r.handler) for r in index.routes}
    assert ("/api/v1/challenges", ("GET", "POST"), "web.challenges.ChallengeList") in routes
    assert ("/api/v1/challenges/<int:challenge_id>", ("GET", "DELETE"),
            "web.challenges.Challenge") in routes
    assert ("/api/v1/challenges/by-id/<int:challenge_id>", ("GET", "DELETE"),
            "web.challenges.Challenge") in routes
    assert ("/api/v1/people/me", ("GET",), "web.users.Me") in routes
    assert ("/legacy/items/<id>", ("PUT",), "legacy.rest.Item") in routes
    assert len(routes) == 5
    assert index.unresolved_routes == ()


def test_a_fastapi_sub_application_mounted_under_a_path(tmp_path: Path) -> None:
    """`app.mount("/api/v1", api)` (FastAPI/Starlette) puts the sub-application's routes under
    the mount path; a static mount is no route."""
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/main.py": """
            from fastapi import FastAPI
            from fastapi.staticfiles import StaticFiles
            from web.api import api

            app = FastAPI()
            app.mount("/static", StaticFiles(directory="static"), name="static")
            app.mount("/api/v1", app=api)

            @app.get("/health")
            def health(): ...
            """,
        "web/api.py": """
            from fastapi import APIRouter, FastAPI

            api = FastAPI()
            router = APIRouter(prefix="/items")

            @router.get("/{item_id}")
            def item(item_id: int): ...

            api.include_router(router)
            """,
    })
    routes = {(r.path, r.handler) for r in index_of(root).routes}
    assert routes == {("/health", "web.main.health"), ("/api/v1/items/{item_id}", "web.api.item")}


def test_starlette_route_lists_with_mounts(tmp_path: Path) -> None:
    """Starlette's (and FastAPI's) `Route`, `WebSocketRoute` and `Mount(routes=[...])` in a
    list given to the application: each route, under the paths of the mounts around it."""
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/app.py": """
            from starlette.applications import Starlette
            from starlette.routing import Mount, Route, WebSocketRoute
            from web import views

            routes = [
                Route("/", endpoint=views.home),
                Mount("/users", routes=[
                    Route("/", views.users, methods=["GET", "POST"]),
                    Route("/{user_id:int}", views.user),
                ]),
                WebSocketRoute("/ws", views.socket),
            ]
            app = Starlette(routes=routes)
            admin = Starlette(routes=[Route("/admin", views.admin, methods=["GET"])])
            """,
        "web/views.py": """
            async def home(request): ...
            async def users(request): ...
            async def user(request): ...
            async def socket(websocket): ...
            async def admin(request): ...
            """,
    })
    routes = {(r.path, r.methods, r.handler) for r in index_of(root).routes}
    assert routes == {
        ("/", ("GET",), "web.views.home"),
        ("/users/", ("GET", "POST"), "web.views.users"),
        ("/users/{user_id:int}", ("GET",), "web.views.user"),
        ("/ws", ("WEBSOCKET",), "web.views.socket"),
        ("/admin", ("GET",), "web.views.admin"),
    }


def test_django_urlconf_summed_from_named_lists_of_other_modules(tmp_path: Path) -> None:
    """`urlpatterns = common_patterns + shop_patterns`, the lists imported from other URL
    modules (one of them without a `urlpatterns` of its own) and summed again inside an
    include; a list filled at run time is flagged, not silently dropped; a URLconf nothing
    reaches from ROOT_URLCONF (mounted at run time) still counts, without walking again what
    the root already walked."""
    root = build_tree(tmp_path / "proj", {
        "site_cfg/__init__.py": "",
        "site_cfg/settings.py": 'ROOT_URLCONF = "site_cfg.main_urlconf"\n'
                                'INSTALLED_APPS = BASE_APPS + LOCAL_APPS\n',
        "site_cfg/urls.py": """
            from django.urls import include, re_path
            from site_cfg import views
            base_patterns = [re_path(r"^health/$", views.health)]
            debug_patterns = []
            common_patterns = base_patterns + debug_patterns
            """,
        "site_cfg/views.py": "def health(r): ...\ndef index(r): ...\n",
        "site_cfg/main_urlconf.py": """
            from django.urls import include, re_path
            from site_cfg.urls import common_patterns
            from shop.urls import event_patterns, locale_patterns
            shop_patterns = [
                re_path(r"", include((locale_patterns + [
                    re_path(r"^(?P<event>[^/]+)/", include(event_patterns)),
                ], "shop"))),
            ]
            urlpatterns = common_patterns + shop_patterns
            """,
        "site_cfg/other_domain_urlconf.py": """
            from django.urls import include, re_path
            from site_cfg.urls import common_patterns
            from shop.urls import event_patterns
            from site_cfg import views
            urlpatterns = common_patterns + event_patterns + [re_path(r"^$", views.index)]
            """,
        "shop/__init__.py": "",
        "shop/views.py": "def cart(r): ...\ndef locale(r): ...\n",
        "shop/urls.py": """
            import shop.views
            from django.urls import re_path
            event_patterns = [re_path(r"^cart/$", shop.views.cart)]
            locale_patterns = [re_path(r"^locale/set$", shop.views.locale)]
            """,
    })
    index = index_of(root)
    routes = {(r.path, r.handler, r.module) for r in index.routes}
    assert routes == {
        ("/health/", "site_cfg.views.health", "site_cfg.urls"),
        ("/locale/set", "shop.views.locale", "shop.urls"),
        ("/(?P<event>[^/]+)/cart/", "shop.views.cart", "shop.urls"),
        ("/", "site_cfg.views.index", "site_cfg.other_domain_urlconf"),
    }
    assert len(index.routes) == 4
    assert [(u.module, u.handler, u.reason) for u in index.unresolved_routes] == [
        ("site_cfg.urls", "debug_patterns", "URL pattern list built at run time"),
    ]


def test_every_add_url_rule_in_a_loop_over_a_registry_registers_it(tmp_path: Path) -> None:
    """CKAN's util API: each rule once as written and once under a version prefix kept in a
    module constant; a path the loop computes otherwise stays unresolved."""
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/handlers.py": """
            def home(): ...
            def about(): ...
            """,
        "app/looped.py": """
            from flask import Blueprint
            from app.handlers import about, home
            bp = Blueprint("pages", __name__, url_prefix="/pages")
            version_rule = "/<int:ver>"
            rules = [("/", home), ("/about", about)]
            for rule, view in rules:
                bp.add_url_rule(rule, view_func=view)
                bp.add_url_rule(version_rule + rule, view_func=view)
                bp.add_url_rule("/v1" + rule, view_func=view)
                bp.add_url_rule(rule.upper(), view_func=view)
            """,
    })
    index = index_of(root)
    assert {(r.path, r.handler.rsplit(".", 1)[-1]) for r in index.routes} == {
        ("/pages/", "home"), ("/pages/about", "about"),
        ("/pages/<int:ver>/", "home"), ("/pages/<int:ver>/about", "about"),
        ("/pages/v1/", "home"), ("/pages/v1/about", "about")}
    assert [(u.line, u.reason) for u in index.unresolved_routes] == [
        (10, "path is not a literal: rule.upper()")]


def test_a_registry_listed_after_a_looped_one_keeps_its_routes(tmp_path: Path) -> None:
    """The first loop adds routes in the middle of the file's list: the second registry's
    routes are still the ones its own loop gives to its router."""
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/handlers.py": """
            def home(): ...
            def about(): ...
            def help(): ...
            """,
        "app/looped.py": """
            from flask import Blueprint
            from app.handlers import about, help, home
            bp = Blueprint("pages", __name__, url_prefix="/pages")
            docs = Blueprint("docs", __name__, url_prefix="/docs")
            rules = [("/", home), ("/about", about)]
            more = [("/help", help)]
            for rule, view in rules:
                bp.add_url_rule(rule, view_func=view)
                bp.add_url_rule("/v1" + rule, view_func=view)
            for rule, view in more:
                docs.add_url_rule(rule, view_func=view)
            """,
    })
    index = index_of(root)
    assert {(r.path, r.handler.rsplit(".", 1)[-1]) for r in index.routes} == {
        ("/pages/", "home"), ("/pages/about", "about"), ("/pages/v1/", "home"),
        ("/pages/v1/about", "about"), ("/docs/help", "help")}
    assert index.unresolved_routes == ()


def test_a_path_added_to_a_module_constant_prefix_is_a_literal_path(tmp_path: Path) -> None:
    """`API + "/users"` with `API = "/api/v1"` at module level: the prefix is known, as
    for a Routes submapper's `path_prefix` constant; it is no prefix known at run time."""
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/app.py": """
            from flask import Flask
            app = Flask(__name__)
            API = "/api/v1"

            @app.route(API + "/users")
            def users(): ...
            """,
    })
    index = index_of(root)
    assert [(r.path, r.handler, r.runtime_prefix) for r in index.routes] == [
        ("/api/v1/users", "web.app.users", False)]


def test_a_parameter_named_like_a_module_constant_is_a_run_time_prefix() -> None:
    # `prefix` the parameter, not the module's `prefix` constant, is added to
    import ast
    import textwrap

    from strangler.model import RUNTIME_PREFIX_MARK
    from strangler.parse.facts import extract_facts

    text = textwrap.dedent("""
        from flask import Blueprint
        prefix = "/default"

        def view(): ...

        def register(bp, prefix):
            bp.add_url_rule(prefix + "/x", "x", view)
        """)
    facts = extract_facts(ast.parse(text), "web.app", False, text)
    assert [d.path for d in facts.route_decls] == ["{" + RUNTIME_PREFIX_MARK + "prefix}/x"]


def test_routes_a_class_serves_itself_with_a_bare_route_decorator(tmp_path: Path) -> None:
    """A Blueprint subclass whose methods carry `@route(...)` (hedy's WebsiteModule) and a
    Flask-Classful view with `route_base`: each decorated method is a route under the
    class's own prefix; a `route` decorator with no literal path, or outside a class, is
    not."""
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/module.py": """
            import flask

            class WebsiteModule(flask.Blueprint):
                pass

            def route(*args, **kwargs):
                def wrap(fn):
                    return fn
                return wrap
            """,
        "web/admin.py": """
            from web.module import WebsiteModule, route

            class AdminModule(WebsiteModule):
                def __init__(self, db):
                    super().__init__("admin", __name__, url_prefix="/admin/")
                    self.db = db

                @route("/users", methods=["GET", "POST"])
                def users(self): ...

                @route(PATH)
                def computed(self): ...

                def helper(self): ...
            """,
        "web/classful.py": """
            from flask_classful import FlaskView, route

            class QuotesView(FlaskView):
                route_base = "/quotes"

                @route("/random")
                def random(self): ...

            @route("/free")
            def free(): ...
            """,
    })
    routes = _routes(root)
    assert (("GET", "POST"), "/admin/users", "web.admin.AdminModule.users", 9) in routes
    assert (("GET",), "/quotes/random", "web.classful.QuotesView.random", 7) in routes
    handlers = {handler for _, _, handler, _ in routes}
    assert "web.admin.AdminModule.computed" not in handlers
    assert "web.admin.AdminModule.helper" not in handlers
    assert "web.classful.free" not in handlers


def test_a_class_s_own_routes_inside_functions_nested_classes_and_registry_loops(
        tmp_path: Path) -> None:
    """A `route` decorator in a function (a method's inner function, a module-level
    function) is no route of a class; a nested class serves its own; a `route_base`
    without its leading slash is one, a computed one a prefix known at run time; a loop over a route
    registry in the same class leaves the class's prefix on its own routes only."""
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/views.py": """
            from flask import Blueprint
            from flask_classful import FlaskView, route

            api = Blueprint("api", __name__)
            ROUTES = [("/r1", "v1"), ("/r2", "v2")]

            def setup():
                @route("/hello")
                def hello(): ...

            class Admin(FlaskView):
                route_base = "admin/"

                @route("/a")
                def a(self): ...

                def register(self):
                    @route("/inner")
                    def inner(): ...
                    for rule, view in ROUTES:
                        api.add_url_rule("/v1" + rule, view_func=view)

                class Reports(FlaskView):
                    route_base = "/reports"

                    @route("/daily")
                    def daily(self): ...

            class Computed(FlaskView):
                route_base = BASE + "/x"

                @route("/c")
                def c(self): ...
            """,
    })
    routes = {(path, handler) for _, path, handler, _ in _routes(root)}
    assert ("/admin/a", "web.views.Admin.a") in routes
    assert ("/reports/daily", "web.views.Admin.Reports.daily") in routes
    assert ("/{BASE + '/x'}/c", "web.views.Computed.c") in routes  # (known at run time)
    paths = {path for path, _ in routes}
    assert "/hello" not in paths and "/inner" not in paths and "/admin/inner" not in paths
    assert not any(path.startswith("/admin/v1") for path in paths), paths


def test_a_flask_classful_view_serves_its_methods_by_name(tmp_path: Path) -> None:
    """Flask-Classful: `index` at the base, `get(id)` and `delete(id)` with their
    arguments, `post` at the base, any other public method by its name; the base is
    `route_base`, or the class name without `View`, its words joined by dashes. Private,
    static and decorated methods follow their own rules; a class of another base serves
    nothing by name."""
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/views.py": """
            import flask_classful
            from flask_classful import FlaskView, route

            class UserProfileView(FlaskView):
                def index(self): ...
                def get(self, id): ...
                def post(self): ...
                def delete(self, id): ...
                def stats(self, year): ...
                def _helper(self): ...
                @staticmethod
                def util(): ...
                @route("/custom")
                def custom(self): ...

            class Quotes(flask_classful.FlaskView):
                route_base = "/q"
                def index(self): ...

            class Plain:
                def index(self): ...
            """,
    })
    routes = {(methods, path, handler) for methods, path, handler, _ in _routes(root)}
    base = "web.views.UserProfileView"
    assert {(("GET",), "/user-profile/", f"{base}.index"),
            (("GET",), "/user-profile/<id>", f"{base}.get"),
            (("POST",), "/user-profile/", f"{base}.post"),
            (("DELETE",), "/user-profile/<id>", f"{base}.delete"),
            (("GET",), "/user-profile/stats/<year>", f"{base}.stats"),
            (("GET",), "/user-profile/custom", f"{base}.custom"),
            (("GET",), "/q/", "web.views.Quotes.index")} <= routes
    handlers = {handler for _, _, handler in routes}
    assert not {f"{base}._helper", f"{base}.util", "web.views.Plain.index"} & handlers
