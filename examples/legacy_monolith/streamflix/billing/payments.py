"""Charging customers through the (fake) payment gateway."""
from __future__ import annotations

from typing import Any

from streamflix import db
from streamflix.billing import audit
from streamflix.common import utils
from streamflix.notifications import email as notify  # receipts; notifications imports billing back


class FakeGateway:
    """Stand-in for the real processor.  Fully deterministic.

    Declines when the customer's email contains "+decline", when the amount
    is not positive, or when it is above GATEWAY_DECLINE_OVER_CENTS.
    """

    name = "fakepay"

    def __init__(self, decline_over_cents: int) -> None:
        self.decline_over_cents = decline_over_cents

    def charge(self, customer_email: str, amount_cents: int, idempotency_key: str) -> dict[str, Any]:
        if amount_cents <= 0:
            return {"ok": False, "decline_code": "invalid_amount"}
        if "+decline" in customer_email:
            return {"ok": False, "decline_code": "card_declined"}
        if amount_cents > self.decline_over_cents:
            return {"ok": False, "decline_code": "amount_too_large"}
        return {"ok": True, "ref": "ch_" + utils.stable_token("charge", idempotency_key, length=12)}

    def refund(self, charge_ref: str, amount_cents: int) -> dict[str, Any]:
        return {"ok": True, "ref": "re_" + utils.stable_token("refund", charge_ref, amount_cents, length=12)}


def gateway() -> FakeGateway:
    return FakeGateway(int(utils.setting("GATEWAY_DECLINE_OVER_CENTS", 50_000)))


def _serialize(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["amount_display"] = utils.format_money(row["amount_cents"], row["currency"])
    return row


def get_payment(payment_id: int) -> dict[str, Any] | None:
    row = db.query_one("SELECT * FROM payments WHERE id = ?", (payment_id,))
    return _serialize(row) if row else None


def list_payments(user_id: int) -> list[dict[str, Any]]:
    rows = db.query("SELECT * FROM payments WHERE user_id = ? ORDER BY id DESC", (user_id,))
    return [_serialize(r) for r in rows]


def charge(user_id: int, amount_cents: int, description: str, subscription_id: int | None = None) -> dict[str, Any]:
    """Charge a user.  Always records a payments row, succeeded or failed."""
    customer = db.query_one("SELECT id, email FROM users WHERE id = ?", (user_id,))
    if customer is None:
        raise utils.ApiError(f"user {user_id} not found", 404)
    sequence = int(db.scalar("SELECT COUNT(*) FROM payments") or 0) + 1
    result = gateway().charge(customer["email"], amount_cents, f"{user_id}:{sequence}:{amount_cents}")
    status = "succeeded" if result["ok"] else "failed"
    currency = utils.setting("CURRENCY", "USD")
    payment_id = db.execute(
        "INSERT INTO payments (user_id, subscription_id, amount_cents, currency, status, gateway_ref,"
        " description, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (user_id, subscription_id, amount_cents, currency, status,
         result.get("ref") or "declined:" + result["decline_code"], description, utils.now_iso()),
    )
    audit.record(f"payment.{status}", "payment", payment_id, user_id,
                 {"amount_cents": amount_cents, "description": description,
                  "decline_code": result.get("decline_code")})
    payment = get_payment(payment_id)
    assert payment is not None
    if result["ok"]:
        notify.send_payment_receipt(user_id, payment)
    else:
        payment["decline_code"] = result["decline_code"]
    return payment


def refund(payment_id: int, reason: str = "requested_by_customer") -> dict[str, Any]:
    payment = get_payment(payment_id)
    if payment is None:
        raise utils.ApiError("payment not found", 404)
    if payment["status"] != "succeeded":
        raise utils.ApiError(f"cannot refund a {payment['status']} payment", 409)
    result = gateway().refund(payment["gateway_ref"], payment["amount_cents"])
    with db.transaction():
        db.execute("UPDATE payments SET status = 'refunded' WHERE id = ?", (payment_id,))
        db.execute("UPDATE invoices SET status = 'refunded' WHERE payment_id = ?", (payment_id,))
        audit.record("payment.refunded", "payment", payment_id, payment["user_id"],
                     {"reason": reason, "refund_ref": result["ref"], "amount_cents": payment["amount_cents"]})
    refunded = get_payment(payment_id)
    assert refunded is not None
    return refunded


def revenue_summary() -> dict[str, Any]:
    rows = db.query(
        "SELECT status, COUNT(*) AS count, COALESCE(SUM(amount_cents), 0) AS total_cents"
        " FROM payments GROUP BY status ORDER BY status"
    )
    by_status = {r["status"]: {"count": r["count"], "total_cents": r["total_cents"]} for r in rows}
    net = by_status.get("succeeded", {}).get("total_cents", 0)
    return {"by_status": by_status, "net_revenue_cents": net, "net_revenue": utils.format_money(net)}
