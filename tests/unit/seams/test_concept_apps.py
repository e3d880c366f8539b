"""A bundled app laid out by concept (`contrib/database/fields/` beside
`contrib/database/api/fields/`) is read as one unit per concept, not one for the app."""

from __future__ import annotations

from strangler.seams.concept_apps import concept_app_units
from strangler.seams.words import domain_units

CONCEPTS = ("fields", "rows", "table", "webhooks", "tokens")


def _names(mirror: bool = True) -> list[str]:
    app = "proj.contrib.database"
    names = ["proj", "proj.api", "proj.core", "proj.core.models", "proj.ws", "proj.ws.consumers"]
    for concept in ("user", "workspace", "template", "job", "snapshot"):
        names += [f"proj.api.{concept}s", f"proj.api.{concept}s.views", f"proj.core.{concept}",
                  f"proj.core.{concept}.handler", f"proj.ws.{concept}s",
                  f"proj.ws.{concept}s.signals"]
    names += ["proj.contrib", app, f"{app}.apps", f"{app}.models", f"{app}.handler",
             f"{app}.api", f"{app}.api.serializers", f"{app}.views", f"{app}.views.handler",
             f"{app}.views.models", f"{app}.airtable", f"{app}.airtable.handler"]
    for concept in CONCEPTS:
        names += [f"{app}.{concept}", f"{app}.{concept}.models", f"{app}.{concept}.handler"]
        if mirror:
            names += [f"{app}.api.{concept}", f"{app}.api.{concept}.views",
                      f"{app}.api.{concept}.serializers"]
    if mirror:
        names += [f"{app}.api.views", f"{app}.api.views.views"]
    return sorted(names)


def test_each_concept_of_a_mirrored_app_is_a_unit_with_its_api() -> None:
    units = domain_units(_names())
    app = "proj.contrib.database"
    for concept in CONCEPTS:
        assert units[f"{app}.{concept}.models"] == units[f"{app}.{concept}.handler"] \
            == units[f"{app}.api.{concept}.views"], (concept, units)
    found = {units[f"{app}.{concept}.models"] for concept in CONCEPTS}
    assert len(found) == len(CONCEPTS)
    # (a layer-named package that the API repeats is a concept too: the table views)
    assert units[f"{app}.views.models"] == units[f"{app}.api.views.views"] \
        != units[f"{app}.models"]
    # (a concept package no layer repeats still is one: the Airtable import)
    assert units[f"{app}.airtable.handler"] not in found | {units[f"{app}.models"]}
    # The app's own modules keep one unit: its tables, handler, config and API plumbing.
    assert units[f"{app}.models"] == units[f"{app}.handler"] == units[f"{app}.apps"] \
        == units[f"{app}.api.serializers"]


def test_an_app_whose_api_repeats_no_concepts_stays_one_unit() -> None:
    units = domain_units(_names(mirror=False))
    app = "proj.contrib.database"
    assert {units[f"{app}.{concept}.models"] for concept in CONCEPTS} \
        == {units[f"{app}.models"]}, units


def test_the_rule_reads_packages_not_modules() -> None:
    """An app's `api/` of one module per concept is no mirror: `api/fields.py` is no
    layer of `fields/` (the usual Django app with an `api/` of views and serializers)."""
    app = "shop"
    names = [app, f"{app}.api"] + [f"{app}.api.{c}" for c in CONCEPTS]
    for concept in CONCEPTS:
        names += [f"{app}.{concept}", f"{app}.{concept}.models"]
    units = {name: "word:shop" for name in names}
    packages: dict[str, set[str]] = {"": {app}, app: {"api", *CONCEPTS}}
    assert concept_app_units(units, packages, lambda part: part) == units
    packages[f"{app}.api"] = set(CONCEPTS)
    split = concept_app_units(units, packages, lambda part: part)
    assert split[f"{app}.fields.models"] == "word:fields"


def test_a_plugin_container_in_a_layered_package_names_no_domain() -> None:
    """`contrib/builder/` and `contrib/dashboard/` below a layered top package are two
    bundled apps (each with its own `models` and `api`), not one `contrib` domain; a small
    plugin of no layers of its own stays with the plugin container's unit."""
    names = _names(mirror=False)
    for app in ("builder", "dashboard"):
        names += [f"proj.contrib.{app}", f"proj.contrib.{app}.models",
                  f"proj.contrib.{app}.api", f"proj.contrib.{app}.handler"]
    names += ["proj.contrib.decay", "proj.contrib.decay.curve", "proj.contrib.plugin",
              "proj.contrib.registry"]
    units = domain_units(sorted(names))
    assert units["proj.contrib.builder.models"] == units["proj.contrib.builder.handler"]
    assert len({units["proj.contrib.builder.models"], units["proj.contrib.dashboard.models"],
                units["proj.contrib.database.models"]}) == 3, units
    assert units["proj.contrib.decay.curve"] == units["proj.contrib.plugin"], units
