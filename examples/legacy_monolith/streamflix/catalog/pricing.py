"""Price helpers.

Written in 2019 for pay-per-view rentals, which were sold from the catalog.
Rentals were switched off in 2021; these days only billing calls tax_for()
and prorate() (for subscriptions).  Nobody has moved the file yet.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# VAT / sales tax by billing country.  US tax is "handled by finance".
TAX_RATES: dict[str, Decimal] = {
    "US": Decimal("0"),
    "GB": Decimal("0.20"),
    "DE": Decimal("0.19"),
    "FR": Decimal("0.20"),
    "CA": Decimal("0.05"),
    "AU": Decimal("0.10"),
}
DEFAULT_TAX_RATE = Decimal("0")

# Legacy rental prices, still referenced by an old admin report.
RENTAL_PRICE_CENTS = {"new": 599, "catalog": 399, "premium": 799}


def _round_cents(value: Decimal) -> int:
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def tax_rate(country: str | None) -> Decimal:
    return TAX_RATES.get((country or "US").upper(), DEFAULT_TAX_RATE)


def tax_for(amount_cents: int, country: str | None) -> int:
    return _round_cents(Decimal(amount_cents) * tax_rate(country))


def with_tax(amount_cents: int, country: str | None) -> int:
    return amount_cents + tax_for(amount_cents, country)


def prorate(old_price_cents: int, new_price_cents: int, days_remaining: int, period_days: int = 30) -> int:
    """Amount owed (positive) or credited (negative) for a mid-period plan change."""
    if period_days <= 0:
        raise ValueError("period_days must be positive")
    days_remaining = max(0, min(days_remaining, period_days))
    diff = Decimal(new_price_cents - old_price_cents) * Decimal(days_remaining) / Decimal(period_days)
    return _round_cents(diff)


def rental_price_cents(release_year: int, premium: bool, current_year: int = 2021) -> int:
    """Dead code: rentals are gone.  Kept because the finance export imports it."""
    if premium:
        return RENTAL_PRICE_CENTS["premium"]
    if current_year - release_year <= 1:
        return RENTAL_PRICE_CENTS["new"]
    return RENTAL_PRICE_CENTS["catalog"]
