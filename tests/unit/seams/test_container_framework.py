"""The plugin framework of a plugin container (`plugins/`): its own modules beside the
plugins, with the plugins' configuration table, are kernel (`families.container_framework`);
a plugin that writes a domain's tables joins that domain (`families.data_adapters`)."""

from __future__ import annotations

from pathlib import Path

from helpers import SQLALCHEMY_BASE, SQLALCHEMY_MODEL, build_tree, graph_of

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.families import container_framework, data_adapters, plugin_families
from strangler.seams.kernel import data_owners, owned_tables
from strangler.seams.propose import Choice, Grouping
from strangler.seams.words import domain_units

PLUGINS = ("avatax", "openid", "mailer")

def _project(manager_writes: str = "PluginConfiguration") -> dict[str, str]:
    """`app/plugins/` with a base plugin, a configuration model, a manager that stores the
    configuration (or, with `manager_writes`, another model's rows), three plugins, a
    GraphQL layer mirroring the apps (`graphql/plugins` among them) and two domain apps
    that call the manager."""
    files = {
        "app/__init__.py": "",
        "app/db.py": SQLALCHEMY_BASE,
        "app/plugins/__init__.py": "",
        "app/plugins/base_plugin.py": "class BasePlugin:\n    name = ''\n",
        "app/plugins/models.py": SQLALCHEMY_MODEL.format(name="PluginConfiguration",
                                              table="plugin_configuration"),
        "app/plugins/manager.py": (
            "from app.plugins.base_plugin import BasePlugin\n"
            "from app.plugins.models import PluginConfiguration\n"
            "from app.order.models import Order\n"
            f"def save(db):\n    db.add({manager_writes}())\n    return BasePlugin\n"),
        "app/graphql/__init__.py": "",
    }
    for name in PLUGINS:
        files[f"app/plugins/{name}/__init__.py"] = ""
        files[f"app/plugins/{name}/plugin.py"] = (
            "from app.plugins.base_plugin import BasePlugin\n"
            f"class {name.capitalize()}Plugin(BasePlugin):\n    name = '{name}'\n")
    for domain in ("order", "product", "plugins"):
        if domain != "plugins":
            files[f"app/{domain}/__init__.py"] = ""
            files[f"app/{domain}/models.py"] = SQLALCHEMY_MODEL.format(name=domain.capitalize(),
                                                            table=domain)
            files[f"app/{domain}/service.py"] = (
                f"from app.{domain}.models import {domain.capitalize()}\n"
                "from app.plugins.manager import save\n"
                f"def create(db):\n    db.add({domain.capitalize()}())\n    save(db)\n")
        files[f"app/graphql/{domain}/__init__.py"] = ""
        files[f"app/graphql/{domain}/types.py"] = (
            "from app.plugins.manager import save\n"
            f"class {domain.capitalize()}Type:\n    resolve = save\n")
    return files


def _framework(tmp_path: Path, files: dict[str, str]) -> set[str]:
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    owners = data_owners(index, graph)
    mapped_by: dict[str, set[str]] = {}
    for table in index.tables:
        for model in table.models:
            mapped_by.setdefault(table.name, set()).add(model.module)
    names = sorted(m.name for m in index.modules)
    return {k.module for k in container_framework(
        plugin_families(index, graph, owners), names,
        {m.name for m in index.modules if m.is_package}, owned_tables(index, graph),
        mapped_by, {r.module for r in index.routes}, set(), domain_units(names))}


def test_the_container_s_own_modules_and_its_configuration_are_the_framework(
        tmp_path: Path) -> None:
    framework = _framework(tmp_path, _project())
    # The manager writes the plugins' configuration, which the container's own model maps:
    # the framework's data, not a domain's. The GraphQL slice of the container goes too.
    assert framework == {"app.plugins", "app.plugins.base_plugin", "app.plugins.models",
                         "app.plugins.manager", "app.graphql.plugins",
                         "app.graphql.plugins.types"}


def test_a_manager_writing_a_domain_s_table_owns_that_data(tmp_path: Path) -> None:
    framework = _framework(tmp_path, _project(manager_writes="Order"))
    assert "app.plugins.manager" not in framework
    assert "app.plugins.base_plugin" in framework


def test_a_family_outside_a_plugin_container_has_no_container_framework(
        tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "app/runners/__init__.py": "",
             "app/runners/base.py": "class BaseRunner:\n    pass\n",
             "app/runners/registry.py": "from app.runners.base import BaseRunner\n"}
    for name in ("pg", "mysql", "mongo"):
        files[f"app/runners/{name}.py"] = ("from app.runners.base import BaseRunner\n"
                                           f"class {name.capitalize()}(BaseRunner):\n"
                                           "    pass\n")
    assert _framework(tmp_path, files) == set()


