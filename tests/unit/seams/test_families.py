"""Plugin families: the plugins of a package's extension points are one domain, and the
extension points themselves (a `bases/` package of abstract plugin types) are the
platform's."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.model import KernelModule
from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.families import (
    extension_kernel,
    family_strays,
    plugin_families,
)
from strangler.seams.index_facts import served_modules
from strangler.seams.kernel import data_owners
from strangler.seams.propose import Choice, Grouping

KINDS = ("conference", "ticket", "storage")
PLUGINS = {"zoom": "conference", "jira": "ticket", "drive": "storage", "teams": "conference"}


def _plugin_project() -> dict[str, str]:
    """`app/plugins/base` (the Plugin class), `app/plugins/bases/<kind>` (abstract plugin
    types) and one package per concrete plugin, each subclassing one type."""
    files = {"app/__init__.py": "", "app/plugins/__init__.py": "",
             "app/plugins/base/__init__.py": "from app.plugins.base.v1 import Plugin\n",
             "app/plugins/base/v1.py": "class Plugin:\n    slug = ''\n",
             "app/plugins/bases/__init__.py": "".join(
                 f"from app.plugins.bases.{k} import {k.capitalize()}Plugin\n"
                 for k in KINDS)}
    for kind in KINDS:
        files[f"app/plugins/bases/{kind}.py"] = (
            "from app.plugins.base import Plugin\n"
            f"class {kind.capitalize()}Plugin(Plugin):\n    type = '{kind}'\n")
    for name, kind in PLUGINS.items():
        files[f"app/plugins/{name}/__init__.py"] = ""
        files[f"app/plugins/{name}/config.py"] = "TOKEN = 'x'\n"
        files[f"app/plugins/{name}/plugin.py"] = (
            f"from app.plugins.bases.{kind} import {kind.capitalize()}Plugin\n"
            f"from app.plugins.{name}.config import TOKEN\n"
            f"class {name.capitalize()}(({kind.capitalize()}Plugin)):\n"
            "    def run(self):\n        return TOKEN\n")
    return files




def _domains(views: bool) -> dict[str, str]:
    """Two domain packages, `incident` and `case`, each with a table of its own and a
    service that uses the plugin registry (and, with `views`, a views module)."""
    files: dict[str, str] = {}
    for domain in ("incident", "case"):
        model = domain.capitalize()
        files |= {
            f"app/{domain}/__init__.py": "",
            f"app/{domain}/models.py": (
                "from sqlalchemy import Column, Integer\n"
                "from sqlalchemy.orm import DeclarativeBase\n"
                "class Base(DeclarativeBase):\n    pass\n"
                f"class {model}(Base):\n    __tablename__ = '{domain}'\n"
                "    id = Column(Integer, primary_key=True)\n"),
            f"app/{domain}/service.py": (
                f"from app.{domain}.models import {model}\n"
                "from app.plugins.base import Plugin\n"
                f"def create(db):\n    db.add({model}())\n    return Plugin\n"),
        }
        if views:
            files[f"app/{domain}/views.py"] = (
                f"from app.{domain}.service import create\n"
                f"from app.{domain}.models import {model}\n"
                f"def view(db):\n    return create(db), {model}\n")
    return files

def _runners(*names: str) -> dict[str, str]:
    """`app/runners/`: a base class in the package and one plugin per name subclassing it."""
    files = {"app/__init__.py": "", "app/runners/__init__.py": "class BaseRunner:\n    pass\n"}
    for name in names:
        files[f"app/runners/{name}.py"] = ("from app.runners import BaseRunner\n"
                                           f"class {name.capitalize()}(BaseRunner):\n"
                                           "    pass\n")
    return files

def test_the_plugins_of_a_bases_package_make_a_family_and_the_bases_are_its_framework(
        tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _plugin_project()))
    owners = data_owners(index, graph)
    families = plugin_families(index, graph, owners)
    assert [f.package for f in families] == ["app.plugins"]
    family = families[0]
    assert family.members == {f"app.plugins.{n}" for n in PLUGINS}
    names = [m.name for m in index.modules]
    packages = {m.name for m in index.modules if m.is_package}
    framework = {k.module for k in extension_kernel(families, names, packages, owners,
                                                    set(), set())}
    # The abstract types, and the base package they build on: no plugin's code.
    assert framework == {"app.plugins.bases", *(f"app.plugins.bases.{k}" for k in KINDS),
                         "app.plugins.base", "app.plugins.base.v1"}
    # What is already left out (kernel, roots, pins) is not claimed again.
    kept = extension_kernel(families, names, packages, owners, set(),
                            {"app.plugins.base.v1"})
    assert "app.plugins.base.v1" not in {k.module for k in kept}


def test_the_proposal_keeps_the_plugin_framework_out_of_the_plugins_seam(
        tmp_path: Path) -> None:
    """Two domain packages use the plugin registry; the abstract plugin types are only
    subclassed by the plugins, so the coupling alone glued them to the plugins' seam
    (which was then named `bases`)."""
    files = _plugin_project() | _domains(views=True)
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    kernel = {k.module for k in proposal.kernel}
    assert {f"app.plugins.bases.{k}" for k in KINDS} <= kernel
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    plugins = {seam_of[f"app.plugins.{name}.plugin"] for name in PLUGINS}
    assert len(plugins) == 1 and "bases" not in plugins
    assert seam_of["app.incident.models"] != seam_of["app.case.models"]


def test_subclasses_beside_their_base_in_one_package_are_a_family_without_framework(
        tmp_path: Path) -> None:
    files = _runners("pg", "mysql", "mongo")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    families = plugin_families(index, graph, set())
    assert [(f.package, sorted(f.members)) for f in families] == [
        ("app.runners", ["app.runners.mongo", "app.runners.mysql", "app.runners.pg"])]
    assert extension_kernel(families, [m.name for m in index.modules],
                            {m.name for m in index.modules if m.is_package}, set(), set(),
                            set()) == []


def test_view_and_model_bases_make_no_family(tmp_path: Path) -> None:
    """Subclasses that map tables are the domain's models, not plugins (and a top-level
    package is never a family: its bases are the application's)."""
    files = {"app/__init__.py": "", "app/models/__init__.py": "",
             "app/models/base.py": ("from sqlalchemy.orm import DeclarativeBase\n"
                                    "class Base(DeclarativeBase):\n    pass\n")}
    for name in ("order", "book", "shelf"):
        files[f"app/models/{name}.py"] = (
            "from sqlalchemy import Column, Integer\nfrom app.models.base import Base\n"
            f"class {name.capitalize()}(Base):\n    __tablename__ = '{name}'\n"
            "    id = Column(Integer, primary_key=True)\n")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    assert plugin_families(index, graph, data_owners(index, graph)) == []


