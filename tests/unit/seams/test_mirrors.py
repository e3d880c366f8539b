"""Issue 10, helper seams6: an interface layer whose sub-packages repeat the domains
(`graphql/account` beside `account/`) is a mirror; each of its domain packages joins the unit
of the domain it names."""

from __future__ import annotations

from strangler.seams.words import domain_units

DOMAINS = ("account", "product", "order")


def _shop(mirror: str = "graphql", domains: tuple[str, ...] = DOMAINS) -> list[str]:
    """`shop/<domain>/{models,utils}` and `shop/<mirror>/<domain>/{types,mutations}`, plus
    the mirror's own plumbing (`core/`, `api`, `views`)."""
    modules = ["shop", "shop.settings", "shop.core", "shop.core.db", "shop.core.utils",
               f"shop.{mirror}", f"shop.{mirror}.api", f"shop.{mirror}.views",
               f"shop.{mirror}.core", f"shop.{mirror}.core.types",
               f"shop.{mirror}.core.scalars"]
    for domain in DOMAINS:
        modules += [f"shop.{domain}", f"shop.{domain}.models", f"shop.{domain}.utils"]
    for domain in domains:
        modules += [f"shop.{mirror}.{domain}", f"shop.{mirror}.{domain}.types",
                    f"shop.{mirror}.{domain}.mutations",
                    f"shop.{mirror}.{domain}.mutations.create"]
    return sorted(modules)


def test_a_mirror_package_splits_into_the_domains_it_names() -> None:
    units = domain_units(_shop())
    for domain in DOMAINS:
        for module in (f"shop.graphql.{domain}", f"shop.graphql.{domain}.types",
                       f"shop.graphql.{domain}.mutations.create"):
            assert units[module] == f"shop.{domain}", module
        assert units[f"shop.{domain}.models"] == f"shop.{domain}"
    # The layer's own plumbing names no domain: it stays one unit.
    assert {units[m] for m in ("shop.graphql", "shop.graphql.api", "shop.graphql.views",
                               "shop.graphql.core.types")} == {"shop.graphql"}


def test_a_mirror_can_be_spelled_in_the_plural_and_sit_deeper() -> None:
    """`rest/v1/accounts/` beside `account/`."""
    modules = [m for m in _shop("rest") if not m.startswith("shop.rest.")]
    modules += ["shop.rest.v1", "shop.rest.v1.pagination"]
    for domain in DOMAINS:
        modules += [f"shop.rest.v1.{domain}s", f"shop.rest.v1.{domain}s.serializers",
                    f"shop.rest.v1.{domain}s.views"]
    units = domain_units(sorted(modules))
    assert units["shop.rest.v1.accounts.serializers"] == "shop.account"
    assert units["shop.rest.v1.orders.views"] == "shop.order"
    assert units["shop.rest.v1.pagination"] == "shop.rest"


def test_two_domain_packages_do_not_make_a_mirror() -> None:
    units = domain_units(_shop(domains=("account", "product")))
    assert units["shop.graphql.account.types"] == "shop.graphql"


def test_layer_packages_of_django_apps_are_not_mirrors() -> None:
    """NetBox: each app has `api/`, `forms/`, `models/`; a top-level `netbox/api` package holds
    layer packages, not domains."""
    modules = []
    for app in ("dcim", "ipam", "tenancy", "netbox"):
        for layer in ("api", "forms", "models", "views", "tables"):
            modules += [f"{app}.{layer}", f"{app}.{layer}.base", f"{app}.{layer}.fields"]
        modules.append(f"{app}.urls")
    modules += ["netbox.api.views", "netbox.api.serializers"]
    units = domain_units(sorted(modules))
    for app in ("dcim", "ipam", "tenancy", "netbox"):
        assert {units[m] for m in modules if m.split(".")[0] == app} == {app}


def test_a_cli_of_one_module_per_domain_is_not_a_mirror() -> None:
    """flaskbb's `cli/users.py`, `cli/plugins.py`, `cli/themes.py`: modules, not packages;
    the command-line interface stays a unit of its own."""
    modules = ["forum", "forum.cli", "forum.cli.main", "forum.cli.users", "forum.cli.plugins",
               "forum.cli.themes"]
    for domain in ("user", "plugins", "themes"):
        modules += [f"forum.{domain}", f"forum.{domain}.models", f"forum.{domain}.views"]
    units = domain_units(sorted(modules))
    assert {units[m] for m in modules if m.startswith("forum.cli")} == {"forum.cli"}


def test_word_units_of_a_layered_project_are_unchanged() -> None:
    """superset's `commands/<domain>` already follow their domain word."""
    modules = ["app", "app.commands", "app.daos", "app.models", "app.views"]
    for domain in ("chart", "dashboard", "dataset"):
        modules += [f"app.commands.{domain}", f"app.commands.{domain}.create",
                    f"app.daos.{domain}", f"app.models.{domain}", f"app.views.{domain}",
                    f"app.views.{domain}.api"]
    units = domain_units(sorted(modules))
    assert units["app.commands.chart.create"] == units["app.views.chart.api"] == "word:chart"


def test_units_do_not_depend_on_the_order_of_the_modules() -> None:
    modules = _shop()
    assert domain_units(modules) == domain_units(list(reversed(modules)))


def test_a_plugins_folders_named_after_domains_stay_the_plugins() -> None:
    """Dispatch's `plugins/dispatch_slack/{case,incident,feedback}/`: the Slack plugin's own
    code for each domain; the plugin folder is no layer of the plugins unit, so no mirror."""
    modules = ["ops", "ops.plugins", "ops.plugins.base", "ops.plugins.slack",
               "ops.plugins.slack.client"]
    for domain in ("case", "incident", "feedback"):
        modules += [f"ops.{domain}", f"ops.{domain}.models", f"ops.{domain}.service",
                    f"ops.plugins.slack.{domain}", f"ops.plugins.slack.{domain}.messages",
                    f"ops.plugins.slack.{domain}.interactive"]
    units = domain_units(sorted(modules))
    assert {units[m] for m in modules if m.startswith("ops.plugins")} == {"ops.plugins"}
