"""Issue 10 item 3 (helper roots9): the module whose job is registering the application's
blueprints or routers is its root URLconf, told from the registration calls and imports,
not from its name."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.config import SeamConfig
from strangler.seams.kernel import find_roots, runtime_edges
from strangler.seams.propose import Grouping
from strangler.seams.registry_roots import REGISTRY_REASON, late_registry_roots, registry_roots

DOMAINS = ("people", "tasks", "files", "news", "shots", "assets")


def _registries(index: ProjectIndex, graph: CouplingGraph) -> dict[str, str]:
    roots = {r.module for r in find_roots(index, graph, SeamConfig())}
    found = registry_roots(index, graph, SeamConfig(), roots, runtime_edges(graph))
    return {r.module: r.reason for r in found}


def _blueprint(domain: str) -> str:
    return ("from flask import Blueprint\n\n"
            f"blueprint = Blueprint({domain!r}, __name__)\n\n"
            f"@blueprint.route('/{domain}')\n"
            f"def index():\n    return {domain!r}\n")


def _loop_registry(root: Path) -> Path:
    """An application factory calls `wiring.configure(app)`, which registers the
    blueprints in a loop over their names (and one more on a condition)."""
    files: dict[str, str | bytes] = {
        "studio/__init__.py": "",
        "studio/app/__init__.py":
            "from flask import Flask\n\n"
            "def create_app():\n    app = Flask(__name__)\n"
            "    from studio.app import wiring\n    wiring.configure(app)\n    return app\n",
        "studio/app/config.py": "ADMIN = True\n",
        "studio/app/wiring.py":
            "import importlib\nfrom studio.app import config\n\n"
            f"NAMES = {list(DOMAINS)!r}\n\n"
            "def configure(app):\n"
            "    for name in NAMES:\n"
            "        module = importlib.import_module(f'studio.app.blueprints.{name}')\n"
            "        app.register_blueprint(module.blueprint)\n"
            "    if config.ADMIN:\n"
            "        from studio.app.blueprints.admin import blueprint as admin\n"
            "        app.register_blueprint(admin)\n",
        "studio/app/blueprints/__init__.py": "",
        "studio/app/blueprints/admin/__init__.py": _blueprint("admin"),
    }
    for domain in DOMAINS:
        files[f"studio/app/blueprints/{domain}/__init__.py"] = _blueprint(domain)
    return build_tree(root, files)


def test_a_module_registering_blueprints_for_the_factory_is_a_root(tmp_path: Path) -> None:
    index, graph = graph_of(_loop_registry(tmp_path))
    assert dict(index.registrations).get("studio.app.wiring") == 2
    found = _registries(index, graph)
    assert found == {"studio.app.wiring": REGISTRY_REASON}
    # found after the clustering, it leaves its group; the other members stay
    grouping = Grouping((("", ("studio.app.wiring", "studio.app.blueprints.people")),), "")
    left, roots = late_registry_roots(index, graph, SeamConfig(), grouping, {"studio.app"})
    assert roots == [KernelModule("studio.app.wiring", REGISTRY_REASON)]
    assert [members for _, members in left.groups] == [("studio.app.blueprints.people",)]


def _api_list(root: Path, own_package: bool = False) -> Path:
    """A module importing the API modules of other packages, which it registers through a
    method of theirs (no `register_blueprint` call of its own)."""
    files: dict[str, str | bytes] = {"keys/__init__.py": "", "keys/api/__init__.py": "",
                                     "keys/server/__init__.py": ""}
    lines = []
    for domain in DOMAINS:
        files[f"keys/api/{domain}.py"] = _blueprint(domain)
        lines.append(f"from keys.api import {domain}")
    body = "\n".join(lines) + "\n\nAPIS = (" + ", ".join(DOMAINS) + ")\n\n" \
        "def load(app):\n    for api in APIS:\n        api.blueprint.attach(app)\n"
    files["keys/api/__init__.py" if own_package else "keys/server/application.py"] = body
    return build_tree(root, files)


def test_a_module_importing_the_api_modules_is_a_root(tmp_path: Path) -> None:
    index, graph = graph_of(_api_list(tmp_path))
    assert _registries(index, graph) == {"keys.server.application": REGISTRY_REASON}


def test_a_package_importing_its_own_views_is_no_registry(tmp_path: Path) -> None:
    index, graph = graph_of(_api_list(tmp_path, own_package=True))
    assert "keys.api" not in _registries(index, graph)


def test_a_registry_the_kernel_imports_too_is_still_the_root(tmp_path: Path) -> None:
    """CTFd's `api/__init__` registers 25 namespaces for the factory, and its cache helper
    imports it to clear the API's cached responses: the kernel importing a registry does
    not make it a domain's module."""
    root = _loop_registry(tmp_path)
    (root / "studio/app/cache.py").write_text(
        "def clear():\n    from studio.app import wiring\n    return wiring.NAMES\n")
    index, graph = graph_of(root)
    roots = {r.module for r in find_roots(index, graph, SeamConfig())}
    assert registry_roots(index, graph, SeamConfig(), roots, runtime_edges(graph)) == []
    found = registry_roots(index, graph, SeamConfig(), roots, runtime_edges(graph),
                           frozenset({"studio.app.cache"}))
    assert found == [KernelModule("studio.app.wiring", REGISTRY_REASON)]
    grouping = Grouping((("", ("studio.app.wiring", "studio.app.blueprints.people")),), "")
    _, late = late_registry_roots(index, graph, SeamConfig(), grouping, {"studio.app"},
                                  frozenset({"studio.app.cache"}))
    assert late == [KernelModule("studio.app.wiring", REGISTRY_REASON)]


