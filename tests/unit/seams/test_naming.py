"""Issue 10, symptom 4: a seam's name comes from what most of its members, tables and routes
share; layer, container and technology words name a seam only when no domain word is left;
names stay when an unrelated pin changes."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.model import Module
from strangler.seams.kernel import example_kind, find_examples
from strangler.seams.naming import NameEvidence, name_evidence, seam_names
from strangler.seams.propose import Choice, Grouping, name_groups


def _modules(sizes: dict[str, int], packages: tuple[str, ...] = ()) -> dict[str, Module]:
    return {name: Module(name, f"{name.replace('.', '/')}.py", name.split(".")[0],
                         name in packages, loc, loc)
            for name, loc in sizes.items()}


def _names(groups: list[tuple[str, ...]], modules: dict[str, Module],
           evidence: NameEvidence | None = None) -> list[str]:
    """The name of each group, in the order given."""
    partition = name_groups(Grouping(tuple(("", g) for g in groups), Choice(None)), modules,
                            None, evidence)
    by_members = {members: name for name, members in partition.groups}
    return [by_members[tuple(sorted(g))] for g in groups]


def test_a_word_members_tables_and_routes_share_beats_one_big_module() -> None:
    """wger: a 473-line data generator joined the measurements seam; it is three quarters
    of its lines, but the seam's models, API, tables and routes are all measurements."""
    modules = _modules({"gym.extras.generator": 473, "gym.measurements.models": 43,
                        "gym.measurements.category": 26, "gym.measurements.api": 50,
                        "gym.measurements.serializers": 32})
    evidence = NameEvidence(
        tables={"gym.measurements.models": (("measurements_measurement",) * 2,),
                "gym.measurements.category": (("measurements_category",) * 2,)},
        routes={"gym.measurements.api": (
            ("/api/v2/measurement/", "measurement"),
            ("/api/v2/measurement/{pk}/", "measurement"),
            ("/api/v2/measurement-category/", "measurement-category"),
            ("/api/v2/measurement-category/{pk}/", "measurement-category"))})
    group = tuple(sorted(modules))
    assert _names([group], modules) == ["extras"]  # members alone: the big module wins
    assert _names([group], modules, evidence) == ["measurements"]


def test_one_table_among_few_does_not_outvote_the_members() -> None:
    """Two tables, one named like a small member: no majority yet (two votes for no word
    are added to the tables' and the routes' totals)."""
    modules = _modules({"shop.users.api": 700, "shop.users.models": 300,
                        "shop.settings.store": 60})
    evidence = NameEvidence(tables={"shop.settings.store": (("system_settings",) * 2,),
                                    "shop.users.models": (("accounts",) * 2,)})
    assert _names([tuple(sorted(modules))], modules, evidence) == ["users"]


def test_a_layer_word_names_a_seam_only_when_no_domain_word_has_half_its_support() -> None:
    """Dispatch's forms seam: its modules vote `type`, `service`, `views` (layers), one small
    module votes `scoring`; the tables and routes say `forms`. A CLI seam with one table
    named after a small module keeps `cli`."""
    modules = _modules({"ops.forms.service": 158, "ops.forms.views": 118,
                        "ops.forms.type.views": 93, "ops.forms.type.service": 79,
                        "ops.forms.models": 49, "ops.scoring.enums": 20,
                        "ops.cli.main": 800, "ops.cli.config": 300, "ops.cli.users": 200,
                        "ops.model.system_info": 30},
                       packages=("ops.forms.type",))
    forms = tuple(m for m in sorted(modules) if ".forms." in m or ".scoring." in m)
    cli = tuple(m for m in sorted(modules) if m not in forms)
    evidence = NameEvidence(
        tables={"ops.forms.models": (("forms",) * 2, ("forms_type",) * 2),
                "ops.model.system_info": (("system_info",) * 2,)},
        routes={"ops.forms.views": (("/api/v1/{organization}/forms", "forms"),
                                    ("/api/v1/{organization}/forms/{form_id}", "forms")),
                "ops.forms.type.views": (("/api/v1/{organization}/forms_type",
                                          "forms_type"),)})
    assert _names([forms, cli], modules, evidence) == ["forms", "cli"]


