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
