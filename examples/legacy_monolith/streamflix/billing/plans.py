"""Subscription plans.  Hard-coded; marketing changes them twice a year."""
from __future__ import annotations

from typing import Any

from streamflix.common import utils

PERIOD_DAYS = 30

PLANS: dict[str, dict[str, Any]] = {
    "basic": {"code": "basic", "name": "Basic", "price_cents": 899, "max_streams": 1,
              "hd": False, "premium_content": False},
    "standard": {"code": "standard", "name": "Standard", "price_cents": 1549, "max_streams": 2,
                 "hd": True, "premium_content": False},
    "premium": {"code": "premium", "name": "Premium", "price_cents": 2299, "max_streams": 4,
                "hd": True, "premium_content": True},
}


def list_plans() -> list[dict[str, Any]]:
    result = []
    for plan in sorted(PLANS.values(), key=lambda p: p["price_cents"]):
        item = dict(plan)
        item["price_display"] = utils.format_money(plan["price_cents"])
        item["period_days"] = PERIOD_DAYS
        result.append(item)
    return result


def get_plan(code: str) -> dict[str, Any]:
    plan = PLANS.get((code or "").lower())
    if plan is None:
        raise utils.ApiError(f"unknown plan '{code}'", 400, "unknown_plan")
    return dict(plan)


def plan_name(code: str | None) -> str:
    if not code:
        return "Free"
    return PLANS.get(code, {}).get("name", code.title())


def max_streams(code: str | None) -> int:
    return PLANS.get(code or "", {}).get("max_streams", 0)


def includes_premium(code: str | None) -> bool:
    return bool(PLANS.get(code or "", {}).get("premium_content", False))


def is_upgrade(old_code: str, new_code: str) -> bool:
    return get_plan(new_code)["price_cents"] > get_plan(old_code)["price_cents"]