def test_technology_and_container_words_give_way_to_a_domain_word() -> None:
    """`cli/users` and `handlers/users` with the users tables: `users`, not `cli`; the
    plugin packages of a plugin folder name their seam, the plugin system's own modules
    (`plugins/manager`) are `plugins`."""
    modules = _modules({"rd.cli.users": 300, "rd.cli.groups": 200, "rd.handlers.users": 250,
                        "rd.models.users": 330,
                        "ct.plugins.challenges": 313, "ct.plugins.challenges.logic": 106,
                        "ct.plugins.dynamic_challenges": 123, "ct.plugins.migrations": 78,
                        "fb.plugins.spec": 508, "fb.plugins.manager": 124},
                       packages=("ct.plugins.challenges", "ct.plugins.dynamic_challenges"))
    users = ("rd.cli.groups", "rd.cli.users", "rd.handlers.users", "rd.models.users")
    plugin = tuple(m for m in sorted(modules) if m.startswith("ct."))
    system = ("fb.plugins.manager", "fb.plugins.spec")
    evidence = NameEvidence(tables={"rd.models.users": (("users",) * 2,)},
                            routes={"rd.handlers.users": (("/api/users", "users"),)})
    assert _names([users, plugin, system], modules, evidence) == [
        "users", "challenges", "plugins"]


def test_a_seam_whose_word_a_bigger_seam_bears_is_named_as_its_part() -> None:
    """The query runners are one seam; a small seam of two more runners and a pandas helper
    is part of that domain (`query_runner_python`), not `pandas` after its smallest module."""
    modules = _modules({f"rd.query_runner.r{i}": 300 for i in range(6)}
                       | {"rd.query_runner.python": 307, "rd.query_runner.yandex_disk": 123,
                          "rd.utils.pandas": 39})
    big = tuple(f"rd.query_runner.r{i}" for i in range(6))
    small = ("rd.query_runner.python", "rd.query_runner.yandex_disk", "rd.utils.pandas")
    assert _names([big, small], modules) == ["query_runner", "query_runner_python"]


def test_names_are_member_local_and_deterministic() -> None:
    """Moving a module between two seams (a pin) renames neither of the others; the same
    input gives the same names, whatever the order of the groups."""
    modules = _modules({"shop.orders.models": 300, "shop.orders.api": 200,
                        "shop.billing.models": 250, "shop.billing.api": 150,
                        "shop.users.models": 120, "shop.users.views": 90})
    evidence = NameEvidence(
        tables={"shop.orders.models": (("orders_order",) * 2,),
                "shop.billing.models": (("billing_invoice",) * 2,)},
        routes={"shop.users.views": (("/users/<id>", "users"),)})
    orders = ("shop.orders.api", "shop.orders.models")
    billing = ("shop.billing.api", "shop.billing.models")
    users = ("shop.users.models", "shop.users.views")
    before = seam_names({0: set(orders), 1: set(billing), 2: set(users)}, {}, modules, None,
                        evidence)
    assert [before[0], before[1], before[2]] == ["orders", "billing", "users"]
    pinned = seam_names({0: set(orders), 1: {"shop.billing.models"}, 2: set(users),
                         3: {"shop.billing.api"}}, {3: "payments"}, modules, None, evidence)
    assert (pinned[0], pinned[2]) == ("orders", "users")
    again = seam_names({2: set(users), 0: set(orders), 1: set(billing)}, {}, modules, None,
                       evidence)
    assert again == before


def test_evidence_comes_from_the_tables_a_module_defines_and_the_routes_it_serves(
        tmp_path: Path) -> None:
    """A model names its table; a script that only writes that table (a data generator)
    does not; a route counts for the module whose code handles it."""
    root = build_tree(tmp_path / "gym", {
        "gym/__init__.py": "",
        "gym/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "gym/measurements/__init__.py": "",
        "gym/measurements/models.py": """
            from sqlalchemy.orm import declarative_base
            Base = declarative_base()
            class Category(Base):
                __tablename__ = "measurements_category"
            """,
        "gym/measurements/api.py": """
            from gym.app import app
            from gym.measurements.models import Category
            @app.route("/api/v2/measurement-category/<int:pk>/")
            def category(pk):
                return str(Category)
            """,
        "gym/seed.py": """
            def seed(db):
                db.execute("INSERT INTO measurements_category VALUES (1)")
            """,
    })
    index, graph = graph_of(root)
    evidence = name_evidence(index, graph)
    assert evidence.tables == {"gym.measurements.models": (("measurements_category",) * 2,)}
    assert evidence.routes == {"gym.measurements.api": (
        ("/api/v2/measurement-category/<int:pk>/", "measurement-category"),)}
    assert evidence.top == frozenset({"gym"})


