"""Invoices: one per successful subscription charge."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from streamflix import db
from streamflix.billing import audit
from streamflix.common import utils

if TYPE_CHECKING:
    from streamflix.models.billing import Invoice


def next_invoice_number(issued_at: str) -> str:
    year = issued_at[:4]
    count = int(db.scalar("SELECT COUNT(*) FROM invoices WHERE number LIKE ?", (f"SF-{year}-%",)) or 0)
    return f"SF-{year}-{count + 1:06d}"


def _serialize(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["total_display"] = utils.format_money(row["total_cents"])
    return row


def invoice_to_dict(invoice: "Invoice") -> dict[str, Any]:
    return _serialize(invoice.to_dict())


def create_invoice(user_id: int, payment: dict[str, Any], subtotal_cents: int, tax_cents: int,
                   subscription_id: int | None = None) -> dict[str, Any]:
    issued_at = utils.now_iso()
    number = next_invoice_number(issued_at)
    invoice_id = db.execute(
        "INSERT INTO invoices (number, user_id, subscription_id, payment_id, subtotal_cents, tax_cents,"
        " total_cents, status, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (number, user_id, subscription_id, payment["id"], subtotal_cents, tax_cents,
         subtotal_cents + tax_cents, "paid" if payment["status"] == "succeeded" else "open", issued_at),
    )
    audit.record("invoice.issued", "invoice", invoice_id, user_id,
                 {"number": number, "total_cents": subtotal_cents + tax_cents})
    invoice = db.query_one("SELECT * FROM invoices WHERE id = ?", (invoice_id,))
    return _serialize(invoice)  # type: ignore[arg-type]


def list_invoices(user_id: int) -> list[dict[str, Any]]:
    rows = db.query("SELECT * FROM invoices WHERE user_id = ? ORDER BY issued_at DESC, id DESC", (user_id,))
    return [_serialize(r) for r in rows]


def get_invoice(number: str, user_id: int | None = None) -> dict[str, Any] | None:
    sql = "SELECT * FROM invoices WHERE number = ?"
    params: list[Any] = [number]
    if user_id is not None:
        sql += " AND user_id = ?"
        params.append(user_id)
    row = db.query_one(sql, params)
    return _serialize(row) if row else None


def get_invoice_model(number: str) -> "Invoice | None":
    # Imported here to dodge a circular import that no longer exists (2021).
    from streamflix.models.billing import Invoice

    return Invoice.first(number=number)


def render_invoice_text(number: str) -> str:
    invoice = get_invoice(number)
    if invoice is None:
        raise utils.ApiError("invoice not found", 404)
    customer = db.query_one("SELECT email, display_name, country FROM users WHERE id = ?",
                            (invoice["user_id"],)) or {}
    lines = [
        f"StreamFlix invoice {invoice['number']}",
        f"Issued: {invoice['issued_at'][:10]}",
        f"Bill to: {customer.get('display_name', '?')} <{customer.get('email', '?')}> ({customer.get('country', '?')})",
        "",
        f"Subtotal: {utils.format_money(invoice['subtotal_cents'])}",
        f"Tax:      {utils.format_money(invoice['tax_cents'])}",
        f"Total:    {utils.format_money(invoice['total_cents'])}",
        f"Status:   {invoice['status']}",
    ]
    return "\n".join(lines)
