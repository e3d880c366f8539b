"""Pyramid routes (a route name declared by `config.add_route`, served by the views bound to
the name in any module) and Cornice routes (services and resource classes), and the shapes
that look alike but are no routes."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

PYRAMID = {
    "shop/__init__.py": """
        from pyramid.config import Configurator

        def main(global_config, **settings):
            config = Configurator(settings=settings)
            config.add_route("home", "/")
            config.add_route(name="orders", pattern="/orders/{id}")
            with config.route_prefix_context("/admin"):
                config.add_route("users", "/users")
            config.add_route("lost", "/lost")
            config.add_route(settings["dyn"], "/dyn")
            config.add_route("api", settings["api_path"])
            config.add_view(home, route_name="api")
            config.include(".billing", route_prefix="/billing")
            config.add_view("shop.views.home", route_name="home")
            config.scan()
            return config.make_wsgi_app()
    """,
    "shop/billing.py": """
        def includeme(config):
            config.add_route("invoices", "/invoices")
            config.add_view(list_invoices, route_name="invoices", request_method="GET")

        def list_invoices(request):
            return {}
    """,
    "shop/views.py": """
        from pyramid.view import view_config, view_defaults

        def home(request):
            return {}

        @view_config(route_name="orders", request_method=("GET", "HEAD"))
        def order(request):
            return {}

        @view_defaults(route_name="users")
        class Users:
            def __init__(self, request):
                self.request = request

            @view_config(request_method="GET")
            def index(self):
                return []

            @view_config(request_method="POST")
            def create(self):
                return {}

        @view_config(route_name="ghost")
        def ghost(request):
            return {}

        @view_config(context=Exception)
        def error(exc, request):
            return {}
    """,
}


def _routes(index) -> set[tuple[str, str, tuple[str, ...], str]]:  # type: ignore[no-untyped-def]
    return {(r.path, r.handler, r.methods, r.framework) for r in index.routes}


def test_pyramid_route_names_join_their_views_across_modules(tmp_path: Path) -> None:
    index = index_of(build_tree(tmp_path / "proj", PYRAMID))
    assert _routes(index) == {
        ("/", "shop.views.home", ("GET",), "pyramid"),
        ("/orders/{id}", "shop.views.order", ("GET", "HEAD"), "pyramid"),
        ("/admin/users", "shop.views.Users.index", ("GET",), "pyramid"),
        ("/admin/users", "shop.views.Users.create", ("POST",), "pyramid"),
        ("/billing/invoices", "shop.billing.list_invoices", ("GET",), "pyramid"),
    }
    assert {r.module for r in index.routes if r.path == "/orders/{id}"} == {"shop.views"}
    # counted, not dropped: a view of an undeclared name, a route no view serves, a name
    # that is not a literal
    reasons = sorted(u.reason for u in index.unresolved_routes)
    assert reasons == ["no view is bound to route `lost`",
                       "path is not a literal: settings['dyn']",  # counted once
                       "pattern is not a literal: settings['api_path']",  # and its view not
                       "route `ghost` is not declared by a literal add_route"]


CORNICE = {
    "api/__init__.py": "",
    "api/views.py": """
        from cornice import Service
        from cornice.resource import resource

        _base = "/shops/{{shop_id}}"

        hello = Service(name="hello", path="/hello", description="x")

        @hello.get()
        def get_hello(request):
            return {}

        @hello.post()
        def post_hello(request):
            return {}

        def put_hello(request):
            return {}

        hello.add_view("PUT", put_hello)

        @resource(collection_path="/users", path="/users/{id}")
        class User:
            def collection_get(self):
                return []

            def get(self):
                return {}

            def put(self):
                return {}

        @register(name="item", plural_path=_base + "/items", object_path=_base + "/items/{{id}}")
        class Item:
            pass
    """,
}


def test_cornice_services_and_resource_classes(tmp_path: Path) -> None:
    index = index_of(build_tree(tmp_path / "proj", CORNICE))
    assert _routes(index) == {
        ("/hello", "api.views.get_hello", ("GET",), "cornice"),
        ("/hello", "api.views.post_hello", ("POST",), "cornice"),
        ("/hello", "api.views.put_hello", ("PUT",), "cornice"),
        ("/users", "api.views.User", ("GET",), "cornice"),
        ("/users/{id}", "api.views.User", ("GET", "PUT"), "cornice"),
        ("/shops/{shop_id}/items", "api.views.Item", ("GET",), "cornice"),
        ("/shops/{shop_id}/items/{id}", "api.views.Item", ("GET",), "cornice"),
    }
    assert not index.unresolved_routes


def test_look_alikes_are_no_routes(tmp_path: Path) -> None:
    """Another framework's `add_route`, a `Service` with no path, `.get()` on other objects,
    a class decorator whose path keywords are no URL paths: none is a Pyramid/Cornice route."""
    index = index_of(build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/web.py": """
            from aiohttp import web
            from app.services import Service

            app = web.Application()
            app.router.add_route("GET", "/ping", ping)
            mailer = Service(name="mailer")
            cache = Service("cache", "redis://localhost")

            async def ping(request):
                return web.Response()

            @mailer.get()
            def fetch():
                return None

            @cache.post()
            def store():
                return None

            @dataclass_like(file_path="settings.toml", log_path="var/log")
            class Settings:
                pass
        """,
    }))
    assert {(r.path, r.framework) for r in index.routes} == {("/ping", "aiohttp")}


PATH_NAMED = {
    "pkgindex/__init__.py": "",
    "pkgindex/main.py": """
        from pyramid.config import Configurator

        def make_app(settings):
            pyramid_config = Configurator(settings=settings)
            pyramid_config.add_route("/+status", "/+status")
            pyramid_config.add_route(
                "/{user}/{index}/+simple/{project}",
                "/{user:[^+/]+}/{index:[^+/]+}/+simple/{project:[^+/]+}")
            pyramid_config.add_route("/{user}", "/{user:[^+/]+}", accept="application/json")
            pyramid_config.add_route("/+login", pattern="/+login")
            pyramid_config.scan("pkgindex.views")
            return pyramid_config.make_wsgi_app()
    """,
    "pkgindex/views.py": """
        from pyramid.view import view_config

        class StatusView:
            def __init__(self, request):
                self.request = request

            @view_config(route_name="/+status", accept="application/json")
            def status(self):
                return {}

        class IndexView:
            def __init__(self, request):
                self.request = request

            @view_config(route_name="/{user}/{index}/+simple/{project}")
            def simple_project(self):
                return {}

            @view_config(route_name="/{user}", request_method="PUT")
            def user_create(self):
                return {}

            @view_config(route_name="/{user}", request_method="GET")
            def user_get(self):
                return {}

            @view_config(route_name="/+login", request_method="POST")
            def login(self):
                return {}
    """,
    "pkgindex/falcon_app.py": """
        import falcon
        from pkgindex.views import StatusView

        app = falcon.App()
        app.add_route("/health", StatusView)
    """,
}


def test_route_names_written_as_paths(tmp_path: Path) -> None:
    """`add_route("/{user}", "/{user:[^+/]+}")`: a route name written as a path, then a literal
    pattern, is Pyramid's (joined to its views, not read as a handler-less path route); a
    path followed by an object stays another framework's route."""
    index = index_of(build_tree(tmp_path / "proj", PATH_NAMED))
    assert _routes(index) == {
        ("/+status", "pkgindex.views.StatusView.status", ("GET",), "pyramid"),
        ("/{user:[^+/]+}/{index:[^+/]+}/+simple/{project:[^+/]+}",
         "pkgindex.views.IndexView.simple_project", ("GET",), "pyramid"),
        ("/{user:[^+/]+}", "pkgindex.views.IndexView.user_create", ("PUT",), "pyramid"),
        ("/{user:[^+/]+}", "pkgindex.views.IndexView.user_get", ("GET",), "pyramid"),
        ("/+login", "pkgindex.views.IndexView.login", ("POST",), "pyramid"),
        ("/health", "pkgindex.views.StatusView", ("GET",), "registry"),
    }
    assert not index.unresolved_routes