def test_dummy_and_fake_data_generators_are_fixtures_but_a_fake_backend_is_not(
        tmp_path: Path) -> None:
    assert example_kind("extras.dummy_generator.generator") == "fixture"
    assert example_kind("tools.create_fake_admin") == "fixture"
    assert example_kind("app.utils.fake_data") == "fixture"
    assert example_kind("lnbits.wallets.fake") is None  # the FakeWallet funding backend
    assert example_kind("app.dummy_cache") is None
    # A generator the application loads at run time stays (as fixtures do).
    root = build_tree(tmp_path / "p", {
        "app/__init__.py": "",
        "app/fake_data.py": "ROWS = [1, 2]\n",
        "app/views.py": "from app.fake_data import ROWS\ndef rows():\n    return ROWS\n",
        "tools/__init__.py": "",
        "tools/create_fake_admin.py": "def main():\n    return 'admin'\n",
    })
    index, graph = graph_of(root)
    assert [e.module for e in find_examples(index, graph)] == ["tools.create_fake_admin"]


def test_a_top_level_folder_of_plugins_names_none_of_them() -> None:
    """A top-level `plugins/` (or `shop_plugins/`) folder beside the application: each
    plugin package names its seam; the container named the first plugin's seam, and the
    second got its own name only because the container's was taken."""
    for container in ("plugins", "shop_plugins"):
        sizes = {"shop": 1, "tools.report": 10, "tools.seed": 10}
        for domain in ("orders", "accounts", "billing"):
            sizes.update({f"shop.{domain}": 1, f"shop.{domain}.models": 40,
                          f"shop.{domain}.views": 40, f"shop.{domain}.forms": 20})
        for plugin in ("gifts", "loyalty"):
            sizes.update({f"{container}.{plugin}": 1, f"{container}.{plugin}.models": 20,
                          f"{container}.{plugin}.rules": 20, f"{container}.{plugin}.views": 20})
        packages = ("shop", "shop.orders", "shop.accounts", "shop.billing",
                    f"{container}.gifts", f"{container}.loyalty")
        modules = _modules(sizes, packages)
        groups = [tuple(m for m in sizes if m.startswith(f"{container}.{p}"))
                  for p in ("gifts", "loyalty")]
        groups.extend(tuple(m for m in sizes if m.startswith(f"shop.{d}"))
                      for d in ("orders", "accounts", "billing"))
        assert _names(groups, modules)[:2] == ["gifts", "loyalty"], container


def _app_modules(app: str, loc: int = 40) -> dict[str, int]:
    return {f"site.{app}.{layer}": loc for layer in ("models", "views", "serializers", "forms")}


def test_a_django_app_named_after_a_layer_names_its_seam_when_it_serves_routes() -> None:
    """Weblate: the `api` app (its own views and urls under `/api/`) shared a seam with the
    smaller `screenshots` app and the seam was named `screenshots`: `api` counted at half
    weight as a layer word. An app with routes or tables of its own is a domain by name;
    one with neither (`utils`) stays a layer word."""
    sizes = {**_app_modules("api", 200), **_app_modules("screenshots", 60),
             **_app_modules("utils", 200), **_app_modules("trans")}
    modules = _modules(sizes)
    api = tuple(m for m in sizes if ".api." in m or ".screenshots." in m)
    utils = tuple(m for m in sizes if ".utils." in m or ".trans." in m)
    evidence = NameEvidence(
        tables={"site.screenshots.models": (("screenshots_screenshot", "screenshot"),),
                "site.trans.models": (("trans_unit", "unit"),)},
        routes={"site.api.views": (("/api/projects/", "projects"),
                                   ("/api/units/", "units")),
                "site.screenshots.views": (("/screenshots/", "screenshots"),)})
    assert _names([api, utils], modules, evidence) == ["api", "trans"]


def test_a_django_command_votes_for_its_app_not_for_management() -> None:
    """paperless-ngx: a top-level app's management commands (`documents/management/
    commands/document_exporter`) voted `management`, the word of Django's command package,
    and named the documents' seam after it; a command is its app's, as Django loads it."""
    commands = {f"docs.management.commands.{c}": 120
                for c in ("exporter", "importer", "renamer", "archiver")}
    modules = _modules({**commands, "docs.management": 0, "docs.management.commands": 0,
                        "docs.views": 150, "docs.bulk_edit": 90},
                       packages=("docs.management", "docs.management.commands"))
    assert _names([tuple(sorted(modules))], modules) == ["docs"]


