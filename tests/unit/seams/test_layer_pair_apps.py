"""Issue 10 (helper `webui`): in a package of two mirrored layer packages
(`layer_pairs`), the layer packages are no Django apps even when each holds an `apps`
module (the `apps` domain's router and model)."""

from __future__ import annotations

from strangler.seams.apps import django_apps, platform_apps

AREAS = ("apps", "notes", "prompts", "skills", "users", "groups", "files")


def _layered() -> list[str]:
    names = ["app", "app.main", "app.config"]
    for area in AREAS:
        names += [f"app.routers.{area}", f"app.models.{area}"]
    names += ["app.utils.apps", "app.utils.auth", "app.utils.chat"]
    return names


def test_the_layers_of_a_paired_package_are_no_django_apps() -> None:
    # without the rule `routers`, `models` and `utils` each hold an `apps` module: three
    # "Django apps", and `utils`, with no table of its own and used by both others, would
    # be platform wholesale
    names = _layered()
    assert django_apps(names) == {}
    edges = [(f"app.routers.{a}", "app.utils.auth") for a in AREAS]
    edges += [(f"app.models.{a}", "app.utils.chat") for a in AREAS]
    assert platform_apps(names, {f"app.models.{a}" for a in AREAS}, edges, set()) == []


def test_django_apps_beside_each_other_are_still_apps() -> None:
    names = [f"site.{app}.{part}" for app in ("orders", "events", "users")
             for part in ("apps", "models", "views")]
    assert set(django_apps(names).values()) == {"site.orders", "site.events", "site.users"}


def test_django_apps_beside_a_drf_api_and_serializers_pair_stay_apps() -> None:
    """A Django project with a DRF `api/` and `serializers/` package beside its apps, one
    module per app in each: the pair makes the project package layered, but the apps
    named after the pair's domains are those domains' own packages, not layers (every
    child package was dropped, and with it every Django app)."""
    domains = ("orders", "users", "products", "carts", "payments")
    names = ["proj", "proj.settings", "proj.urls", "proj.api", "proj.serializers",
             "proj.utils", "proj.utils.apps"]
    for domain in domains:
        names += [f"proj.{domain}", f"proj.{domain}.apps", f"proj.{domain}.models",
                  f"proj.{domain}.views", f"proj.api.{domain}", f"proj.serializers.{domain}"]
    apps = django_apps(names)
    assert set(apps.values()) == {f"proj.{d}" for d in domains}
    assert apps["proj.orders.models"] == "proj.orders"
    assert "proj.utils.apps" not in apps
