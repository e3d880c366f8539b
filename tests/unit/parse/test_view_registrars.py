"""Class-based views registered on a router by a classmethod of a project base class
(`TableView.register_node_view(blueprint)`, Flask's `cls.as_view` + `add_url_rule`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

NODE_BASE = """
    from flask.views import View

    class NodeView(View):
        operations = dict()

        @classmethod
        def register_node_view(cls, blueprint):
            for c in cls.generate_ops():
                blueprint.add_url_rule(
                    "/{0}{1}".format(c["cmd"], c["url"]),
                    view_func=cls.as_view(c["cmd"], cmd=c["cmd"]),
                    methods=c["methods"])

    class ChildNodeView(NodeView):
        pass
    """


def test_a_registrar_classmethod_makes_the_calling_module_serve_runtime_routes(
        tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "web/__init__.py": "",
        "web/utils.py": NODE_BASE,
        "web/module.py": """
            from flask import Blueprint
            class PgModule(Blueprint): ...
            """,
        "web/nodes/__init__.py": "",
        "web/nodes/tables.py": """
            from web.utils import ChildNodeView
            from web.module import PgModule

            class TableModule(PgModule): ...

            blueprint = TableModule(__name__)

            class TableView(ChildNodeView):
                operations = dict(obj=[{"get": "properties"}])

                def properties(self): ...

            TableView.register_node_view(blueprint)
            """,
    })
    index = index_of(root)
    routes = [r for r in index.routes if r.handler == "web.nodes.tables.TableView"]
    assert len(routes) == 1
    route = routes[0]
    assert (route.module, route.line, route.runtime_prefix) == ("web.nodes.tables", 13, True)
    assert route.path == "/{register_node_view}"
    # the registrar's own add_url_rule, whose path is computed, is no unresolved route
    assert not [u for u in index.unresolved_routes if u.module == "web.utils"]


def test_a_registrar_with_a_literal_path_under_a_known_blueprint(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/base.py": """
            from flask.views import MethodView

            class Resource(MethodView):
                @classmethod
                def register_view(cls, name, bp):
                    view = cls.as_view(name)
                    bp.add_url_rule("/items", view_func=view, methods=["GET", "POST"])
            """,
        "app/items.py": """
            from flask import Blueprint
            from app import base

            bp = Blueprint("items", __name__, url_prefix="/api")

            class Items(base.Resource):
                def get(self): ...

            Items.register_view("items", bp)
            """,
    })
    routes = {(r.methods, r.path, r.handler, r.module, r.runtime_prefix)
              for r in index_of(root).routes}
    assert (("GET", "POST"), "/api/items", "app.items.Items", "app.items", False) in routes


def test_no_registrar_without_cls_as_view_or_on_an_unrelated_class(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/base.py": """
            from flask import Blueprint

            def handler(): ...

            class Plain:
                @classmethod
                def register(cls, bp):
                    bp.add_url_rule("/plain", view_func=handler)

            class Other:
                @classmethod
                def register(cls, bp): ...
            """,
        "app/views.py": """
            from flask import Blueprint
            from app.base import Other, Plain

            bp = Blueprint("v", __name__)
            Other.register(bp)
            Plain.register(bp)
            """,
    })
    routes = {(r.path, r.handler) for r in index_of(root).routes}
    # `view_func=handler` is an ordinary route declaration (its router a parameter)
    assert ("/plain", "app.base.handler") in routes
    assert not [r for r in routes if r[1].startswith(("app.base.Other", "app.base.Plain",
                                                      "app.views"))]


def test_flask_register_api_helper_passing_a_view_class(tmp_path: Path) -> None:
    # Flask's documented `register_api(view, endpoint, url)`: the helper makes the view
    # with `view.as_view(endpoint)` (inline or in a local) and adds it under the path passed
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/api.py": """
            from flask import Flask
            from flask.views import MethodView

            app = Flask(__name__)

            def register_api(view, endpoint, url, pk="id"):
                view_func = view.as_view(endpoint)
                app.add_url_rule(url, view_func=view_func, methods=["GET", "POST"])

            def register_inline(view, endpoint, url):
                app.add_url_rule(url, view_func=view.as_view(endpoint))

            class UserAPI(MethodView):
                def get(self): ...

            class GroupAPI(MethodView):
                def get(self): ...

            register_api(UserAPI, "user_api", "/users/", pk="user_id")
            register_inline(GroupAPI, "group_api", "/groups/")
            """,
    })
    index = index_of(root)
    routes = {(r.path, r.handler) for r in index.routes}
    assert ("/users/", "app.api.UserAPI") in routes
    assert ("/groups/", "app.api.GroupAPI") in routes
    assert not [u for u in index.unresolved_routes if u.line in (9, 12)]