def test_a_part_whose_words_are_all_taken_is_named_by_its_own_modules() -> None:
    """treeherder: the `webapp` app's API views fell into several seams; the small ones were
    `webapp_2`, `webapp_3`. A part is named by the last names its members carry past the
    layers (`webapp/api/push` -> `webapp_push`, `admin/modules/orders/views` ->
    `admin_orders`), a number only when nothing is left."""
    modules = _modules({"hub.webapp.api.jobs": 900, "hub.webapp.api.serializers": 400,
                        "hub.webapp.api.push": 120, "hub.webapp.api.note": 60,
                        "hub.webapp.api.views": 30, "hub.webapp.api.utils": 20,
                        "hub.model": 500, "hub.model.models": 800},
                       packages=("hub.model",))
    big = ("hub.webapp.api.jobs", "hub.webapp.api.serializers")
    names = _names([big, ("hub.model", "hub.model.models"), ("hub.webapp.api.push",),
                    ("hub.webapp.api.note",), ("hub.webapp.api.views", "hub.webapp.api.utils")],
                   modules)
    assert names[:3] == ["webapp", "models", "webapp_api"]  # (the package compound first)
    assert names[3] == "webapp_note"
    assert names[4] == "webapp_2"  # (a view and a helper carry no name of their own)


def test_a_compound_layer_or_a_vendored_folder_names_no_seam() -> None:
    """jupyterhub's `apihandlers/groups` named its seam `apihandlers` (an interface and a
    layer run together); askbot's vendored `deps/django_authopenid` named its seam `deps`.
    Both are read past, as `lib/` is."""
    modules = _modules({"hub.apihandlers.groups": 300, "hub.apihandlers.shares": 200,
                        "hub.deps.django_authopenid.views": 400,
                        "hub.deps.django_authopenid.forms": 100})
    assert _names([("hub.apihandlers.groups", "hub.apihandlers.shares"),
                   ("hub.deps.django_authopenid.forms", "hub.deps.django_authopenid.views")],
                  modules) == ["groups", "django_authopenid"]


def test_a_word_every_seam_votes_for_yields_to_a_seam_own_word() -> None:
    """pretalx: the organisers' back office `orga/` holds a layer of every domain; the
    events seam (its models, API and `orga/views/event`) was named `orga`, and the back
    office's own plumbing `orga_tables`. A word three seams vote for strongly gives way to
    a seam's own word with half its support."""
    modules = _modules({"conf.orga.views.event": 900, "conf.orga.forms.event": 500,
                        "conf.event.models": 600, "conf.event.services": 300,
                        "conf.orga.views.mail": 400, "conf.mail.models": 500,
                        "conf.orga.views.cfp": 400, "conf.cfp.flow": 500,
                        "conf.orga.tables": 700, "conf.orga.signals": 600})
    names = _names([("conf.event.models", "conf.event.services", "conf.orga.forms.event",
                     "conf.orga.views.event"),
                    ("conf.mail.models", "conf.orga.views.mail"),
                    ("conf.cfp.flow", "conf.orga.views.cfp"),
                    ("conf.orga.signals", "conf.orga.tables")], modules)
    assert names == ["event", "mail", "cfp", "orga"]


def test_a_spread_word_stays_with_the_seam_whose_modules_carry_no_other() -> None:
    """(review) The orders seam holds `orders/models` and `orders/services` beside a payment
    gateway, and two other seams hold an orders module each: `orders` is voted by three
    seams, but its voters here carry no other word (`models`, `services` are roles), so the
    gateway's `payment` does not take the name."""
    modules = _modules({"shop.orders.models": 600, "shop.orders.services": 300,
                        "shop.payment.gateway": 500, "shop.catalog.models": 400,
                        "shop.orders.views": 300, "shop.mail.sender": 400,
                        "shop.orders.tasks": 300})
    names = _names([("shop.orders.models", "shop.orders.services", "shop.payment.gateway"),
                    ("shop.catalog.models", "shop.orders.views"),
                    ("shop.mail.sender", "shop.orders.tasks")], modules)
    assert names == ["orders", "catalog", "mail"]


def test_a_part_s_own_word_never_repeats_its_family_word() -> None:
    """(review) A part made of `webapp/api/webapp_note` alone was `webapp_webapp_note`."""
    modules = _modules({"hub.webapp.api.jobs": 900, "hub.webapp.api.serializers": 400,
                        "hub.webapp.api.push": 120, "hub.webapp.api.webapp_note": 60,
                        "hub.model": 500, "hub.model.models": 800}, packages=("hub.model",))
    names = _names([("hub.webapp.api.jobs", "hub.webapp.api.serializers"),
                    ("hub.model", "hub.model.models"), ("hub.webapp.api.push",),
                    ("hub.webapp.api.webapp_note",)], modules)
    assert names[2] == "webapp_api"
    assert names[3] == "webapp_2"  # (not `webapp_webapp_note`)


