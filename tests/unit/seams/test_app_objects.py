"""The module that makes the application object (a framework's application class, or a
project class derived from one) and registers blueprints on it is the application factory,
whatever its name; the middleware only it uses goes with it."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamRequest, propose_seams
from strangler.seams.app_objects import APP_OBJECT_REASON, STACK_REASON
from strangler.seams.config import SeamConfig


def _shop(root: Path, stack: str) -> Path:
    files = {
        "shop/__init__.py": "",
        "shop/lib/__init__.py": "",
        "shop/lib/flaskbase.py": """
            from flask import Flask

            class BaseFlask(Flask):
                def static(self):
                    return None
            """,
        "shop/config/__init__.py": """
            from shop.config.middleware.stack import make_stack

            def build_shop(conf):
                return make_stack(conf)
            """,
        "shop/config/middleware/__init__.py": "",
        "shop/config/middleware/proxy.py": """
            class ProxyFix:
                def __init__(self, app):
                    self.app = app
            """,
        "shop/config/middleware/stack.py": stack,
        "shop/db.py": "db = None\n",
    }
    for domain in ("orders", "users", "items"):
        model = domain.rstrip("s").capitalize()
        files[f"shop/{domain}/__init__.py"] = ""
        files[f"shop/{domain}/models.py"] = f"""
            from shop.db import db

            class {model}(db.Model):
                __tablename__ = "{domain}"
            """
        files[f"shop/{domain}/views.py"] = f"""
            from flask import Blueprint
            from shop.{domain}.models import {model}

            bp = Blueprint("{domain}", __name__)

            @bp.route("/{domain}/<key>")
            def show(key):
                return {model}.query.get(key)
            """
    return build_tree(root, files)


STACK = """
    from shop.lib.flaskbase import BaseFlask
    from shop.config.middleware.proxy import ProxyFix
    from shop.orders import views as orders
    from shop.users import views as users
    from shop.items import views as items
    from shop.users.models import User

    class ShopFlask(BaseFlask):
        pass

    def make_stack(conf):
        app = ShopFlask(__name__)
        app.register_blueprint(orders.bp)
        app.register_blueprint(users.bp)
        app.register_blueprint(items.bp)
        app.wsgi_app = ProxyFix(app.wsgi_app)

        @app.before_request
        def load_user():
            return User.query.get(1)
        return app
    """


def test_the_module_making_a_derived_application_object_is_the_factory(tmp_path: Path) -> None:
    index, graph = graph_of(_shop(tmp_path / "shop", STACK))
    assert index.app_builders == ("shop.config.middleware.stack",)
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    roots = {r.module: r.reason for r in proposal.roots}
    assert roots["shop.config.middleware.stack"] == APP_OBJECT_REASON
    assert roots["shop.config.middleware.proxy"] == STACK_REASON
    # the base of the application's class is platform, and the blueprints are domains'
    assert "shop.lib.flaskbase" not in roots
    assert not {m for m in roots if m.endswith(".views")}
    assert "shop.config.middleware.stack" not in dict(proposal.assignment)
    assert "shop.config.middleware.stack" not in {k.module for k in proposal.kernel}
    # A pin keeps it where the user put it.
    pinned = propose_seams(index, graph, SeamRequest(config=SeamConfig(
        min_size=1, pins=(("users", ("shop.config.middleware.stack",)),))))
    assert dict(pinned.assignment)["shop.config.middleware.stack"] == "users"


def test_an_application_serving_its_own_routes_or_registering_nothing_is_left_alone(
        tmp_path: Path) -> None:
    served = STACK + """
    app = ShopFlask(__name__)

    @app.route("/a")
    def a():
        return "a"
    """
    index, graph = graph_of(_shop(tmp_path / "served", served))
    assert index.app_builders == ("shop.config.middleware.stack",)
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    reasons = {r.reason for r in proposal.roots}
    assert APP_OBJECT_REASON not in reasons and STACK_REASON not in reasons
    bare = """
    from shop.lib.flaskbase import BaseFlask
    from shop.config.middleware.proxy import ProxyFix

    def make_stack(conf):
        return ProxyFix(BaseFlask(__name__))
    """
    index, graph = graph_of(_shop(tmp_path / "bare", bare))
    assert index.app_builders == ("shop.config.middleware.stack",)
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    assert APP_OBJECT_REASON not in {r.reason for r in proposal.roots}


def test_a_class_not_derived_from_an_application_class_makes_no_application(
        tmp_path: Path) -> None:
    other = STACK.replace("from shop.lib.flaskbase import BaseFlask",
                          "from shop.config.middleware.proxy import ProxyFix as BaseFlask")
    index, _ = graph_of(_shop(tmp_path / "other", other))
    assert index.app_builders == ()
