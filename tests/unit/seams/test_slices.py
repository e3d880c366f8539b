"""Issue 10: domain slices, a data-first kernel, strict roots, examples left out, levers that
fail loudly, a plan and metrics that do not mislead."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_tree, graph_of
from typer.testing import CliRunner

from strangler.model import PlanStep, Seam, TableColumn
from strangler.parse.sensitive import classify_table
from strangler.seams import ConfigError, SeamConfig, SeamRequest, propose_seams
from strangler.seams.explain import _rank_difficulty
from strangler.seams.kernel import example_kind
from strangler.seams.metrics import package_baseline
from strangler.seams.migration import migration_plan
from strangler.seams.sensitive import SensitiveData
from strangler.seams.words import domain_units, name_words

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "legacy_monolith"


def test_layered_modules_of_one_domain_share_a_unit() -> None:
    modules = ["app", "app.commands", "app.commands.chart", "app.commands.chart.create",
               "app.commands.dashboard.create", "app.daos", "app.daos.chart",
               "app.daos.dashboard", "app.models", "app.models.chart", "app.views",
               "app.views.chart", "app.views.dashboard", "app.charts", "app.charts.api",
               "app.utils", "app.utils.core"]
    units = domain_units(modules)
    chart = {units[m] for m in ("app.commands.chart.create", "app.daos.chart",
                                "app.models.chart", "app.views.chart", "app.charts.api")}
    assert chart == {"word:chart"}
    assert units["app.commands.dashboard.create"] == units["app.daos.dashboard"] \
        == "word:dashboard"
    assert units["app.utils.core"] != "word:chart"


def test_django_apps_stay_units_of_their_own() -> None:
    modules = [f"site.{app}.{layer}.{leaf}" for app in ("shop", "blog", "forum")
               for layer in ("models", "views", "api") for leaf in ("item", "user")]
    units = domain_units(modules)
    assert units["site.shop.models.item"] == units["site.shop.views.user"] == "site.shop"
    assert units["site.blog.models.item"] == "site.blog"


def test_name_words_drop_layers_and_role_suffixes() -> None:
    assert name_words("lnbits.core.views.payment_api") == (frozenset({"payment"}), True)
    assert name_words("app.wallets.lndrest") == (frozenset({"wallet", "lndrest"}), False)


def test_example_and_test_support_packages_are_recognised() -> None:
    assert example_kind("ckanext.example_idatasetform.plugin") == "example"
    assert example_kind("app.payments_demo") == "example"
    assert example_kind("app.testing.factories") == "example"
    assert example_kind("app.utils.mock_data") == "example"
    assert example_kind("app.fixtures.groups") == "fixture"
    assert example_kind("app.commands.database.test_connection") is None


def _shop(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "shop", {
        "shop/__init__.py": "",
        "shop/app.py": """
            from shop import orders, users, demo_store, helpers
            def create_app():
                return [orders.views, users.views]
            """,
        "shop/helpers.py": "def slug(x):\n    return x\n",
        "shop/orders/__init__.py": "from shop.orders import views\n",
        "shop/orders/models.py": """
            from shop import helpers
            class Order:
                __tablename__ = "orders"
            def save(db):
                db.execute("INSERT INTO orders VALUES (1)")
            """,
        "shop/orders/views.py": """
            from shop.orders.models import Order, save
            from shop import helpers
            from shop.users.models import User
            def show():
                return Order, save, helpers.slug(1), User
            """,
        "shop/users/__init__.py": "from shop.users import views\n",
        "shop/users/models.py": """
            from shop import helpers
            class User:
                __tablename__ = "users"
            def save(db):
                db.execute("INSERT INTO users VALUES (1)")
            """,
        "shop/users/views.py": """
            from shop.users.models import User, save
            from shop import helpers
            def show():
                return User, save, helpers.slug(1)
            """,
        "shop/demo_store/__init__.py": "from shop.orders.models import Order\nX = Order\n",
        "shop/demo_store/seed.py": "from shop.users.models import User\nY = User\n",
    })


def test_examples_left_out_by_default_and_kept_on_request(tmp_path: Path) -> None:
    index, graph = graph_of(_shop(tmp_path))
    proposal = propose_seams(index, graph, SeamRequest())
    assigned = dict(proposal.assignment)
    assert {e.module for e in proposal.examples} == {"shop.demo_store", "shop.demo_store.seed"}
    assert "shop.demo_store.seed" not in assigned
    assert any("--keep-examples" in n for n in proposal.notes)
    kept = propose_seams(index, graph, SeamRequest(keep_examples=True))
    assert not kept.examples
    assert not any("--keep-examples" in n for n in kept.notes)


def test_models_that_own_tables_are_never_kernel_and_roots_are_only_roots(tmp_path: Path
                                                                          ) -> None:
    index, graph = graph_of(_shop(tmp_path))
    proposal = propose_seams(index, graph, SeamRequest())
    kernel = {k.module for k in proposal.kernel}
    assert "shop.users.models" not in kernel and "shop.orders.models" not in kernel
    assert {r.module for r in proposal.roots} == {"shop.app"}
    assert "shop.helpers" not in {r.module for r in proposal.roots}


def test_misspelled_move_target_and_unmatched_glob_are_errors(tmp_path: Path) -> None:
    index, graph = graph_of(EXAMPLE)
    with pytest.raises(ConfigError, match="did you mean 'billing'"):
        propose_seams(index, graph, SeamRequest(moves=(("streamflix.catalog.*", "biling"),)))
    with pytest.raises(ConfigError, match="no module matches"):
        propose_seams(index, graph, SeamRequest(moves=(("nowhere.*", "billing"),)))


def test_a_kernel_module_can_be_moved() -> None:
    index, graph = graph_of(EXAMPLE)
    proposal = propose_seams(index, graph, SeamRequest(
        moves=(("streamflix.common.utils", "billing"),)))
    assert dict(proposal.assignment)["streamflix.common.utils"] == "billing"
    assert "streamflix.common.utils" not in {k.module for k in proposal.kernel}


def test_the_choice_counts_the_services_proposed() -> None:
    """The clustering's groups are joined or split by the kernel, library and slice steps
    after it: the sentence that explains the choice counts the seams proposed (it said
    "11 services" under "10 services proposed")."""
    index, graph = graph_of(EXAMPLE)
    for request in (SeamRequest(), SeamRequest(services=40), SeamRequest(services=2)):
        proposal = propose_seams(index, graph, request)
        assert proposal.choice.startswith(f"{len(proposal.seams)} services: ")


def test_more_services_than_possible_says_so() -> None:
    index, graph = graph_of(EXAMPLE)
    proposal = propose_seams(index, graph, SeamRequest(services=40))
    assert "not the 40 asked for" in proposal.choice
    assert len(proposal.seams) < 40


def test_negative_services_is_a_clean_error(tmp_path: Path) -> None:
    from strangler.cli.app import app

    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--out", str(tmp_path / "o"),
                                      "--no-cache", "--no-svg", "--services", "-3"])
    assert result.exit_code == 2
    assert "--services must be 0" in result.output
    assert "Traceback" not in result.output


def test_unmatched_config_globs_are_reported() -> None:
    index, graph = graph_of(EXAMPLE)
    config = SeamConfig(pins=(("billing", ("streamflix.biling.*",)),),
                        kernels=("streamflix.nothing",))
    proposal = propose_seams(index, graph, SeamRequest(config=config))
    notes = " ".join(proposal.notes)
    assert "'streamflix.biling.*' matches no module" in notes
    assert "'streamflix.nothing' matches no module" in notes


def _seam(name: str, score: float, modules: int = 4, loc: int = 400, routes: int = 2,
          owned: tuple[str, ...] = ("t",)) -> Seam:
    from strangler.model import Route

    route = Route(("GET",), "/x", f"{name}.v.f", f"{name}.v", "v.py", 1, "flask")
    return Seam(name=name, modules=tuple(f"{name}.m{i}" for i in range(modules)), loc=loc,
                interface=(), routes=(route,) * routes, tables_owned=owned, tables_shared=(),
                depends_on=(), used_by=(), why_together=(), cut_edges=(), difficulty="",
                difficulty_score=score)


def test_difficulty_is_absolute_and_the_plan_starts_with_a_real_service() -> None:
    ranked = _rank_difficulty([_seam("a", 2.0), _seam("b", 3.0), _seam("c", 4.0)])
    assert {s.difficulty for s in ranked} == {"easy"}  # not thirds: all are easy
    assert _rank_difficulty([_seam("d", 20.0)])[0].difficulty == "hard"
    seams = (_seam("phrases", 0.5, modules=1, loc=54, routes=0, owned=()),
             _seam("payments", 1.0, owned=("payments",)),
             _seam("reports", 3.0, owned=("report_schedule",)))
    money = classify_table("payments", (TableColumn("id", "Integer"),
                                        TableColumn("amount", "Integer")))
    assert money is not None
    plan = migration_plan(_rank_difficulty(list(seams)), SensitiveData({"payments": money}))
    assert [step.seam for step in plan] == ["reports", "payments", "phrases"]
    assert isinstance(plan[0], PlanStep) and "money or identity" in plan[1].reason


def test_packages_baseline_is_built_where_packages_become_domains() -> None:
    units = {"ckan.model.package", "ckan.logic.action.get", "ckanext.stats.plugin",
             "ckanext.activity.model", "setup"}
    labels = package_baseline(units)
    assert labels["ckan.model.package"] == "ckan.model"
    assert labels["ckanext.stats.plugin"] == "ckanext.stats"
    assert len(set(labels.values())) == 5


def test_top_level_django_apps_are_units_of_their_own() -> None:
    """Django apps side by side at the top (manage.py's folder as import root): each is a
    unit, not one unit per layer across the apps."""
    modules = [f"{app}.{layer}.{leaf}" for app in ("shop", "blog", "forum")
               for layer in ("models", "views", "api") for leaf in ("item", "user")]
    modules += ["base.api.serializers", "base.views.generic"]
    units = domain_units(modules)
    assert units["shop.models.item"] == units["shop.api.user"] == "shop"
    assert units["forum.views.item"] == "forum"


APPS = ("shop", "blog", "forum", "crm", "wiki")


def _django_apps(tmp_path: Path, apps: tuple[str, ...] = APPS) -> Path:
    """Five Django apps side by side, each made of the same layers (models owning its
    tables, views, api, graphql, filtersets), over a framework package whose per-layer base
    classes every app uses; each app's layers also use the next app's layer of the same
    kind (as NetBox's filter sets and GraphQL types do)."""
    files: dict[str, str] = {"manage.py": "", "framework/__init__.py": ""}
    for layer in ("api", "graphql", "filtersets", "views"):
        files[f"framework/{layer}.py"] = f"class Base{layer.title()}:\n    pass\n"
    for i, app in enumerate(apps):
        nxt = apps[(i + 1) % len(apps)]
        files[f"{app}/__init__.py"] = ""
        files[f"{app}/models.py"] = (
            f"class {app.title()}Item:\n    __tablename__ = '{app}_item'\n"
            f"class {app.title()}Tag:\n    __tablename__ = '{app}_tag'\n")
        for layer in ("api", "graphql", "filtersets", "views"):
            files[f"{app}/{layer}.py"] = (
                f"from framework.{layer} import Base{layer.title()}\n"
                f"from {nxt}.{layer} import {nxt.title()}{layer.title()}\n"
                f"from {app}.models import {app.title()}Item\n"
                f"class {app.title()}{layer.title()}(Base{layer.title()}):\n"
                f"    model = {app.title()}Item\n"
                f"    other = {nxt.title()}{layer.title()}\n")
    return build_tree(tmp_path / "site", files)


def test_each_django_app_is_a_seam_named_after_it_and_the_framework_is_kernel(
        tmp_path: Path) -> None:
    index, graph = graph_of(_django_apps(tmp_path))
    proposal = propose_seams(index, graph, SeamRequest())
    assigned = dict(proposal.assignment)
    for app in APPS:
        seams = {assigned.get(f"{app}.{layer}") for layer in
                 ("models", "api", "graphql", "filtersets", "views")}
        assert seams == {app}, (app, seams)
    kernel = {k.module for k in proposal.kernel}
    assert {f"framework.{layer}" for layer in ("api", "graphql", "filtersets", "views")} \
        <= kernel


def test_accepted_seams_write_whole_packages_as_globs() -> None:
    """--write-config: a package the seam holds entirely becomes `pkg` and `pkg.*`, so a
    module added there later is the seam's; a package shared with another seam is listed
    module by module."""
    from strangler.seams.config import matches, member_globs

    project = {"shop", "shop.orders", "shop.orders.models", "shop.orders.views",
               "shop.orders.api", "shop.orders.api.v1", "shop.users", "shop.users.models",
               "shop.helpers"}
    members = ["shop.orders", "shop.orders.models", "shop.orders.views", "shop.orders.api",
               "shop.orders.api.v1", "shop.users.models"]
    globs = member_globs(members, project)
    assert globs == ["shop.orders", "shop.orders.*", "shop.users.models"]
    assert all(matches(m, globs) for m in members)
    assert not any(matches(m, globs) for m in project - set(members))
    assert matches("shop.orders.refunds", globs)  # added after the seams were accepted


def test_a_django_app_named_core_is_named_core(tmp_path: Path) -> None:
    """`core` is too generic to name a seam drawn from layers, but a Django app called core
    (NetBox's) is the seam's own name."""
    apps = ("core", "blog", "forum", "crm", "wiki")
    root = _django_apps(tmp_path, apps)
    (root / "jobs").mkdir()  # a small package only the core app uses: it joins its seam
    (root / "jobs" / "__init__.py").write_text("")
    (root / "jobs" / "runner.py").write_text("def run(job):\n    return job\n")
    models = root / "core" / "models.py"
    models.write_text("from jobs.runner import run\n" + models.read_text()
                      + "JOB = run(CoreItem)\n")
    index, graph = graph_of(root)
    assigned = dict(propose_seams(index, graph, SeamRequest()).assignment)
    assert {assigned.get(f"core.{layer}") for layer in ("models", "api", "views")} == {"core"}