def test_a_top_package_that_only_wraps_the_application_names_no_seam() -> None:
    """openoversight: `OpenOversight/__init__.py` (empty) around `OpenOversight/app/`, the
    application; its seams were all named `app` plus a word (`app_auth`). Read past the
    wrapper, `app` is the application's own package and the words below it name them."""
    modules = _modules({
        "Top": 0, "Top.app": 100, "Top.app.auth": 3, "Top.app.auth.views": 300,
        "Top.app.auth.forms": 120, "Top.app.csv_imports": 500, "Top.app.commands": 400,
        "Top.app.main": 3, "Top.app.main.views": 900, "Top.app.main.forms": 500,
        "Top.app.models": 0, "Top.app.models.database": 800, "Top.app.utils": 0,
        "Top.app.utils.general": 120},
        packages=("Top", "Top.app", "Top.app.auth", "Top.app.main", "Top.app.models",
                  "Top.app.utils"))
    auth = ("Top.app.auth", "Top.app.auth.forms", "Top.app.auth.views")
    imports = ("Top.app.commands", "Top.app.csv_imports")
    main = ("Top", "Top.app", "Top.app.main", "Top.app.main.forms", "Top.app.main.views",
            "Top.app.models", "Top.app.models.database", "Top.app.utils",
            "Top.app.utils.general")
    names = _names([auth, imports, main], modules)
    assert names[:2] == ["auth", "csv_imports"] and not names[2].startswith("app"), names


def test_a_back_office_app_votes_for_the_package_each_of_its_modules_names() -> None:
    """warehouse: `admin/views/sponsors` sat with the `sponsors` package (models, tasks)
    and the seam was named `admin_views`; `admin` serves routes of its own, so it names a
    seam as an app would, yet it is a layer word over the other packages: a module of it
    named after another package is that package's. Its own pages (`admin/views/core`)
    still say `admin`."""
    sizes = {"site.admin.views.sponsors": 400, "site.admin.views.core": 120,
             "site.admin.services": 60, "site.admin.forms": 60, "site.sponsors.models": 50,
             "site.sponsors.tasks": 45,
             **_app_modules("accounts"), **_app_modules("banners")}
    modules = _modules(sizes)
    evidence = NameEvidence(
        tables={"site.sponsors.models": (("sponsors", "sponsors"),),
                "site.accounts.models": (("accounts_user", "user"),),
                "site.admin.views.core": (("admin_flags", "admin_flags"),)},
        routes={"site.admin.views.sponsors": (("/admin/sponsors/", "admin"),),
                "site.admin.views.core": (("/admin/", "admin"),)})
    # (a package of the same name elsewhere, sorting first, is no sibling of `admin`)
    sizes |= {f"apps.{app}.{layer}": 30 for app in ("sponsors", "events", "billing")
              for layer in ("models", "views", "forms", "serializers")}
    modules = _modules(sizes)
    sponsors = ("site.admin.views.sponsors", "site.admin.services", "site.sponsors.models",
                "site.sponsors.tasks")
    admin = ("site.admin.views.core", "site.admin.forms")
    accounts = tuple(m for m in sizes if ".accounts." in m)
    banners = tuple(m for m in sizes if ".banners." in m)
    others = tuple(m for m in sizes if m.startswith("apps."))
    assert _names([sponsors, admin, accounts, banners, others], modules, evidence)[:4] == [
        "sponsors", "admin", "accounts", "banners"]


def test_a_package_named_after_a_web_framework_names_no_seam() -> None:
    """Open Library's `fastapi/` (one module per area, beside its web.py plugins): the
    framework is the interface technology, never the name of a service; the seam is named
    by its modules' domain words."""
    modules = _modules({"ol.fastapi": 1, "ol.fastapi.account": 300, "ol.fastapi.lists": 290,
                        "ol.fastapi.books": 280, "ol.fastapi.search": 270,
                        "ol.core.account": 100, "ol.core.lists": 100},
                       packages=("ol.fastapi",))
    interface = tuple(sorted(m for m in modules if ".fastapi" in m))
    core = ("ol.core.account", "ol.core.lists")
    assert _names([interface, core], modules) == ["account", "lists"]