def _sub_routers(root: Path) -> Path:
    """FastAPI: the root router includes `routes/recipes/` and `routes/users/`, packages
    whose `__init__` includes the routers of their own modules; every route module extends
    the base controller of `routes/base.py`."""
    files: dict[str, str | bytes] = {
        "cook/__init__.py": "",
        "cook/app.py": ("from fastapi import FastAPI\nfrom cook import routes\n"
                        "app = FastAPI()\napp.include_router(routes.router)\n"),
        "cook/routes/__init__.py": ("from fastapi import APIRouter\n"
                                    "from cook.routes import recipes, users\n"
                                    "router = APIRouter()\n"
                                    "router.include_router(recipes.router)\n"
                                    "router.include_router(users.router)\n"),
        "cook/routes/base.py": ("from cook.db import session\nfrom cook.auth import current\n"
                                "from cook.mail import send\nfrom cook.cache import get\n"
                                "class BaseController:\n"
                                "    def user(self):\n        return current(session())\n"
                                "    def notify(self):\n        return send(get())\n"),
        "cook/db.py": "def session():\n    return None\n",
        "cook/auth.py": "def current(s):\n    return s\n",
        "cook/mail.py": "def send(x):\n    return x\n",
        "cook/cache.py": "def get():\n    return None\n",
    }
    for package, resources in (("recipes", ("crud", "images", "comments")),
                               ("users", ("crud", "tokens", "ratings"))):
        lines = ["from fastapi import APIRouter"]
        lines += [f"from cook.routes.{package} import {r}" for r in resources]
        lines += ["router = APIRouter()"]
        lines += [f"router.include_router({r}.router)" for r in resources]
        files[f"cook/routes/{package}/__init__.py"] = "\n".join(lines) + "\n"
        for resource in resources:
            files[f"cook/routes/{package}/{resource}.py"] = (
                "from fastapi import APIRouter\nfrom cook.routes.base import BaseController\n"
                "router = APIRouter()\n"
                f"class {resource.title()}Controller(BaseController):\n    pass\n"
                f"@router.get('/{package}/{resource}')\n"
                f"def get_{resource}():\n    return {resource.title()}Controller().user()\n")
    return build_tree(root, files)


def test_a_sub_router_of_one_slice_is_that_slices_not_a_root(tmp_path: Path) -> None:
    """mealie (set 15): `routes/recipe/__init__` includes the recipe routers only: once
    they sit in one group, the sub-router is that slice's, not the root URLconf."""
    index, graph = graph_of(_sub_routers(tmp_path))
    # (the root router the application includes is a root already)
    roots = {r.module for r in find_roots(index, graph, SeamConfig())} | {"cook.routes"}
    recipes = tuple(f"cook.routes.recipes{m}" for m in ("", ".comments", ".crud", ".images"))
    users = tuple(f"cook.routes.users{m}" for m in ("", ".crud", ".ratings", ".tokens"))
    grouping = Grouping((("", recipes), ("", users)), "")
    left, late = late_registry_roots(index, graph, SeamConfig(), grouping, roots)
    assert late == [] and left == grouping
    # Spread over two groups, the routers it includes are no one slice's: it is a root.
    spread = Grouping((("", recipes[:2] + users[1:3]), ("", recipes[2:] + users[:1]
                                                         + users[3:])), "")
    _, late = late_registry_roots(index, graph, SeamConfig(), spread, roots)
    assert [r.module for r in late] == ["cook.routes.recipes", "cook.routes.users"]


def test_the_base_every_route_module_extends_is_no_initializer(tmp_path: Path) -> None:
    """mealie (set 15): the base controller wires several packages and serves no route,
    like an application initializer; the six route modules subclassing it make it the
    layer's base, which is no root."""
    index, graph = graph_of(_sub_routers(tmp_path))
    roots = {r.module: r.reason for r in find_roots(index, graph, SeamConfig())}
    assert "cook.routes.base" not in roots
