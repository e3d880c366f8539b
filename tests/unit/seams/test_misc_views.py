"""Issue 10 (kernel): the application's miscellaneous views. A `views.py` directly in the
application package, beside the domains' own blueprints, serving the setup, settings,
files, health check and `robots.txt` (routes under many unrelated first path segments), is
kernel before the clustering: on CTFd it glued the config forms, the tokens API and the
settings code of three domains into one seam. A domain's blueprint (`auth.py`, many
segments but a domain's name), a `views.py` inside a package, one that maps a table, and
the one `views.py` of a small app are not."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig
from strangler.seams.kernel import find_kernel
from strangler.seams.misc_views import first_segment

DB = ("class _Db:\n    Model = object\n    Integer = int\n"
      "    def Column(self, *a, **k):\n        return None\n"
      "db = _Db()\n")
MODELS = ("from db import db\n" + "".join(
    f"class {n.title()}(db.Model):\n    __tablename__ = '{n}'\n"
    f"    id = db.Column(db.Integer, primary_key=True)\n" for n in ("users", "teams", "pages")))


def _blueprint(name: str, paths: list[str], body: str = "    return None\n",
               head: str = "") -> str:
    routes = "".join(f'@bp.route("{p}")\ndef view_{i}():\n{body}\n'
                     for i, p in enumerate(paths))
    return (f"from flask import Blueprint\n{head}\nbp = Blueprint('{name}', __name__)\n\n"
            + routes)


MISC = ["/", "/<path:route>", "/setup", "/settings", "/files/<path:path>", "/healthcheck",
        "/robots.txt"]


def _app(tmp_path: Path, views: str | None = None, siblings: bool = True) -> Path:
    files = {
        "db.py": DB,
        "app/__init__.py": "",
        "app/models.py": MODELS,
        # writes users and pages, each written by its domain's blueprint too
        "app/views.py": views or _blueprint(
            "views", MISC, "    Users()\n    Pages()\n    return Users.query.all()\n",
            "from app.models import Users, Pages\n"),
        "app/admin/__init__.py": "",
        # inside a package: the admin blueprint's own views
        "app/admin/views.py": _blueprint("admin", ["/setup", "/config", "/export", "/reset"]),
    }
    if siblings:
        files["app/auth.py"] = _blueprint(
            "auth", ["/login", "/logout", "/register", "/confirm"],
            "    Users()\n    return Users.query.all()\n", "from app.models import Users\n")
        files["app/teams.py"] = _blueprint(
            "teams", ["/teams", "/teams/new"], "    Teams()\n    return Teams.query.all()\n",
            "from app.models import Teams\n")
        files["app/pages.py"] = _blueprint(
            "pages", ["/pages"], "    Pages()\n    return Pages.query.all()\n",
            "from app.models import Pages\n")
    return build_tree(tmp_path / "misc", files)


def _kernel(root: Path) -> dict[str, str]:
    index, graph = graph_of(root)
    # One first-pass group: no breadth makes anything kernel, only the rule.
    clusters = {m.name: "app" for m in index.modules}
    return {k.module: k.reason for k in find_kernel(index, graph, SeamConfig(), clusters, [])}


def test_the_applications_miscellaneous_views_are_kernel(tmp_path: Path) -> None:
    kernel = _kernel(_app(tmp_path))
    assert "app.views" in kernel
    assert kernel["app.views"].startswith(
        "the application's miscellaneous views: routes under 5 unrelated paths")
    # A domain's blueprint with many paths, and a views module inside a package: no.
    assert not {"app.auth", "app.admin.views"} & set(kernel)


def test_the_one_views_module_of_a_small_app_is_the_app(tmp_path: Path) -> None:
    assert "app.views" not in _kernel(_app(tmp_path, siblings=False))


def test_views_with_a_table_of_their_own_are_a_domains(tmp_path: Path) -> None:
    views = ("from db import db\n" + _blueprint("views", MISC) +
             "class Setting(db.Model):\n    __tablename__ = 'setting_rows'\n"
             "    id = db.Column(db.Integer, primary_key=True)\n")
    assert "app.views" not in _kernel(_app(tmp_path, views=views))


def test_first_segments_leave_the_root_and_parameters_out() -> None:
    assert [first_segment(p) for p in ("/", "/<path:route>", "/files/<p>", "{id}/x",
                                       "robots.txt")] == [None, None, "files", None,
                                                          "robots.txt"]
