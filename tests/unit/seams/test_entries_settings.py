"""Issue 10 (roots and platform): an entry point is decided by what the module does, a
settings package is kernel, console scripts are roots, a command-line package is a group
of its own, and a route prefix most routes share names no seam."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.adapters.cache import MemoryStore
from strangler.adapters.entry_points import read_entry_points
from strangler.adapters.filesystem import LocalFileSystem
from strangler.graph import build_graph
from strangler.model import KernelModule
from strangler.parse import ParseOptions, link, parse_project
from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.commands import command_groups
from strangler.seams.entries import SCRIPT_ROOT, imported_entries
from strangler.seams.kernel import find_roots
from strangler.seams.mounts import shared_mounts
from strangler.seams.naming import name_evidence
from strangler.seams.propose import Choice, Grouping
from strangler.seams.settings_packages import settings_packages

DOMAINS = ("users", "orders", "invoices")


def _app(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    """`app/` with a factory module holding `mail` beside `create_app`, a settings package
    `conf/` (one options module per domain, `conf/wsgi` the `[wsgi]` options), a real
    top-level `wsgi.py`, an e-mail helper built on the factory module's `mail` that the
    domains' services import, and three domains (model + service)."""
    files: dict[str, str] = {
        "app/__init__.py": "",
        "app/factory.py": "mail = object()\n\ndef create_app():\n    return object()\n",
        "app/db.py": "class _Db:\n    Model = object\n\ndb = _Db()\n",
        "app/conf/__init__.py": "".join(f"from app.conf import {d}  # noqa\n"
                                        for d in (*DOMAINS, "wsgi")) + "CONF = {}\n",
        "app/conf/utils.py": "def fmt(text):\n    return text\n",
        "app/conf/wsgi.py": "from app.conf import utils\nDEBUG = utils.fmt('no')\n",
        "app/emails.py": "from app.factory import mail\n\ndef send(to):\n    return mail, to\n",
        "wsgi.py": "from app.factory import create_app\napplication = create_app()\n",
    }
    for d in DOMAINS:
        files[f"app/conf/{d}.py"] = f"from app.conf import utils\nDRIVER = utils.fmt('{d}')\n"
        files[f"app/{d}/__init__.py"] = ""
        files[f"app/{d}/models.py"] = (f"from app.db import db\n\nclass {d.title()}(db.Model):"
                                       f"\n    __tablename__ = '{d}'\n")
        files[f"app/{d}/service.py"] = (f"from app import conf\nfrom app.emails import send\n"
                                        f"from app.{d}.models import {d.title()}\n\n"
                                        f"def notify(key):\n    send(conf.CONF)\n"
                                        f"    return {d.title()}.query.get(key)\n")
    return build_tree(tmp_path / "proj", {**files, **(extra or {})})


def test_an_imported_module_is_no_entry_point_whatever_its_name(tmp_path: Path) -> None:
    index, graph = graph_of(_app(tmp_path))
    imported: list[KernelModule] = []
    roots = {r.module for r in find_roots(index, graph, SeamConfig(), imported)}
    assert "wsgi" in roots and "app.factory" in roots
    # `conf/wsgi` is imported by its package; `emails` uses only the factory's module, but
    # the services import it: neither starts the application.
    assert not {"app.conf.wsgi", "app.emails"} & roots
    assert {k.module for k in imported} == {"app.conf.wsgi", "app.emails"}


def test_imported_entries_follow_a_chain_of_starters() -> None:
    # `server.wsgi` is imported by `wsgi.api`, which nothing imports: both start the app.
    edges = [("wsgi.api", "server.wsgi"), ("conf", "conf.wsgi"), ("svc", "emails")]
    assert imported_entries({"server.wsgi", "wsgi.api", "conf.wsgi", "emails"},
                            {"server.wsgi", "wsgi.api", "conf.wsgi", "emails"},
                            edges) == {"conf.wsgi", "emails"}


def test_a_settings_package_is_kernel_whole(tmp_path: Path) -> None:
    index, graph = graph_of(_app(tmp_path))
    found = {k.module for k in settings_packages(index, graph, SeamConfig(), set())}
    assert found == {"app.conf", "app.conf.utils", "app.conf.wsgi",
                     *(f"app.conf.{d}" for d in DOMAINS)}
    # Modules found already (roots, kernel) are not listed again; a pin keeps its module.
    pinned = SeamConfig(pins=(("users", ("app.conf.users",)),))
    again = {k.module for k in settings_packages(index, graph, pinned, {"app.conf.utils"})}
    assert "app.conf.utils" not in again and "app.conf.users" not in again


