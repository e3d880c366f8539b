"""The extraction plan on the example monolith: interface, writes, risks, routes, tables."""

from __future__ import annotations

from pathlib import Path

from helpers import graph_of

from strangler.model import ROUTABLE_PREFIX
from strangler.plan import make_plan, route_prefixes
from strangler.seams import SeamRequest, propose_seams

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"


def test_billing_plan_classifies_functions_and_lists_risks() -> None:
    index, graph = graph_of(EXAMPLE)
    proposal = propose_seams(index, graph, SeamRequest())
    billing = next(s for s in proposal.seams if s.name == "billing")
    sources = {m.name: (EXAMPLE / m.path).read_text() for m in index.modules}
    plan = make_plan(index, "billing", billing.modules, sources,
                     frozenset(k.module for k in proposal.kernel))
    functions = {f.name: f for f in plan.functions}
    assert functions["is_entitled"].read_only and functions["is_entitled"].json_safe
    assert [p.name for p in functions["is_entitled"].params] == ["user_id", "premium"]
    assert functions["is_entitled"].params[1].default == "False"
    cancel = functions["cancel_subscription"]
    assert not cancel.read_only and "billing_audit_log" in cancel.writes
    assert plan.package == "streamflix.billing"
    assert plan.route_prefixes == ("/billing",)
    assert "billing_audit_log" in plan.tables_owned
    assert dict(plan.tables_to_move)["subscriptions"] == ("streamflix.accounts.service",
                                                          "streamflix.playback.service")
    assert {r.kind for r in plan.risks} >= {"shared_table"}
    assert ("streamflix.billing.plans", "PLANS") in {(m, n) for m, n, _ in plan.local_symbols}


def test_a_table_another_seam_owns_stays_with_it_and_the_plan_says_so() -> None:
    index, graph = graph_of(EXAMPLE)
    proposal = propose_seams(index, graph, SeamRequest())
    billing = next(s for s in proposal.seams if s.name == "billing")
    sources = {m.name: (EXAMPLE / m.path).read_text() for m in index.modules}
    kernel = frozenset(k.module for k in proposal.kernel)
    owners = {table: seam.name for seam in proposal.seams for table in seam.tables_owned}
    assert owners["users"] == "accounts" and owners["subscriptions"] == "billing"
    without = make_plan(index, "billing", billing.modules, sources, kernel)
    assert "users" in dict(without.tables_to_move)  # before: "to move" with billing
    plan = make_plan(index, "billing", billing.modules, sources, kernel, owners)
    assert plan.tables_of_others == (("users", "accounts"),)
    assert "users" not in dict(plan.tables_to_move)
    assert "subscriptions" in dict(plan.tables_to_move)  # its own, also used by others
    assert any(r.message.startswith("table users belongs to seam accounts: it does not move")
               for r in plan.risks)


def test_route_prefixes_never_take_another_seams_routes() -> None:
    mine = ["/api/v1/fiat/check", "/api/v1/fiat/<id>", "/billing/plans", "/billing/"]
    others = ["/api/v1/wallet", "/api/v1/payments", "/"]
    assert route_prefixes(mine, others) == ("/api/v1/fiat", "/billing")


def test_a_route_prefix_never_ends_on_a_mount_segment() -> None:
    """Every `/v2` route found is this seam's today, but `/v2` is where the whole API's next
    version lives (and where a route the analysis could not resolve may sit): the proxy
    would send those to the new service. The prefix goes one segment further."""
    mine = ["/v2/concurrency_limits/", "/v2/concurrency_limits/{id}", "/api/leases/renew"]
    others = ["/flows/", "/concurrency_limits/", "/api"]
    assert route_prefixes(mine, others) == ("/api/leases", "/v2/concurrency_limits")
    assert route_prefixes(["/api/v1/users", "/api/v1/users/{id}"], ["/health"]) == (
        "/api/v1/users",)
    assert route_prefixes(["/v1"], ["/health"]) == ("/v1",)  # the route itself