def test_family_strays_rejoin_the_group_holding_most_of_the_family(tmp_path: Path) -> None:
    files = _runners("pg", "mysql", "mongo", "csv", "excel")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    families = plugin_families(index, graph, set())
    grouping = Grouping.ordered(
        [("", ("app.runners.pg", "app.runners.mysql", "app.runners.mongo")),
         # a runner pulled into the users' group by a shared helper
         ("", ("app.users.models", "app.users.views", "app.runners.csv")),
         ("pinned", ("app.runners.excel", "app.billing"))], Choice(None))
    kernel = [KernelModule("app.runners", "base"), KernelModule("app.utils", "helpers")]
    result, stay = family_strays(grouping, kernel, families, {})
    groups = {members[0]: members for _, members in result.groups}
    assert groups["app.runners.csv"] == ("app.runners.csv", "app.runners.mongo",
                                         "app.runners.mysql", "app.runners.pg")
    assert groups["app.users.models"] == ("app.users.models", "app.users.views")
    # a pinned group neither gives nor takes; the family's base stays in the kernel
    assert ("pinned", ("app.billing", "app.runners.excel")) in result.groups
    assert stay == kernel
    # a module the user keeps in place stays
    kept, _ = family_strays(grouping, kernel, families, {}, {"app.runners.csv"})
    assert kept == grouping


