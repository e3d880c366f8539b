"""Queue emails into email_outbox.

Every email footer shows the user's current plan, which is why this module
imports billing (and billing imports us to send receipts).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from streamflix import db
from streamflix.billing import plans, subscriptions
from streamflix.common import utils
from streamflix.notifications import templates

if TYPE_CHECKING:
    from streamflix.models.user import User

PREFERENCE_FLAGS = ("receipts", "marketing", "product")


def _recipient(user_id: int) -> dict[str, Any] | None:
    return db.query_one("SELECT id, email, display_name FROM users WHERE id = ?", (user_id,))


def _current_plan_name(user_id: int) -> str:
    sub = subscriptions.get_active_subscription(user_id)
    return plans.plan_name(sub["plan_code"] if sub else None)


def get_preferences(user_id: int) -> dict[str, bool]:
    row = db.query_one("SELECT * FROM notification_preferences WHERE user_id = ?", (user_id,))
    if row is None:
        return {flag: True for flag in PREFERENCE_FLAGS}
    return {flag: bool(row[flag]) for flag in PREFERENCE_FLAGS}


def set_preferences(user_id: int, **changes: Any) -> dict[str, bool]:
    unknown = set(changes) - set(PREFERENCE_FLAGS)
    if unknown:
        raise utils.ApiError(f"unknown preference(s): {', '.join(sorted(unknown))}", 400)
    prefs = get_preferences(user_id)
    prefs.update({k: bool(v) for k, v in changes.items()})
    db.execute(
        "INSERT INTO notification_preferences (user_id, receipts, marketing, product) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(user_id) DO UPDATE SET receipts = excluded.receipts,"
        " marketing = excluded.marketing, product = excluded.product",
        (user_id, int(prefs["receipts"]), int(prefs["marketing"]), int(prefs["product"])),
    )
    return prefs


def send(user_id: int, kind: str, **context: Any) -> dict[str, Any] | None:
    """Render and queue an email.  Returns the outbox row, or None if skipped."""
    user = _recipient(user_id)
    if user is None:
        return None
    if kind not in templates.ALWAYS_SEND and not get_preferences(user_id)[templates.category_for(kind)]:
        return None
    context.setdefault("name", user["display_name"])
    subject, body = templates.render(kind, **context)
    body += templates.footer(_current_plan_name(user_id))
    created = utils.now_iso()
    outbox_id = db.execute(
        "INSERT INTO email_outbox (user_id, to_addr, kind, subject, body, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (user_id, user["email"], kind, subject, body, created),
    )
    return {"id": outbox_id, "to": user["email"], "kind": kind, "subject": subject, "created_at": created}


def send_signup_welcome(user: "User") -> dict[str, Any] | None:
    return send(user.id, "signup_welcome", name=user.display_name)


def send_payment_receipt(user_id: int, payment: dict[str, Any]) -> dict[str, Any] | None:
    return send(user_id, "payment_receipt", amount=utils.format_money(payment["amount_cents"]),
                description=payment["description"], reference=payment["gateway_ref"])


def send_payment_failed(user_id: int, amount_cents: int) -> dict[str, Any] | None:
    return send(user_id, "payment_failed", amount=utils.format_money(amount_cents))


def send_subscription_started(user_id: int, plan_code: str) -> dict[str, Any] | None:
    return send(user_id, "subscription_started", plan_name=plans.plan_name(plan_code))


def send_subscription_changed(user_id: int, old_code: str, new_code: str) -> dict[str, Any] | None:
    return send(user_id, "subscription_changed", plan_name=plans.plan_name(new_code),
                old_plan_name=plans.plan_name(old_code))


def send_subscription_canceled(user_id: int, plan_code: str, access_until: str) -> dict[str, Any] | None:
    return send(user_id, "subscription_canceled", plan_name=plans.plan_name(plan_code),
                access_until=access_until[:10])


def send_digest(titles: list[dict[str, Any]]) -> int:
    """Send the 'new titles' email to everyone who accepts marketing mail."""
    listing = "\n".join(f"- {t['name']} ({t['year']})" for t in titles) or "- nothing new, sorry!"
    user_ids = [r["id"] for r in db.query(
        "SELECT u.id FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id"
        " WHERE COALESCE(p.marketing, 1) = 1 ORDER BY u.id"
    )]
    sent = 0
    for user_id in user_ids:
        if send(user_id, "new_titles_digest", titles=listing):
            sent += 1
    return sent


def outbox(user_id: int | None = None, kind: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    sql = "SELECT * FROM email_outbox WHERE 1 = 1"
    params: list[Any] = []
    if user_id is not None:
        sql += " AND user_id = ?"
        params.append(user_id)
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(limit)
    return db.query(sql, params)