def test_client_module_names_for_members_far_from_the_main_package(tmp_path: Path) -> None:
    from helpers import build_tree, index_of

    from strangler.generate.render import render_extraction

    root = build_tree(tmp_path / "proj", {
        "shop/__init__.py": "",
        "shop/billing/__init__.py": "",
        "shop/billing/pay.py": "def charge(x: int) -> int:\n    return x\n",
        "shop/billing/refund.py": "def refund(x: int) -> int:\n    return x\n",
        "tags/__init__.py": "",
        "tags/core.py": "def tag(x: int) -> int:\n    return x\n",
        "shop/cart.py": "from shop.billing import pay\nfrom tags import core\n"
                        "pay.charge(1)\ncore.tag(2)\n",
    })
    index = index_of(root)
    sources = {m.name: (root / m.path).read_text() for m in index.modules}
    members = ("shop.billing", "shop.billing.pay", "shop.billing.refund", "tags.core")
    plan = make_plan(index, "billing", members, sources)
    extraction = render_extraction(index, plan, sources, "services", (), None, "DB")
    paths = {f.path for f in extraction.files}
    assert {"shop/billing_client/pay.py", "shop/billing_client/tags_core.py"} <= paths
    after = extraction.rewrites[0].after
    assert "from shop.billing_client import pay" in after
    assert "from shop.billing_client import tags_core as core" in after or (
        "from shop.billing_client import tags_core" in after)


def test_route_prefixes_carry_a_leading_language_parameter_as_one_segment() -> None:
    """Django's i18n_patterns (`<lang>`), Flask's `<string:lang>` and FastAPI's `{lang}`
    become `{lang}`, the segment a route table carries."""
    mine = ["/<lang>/gym/add", "/<lang>/gym/<int:pk>/edit"]
    others = ["/<lang>/weight/add", "/api/v2/x", "/<lang>/"]
    assert route_prefixes(mine, others) == ("/{lang}/gym",)
    assert route_prefixes(["/<string:lang>/gym/"], ["/<lang>/x"]) == ("/{lang}/gym",)
    assert route_prefixes(["/{lang}/gym/{id:int}"], ["/{lang}/x"]) == ("/{lang}/gym",)


def test_a_parameter_prefix_never_takes_a_path_another_route_may_serve() -> None:
    # `/{lang}/gym` would take `/api/gym/...`: the prefix grows until nothing overlaps.
    assert route_prefixes(["/<lang>/gym/add/"], ["/api/gym/list", "/<lang>/w"]) == (
        "/{lang}/gym/add",)
    # Another route's parameter may be `gym` too, or a path converter may take anything:
    # no prefix a table can carry, so the text prefix the plan always showed, unroutable.
    assert route_prefixes(["/<lang>/gym/add/"], ["/<lang>/<slug>/add/", "/<lang>/w"]) == (
        "/<lang>/gym",)
    assert route_prefixes(["/<lang>/gym/add/"], ["/<path:page>"]) == ("/<lang>",)
    assert not ROUTABLE_PREFIX.fullmatch("/<lang>/gym")


def test_a_path_converter_or_a_regex_is_never_carried_as_a_parameter() -> None:
    assert route_prefixes(["/files/<path:p>"], ["/files"]) == ("/files/<path:p>",)
    assert route_prefixes(["/x/(?P<pk>[0-9]+)/"], ["/x"]) == ("/x/(?P<pk>[0-9]+)",)
    assert route_prefixes(["/{app.config['X']}/login"], ["/other"]) == (
        "/{app.config['X']}",)  # an unresolved blueprint prefix, as before
    for prefix in ("/files/<path:p>", "/x/(?P<pk>[0-9]+)", "/{app.config['X']}"):
        assert not ROUTABLE_PREFIX.fullmatch(prefix)


