"""Routes registered through the project's own helper function: its callers' literal paths
are routes served by the resource class they pass, whether the helper registers them itself
or packs them into a structure that a registration reads."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

STRUCTURE = """
    import collections

    ResourceMap = collections.namedtuple("ResourceMap", "resource, url, kwargs")

    def construct_resource_map(resource, url, resource_kwargs, rel=None):
        if not url.startswith("/"):
            url = f"/{url}"
        return ResourceMap(resource=resource, url=url, kwargs=resource_kwargs)

    class APIBase:
        resource_mapping = []

        def __init__(self, api):
            for r in self.resource_mapping:
                urls = [r.url]
                api.add_resource(r.resource, *urls, **r.kwargs)
"""

USERS = """
    from flask_restful import Resource

    from app.server import common

    class UsersResource(Resource):
        def get(self):
            return []

        def post(self):
            return {}

    class UserResource(Resource):
        def get(self, user_id):
            return {}

    class UserAPI(common.APIBase):
        resource_mapping = [
            common.construct_resource_map(resource=UsersResource, url="/users",
                                          resource_kwargs={}, rel="users"),
            common.construct_resource_map(UserResource, "/users/<user_id>", {}),
            common.construct_resource_map(resource=UserResource, url=PREFIX,
                                          resource_kwargs={}),
        ]

    PREFIX = "/v3"
"""


def _routes(index) -> set[tuple[str, str, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    return {(r.path, r.handler, r.methods) for r in index.routes}


def test_a_structure_a_registration_reads_makes_its_callers_routes(tmp_path: Path) -> None:
    index = index_of(build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/server/__init__.py": "",
        "app/server/common.py": STRUCTURE,
        "app/api/__init__.py": "",
        "app/api/users.py": USERS,
    }))
    routes = _routes(index)
    assert ("/users", "app.api.users.UsersResource", ("GET", "POST")) in routes
    assert ("/users/<user_id>", "app.api.users.UserResource", ("GET",)) in routes
    assert {r.module for r in index.routes} == {"app.api.users"}
    assert [(u.module, u.reason) for u in index.unresolved_routes] == [
        ("app.api.users", "path passed to a route helper is not a literal")]


def test_a_structure_no_registration_reads_is_no_helper(tmp_path: Path) -> None:
    index = index_of(build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/server/__init__.py": "",
        "app/server/common.py": STRUCTURE.replace("api.add_resource(r.resource, *urls",
                                                  "api.register(r.resource, *urls"),
        "app/api/__init__.py": "",
        "app/api/users.py": USERS,
    }))
    assert not index.routes
    assert not index.unresolved_routes


def test_a_helper_that_registers_its_parameters_directly(tmp_path: Path) -> None:
    index = index_of(build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/web.py": """
            from flask_restful import Api, Resource

            api = Api()

            def add(resource, url, **kwargs):
                api.add_resource(resource, url, **kwargs)

            class Items(Resource):
                def get(self):
                    return []
        """,
        "app/routes.py": """
            from app.web import Items, add

            add(Items, "/items")
        """,
    }))
    assert _routes(index) == {("/items", "app.web.Items", ("GET",))}
    assert index.routes[0].module == "app.routes"
    assert not index.unresolved_routes  # the helper's own `add_resource(resource, url)`


FACTORY = """
    from flask_restful import Api, Resource

    api = Api()

    def resource(*urls, **kwargs):
        def wrapper(api_resource):
            if not api_resource:
                return None
            api.add_resource(api_resource, *urls, **kwargs)
            return api_resource

        return wrapper

    def show_if(value):
        def wrapper(inner):
            return inner if value else None

        return wrapper

    class ApiResource(Resource):
        pass
"""


def test_a_decorator_factory_registers_the_classes_it_decorates(tmp_path: Path) -> None:
    index = index_of(build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/api/__init__.py": FACTORY,
        "app/api/repository.py": """
            from app.api import ApiResource, resource, show_if

            @resource("/v1/repository")
            class RepositoryList(ApiResource):
                def get(self):
                    return []

                def post(self):
                    return {}

            @resource("/v1/repository/<name>", "/v1/repo/<name>")
            @show_if(True)
            class Repository(ApiResource):
                def get(self, name):
                    return {}

            @show_if("/v1/not-a-route")
            class Hidden(ApiResource):
                def get(self):
                    return {}
        """,
    }))
    assert _routes(index) == {
        ("/v1/repository", "app.api.repository.RepositoryList", ("GET", "POST")),
        ("/v1/repository/<name>", "app.api.repository.Repository", ("GET",)),
        ("/v1/repo/<name>", "app.api.repository.Repository", ("GET",)),
    }
    assert {r.module for r in index.routes} == {"app.api.repository"}
    assert not index.unresolved_routes  # the factory's own `add_resource(api_resource, *urls)`


def test_a_decorator_factory_with_one_path_parameter(tmp_path: Path) -> None:
    index = index_of(build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/web.py": """
            from flask import Blueprint

            bp = Blueprint("web", __name__)

            def page(rule, **options):
                def register(view):
                    bp.add_url_rule(rule, view_func=view, **options)
                    return view
                return register

            @page("/about")
            def about():
                return "about"
        """,
    }))
    assert _routes(index) == {("/about", "app.web.about", ("GET",))}