def test_a_plugin_the_kernel_took_for_its_breadth_rejoins_its_family(tmp_path: Path) -> None:
    files = _runners("pg", "mysql", "mongo")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    families = plugin_families(index, graph, set())
    grouping = Grouping.ordered([("", ("app.runners.pg", "app.runners.mysql"))], Choice(None))
    kernel = [KernelModule("app.runners", "base"), KernelModule("app.runners.mongo", "wide")]
    result, stay = family_strays(grouping, kernel, families, {})
    assert result.groups == (("", ("app.runners.mongo", "app.runners.mysql",
                                   "app.runners.pg")),)
    assert stay == [KernelModule("app.runners", "base")]


def test_a_group_made_mostly_of_leaving_plugins_follows_them(tmp_path: Path) -> None:
    files = _runners("pg", "mysql", "mongo", "python", "disk")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    families = plugin_families(index, graph, set())
    grouping = Grouping.ordered(
        [("", ("app.runners.pg", "app.runners.mysql", "app.runners.mongo")),
         ("", ("app.runners.python", "app.runners.disk", "app.utils.frames"))], Choice(None))
    result, _ = family_strays(grouping, [], families, {})
    assert len(result.groups) == 1
    assert "app.utils.frames" in result.groups[0][1]


def test_a_plugin_named_after_the_domain_it_sits_with_stays_there(tmp_path: Path) -> None:
    """`plugins/webhook` placed with `webhook/` is the webhook domain's adapter."""
    files = {"app/__init__.py": "", "app/plugins/__init__.py": "",
             "app/plugins/base.py": "class BasePlugin:\n    pass\n"}
    for name in ("avatax", "openid", "sendgrid", "webhook"):
        files[f"app/plugins/{name}/__init__.py"] = ""
        files[f"app/plugins/{name}/plugin.py"] = ("from app.plugins.base import BasePlugin\n"
                                                  f"class {name.capitalize()}(BasePlugin):\n"
                                                  "    pass\n")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    families = plugin_families(index, graph, set())
    assert [f.package for f in families] == ["app.plugins"]
    grouping = Grouping.ordered(
        [("", ("app.plugins.avatax.plugin", "app.plugins.openid.plugin",
               "app.plugins.sendgrid.plugin")),
         ("", ("app.plugins.webhook.plugin", "app.webhook.models", "app.webhook.tasks",
               "app.webhook.views"))], Choice(None))
    units = {"app.webhook.models": "app.webhook", "app.webhook.tasks": "app.webhook",
             "app.webhook.views": "app.webhook"}
    assert family_strays(grouping, [], families, units)[0] == grouping
    # without the webhook domain beside it, the plugin rejoins its family
    moved, _ = family_strays(grouping, [], families, {})
    assert "app.plugins.webhook.plugin" in moved.groups[0][1]


def test_a_layer_package_of_subclasses_is_no_family(tmp_path: Path) -> None:
    """`forms/<domain>` subclassing `forms/__init__`'s BaseForm: each form is its
    domain's, not a plugin."""
    files = {"app/__init__.py": "", "app/forms/__init__.py": "class BaseForm:\n    pass\n"}
    for name in ("users", "teams", "pages"):
        files[f"app/forms/{name}.py"] = (f"from app.forms import BaseForm\n"
                                         f"class {name.capitalize()}Form(BaseForm):\n"
                                         "    pass\n")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    assert plugin_families(index, graph, set()) == []


def _apps(apps: tuple[str, ...], routed: tuple[str, ...]) -> dict[str, str]:
    """`proj/apps/*`: each app's service subclasses `apps/common`'s base; the `routed` apps
    also have a views module serving a route; `orders` has twelve more modules."""
    files = {"proj/__init__.py": "", "proj/apps/__init__.py": "",
             "proj/apps/common/__init__.py": "",
             "proj/apps/common/services.py": "class BaseService:\n    pass\n"}
    for app in apps:
        service = f"{app.capitalize()}Service"
        files |= {
            f"proj/apps/{app}/__init__.py": "",
            f"proj/apps/{app}/services.py": (
                "from proj.apps.common.services import BaseService\n"
                f"class {service}(BaseService):\n    pass\n"),
        }
        if app in routed:
            files[f"proj/apps/{app}/views.py"] = (
                f"from flask import Blueprint\nfrom proj.apps.{app}.services import {service}\n"
                f"bp = Blueprint('{app}', __name__)\n@bp.route('/{app}')\n"
                f"def index():\n    return {service}()\n")
    files |= {f"proj/apps/orders/{extra}.py": "X = 1\n" for extra in "abcdefghijkl"}
    return files


