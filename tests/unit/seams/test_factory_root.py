"""The module that defines `create_app` is a root even when it reads a table at start-up."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamRequest, propose_seams
from strangler.seams.config import SeamConfig


def _forum(root: Path) -> Path:
    files = {
        "forum/__init__.py": "from forum.app import create_app  # re-exported\n",
        "forum/app.py": """
            from flask import Flask
            from forum.users.models import User
            from forum.posts import views as post_views
            from forum.users import views as user_views

            def create_app():
                app = Flask(__name__)
                app.register_blueprint(post_views.bp)
                app.register_blueprint(user_views.bp)

                @app.before_request
                def load_user():
                    return User.query.get(1)  # a read at start of each request
                return app
            """,
        "wsgi.py": "from forum import create_app\napp = create_app()\n",
    }
    for domain in ("posts", "users"):
        model = domain.rstrip("s").capitalize()
        files[f"forum/{domain}/__init__.py"] = ""
        files[f"forum/{domain}/models.py"] = f"""
            from forum.db import db

            class {model}(db.Model):
                __tablename__ = "{domain}"
            """
        files[f"forum/{domain}/service.py"] = f"""
            from forum.{domain}.models import {model}

            def find(key):
                return {model}.query.get(key)

            def save(item):
                db.session.add(item)
            """
        files[f"forum/{domain}/views.py"] = f"""
            from flask import Blueprint
            from forum.{domain} import service

            bp = Blueprint("{domain}", __name__)

            @bp.route("/{domain}/<key>")
            def show(key):
                return service.find(key)
            """
    files["forum/db.py"] = "db = None\n"
    return build_tree(root, files)


def test_the_factory_definer_is_a_root_and_its_re_exporting_package_is_not_the_only_one(
        tmp_path: Path) -> None:
    index, graph = graph_of(_forum(tmp_path / "forum"))
    assert any(a.module == "forum.app" for t in index.tables for a in t.readers)
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    roots = {r.module: r.reason for r in proposal.roots}
    assert roots["forum.app"].startswith("defines the application factory")
    assert "forum.app" not in dict(proposal.assignment)
    # A pin keeps it where the user put it.
    pinned = propose_seams(index, graph, SeamRequest(config=SeamConfig(
        min_size=1, pins=(("users", ("forum.app",)),))))
    assert dict(pinned.assignment)["forum.app"] == "users"


def test_views_that_wire_many_packages_are_no_root(tmp_path: Path) -> None:
    """A controllers module that calls eight packages and that one module uses would be
    taken for an initializer ("wires 8 packages together"). It holds the handler of a route
    that `app/routes` registers: it is a view (roots are the factory, the root URLconf,
    entry points and settings, nothing else), whichever module declares its route."""
    from strangler.seams.kernel import find_roots

    packages = [f"p{i}" for i in range(8)]
    files = {"app/__init__.py": "",
             "app/controllers.py": "".join(f"from app.{p} import logic as {p}\n"
                                           for p in packages)
             + "def web():\n    return " + " + ".join(f"{p}.run()" for p in packages) + "\n",
             "app/routes.py": ("from flask import Flask\nfrom app.controllers import web\n"
                               "app = Flask(__name__)\napp.add_url_rule('/', view_func=web)\n")}
    for p in packages:
        files[f"app/{p}/__init__.py"] = ""
        files[f"app/{p}/logic.py"] = "def run():\n    return 1\n"
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    assert [(r.module, r.handler) for r in index.routes] == [("app.routes", "app.controllers.web")]
    roots = {r.module for r in find_roots(index, graph, SeamConfig())}
    assert "app.controllers" not in roots


def test_a_factory_module_holding_a_view_stays_in_its_group(tmp_path: Path) -> None:
    """`factory_roots` takes the module defining `create_app` out of its group as a root,
    unless it serves a route: here it holds the handler that `app/routes` registers."""
    from strangler.seams.kernel import factory_roots
    from strangler.seams.propose import Choice, Grouping

    files = {"app/__init__.py": "",
             "app/factory.py": ("from flask import Flask\n"
                                "def create_app():\n    return Flask(__name__)\n"
                                "def home():\n    return 'ok'\n"),
             "app/routes.py": ("from app.factory import create_app, home\n"
                               "app = create_app()\napp.add_url_rule('/', view_func=home)\n")}
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    assert [(r.module, r.handler) for r in index.routes] == [("app.routes", "app.factory.home")]
    grouping = Grouping((("", ("app.factory", "app.routes")),), Choice(None))
    kept, roots = factory_roots(index, SeamConfig(), grouping)
    assert roots == [] and kept == grouping


def test_a_stale_call_of_a_factory_name_names_no_factory(tmp_path: Path) -> None:
    """pybossa's CLI calls `cached_apps.get_app(name)`, a function `cache/projects` no longer
    defines ("apps" was the old word for projects): the module was reported as a root that
    "defines the application factory". A call counts where the module binds the name; a
    module calling `factory.create_app()` on one that defines it still names it."""
    from strangler.seams.kernel import factory_modules

    files = {"app/__init__.py": "",
             "app/factory.py": "def create_app():\n    return object()\n",
             "app/cache.py": "def get_all():\n    return []\n",
             "cli.py": ("from app import cache as cached_apps\nfrom app import factory\n"
                        "def main():\n    factory.create_app()\n"
                        "    return cached_apps.get_app('x')\n")}
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    assert {(u.target, u.name) for u in index.uses} >= {("app.cache", "get_app"),
                                                        ("app.factory", "create_app")}
    assert index.factory_definers == ("app.factory",)
    _, definers = factory_modules(index)
    assert definers == {"app.factory"}
