"""Issue 10 item 7: a Routes (Pylons/TurboGears) route map names its controllers by path
(`controller="admin/repos"`) and sets them for a block (`with m.submapper(...)`): each route
is served by the controller module, not by the route map."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

from strangler.model import serving_module

ROUTING = '''\
import routes
import app


def make_map(config):
    rmap = routes.Mapper(directory=config["controllers"])
    rmap.connect("home", "/", controller="home")
    rmap.connect("about", "/about", controller="home", action="about")
    rmap.connect("docs", "https://example.org/docs", _static=True)
    ADMIN_PREFIX = app.ADMIN_PREFIX
    with rmap.submapper(path_prefix=ADMIN_PREFIX, controller="admin/repos") as m:
        m.connect("repos", "/repos", action="create", conditions=dict(method=["POST"]))
        m.connect("repos", "/repos", conditions=dict(method=["GET"]))
    with rmap.submapper(path_prefix="/_admin/", controller="admin/users") as m:
        m.connect("users", "/users", action="index")
    rmap.connect("missing", "/gone", controller="nowhere")
    return rmap
'''


def test_routes_controllers_serve_their_routes(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "site", {
        "app/__init__.py": "ADMIN_PREFIX = '/_admin'\n",
        "app/controllers/__init__.py": "",
        "app/controllers/routing.py": ROUTING,
        "app/controllers/home.py": "class HomeController:\n    def index(self):\n"
                                   "        return 1\n",
        "app/controllers/admin/__init__.py": "",
        "app/controllers/admin/repos.py": "class ReposController:\n    pass\n",
        "app/controllers/admin/users.py": "class UsersController:\n    pass\n",
    })
    index = index_of(root)
    names = {m.name for m in index.modules}
    found = sorted((r.path, r.methods, serving_module(r, names), r.runtime_prefix)
                   for r in index.routes)
    assert found == [
        ("/", ("GET",), "app.controllers.home", False),
        ("/_admin/users", ("GET",), "app.controllers.admin.users", False),
        ("/about", ("GET",), "app.controllers.home", False),
        ("/gone", ("GET",), "app.controllers.routing", False),
        ("/{ADMIN_PREFIX}/repos", ("GET",), "app.controllers.admin.repos", True),
        ("/{ADMIN_PREFIX}/repos", ("POST",), "app.controllers.admin.repos", True),
    ]
    assert index.unresolved_routes == ()
