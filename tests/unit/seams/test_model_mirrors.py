"""A models package of one module per domain beside the domains' own packages (polar:
`models/order.py` beside `order/` holding the order's service, endpoints and schemas) is a
layer over them: each model module is its domain's unit, not a part of one `models` unit
that the clustering keeps whole."""

from __future__ import annotations

from strangler.seams.words import domain_units

DOMAINS = ("order", "product", "subscription", "customer", "wallet")


def _names(models: tuple[str, ...]) -> list[str]:
    names = ["shop", "shop.models", "shop.kit", "shop.kit.db", "shop.kit.utils"]
    for domain in DOMAINS:
        names += [f"shop.{domain}", f"shop.{domain}.service", f"shop.{domain}.endpoints",
                  f"shop.{domain}.schemas"]
    names += [f"shop.models.{m}" for m in models]
    return names


def test_each_model_module_joins_the_package_of_its_domain() -> None:
    models = ("order", "order_item", "product", "product_price", "subscription",
              "customer", "wallet_transaction", "audit_log")
    units = domain_units(_names(models))
    assert units["shop.models.order"] == units["shop.order.service"] == "shop.order"
    assert units["shop.models.order_item"] == "shop.order"  # (its leading word's domain)
    assert units["shop.models.product_price"] == "shop.product"
    assert units["shop.models.wallet_transaction"] == "shop.wallet"
    assert units["shop.models.customer"] == "shop.customer"
    # (a model named after no domain package stays in the models unit, as the package does)
    assert units["shop.models.audit_log"] == units["shop.models"] == "shop.models"


def test_a_models_package_naming_few_domains_stays_one_unit() -> None:
    """Fewer than half of its modules named after a domain package: a models package of
    its own concepts, kept whole."""
    models = ("order", "ledger", "journal", "posting", "account_period", "fiscal_year")
    units = domain_units(_names(models))
    assert {units[f"shop.models.{m}"] for m in models} == {"shop.models"}


def test_child_packages_mirroring_the_domains_still_mirror_beside_helper_modules() -> None:
    """An `api/` of one child package per domain (`api/order/`) beside four helper modules
    (pagination, permissions, exceptions, filters): the child packages mirror the domains
    on their own, as they did before module children counted."""
    names = _names(())
    for domain in ("order", "product", "customer"):
        names += [f"shop.api.{domain}", f"shop.api.{domain}.views",
                  f"shop.api.{domain}.serializers"]
    names += ["shop.api", *(f"shop.api.{m}" for m in
                            ("pagination", "permissions", "exceptions", "filters"))]
    units = domain_units(names)
    assert units["shop.api.order.views"] == "shop.order"
    assert units["shop.api.product.serializers"] == "shop.product"
    assert units["shop.api.pagination"] == "shop.api"
