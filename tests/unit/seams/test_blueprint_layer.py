"""A Flask package of blueprints named in the singular (`blueprint/tags/`,
`blueprint/imports/` beside `api/` and `model/`) is a routes layer as `blueprints/` is:
the package is layered by kind, and each blueprint joins its domain's unit instead of one
`blueprint` seam of every page (changedetection, opened from the ninth held-out set)."""

from __future__ import annotations

from strangler.seams.words import TRUE_LAYERS, domain_units

DOMAINS = ("tags", "imports", "notification")


def test_a_blueprint_package_in_the_singular_is_a_layer() -> None:
    assert "blueprint" in TRUE_LAYERS
    names = ["app", "app.api", "app.blueprint", "app.model", "app.store", "app.worker",
             "app.flask_app"]
    for domain in DOMAINS:
        names += [f"app.blueprint.{domain}", f"app.blueprint.{domain}.form",
                  f"app.api.{domain}", f"app.model.{domain}"]
    units = domain_units(sorted(names))
    found = set()
    for domain in DOMAINS:
        unit = units[f"app.blueprint.{domain}.form"]
        assert unit == units[f"app.api.{domain}"] == units[f"app.blueprint.{domain}"], units
        found.add(unit)
    assert len(found) == len(DOMAINS)
    assert "app.blueprint" not in found and "word:blueprint" not in units.values(), units