def test_risks_the_imports_do_not_show(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 12, item 7: outside writes through the seam's models, mail, Redis, data
    folders, shared secrets, auth state and app.state are named with file and line."""
    from helpers import build_tree, index_of

    from strangler.plan import make_plan

    root = build_tree(tmp_path / "shop", {
        "shop/__init__.py": "",
        "shop/orders/__init__.py": "",
        "shop/orders/models.py": """
            from django.db import models


            class Order(models.Model):
                total = models.IntegerField()
            """,
        "shop/orders/notify.py": """
            import redis
            from django.conf import settings
            from django.core.mail import send_mail


            def tell(order_id: int) -> None:
                send_mail("order", str(order_id), "a@b", ["c@d"])
                redis.Redis().publish("orders", order_id)
                open(settings.MEDIA_ROOT + "/x", "w")
                return settings.SECRET_KEY


            def who(request):
                return request.user
            """,
        "shop/billing.py": """
            from shop.orders.models import Order


            def refund(order_id):
                order = Order.objects.get(pk=order_id)
                order.total = 0
                order.save()
            """,
    })
    index = index_of(root)
    sources = {m.name: (root / m.path).read_text() for m in index.modules}
    members = tuple(m.name for m in index.modules if m.name.startswith("shop.orders"))
    plan = make_plan(index, "orders", members, sources)
    kinds = {(r.kind, r.file, r.line) for r in plan.risks}
    assert ("outside_write", "shop/billing.py", 7) in kinds
    assert ("side_effect", "shop/orders/notify.py", 3) in kinds  # mail (the import)
    assert ("side_effect", "shop/orders/notify.py", 1) in kinds  # redis
    assert ("side_effect", "shop/orders/notify.py", 9) in kinds  # MEDIA_ROOT
    assert ("shared_secret", "shop/orders/notify.py", 10) in kinds
    assert ("auth_state", "shop/orders/notify.py", 14) in kinds
    message = next(r.message for r in plan.risks if r.kind == "outside_write")
    assert "shop.billing uses the seam's model Order" in message


def test_a_blueprint_prefix_read_from_the_config_takes_the_value_the_project_sets() -> None:
    """flaskbb: `url_prefix=app.config["USER_URL_PREFIX"]`, set once in its config module."""
    from strangler.plan.prefixes import config_prefixes, with_config_prefixes

    paths = ["/{app.config['USER_URL_PREFIX']}/<username>", "/{app.config['FORUM_URL_PREFIX']}/x",
             "/{app.config['TWICE']}/y"]
    sources = {"shop.configs.default": 'class Config:\n    USER_URL_PREFIX = "/user"\n'
                                       '    FORUM_URL_PREFIX = ""\n    TWICE = "/a"\n',
               "shop.configs.testing": 'TWICE = "/b"\n',
               "shop.views": 'USER_URL_PREFIX = "/not-a-config-module"\n'}
    found = config_prefixes(paths, sources)
    assert found == {"USER_URL_PREFIX": ("/user", "shop.configs.default", 2),
                     "FORUM_URL_PREFIX": ("", "shop.configs.default", 3)}
    assert [with_config_prefixes(p, found) for p in paths] == [
        "/user/<username>", "/x", "/{app.config['TWICE']}/y"]


def test_a_cache_the_seam_keeps_is_a_risk_named_before_apply(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """wger.utils.cache: reset_workout_canonical_form is JSON-safe, but it deletes a key of
    the Django cache; with a per-process cache the service deletes its own copy (4 of wger's
    tests failed in remote mode). The plan names it before --apply."""
    from helpers import build_tree, index_of

    from strangler.plan import make_plan

    root = build_tree(tmp_path / "gym", {
        "gym/__init__.py": "",
        "gym/cache.py": """
            from django.core.cache import cache


            def reset(workout_id: int) -> None:
                cache.delete(f"workout-{workout_id}")
            """,
        "gym/views.py": "from gym.cache import reset\n\nreset(1)\n",
    })
    index = index_of(root)
    sources = {m.name: (root / m.path).read_text() for m in index.modules}
    plan = make_plan(index, "cache", ("gym.cache",), sources)
    assert [f.json_safe for f in plan.functions] == [True]  # it still may go remote
    risk = next(r for r in plan.risks if r.kind == "process_state")
    assert (risk.file, risk.line) == ("gym/cache.py", 5)
    assert "per-process cache" in risk.message


def test_a_django_prefix_from_settings_the_project_computes_is_taken_as_empty() -> None:
    """NetBox: `path(settings.BASE_PATH, include(...))` with BASE_PATH computed from its
    configuration: the table assumes the default (empty) prefix, which can only leave paths
    on legacy if a deployment sets it; a key set to a literal takes that value."""
    from strangler.plan.prefixes import config_prefixes, unset_config_keys, with_config_prefixes

    paths = ["/{settings.BASE_PATH}api/tenancy/", "/{settings.MEDIA_ROOT_URL}media/"]
    sources = {"site.settings": "BASE_PATH = trailing_slash(getattr(cfg, 'BASE_PATH', ''))\n"
                                "MEDIA_ROOT_URL = 'files/'\n"}
    found = config_prefixes(paths, sources)
    unset = unset_config_keys(paths, sources)
    assert unset == {"BASE_PATH"}
    assert [with_config_prefixes(p, found, unset) for p in paths] == [
        "/api/tenancy/", "/files/media/"]


def test_a_fastapi_root_path_from_pydantic_settings_is_taken_as_empty() -> None:
    """`FastAPI(root_path=settings.root_path)`, a lower-case settings field the project never
    sets to a literal: the table assumes it empty (the routes were declined as a path
    parameter no table could carry); one set in a settings module takes its value."""
    from strangler.plan.prefixes import config_prefixes, unset_config_keys, with_config_prefixes

    paths = ["{settings.root_path}/api/v1/a2a/tasks", "{settings.mount}/api/v1/flows"]
    sources = {"app.settings": "class Settings(BaseSettings):\n    mount: str = 'lf'\n"}
    found = config_prefixes(paths, sources)
    unset = unset_config_keys(paths, sources)
    assert unset == {"root_path"}
    assert [with_config_prefixes(p, found, unset) for p in paths] == [
        "/api/v1/a2a/tasks", "/lf/api/v1/flows"]


def test_the_main_package_holds_most_of_the_seam_below_it_not_only_directly() -> None:
    """A Django app whose modules sit mostly in its subpackages (views beside api/, forms/,
    models/) is still the main package, so its client goes beside the app, not inside it."""
    from strangler.plan import _main_package

    modules = ["dcim", "dcim.views", "dcim.filtersets", "dcim.api", "dcim.api.serializers",
               *(f"dcim.api.serializers_.s{i}" for i in range(4)), "dcim.forms",
               *(f"dcim.forms.f{i}" for i in range(3)), "utilities.conversion"]
    packages = {"dcim", "dcim.api", "dcim.api.serializers_", "dcim.forms", "utilities"}
    assert _main_package(modules, packages) == "dcim"
    # Spread over unrelated packages with no majority: where most sit directly.
    assert _main_package(["a.x", "a.y", "b.x", "c.x", "d.x"], {"a", "b", "c", "d"}) == "a"


def test_a_django_prefix_held_in_a_variable_is_taken_as_empty(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """healthchecks: `prefix` computed from settings.SITE_ROOT, then `path(prefix,
    include(...))` and `path(f"{prefix}admin/", ...)`. The plan routed nothing ("a path
    parameter a route table cannot carry"); it takes the prefix as empty, says so, and keeps
    `<uuid:code>` as a one-segment parameter."""
    from helpers import build_tree, index_of

    from strangler.plan import make_plan

    root = build_tree(tmp_path / "site", {
        "hc/__init__.py": "",
        "hc/urls.py": """
            from urllib.parse import urlparse

            from django.conf import settings
            from django.contrib import admin
            from django.urls import include, path

            prefix = ""
            if _path := urlparse(settings.SITE_ROOT).path.lstrip("/"):
                prefix = f"{_path}/"

            urlpatterns = [
                path(f"{prefix}admin/", admin.site.urls),
                path(prefix, include("hc.front.urls")),
                path(prefix, include("hc.slack.urls")),
            ]
            """,
        "hc/front/__init__.py": "",
        "hc/front/views.py": "def index(request):\n    return None\n",
        "hc/front/urls.py": """
            from django.urls import path

            from hc.front import views

            urlpatterns = [
                path("", views.index),
                path("projects/<uuid:code>/checks/", views.index),
                path("integrations/", views.index),
            ]
            """,
        "hc/slack/__init__.py": "",
        "hc/slack/views.py": "def add(request, code=None):\n    return None\n",
        "hc/slack/urls.py": """
            from django.urls import path

            from hc.slack import views

            urlpatterns = [
                path("integrations/add_slack/", views.add),
                path("projects/<uuid:code>/add_slack/", views.add),
            ]
            """,
    })
    index = index_of(root)
    sources = {m.name: (root / m.path).read_text() for m in index.modules}
    members = tuple(m.name for m in index.modules if m.name.startswith("hc.slack"))
    plan = make_plan(index, "slack", members, sources)
    assert len(plan.routes) == 2
    assert plan.route_prefixes == ("/integrations/add_slack", "/projects/{code}/add_slack")
    assert plan.routable_prefixes == plan.route_prefixes
    risk = [r.message for r in plan.risks if r.kind == "route_prefix"]
    assert len(risk) == 1 and "{prefix} is computed at run time" in risk[0]


def test_a_runtime_prefix_is_dropped_only_where_braces_are_not_parameters() -> None:
    from strangler.plan.prefixes import without_runtime_prefix

    assert without_runtime_prefix("/{f'{prefix}admin/'}", "django", True) == "/admin/"
    assert without_runtime_prefix("/{prefix}accounts/", "django", True) == "/accounts/"
    assert without_runtime_prefix("/{api}/users", "flask", True) == "/users"
    assert without_runtime_prefix("/{prefix}x/{pk}/", "django", True) == "/x/{pk}/"
    assert without_runtime_prefix("/x/[0-9]{4}/", "django", True) == "/x/[0-9]{4}/"  # regex
    assert without_runtime_prefix("/api/v2/day/{pk}/", "django", False) == "/api/v2/day/{pk}/"
    assert without_runtime_prefix("/api/{prefix}/bulk", "fastapi", True) == "/api/{prefix}/bulk"
    # a config key set to several values is left for the plan to flag (no table carries it)
    assert without_runtime_prefix("/{settings.BASE}api/", "django", True) == "/{settings.BASE}api/"


def test_a_prefix_of_parameters_only_is_not_routed(tmp_path: Path) -> None:
    """A seam whose route begins with a parameter (`/{slug}`, a web.py pattern read as
    `/{param}`) has no literal segment to route by: that prefix would take every path of its
    depth, the legacy application's too. It is flagged and left off the route table; a
    prefix with a literal segment beside the parameter stays routable."""
    from helpers import build_tree, index_of

    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/pages.py": """
            from fastapi import APIRouter

            router = APIRouter()

            @router.get("/{slug}")
            def page(slug: str):
                return slug

            @router.get("/{lang}/help")
            def help_page(lang: str):
                return lang
            """,
        "app/users.py": """
            from fastapi import APIRouter

            router = APIRouter()

            @router.get("/users/me")
            def me():
                return 1
            """,
    })
    index = index_of(root)
    sources = {m.name: (root / m.path).read_text() for m in index.modules}
    plan = make_plan(index, "pages", ("app.pages",), sources)
    assert "/{slug}" in plan.route_prefixes
    assert "/{slug}" not in plan.routable_prefixes
    assert [p for p in plan.routable_prefixes if p.endswith("/help")]
    risks = [r.message for r in plan.risks if r.kind == "route_prefix"]
    assert any("/{slug} is made of path parameters only" in r for r in risks)