def test_a_config_package_with_data_or_domain_imports_is_not_settings(tmp_path: Path) -> None:
    # A Django-style `config` app: a model of its own, views over another domain.
    index, graph = graph_of(_app(tmp_path, {
        "app/config/__init__.py": "",
        "app/config/models.py": "from app.db import db\n\nclass Setting(db.Model):\n"
                                "    __tablename__ = 'setting'\n",
        "app/config/views.py": "from app.users.models import Users\n\ndef show():\n"
                               "    return Users\n",
        "app/config/forms.py": "FIELDS = ()\n",
        "app/settings/__init__.py": "",
        "app/settings/a.py": "from app.users.models import Users\nX = Users\n",
        "app/settings/b.py": "Y = 1\n",
    }))
    found = {k.module for k in settings_packages(index, graph, SeamConfig(), set())}
    assert not any(m.startswith(("app.config", "app.settings")) for m in found)


def test_a_settings_package_may_build_on_a_vendored_library(tmp_path: Path) -> None:
    # (helper `s15-octoprint`) `schema/config/*` option models on `vendor/with_docs`, itself
    # on `vendor/class_doc`: a library carried in the project, not domain code.
    options = {f"app/schema/config/{d}.py": f"from app.vendor.with_docs import Documented\n"
                                            f"class {d.title()}(Documented):\n    pass\n"
               for d in DOMAINS}
    library = {
        "app/schema/__init__.py": "",
        "app/schema/config/__init__.py": "".join(f"from app.schema.config import {d}  # noqa\n"
                                                 for d in DOMAINS),
        "app/vendor/__init__.py": "",
        "app/vendor/class_doc.py": "def docs(cls):\n    return cls.__doc__\n",
        "app/vendor/with_docs.py": "from app.vendor.class_doc import docs\n\n"
                                   "class Documented:\n    doc = docs\n",
        "app/users/reader.py": "from app import schema\nfrom app.schema import config\n"
                               "X = config\n",
    }
    index, graph = graph_of(_app(tmp_path, {**options, **library}))
    found = {k.module for k in settings_packages(index, graph, SeamConfig(), set())}
    assert {"app.schema.config", *(f"app.schema.config.{d}" for d in DOMAINS)} <= found
    # the same package on a module of the project's own code is no settings package
    index, graph = graph_of(_app(tmp_path / "own", {
        **options, **library,
        "app/vendor/class_doc.py": "from app.users.models import Users\n\n"
                                   "def docs(cls):\n    return Users\n"}))
    found = {k.module for k in settings_packages(index, graph, SeamConfig(), set())}
    assert not any(m.startswith("app.schema") for m in found)


def _with_metadata(tmp_path: Path, metadata: dict[str, str]) -> Path:
    return _app(tmp_path, {
        "app/cli/__init__.py": "",
        "app/console.py": "from app.cli.main import main\n\ndef run():\n    return main()\n",
        "app/cli/main.py": "from app.cli import users, orders\n\ndef main():\n"
                           "    return users, orders\n",
        **{f"app/cli/{d}.py": f"from app.{d}.service import notify\n\ndef run():\n"
                              f"    return notify(1)\n" for d in ("users", "orders")},
        **metadata})


def _index(root: Path):  # type: ignore[no-untyped-def]
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    return link(root.name, parsed.files, parsed.problems, read_entry_points(root))


def test_console_scripts_of_each_metadata_form_are_roots(tmp_path: Path) -> None:
    for i, metadata in enumerate((
            {"setup.cfg": "[options.entry_points]\nconsole_scripts =\n"
                          "    app = app.console:run\n    inner = app.cli.main:main\n"},
            {"pyproject.toml": "[project]\nname = 'app'\n[project.scripts]\n"
                               "app = 'app.console:run'\ninner = 'app.cli.main:main'\n"})):
        index = _index(_with_metadata(tmp_path / str(i), metadata))
        assert index.scripts == ("app.cli.main", "app.console")
        graph = build_graph(index)
        # Nothing imports it: a root from the start, as an entry point by name is.
        assert {r.module: r.reason for r in find_roots(index, graph, SeamConfig())}[
            "app.console"] == SCRIPT_ROOT
        proposal = propose_seams(index, graph, SeamRequest())
        roots = {r.module: r.reason for r in proposal.roots}
        assert roots["app.console"] == SCRIPT_ROOT
        # A script inside the command package is the entry of the package's group.
        labels = dict(proposal.assignment)
        assert "app.cli.main" not in roots
        assert labels["app.cli.main"] == labels["app.cli.users"] == labels["app.cli.orders"]


