"""Issue 10 (helper indico10): the framework packages beside a container of domains
(`app/core`, `app/web`, `app/util` beside `app/modules/<domain>/`) are kernel, but for a
part that maps a table or serves a route a domain registers (`seams.framework_packages`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.framework_packages import framework_kernel, framework_parts

DOMAINS = ("events", "rooms", "users", "api")
MODEL = ("from sqlalchemy import Column, Integer\n"
         "from app.core.db import Base\n"
         "class {name}(Base):\n    __tablename__ = '{table}'\n"
         "    id = Column(Integer, primary_key=True)\n")


def _project() -> dict[str, str]:
    """`app/modules/<domain>/` (models, controllers, blueprint), `app/core/` (the db base,
    a review mixin two domains use, a signals module one domain uses, OAuth with its own
    table) and `app/web/` (a form field, the HTTP API that the `api` domain routes to)."""
    files = {
        "app/__init__.py": "",
        "app/modules/__init__.py": "",
        "app/core/__init__.py": "",
        "app/core/db.py": ("from sqlalchemy.orm import DeclarativeBase\n"
                           "class Base(DeclarativeBase):\n    pass\n"),
        "app/core/reviews.py": "class ReviewMixin:\n    score = 0\n",
        "app/core/signals.py": "booked = object()\n",
        "app/core/oauth/__init__.py": "",
        "app/core/oauth/models.py": MODEL.format(name="Token", table="tokens"),
        "app/core/oauth/grants.py": ("from app.core.oauth.models import Token\n"
                                     "def grant(db):\n    return Token\n"),
        "app/web/__init__.py": "",
        "app/web/fields.py": "class DateField:\n    pass\n",
        "app/web/http_api/__init__.py": "",
        "app/web/http_api/handlers.py": ("from app.modules.api.models import Key\n"
                                         "def handler(path):\n    return Key\n"),
    }
    for domain in DOMAINS:
        name = domain.capitalize()
        uses = {"events": "from app.core.reviews import ReviewMixin\n"
                          "from app.web.fields import DateField\n",
                "rooms": "from app.core.reviews import ReviewMixin\n"
                         "from app.core.signals import booked\n",
                "users": "from app.core.oauth.grants import grant\n",
                "api": ""}[domain]
        files[f"app/modules/{domain}/__init__.py"] = ""
        files[f"app/modules/{domain}/models.py"] = MODEL.format(
            name="Key" if domain == "api" else name, table=domain)
        files[f"app/modules/{domain}/controllers.py"] = (
            f"from app.modules.{domain}.models import {'Key' if domain == 'api' else name}\n"
            f"{uses}class RH{name}:\n    def process(self):\n        return 1\n")
        handler = ("from app.web.http_api.handlers import handler\n"
                   "bp.add_url_rule('/api/<path>', 'api', handler)\n") if domain == "api" else ""
        files[f"app/modules/{domain}/blueprint.py"] = (
            "from flask import Blueprint\n"
            f"from app.modules.{domain}.controllers import RH{name}\n"
            f"bp = Blueprint('{domain}', __name__)\n"
            f"bp.add_url_rule('/{domain}/', '{domain}', RH{name})\n{handler}")
    return files


def test_the_framework_packages_are_the_siblings_of_the_container() -> None:
    names = sorted({"app", "app.core", "app.core.db", "app.core.oauth", "app.core.oauth.models",
                    "app.web", "app.web.fields", "app.cli", "app.cli.users", "app.modules"}
                   | {f"app.modules.{d}{part}" for d in DOMAINS
                      for part in ("", ".models", ".controllers", ".blueprint")})
    packages = {"app", "app.core", "app.core.oauth", "app.web", "app.cli", "app.modules"} | {
        f"app.modules.{d}" for d in DOMAINS}
    mappers = {f"app.modules.{d}.models" for d in DOMAINS} | {"app.core.oauth.models"}
    parts = framework_parts(names, packages, mappers)
    assert parts["app.core.oauth.models"] == ("app.core", "app.core.oauth")
    assert parts["app.web.fields"] == ("app.web", "app.web.fields")
    assert parts["app.core"] == ("app.core", "app.core")
    # Command packages are the scripts rules' business; the domains are not framework.
    assert not {m for m in parts if m.startswith(("app.cli", "app.modules"))}
    # A sibling whose children are named after the domains is a layer of the domains.
    api = [f"app.api.{d.rstrip('s')}" for d in DOMAINS[:3]] + ["app.api.pagination"]
    parts = framework_parts([*names, "app.api", *api], packages | {"app.api"}, mappers)
    assert not {m for m in parts if m.startswith("app.api")}
    assert "app.web.fields" in parts
    # A container named like a layer (`blueprints/` beside `services/`) has no framework
    # beside it: its siblings are the domains' other layers.
    layered = [n.replace("app.modules", "app.blueprints") for n in names]
    assert framework_parts(layered, {p.replace("app.modules", "app.blueprints")
                                     for p in packages},
                           {m.replace("app.modules", "app.blueprints") for m in mappers}) == {}
    # A container that holds less of the data than its siblings (`plugins/` beside the
    # domain packages, which map the tables) is no container of the domains.
    assert framework_parts(names, packages, mappers | {
        "app.core.a", "app.core.b", "app.web.c", "app.web.d"}) == {}


def test_a_part_with_a_table_or_a_route_a_domain_registers_stays() -> None:
    names = ["app", "app.core", "app.core.reviews", "app.core.oauth", "app.core.oauth.models",
             "app.core.oauth.grants", "app.web", "app.web.http_api",
             "app.web.http_api.handlers", "app.web.config", "app.modules"] + [
        f"app.modules.{d}{part}" for d in DOMAINS for part in ("", ".models", ".blueprint")]
    packages = {"app", "app.core", "app.core.oauth", "app.web", "app.web.http_api",
                "app.modules"} | {f"app.modules.{d}" for d in DOMAINS}
    mappers = {f"app.modules.{d}.models" for d in DOMAINS} | {"app.core.oauth.models"}
    kernel = framework_kernel(names, packages, mappers,
                              [("app.modules.api.blueprint", "app.web.http_api.handlers")],
                              placed={"app.web.config"})
    # OAuth maps its own table, the API's blueprint routes to `web/http_api`, and a module
    # already placed (a root, a lever's choice) stays where it is.
    assert {k.module for k in kernel} == {"app.core", "app.core.reviews", "app.web"}
    # A route registered inside the framework (its own static assets) or by the app
    # factory spares nothing: no domain routes to it.
    for registering in ("app.web.http_api", "app.factory"):
        kernel = framework_kernel([*names, "app.factory"], packages, mappers,
                                  [(registering, "app.web.http_api.handlers")], set())
        assert "app.web.http_api.handlers" in {k.module for k in kernel}


def test_the_proposal_puts_the_framework_in_the_kernel(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _project()))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    kernel = {k.module for k in proposal.kernel}
    # A mixin two domains use, a signal and a form field one domain uses: no domain's.
    assert {"app.core.reviews", "app.core.signals", "app.web.fields"} <= kernel
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    # OAuth maps its own table; the HTTP API is what the api domain's blueprint routes to.
    assert "app.core.oauth.models" in seam_of and "app.core.oauth.grants" in seam_of
    assert "app.web.http_api.handlers" in seam_of
    assert seam_of["app.modules.events.models"] != seam_of["app.modules.rooms.models"]


def test_a_framework_part_s_seam_is_named_from_the_part_on(tmp_path: Path) -> None:
    files = _project()
    body = "".join(f"def step{i}(value):\n    return value + {i}\n" for i in range(12))
    for name in ("hooks", "responses", "metadata"):
        files[f"app/web/http_api/{name}.py"] = body
    files["app/web/http_api/handlers.py"] = (
        "from app.modules.api.models import Key\n"
        "from app.web.http_api.hooks import step0\n"
        "from app.web.http_api.responses import step1\n"
        "from app.web.http_api.metadata import step2\n"
        "def handler(path):\n    return Key, step0, step1, step2\n")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    # Most of the seam's lines are in `web/http_api/`: `web` is the framework package,
    # the part is what the seam is.
    assert seam_of["app.web.http_api.handlers"] == "http_api"


def test_a_framework_part_writing_domain_tables_says_so() -> None:
    # (review10: indico's `util/user`, which writes `users.users`, read "with no tables of
    # its own")
    names = ["app", "app.util", "app.util.user", "app.util.strings", "app.modules"] + [
        f"app.modules.{d}{part}" for d in DOMAINS for part in ("", ".models", ".blueprint")]
    packages = {"app", "app.util", "app.modules"} | {f"app.modules.{d}" for d in DOMAINS}
    mappers = {f"app.modules.{d}.models" for d in DOMAINS}
    kernel = framework_kernel(names, packages, mappers, [], set(),
                              {"app.util.user": {"users", "user_emails"}})
    reasons = {k.module: k.reason for k in kernel}
    assert reasons["app.util.strings"].endswith("with no tables of its own")
    assert "no tables of its own" not in reasons["app.util.user"]
    assert reasons["app.util.user"].endswith(
        "mapping no table of its own (it writes 2 tables: user_emails, users)")


def test_a_sibling_with_its_own_model_layer_is_a_domain_not_framework() -> None:
    # (s17-udata: a Flask + MongoEngine portal keeps one more domain, its harvesters,
    # beside the container of domains, laid out like them: models, api, tasks, actions;
    # all of it but the models went to the kernel as "framework")
    names = sorted({"app", "app.core", "app.core.db", "app.core.oauth", "app.core.oauth.models",
                    "app.harvest", "app.harvest.models", "app.harvest.api",
                    "app.harvest.tasks", "app.harvest.backends", "app.harvest.backends.dcat",
                    "app.modules"}
                   | {f"app.modules.{d}{part}" for d in DOMAINS
                      for part in ("", ".models", ".controllers", ".blueprint")})
    packages = {"app", "app.core", "app.core.oauth", "app.harvest", "app.harvest.backends",
                "app.modules"} | {f"app.modules.{d}" for d in DOMAINS}
    mappers = {f"app.modules.{d}.models" for d in DOMAINS} | {
        "app.core.oauth.models", "app.harvest.models"}
    parts = framework_parts(names, packages, mappers)
    assert not {m for m in parts if m.startswith("app.harvest")}
    # A table in a part of its own (`core/oauth/models`) leaves the rest of `core` framework.
    assert parts["app.core.db"] == ("app.core", "app.core.db")
    kernel = {k.module for k in framework_kernel(names, packages, mappers, [], set())}
    assert kernel == {"app.core", "app.core.db"}
    # A model layer that is a package (`harvest/models/jobs.py`) counts the same; without
    # a table there, the sibling is framework again.
    nested = [*names, "app.harvest.models.jobs"]
    assert not {m for m in framework_parts(nested, packages | {"app.harvest.models"},
                                           mappers - {"app.harvest.models"}
                                           | {"app.harvest.models.jobs"})
                if m.startswith("app.harvest")}
    assert "app.harvest.api" in framework_parts(names, packages,
                                                mappers - {"app.harvest.models"})


def test_the_proposal_keeps_a_domain_beside_the_container_out_of_the_kernel(
        tmp_path: Path) -> None:
    files = _project()
    files["app/harvest/__init__.py"] = ""
    files["app/harvest/models.py"] = MODEL.format(name="Job", table="jobs")
    files["app/harvest/actions.py"] = ("from app.harvest.models import Job\n"
                                       "def run(db):\n    return Job\n")
    files["app/harvest/tasks.py"] = ("from app.harvest.actions import run\n"
                                     "from app.harvest.models import Job\n"
                                     "def schedule(db):\n    return run(db), Job\n")
    index, graph = graph_of(build_tree(tmp_path / "p", files))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    kernel = {k.module for k in proposal.kernel}
    assert not {"app.harvest.actions", "app.harvest.tasks"} & kernel
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    assert seam_of["app.harvest.actions"] == seam_of["app.harvest.models"]
    assert "app.core.reviews" in kernel


def test_a_sibling_mirroring_a_domain_package_beside_is_a_layer_not_framework() -> None:
    """baserow: `api/user`, `api/jobs`, `api/trash` repeat the children of `core/`, a
    domain package beside the container (its `models` maps tables): `api/` is the REST
    layer of those domains, not framework; a sibling mirroring nothing still is."""
    core = ("user", "jobs", "trash", "snapshots")
    names = sorted({"app", "app.core", "app.core.models", "app.api", "app.api.pagination",
                    "app.util", "app.util.strings", "app.util.dates", "app.modules"}
                   | {f"app.core.{c}.handler" for c in core} | {f"app.core.{c}" for c in core}
                   | {f"app.api.{c}.views" for c in core} | {f"app.api.{c}" for c in core}
                   | {f"app.modules.{d}{part}" for d in DOMAINS
                      for part in ("", ".models", ".controllers", ".blueprint", ".forms",
                                   ".tasks", ".signals", ".admin", ".serializers")})
    packages = {"app", "app.core", "app.api", "app.util", "app.modules"} | {
        f"app.modules.{d}" for d in DOMAINS} | {f"app.{x}.{c}" for x in ("core", "api")
                                                 for c in core}
    mappers = {f"app.modules.{d}.models" for d in DOMAINS} | {"app.core.models"}
    parts = framework_parts(names, packages, mappers)
    assert not {m for m in parts if m.startswith(("app.api", "app.core"))}, parts
    assert parts["app.util.strings"] == ("app.util", "app.util.strings")
    # (without the model layer, `core/` is framework, and so is the `api/` repeating it)
    bare = framework_parts(names, packages, mappers - {"app.core.models"})
    assert "app.api.user.views" in bare and "app.core.user.handler" in bare


def test_a_sibling_whose_layer_package_mirrors_the_model_layer_is_a_layer() -> None:
    """awx: `api/urls/<resource>` (`inventory`, `job_template`, `project_update`) repeat
    the domains of `main/models/<domain>` in the container: `api/urls/` is the REST layer
    of those domains, not framework; an `api/urls/` of other names is framework again."""
    domains = ("inventory", "jobs", "projects", "credential", "schedules")
    resources = ("inventory", "inventory_source", "job", "job_template", "project",
                 "project_update", "credential", "schedule", "debug")
    names = sorted({"awx", "awx.main", "awx.main.access", "awx.main.signals",
                    "awx.main.tasks", "awx.main.models", "awx.main.models.base",
                    "awx.util", "awx.util.strings", "awx.api", "awx.api.generics",
                    "awx.api.urls", "awx.api.serializers", "awx.main.dispatch.pool",
                    "awx.main.dispatch.worker"}
                   | {f"awx.main.models.{d}" for d in domains}
                   | {f"awx.main.{kind}.{d}" for kind in ("jobs_helpers", "runners")
                      for d in domains}
                   | {f"awx.api.urls.{r}" for r in resources})
    packages = {"awx", "awx.main", "awx.main.models", "awx.main.jobs_helpers",
                "awx.main.runners", "awx.main.dispatch", "awx.util", "awx.api", "awx.api.urls"}
    mappers = {f"awx.main.models.{d}" for d in domains}
    parts = framework_parts(names, packages, mappers)
    assert "awx.util.strings" in parts
    assert not {m for m in parts if m.startswith("awx.api.urls")}, parts
    # (the rest of `api/`, its generic views and serializers, is framework still)
    assert parts["awx.api.generics"] == ("awx.api", "awx.api.generics")
    other = [n.replace("awx.api.urls.", "awx.api.urls.x_") if n.startswith("awx.api.urls.")
             else n for n in names]
    assert "awx.api.urls.x_job" in framework_parts(other, packages, mappers)


def test_a_django_app_beside_the_container_routing_its_own_views_is_a_domain() -> None:
    """ecommerce's `enterprise/` beside `extensions/<app>/`: no tables of its own (it works
    on the shop's), but an installed app (management commands, template tags, an
    AppConfig) whose `urls` route to its own `views` is a domain, not framework. A
    sibling without those app parts (a framework's own asset routes) stays framework."""
    names = ["shop", "shop.core", "shop.core.utils", "shop.extensions"] + [
        f"shop.extensions.{d}{part}" for d in DOMAINS for part in ("", ".models", ".views")]
    packages = {"shop", "shop.core", "shop.extensions"} | {
        f"shop.extensions.{d}" for d in DOMAINS}
    mappers = {f"shop.extensions.{d}.models" for d in DOMAINS}
    enterprise = ["shop.enterprise", "shop.enterprise.urls", "shop.enterprise.views",
                  "shop.enterprise.utils", "shop.enterprise.management",
                  "shop.enterprise.management.commands",
                  "shop.enterprise.management.commands.backfill"]
    routes = [("shop.enterprise.urls", "shop.enterprise.views")]
    every = packages | {"shop.enterprise", "shop.enterprise.management",
                        "shop.enterprise.management.commands"}
    kernel = {k.module for k in framework_kernel([*names, *enterprise], every, mappers,
                                                 routes, set())}
    assert not {m for m in kernel if m.startswith("shop.enterprise")}
    assert "shop.core.utils" in kernel
    # Without the parts only an installed app has, its own routes leave it framework.
    plain = [m for m in enterprise if ".management" not in m]
    kernel = {k.module for k in framework_kernel([*names, *plain], packages | {
        "shop.enterprise"}, mappers, routes, set())}
    assert {"shop.enterprise.urls", "shop.enterprise.views"} <= kernel
    # Nor does an app named like a layer (awx's `api/` app, its URLconfs and generic
    # views: the domains' API layer) or the platform (`core/` with a health check view).
    for app in ("shop.api", "shop.core"):
        renamed = [m.replace("shop.enterprise", app) for m in enterprise]
        kernel = {k.module for k in framework_kernel(
            [*names, *renamed], {p.replace("shop.enterprise", app) for p in every}, mappers,
            [(f"{app}.urls", f"{app}.views")], set())}
        assert {f"{app}.urls", f"{app}.views"} <= kernel
    # Nor does an app whose URLconf serves its routes itself (a handler that is not project
    # code, `TemplateView.as_view()`, is put on the registering module).
    kernel = {k.module for k in framework_kernel(
        [*names, *enterprise], every, mappers,
        [("shop.enterprise.urls", "shop.enterprise.urls")], set())}
    assert {"shop.enterprise.urls", "shop.enterprise.views"} <= kernel
    # Nor does an app whose routes serve another package's views.
    kernel = {k.module for k in framework_kernel(
        [*names, *enterprise], every, mappers,
        [("shop.enterprise.urls", "shop.extensions.events.views")], set())}
    assert "shop.enterprise.views" in kernel
