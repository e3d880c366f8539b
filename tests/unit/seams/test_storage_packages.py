"""A storage package that holds a layer of the domains' models (`services/database/models/
<domain>/`) is no domain: each model package is its domain's unit, with that domain's API."""

from __future__ import annotations

from strangler.seams.words import domain_units

DOMAINS = ("flow", "folder", "variable", "api_key")


def _names(storage: str) -> list[str]:
    names = ["app", "app.main", "app.api", "app.schemas", "app.services", f"app.services.{storage}",
             f"app.services.{storage}.factory", f"app.services.{storage}.models"]
    for domain in DOMAINS:
        names += [f"app.api.{domain}s", f"app.schemas.{domain}",
                  f"app.services.{storage}.models.{domain}",
                  f"app.services.{storage}.models.{domain}.model",
                  f"app.services.{storage}.models.{domain}.crud"]
    return sorted(names)


def test_a_database_package_of_model_packages_is_read_into() -> None:
    for storage in ("database", "db"):
        units = domain_units(_names(storage))
        for domain in DOMAINS:
            assert units[f"app.services.{storage}.models.{domain}.model"] \
                == units[f"app.services.{storage}.models.{domain}.crud"] \
                == units[f"app.api.{domain}s"] == f"word:{domain}", (storage, domain, units)


def test_a_database_domain_without_a_layer_inside_stays_a_domain() -> None:
    """`daos/database.py` beside `databases/api.py`: database connections are data."""
    names = sorted(["app", "app.daos", "app.daos.database", "app.daos.chart", "app.databases",
                    "app.databases.api", "app.databases.schemas", "app.charts",
                    "app.charts.api", "app.commands", "app.commands.database",
                    "app.commands.database.create", "app.commands.chart",
                    "app.commands.chart.create", "app.schemas", "app.schemas.chart"])
    units = domain_units(names)
    assert units["app.daos.database"] == units["app.commands.database.create"] \
        == "word:database"