def test_a_member_serving_routes_is_a_domain_and_stays_with_them(tmp_path: Path) -> None:
    """Billing and reports serve routes of their own: they are domains, not plugins, and
    the biggest app's seam does not swallow them; the other apps rejoin their family."""
    apps = ("orders", "billing", "reports", "search", "audit")
    index, graph = graph_of(build_tree(tmp_path / "p", _apps(apps, ("billing", "reports"))))
    families = plugin_families(index, graph, data_owners(index, graph))
    assert [f.package for f in families] == ["proj.apps"]
    names = sorted(m.name for m in index.modules)
    grouping = Grouping.ordered(
        [("", tuple(m for m in names if m.startswith(f"proj.apps.{app}"))) for app in apps],
        Choice(None))
    result, _ = family_strays(grouping, [], families, {})
    seam_of = {m: i for i, (_, members) in enumerate(result.groups) for m in members}
    assert seam_of["proj.apps.billing.views"] != seam_of["proj.apps.orders.a"]
    assert seam_of["proj.apps.reports.views"] != seam_of["proj.apps.orders.a"]
    assert seam_of["proj.apps.search.services"] == seam_of["proj.apps.orders.a"]


def test_a_package_whose_members_mostly_serve_routes_is_no_family(tmp_path: Path) -> None:
    """Four apps of five serve routes: a package of domains, not of plugins (the domain
    packages of a modular monolith subclass each other's base controllers too)."""
    apps = ("orders", "billing", "reports", "search", "audit")
    files = _apps(apps, ("orders", "billing", "reports", "search"))
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    assert plugin_families(index, graph, data_owners(index, graph)) == []


def test_pinning_one_plugin_elsewhere_keeps_the_rest_of_its_family_whole(
        tmp_path: Path) -> None:
    """The pinned plugin's modules counted as votes against the family's home: with one of
    four plugins pinned, no group had a majority and the other three stayed split."""
    files = _plugin_project() | _domains(views=False)
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    config = SeamConfig(min_size=1, pins=(("incident", ("app.incident.*", "app.plugins.zoom.*")),))
    proposal = propose_seams(index, graph, SeamRequest(config=config))
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    assert seam_of["app.plugins.zoom.plugin"] == "incident"
    rest = {seam_of[f"app.plugins.{name}.plugin"] for name in PLUGINS if name != "zoom"}
    assert len(rest) == 1 and rest != {"incident"}


def _modular(blueprints: bool) -> dict[str, str]:
    """`app/modules/<domain>/`: `events` holds the base controller the other domains'
    controllers subclass; each domain has a table (`models`) and, with `blueprints`, a
    `blueprint` module registering its controller's route centrally
    (`bp.add_url_rule(path, view_func=...)`)."""
    files = {"app/__init__.py": "", "app/modules/__init__.py": "",
             "app/modules/events/__init__.py": "",
             "app/modules/events/controllers.py": "class RHEventBase:\n    pass\n",
             "app/modules/events/util.py": "def event_title(e):\n    return e\n"}
    for domain in ("news", "rooms", "surveys", "papers"):
        model = domain.capitalize()
        files |= {
            f"app/modules/{domain}/__init__.py": "",
            f"app/modules/{domain}/models.py": (
                "from sqlalchemy import Column, Integer\n"
                "from sqlalchemy.orm import DeclarativeBase\n"
                "class Base(DeclarativeBase):\n    pass\n"
                f"class {model}(Base):\n    __tablename__ = '{domain}'\n"
                "    id = Column(Integer, primary_key=True)\n"),
            f"app/modules/{domain}/controllers.py": (
                "from app.modules.events.controllers import RHEventBase\n"
                "from app.modules.events.util import event_title\n"
                f"from app.modules.{domain}.models import {model}\n"
                f"class RH{model}(RHEventBase):\n"
                f"    def get(self, db):\n        return event_title(db.query({model}))\n")}
        if blueprints:
            files[f"app/modules/{domain}/blueprint.py"] = (
                "from flask import Blueprint\n"
                f"from app.modules.{domain}.controllers import RH{model}\n"
                f"bp = Blueprint('{domain}', __name__)\n"
                f"bp.add_url_rule('/{domain}', view_func=RH{model}.as_view('{domain}'))\n")
    return files


