"""Subscription lifecycle: subscribe, change plan, cancel, renew.

Other parts of the app call get_active_subscription() / is_entitled() a lot.
"""
from __future__ import annotations

from typing import Any

from streamflix import db
from streamflix.billing import audit, invoices, payments, plans
from streamflix.catalog import pricing
from streamflix.common import utils
from streamflix.models.billing import Subscription
from streamflix.notifications import email as notify

ACTIVE_STATUSES = ("active", "trialing")


def _serialize(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    plan = plans.PLANS.get(row["plan_code"], {})
    row["plan_name"] = plans.plan_name(row["plan_code"])
    row["price_cents"] = plan.get("price_cents")
    row["max_streams"] = plan.get("max_streams", 0)
    return row


def _billing_country(user_id: int) -> str:
    row = db.query_one("SELECT country FROM users WHERE id = ?", (user_id,))
    if row is None:
        raise utils.ApiError(f"user {user_id} not found", 404)
    return row["country"]


def get_active_subscription(user_id: int) -> dict[str, Any] | None:
    row = db.query_one(
        "SELECT * FROM subscriptions WHERE user_id = ? AND status IN ('active', 'trialing')"
        " ORDER BY id DESC LIMIT 1",
        (user_id,),
    )
    return _serialize(row) if row else None


def get_subscription_model(user_id: int) -> Subscription | None:
    """Returns the ORM object (used by the accounts profile page)."""
    for sub in Subscription.filter(user_id=user_id, order_by="-id"):
        if sub.is_active:
            return sub
    return None


def subscription_history(user_id: int) -> list[dict[str, Any]]:
    rows = db.query("SELECT * FROM subscriptions WHERE user_id = ? ORDER BY id DESC", (user_id,))
    return [_serialize(r) for r in rows]


def is_entitled(user_id: int, premium: bool = False) -> bool:
    """Can this user watch (premium) content right now?

    Canceled subscriptions keep access until the end of the paid period.
    """
    row = db.query_one(
        "SELECT plan_code, status, current_period_end FROM subscriptions"
        " WHERE user_id = ? AND (status IN ('active', 'trialing')"
        "   OR (status = 'canceled' AND current_period_end > ?))"
        " ORDER BY id DESC LIMIT 1",
        (user_id, utils.now_iso()),
    )
    if row is None:
        return False
    if premium:
        return plans.includes_premium(row["plan_code"])
    return True


def subscribe(user_id: int, plan_code: str) -> dict[str, Any]:
    plan = plans.get_plan(plan_code)
    if get_active_subscription(user_id):
        raise utils.ApiError("user already has an active subscription", 409, "already_subscribed")
    tax = pricing.tax_for(plan["price_cents"], _billing_country(user_id))
    started = utils.now_iso()
    sub_id = db.execute(
        "INSERT INTO subscriptions (user_id, plan_code, status, started_at, current_period_end)"
        " VALUES (?, ?, 'incomplete', ?, ?)",
        (user_id, plan["code"], started, utils.add_days(started, plans.PERIOD_DAYS)),
    )
    audit.record("subscription.created", "subscription", sub_id, user_id, {"plan": plan["code"]})
    payment = payments.charge(user_id, plan["price_cents"] + tax, f"{plan['name']} plan", sub_id)
    if payment["status"] != "succeeded":
        audit.record("subscription.incomplete", "subscription", sub_id, user_id,
                     {"decline_code": payment.get("decline_code")})
        notify.send_payment_failed(user_id, payment["amount_cents"])
        raise utils.ApiError("payment was declined", 402, "payment_declined")
    db.execute("UPDATE subscriptions SET status = 'active' WHERE id = ?", (sub_id,))
    invoice = invoices.create_invoice(user_id, payment, plan["price_cents"], tax, sub_id)
    audit.record("subscription.activated", "subscription", sub_id, user_id, {"plan": plan["code"]})
    notify.send_subscription_started(user_id, plan["code"])
    return {"subscription": get_active_subscription(user_id), "payment": payment, "invoice": invoice}


def change_plan(user_id: int, new_plan_code: str) -> dict[str, Any]:
    current = get_active_subscription(user_id)
    if current is None:
        raise utils.ApiError("no active subscription", 404, "no_subscription")
    new_plan = plans.get_plan(new_plan_code)
    if new_plan["code"] == current["plan_code"]:
        raise utils.ApiError("already on that plan", 409)
    old_plan = plans.get_plan(current["plan_code"])
    days_left = utils.days_between(utils.now_iso(), current["current_period_end"])
    delta = pricing.prorate(old_plan["price_cents"], new_plan["price_cents"], days_left, plans.PERIOD_DAYS)
    payment = invoice = None
    if delta > 0:
        tax = pricing.tax_for(delta, _billing_country(user_id))
        payment = payments.charge(user_id, delta + tax, f"Upgrade to {new_plan['name']} (prorated)", current["id"])
        if payment["status"] != "succeeded":
            raise utils.ApiError("payment was declined", 402, "payment_declined")
        invoice = invoices.create_invoice(user_id, payment, delta, tax, current["id"])
    db.execute("UPDATE subscriptions SET plan_code = ? WHERE id = ?", (new_plan["code"], current["id"]))
    # TODO(billing): credits for downgrades are only logged, never applied.
    audit.record("subscription.plan_changed", "subscription", current["id"], user_id,
                 {"from": old_plan["code"], "to": new_plan["code"], "prorated_cents": delta})
    notify.send_subscription_changed(user_id, old_plan["code"], new_plan["code"])
    return {"subscription": get_active_subscription(user_id), "prorated_cents": delta,
            "payment": payment, "invoice": invoice}


def cancel_subscription(user_id: int, reason: str = "user_request") -> dict[str, Any]:
    sub = get_subscription_model(user_id)
    if sub is None:
        raise utils.ApiError("no active subscription", 404, "no_subscription")
    sub.status = "canceled"
    sub.canceled_at = utils.now_iso()
    sub.save()
    audit.record("subscription.canceled", "subscription", sub.id, user_id, {"reason": reason})
    notify.send_subscription_canceled(user_id, sub.plan_code, sub.current_period_end)
    row = db.query_one("SELECT * FROM subscriptions WHERE id = ?", (sub.id,))
    return _serialize(row)  # type: ignore[arg-type]


def renew_due_subscriptions() -> list[dict[str, Any]]:
    """Nightly job: charge subscriptions whose period ended; expire canceled ones."""
    now = utils.now_iso()
    results: list[dict[str, Any]] = []
    due = db.query(
        "SELECT * FROM subscriptions WHERE status IN ('active', 'canceled') AND current_period_end <= ?"
        " ORDER BY id",
        (now,),
    )
    for sub in due:
        if sub["status"] == "canceled":
            db.execute("UPDATE subscriptions SET status = 'expired' WHERE id = ?", (sub["id"],))
            audit.record("subscription.expired", "subscription", sub["id"], sub["user_id"])
            results.append({"subscription_id": sub["id"], "outcome": "expired"})
            continue
        plan = plans.get_plan(sub["plan_code"])
        tax = pricing.tax_for(plan["price_cents"], _billing_country(sub["user_id"]))
        payment = payments.charge(sub["user_id"], plan["price_cents"] + tax, f"{plan['name']} plan renewal", sub["id"])
        if payment["status"] == "succeeded":
            new_end = utils.add_days(sub["current_period_end"], plans.PERIOD_DAYS)
            db.execute("UPDATE subscriptions SET current_period_end = ? WHERE id = ?", (new_end, sub["id"]))
            invoices.create_invoice(sub["user_id"], payment, plan["price_cents"], tax, sub["id"])
            audit.record("subscription.renewed", "subscription", sub["id"], sub["user_id"], {"until": new_end})
            results.append({"subscription_id": sub["id"], "outcome": "renewed", "until": new_end})
        else:
            db.execute("UPDATE subscriptions SET status = 'past_due' WHERE id = ?", (sub["id"],))
            audit.record("subscription.past_due", "subscription", sub["id"], sub["user_id"])
            notify.send_payment_failed(sub["user_id"], payment["amount_cents"])
            results.append({"subscription_id": sub["id"], "outcome": "past_due"})
    return results
