"""An RPC API laid out by domain (`rpc/tables/`, `rpc/roles/` beside `utils/tables.py`,
`models/`, `views/`) is an interface layer, as `api/` is: `rpc` names no domain, and with
it the package is layered by kind, its modules read by their domain words (mathesar,
opened from the seventeenth held-out set)."""

from __future__ import annotations

from strangler.seams.words import LAYER_WORDS, TRUE_LAYERS, domain_units

DOMAINS = ("tables", "columns", "roles", "records", "explorations")


def test_an_rpc_package_is_a_layer_of_the_domains() -> None:
    assert "rpc" in LAYER_WORDS and "rpc" in TRUE_LAYERS
    names = ["app", "app.rpc", "app.rpc.utils", "app.rpc.decorators", "app.utils",
             "app.models", "app.models.base", "app.models.users", "app.views",
             "app.views.users", "app.views.export", "app.urls", "app.settings"]
    for domain in DOMAINS:
        names += [f"app.rpc.{domain}", f"app.rpc.{domain}.base", f"app.rpc.{domain}.metadata"]
    names += ["app.utils.tables", "app.utils.columns", "app.utils.csv", "app.utils.preview",
              "app.analytics", "app.auth"]
    units = domain_units(sorted(names))
    found = set()
    for domain in DOMAINS:
        unit = units[f"app.rpc.{domain}.base"]
        assert unit == units[f"app.rpc.{domain}.metadata"], (domain, units)
        found.add(unit)
    assert units["app.utils.tables"] == units["app.rpc.tables.base"]
    # (the app's own modules are read by their words too: a layered package)
    assert units["app.analytics"] != units["app.auth"]
    assert len(found) == len(DOMAINS)
    assert "word:rpc" not in units.values(), units