def test_a_command_package_is_a_group_of_its_own(tmp_path: Path) -> None:
    index, graph = graph_of(_with_metadata(tmp_path, {
        "app/cli/orders.py": "from app.orders.service import notify\n"
                             "from app.tools import fmt\n\ndef run():\n"
                             "    return fmt(notify(1))\n",
        "app/tools.py": "def fmt(x):\n    return x\n",
        **{f"app/{d}/views.py": f"from app.{d}.service import notify\n\ndef show():\n"
                                f"    return notify(2)\n" for d in ("users", "orders")}}))
    # Each command clustered with the domain it calls, as Louvain left them.
    grouping = Grouping.ordered([
        ("", ["app.users.models", "app.users.service", "app.users.views", "app.cli.users"]),
        ("", ["app.orders.models", "app.orders.service", "app.orders.views", "app.cli.orders",
              "app.cli.main", "app.tools"])], Choice(None))
    groups = {frozenset(members) for _, members in command_groups(
        index, graph, SeamConfig(), grouping).groups}
    assert groups == {frozenset({"app.users.models", "app.users.service", "app.users.views"}),
                      frozenset({"app.orders.models", "app.orders.service",
                                 "app.orders.views"}),
                      frozenset({"app.cli.users", "app.cli.orders", "app.cli.main",
                                 "app.tools"})}
    # Commands named after the domains that fall apart (`hubs.loose_commands`) follow them.
    assert command_groups(index, graph, SeamConfig(), grouping,
                          {"app.cli.users"}) == grouping


def test_a_route_prefix_most_routes_share_is_a_mount() -> None:
    paths = ([(["data", "assets", "<id>"], "web.assets.views")] * 8
             + [(["data", "shots"], "web.shots.views")] * 5
             + [(["data", "tasks"], "web.tasks.views")] * 5
             + [(["auth", "login"], "web.auth.views")] * 4)
    assert shared_mounts(paths, frozenset({"api"})) == {"data"}
    # Behind a known mount (`/api/data/...`) too.
    assert shared_mounts([(["api", *p], m) for p, m in paths], frozenset({"api"})) == {"data"}
    # Half of the routes or fewer, or too few routes: no mount.
    assert shared_mounts(paths[:11] + [(["auth"], "web.auth.views")] * 11,
                         frozenset()) == frozenset()
    assert shared_mounts(paths[:5], frozenset()) == frozenset()
    # A domain serving most routes from its own package is no mount.
    users = [(["users", str(i)], "web.users.views") for i in range(15)]
    assert shared_mounts(users + paths[-6:], frozenset()) == frozenset()


def test_seams_are_named_past_the_shared_prefix(tmp_path: Path) -> None:
    views: dict[str, str | bytes] = {}
    for d in ("assets", "shots", "people"):
        routes = "".join(f"@bp.route('/data/{d}/r{i}')\ndef r{i}():\n    return '{d}'\n\n"
                         for i in range(8))
        views[f"web/{d}/__init__.py"] = ""
        views[f"web/{d}/views.py"] = ("from flask import Blueprint\n"
                                      "bp = Blueprint('x', __name__)\n\n" + routes)
    views["web/__init__.py"] = ""
    index, graph = graph_of(build_tree(tmp_path / "site", views))
    words = {w for found in name_evidence(index, graph).routes.values() for _, w in found}
    assert words == {"assets", "shots", "people"}


def test_a_script_the_roots_import_leaves_its_group_after_the_clustering(
        tmp_path: Path) -> None:
    # `app/console` is imported by the top-level `wsgi.py` (a root) only; a script the
    # domains import (`app/emails`, declared as one) is imported, not run, and stays.
    root = _with_metadata(tmp_path, {
        "setup.cfg": "[options.entry_points]\nconsole_scripts =\n"
                     "    app = app.console:run\n    mail = app.emails:send\n",
        "wsgi.py": "from app.factory import create_app\nfrom app.console import run\n"
                   "application = create_app()\n"})
    index = _index(root)
    graph = build_graph(index)
    assert "app.console" not in {r.module for r in find_roots(index, graph, SeamConfig())}
    proposal = propose_seams(index, graph, SeamRequest())
    roots = {r.module: r.reason for r in proposal.roots}
    assert roots["app.console"] == SCRIPT_ROOT
    assert "app.emails" not in roots