PROJECT_DECORATOR = {
    "notes/__init__.py": """
        from pyramid.config import Configurator

        def main(global_config, **settings):
            config = Configurator(settings=settings)
            config.add_route("api.notes", "/api/notes")
            config.add_route("api.note", "/api/notes/{id}")
            config.add_route("blog", "/blog/", static=True)
            config.add_route("chrome", "https://chrome.example.com/ext", static=True)
            config.scan()
            return config.make_wsgi_app()
    """,
    "notes/config.py": """
        import venusian

        def api_config(versions, **settings):
            def wrapper(wrapped):
                venusian.attach(wrapped, lambda context, name, view: None)
                return wrapped
            return wrapper
    """,
    "notes/views.py": """
        from notes.config import api_config

        @api_config(versions=["v1"], route_name="api.notes", request_method="GET")
        def index(request):
            return []

        @api_config(versions=["v1"], route_name="api.note", request_method="PATCH")
        def update(request):
            return {}

        @api_config(versions=["v1"], link_name="note.read")
        def unbound(request):
            return {}
    """,
    "notes/errors.py": """
        from pyramid.httpexceptions import HTTPBadRequest
        from pyramid.view import exception_view_config, forbidden_view_config

        @exception_view_config(HTTPBadRequest, route_name="api.notes")
        def bad_request(exc, request):
            return {}

        @forbidden_view_config(route_name="api.note")
        def forbidden(request):
            return {}
    """,
}


def test_a_projects_own_view_decorator_binds_its_view_by_the_literal_route_name(
        tmp_path: Path) -> None:
    """h's `@api_config(versions=..., route_name=...)` registers through venusian as
    `view_config` does; a `static=True` route only builds URLs (often to another site):
    Pyramid serves none, so it is neither a route nor an unresolved one. Pyramid's error
    views (`exception_view_config`, `forbidden_view_config`) answer a route's errors only:
    no route of theirs."""
    index = index_of(build_tree(tmp_path / "proj", PROJECT_DECORATOR))
    assert _routes(index) == {
        ("/api/notes", "notes.views.index", ("GET",), "pyramid"),
        ("/api/notes/{id}", "notes.views.update", ("PATCH",), "pyramid"),
    }
    assert index.unresolved_routes == ()