def test_a_route_is_served_by_its_handler_not_by_the_module_registering_it(
        tmp_path: Path) -> None:
    index, _ = graph_of(build_tree(tmp_path / "p", _modular(blueprints=True)))
    assert {r.module for r in index.routes} == {
        f"app.modules.{d}.blueprint" for d in ("news", "rooms", "surveys", "papers")}
    assert served_modules(index).handling == {
        f"app.modules.{d}.controllers" for d in ("news", "rooms", "surveys", "papers")}


def test_domain_packages_sharing_a_base_controller_are_no_plugin_family(
        tmp_path: Path) -> None:
    """Each domain owns a table (its controllers own none): a package of domains, so the
    domain holding the base controller is no "plugin framework" and stays out of the
    kernel."""
    files = _modular(blueprints=False)
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    assert plugin_families(index, graph, data_owners(index, graph)) == []
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    kernel = {k.module for k in proposal.kernel}
    assert not any("plugin framework" in k.reason for k in proposal.kernel)
    assert "app.modules.events.controllers" not in kernel


def test_a_holder_package_that_owns_a_table_is_never_the_plugin_framework(
        tmp_path: Path) -> None:
    """The plugins subclass a base of `plugins/core`, which also maps a table of its
    own: a domain whose base classes plugins reuse, not a framework without data."""
    files = {"app/__init__.py": "", "app/plugins/__init__.py": "",
             "app/plugins/core/__init__.py": "",
             "app/plugins/core/base.py": "class Plugin:\n    pass\n",
             "app/plugins/core/models.py": (
                 "from sqlalchemy import Column, Integer\n"
                 "from sqlalchemy.orm import DeclarativeBase\n"
                 "class Base(DeclarativeBase):\n    pass\n"
                 "class Setting(Base):\n    __tablename__ = 'plugin_setting'\n"
                 "    id = Column(Integer, primary_key=True)\n")}
    for name in ("zoom", "jira", "drive"):
        files[f"app/plugins/{name}.py"] = ("from app.plugins.core.base import Plugin\n"
                                           f"class {name.capitalize()}(Plugin):\n"
                                           "    pass\n")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    owners = data_owners(index, graph)
    families = plugin_families(index, graph, owners)
    assert [f.package for f in families] == ["app.plugins"]
    names = [m.name for m in index.modules]
    packages = {m.name for m in index.modules if m.is_package}
    assert extension_kernel(families, names, packages, owners, set(), set()) == []


def test_apps_serving_routes_registered_centrally_stay_with_them(tmp_path: Path) -> None:
    """Billing's and reports' handlers are registered by one `proj/urls.py`: the handlers'
    apps serve those routes (`ServedModules.handling`), so they are domains and stay; counted by
    the registering module, no app served a route and both joined the biggest app."""
    apps = ("orders", "billing", "reports", "search", "audit")
    files = _apps(apps, ())
    for app in ("billing", "reports"):
        files[f"proj/apps/{app}/handlers.py"] = "def index():\n    return 'ok'\n"
    files["proj/urls.py"] = (
        "from flask import Flask\nfrom proj.apps.billing import handlers as billing\n"
        "from proj.apps.reports import handlers as reports\napp = Flask(__name__)\n"
        "app.add_url_rule('/billing', view_func=billing.index)\n"
        "app.add_url_rule('/reports', view_func=reports.index)\n")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    families = plugin_families(index, graph, data_owners(index, graph))
    assert [(f.package, sorted(f.routed)) for f in families] == [
        ("proj.apps", ["proj.apps.billing", "proj.apps.reports"])]
    names = sorted(m.name for m in index.modules)
    grouping = Grouping.ordered(
        [("", tuple(m for m in names if m.startswith(f"proj.apps.{app}"))) for app in apps],
        Choice(None))
    result, _ = family_strays(grouping, [], families, {})
    seam_of = {m: i for i, (_, members) in enumerate(result.groups) for m in members}
    assert seam_of["proj.apps.billing.handlers"] != seam_of["proj.apps.orders.a"]
    assert seam_of["proj.apps.search.services"] == seam_of["proj.apps.orders.a"]