def test_the_proposal_puts_the_plugin_manager_in_the_kernel(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _project()))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    kernel = {k.module for k in proposal.kernel}
    assert {"app.plugins.manager", "app.plugins.models", "app.plugins.base_plugin"} <= kernel
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    assert seam_of["app.order.models"] != seam_of["app.product.models"]


def _identity_plugin() -> dict[str, str]:
    """`_project` with an `account` app (the users table) and a fourth plugin, `sso`, that
    creates users: an identity provider's adapter. Two more plugins keep the family's
    majority elsewhere."""
    files = _project()
    files |= {
        "app/account/__init__.py": "",
        "app/account/models.py": SQLALCHEMY_MODEL.format(name="User", table="user"),
        "app/account/service.py": ("from app.account.models import User\n"
                                   "def register(db):\n    db.add(User())\n"),
        "app/account/views.py": ("from app.account.service import register\n"
                                 "from app.account.models import User\n"
                                 "def view(db):\n    return register(db), User\n"),
        "app/plugins/sso/__init__.py": "",
        "app/plugins/sso/plugin.py": (
            "from app.plugins.base_plugin import BasePlugin\n"
            "from app.plugins.sso.client import fetch\n"
            "class SsoPlugin(BasePlugin):\n    name = fetch()\n"),
        "app/plugins/sso/client.py": "def fetch():\n    return 'sso'\n",
        "app/plugins/sso/users.py": (
            "from app.account.models import User\n"
            "from app.plugins.sso.client import fetch\n"
            "def get_or_create(db):\n    db.add(User(name=fetch()))\n"),
    }
    return files


def test_a_plugin_writing_a_domain_s_table_joins_that_domain(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _identity_plugin()))
    owners = data_owners(index, graph)
    families = plugin_families(index, graph, owners)
    assert "app.plugins.sso" in families[0].settled
    mapped_by = {t.name: {m.module for m in t.models} for t in index.tables}
    plugins = tuple(m.name for m in index.modules if m.name.startswith("app.plugins.")
                    and m.name.count(".") >= 3)
    grouping = Grouping((("", plugins),
                         ("", ("app.account.models", "app.account.service"))), Choice(None))
    moved = data_adapters(grouping, families, owned_tables(index, graph), mapped_by)
    seam_of = {m: i for i, (_, members) in enumerate(moved.groups) for m in members}
    sso = {seam_of[m] for m in plugins if m.startswith("app.plugins.sso")}
    assert sso == {seam_of["app.account.models"]}
    assert seam_of["app.plugins.avatax.plugin"] != seam_of["app.account.models"]
    # A plugin the user placed stays where the user put it.
    kept = data_adapters(grouping, families, owned_tables(index, graph), mapped_by,
                         fixed={"app.plugins.sso.users"})
    seam_of = {m: i for i, (_, members) in enumerate(kept.groups) for m in members}
    assert seam_of["app.plugins.sso.users"] != seam_of["app.account.models"]


def test_a_container_view_registered_in_the_root_urlconf_is_no_framework(
        tmp_path: Path) -> None:
    """The container's view module serves routes declared elsewhere (the root `urls`
    module names its handlers): it serves a route, so it stays out of the framework."""
    files = _project()
    files |= {
        "app/plugins/views.py": ("from app.plugins.manager import save\n"
                                 "def plugin_list(request):\n    return save\n"),
        "app/urls.py": ("from flask import Flask\n"
                        "from app.plugins import views\n"
                        "app = Flask(__name__)\n"
                        "app.add_url_rule('/plugins/', view_func=views.plugin_list)\n"),
    }
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    assert any(r.handler == "app.plugins.views.plugin_list" and r.module == "app.urls"
               for r in index.routes)
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    kernel = {k.module for k in proposal.kernel}
    assert "app.plugins.manager" in kernel
    assert "app.plugins.views" not in kernel


def test_a_container_inside_its_domain_package_is_that_domain_s_code(tmp_path: Path) -> None:
    # `app/auth/plugins/` (password, token, TOTP methods) beside `app/auth/core.py`, the
    # domain the plugins extend: its base and loader are the domain's, not the platform's.
    from strangler.seams.families import in_domain_package

    files = {path.replace("app/plugins/", "app/auth/plugins/"):
             text.replace("app.plugins.", "app.auth.plugins.")
             for path, text in _project().items() if not path.startswith("app/graphql/")}
    files["app/auth/__init__.py"] = ""
    files["app/auth/core.py"] = ("from app.auth.plugins.manager import save\n"
                                 "def authenticate(db):\n    return save(db)\n")
    names = sorted(p[:-3].replace("/__init__", "").replace("/", ".") for p in files)
    units = domain_units(names)
    assert units["app.auth.plugins"] == "app.auth"
    assert in_domain_package("app.auth.plugins", units)
    assert _framework(tmp_path, files) == set()
    # (a container that is its own unit, or a child of the top package, is not)
    assert not in_domain_package("app.plugins", {"app.plugins": "app.plugins"})
    assert not in_domain_package("app.plugins", {"app.plugins": "app"})
