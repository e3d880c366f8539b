"""HTTP endpoints for billing.  Mounted at /billing by app.py."""
from __future__ import annotations

from flask import Blueprint, g, request

from streamflix.billing import audit, invoices, payments, plans, subscriptions
from streamflix.common.utils import ApiError, get_json_body, int_arg, json_response, require_admin, require_user

bp = Blueprint("billing", __name__)


@bp.get("/plans")
def list_plans():
    return json_response({"plans": plans.list_plans()})


@bp.route("/subscription", methods=["GET"])
@require_user
def current_subscription():
    return json_response({
        "subscription": subscriptions.get_active_subscription(g.user_id),
        "entitled": subscriptions.is_entitled(g.user_id),
        "history": subscriptions.subscription_history(g.user_id),
    })


@bp.route("/subscription", methods=["POST"])
@require_user
def create_subscription():
    body = get_json_body("plan")
    result = subscriptions.subscribe(g.user_id, str(body["plan"]))
    return json_response(result, 201)


@bp.route("/subscription/change", methods=["POST"])
@require_user
def change_subscription():
    body = get_json_body("plan")
    return json_response(subscriptions.change_plan(g.user_id, str(body["plan"])))


@bp.route("/subscription/cancel", methods=["POST"])
@require_user
def cancel_subscription():
    body = get_json_body()
    sub = subscriptions.cancel_subscription(g.user_id, body.get("reason") or "user_request")
    return json_response({"subscription": sub})


@bp.route("/payments", methods=["GET"])
@require_user
def list_payments():
    return json_response({"payments": payments.list_payments(g.user_id)})


@bp.route("/payments/<int:payment_id>/refund", methods=["POST"])
@require_admin
def refund_payment(payment_id: int):
    body = get_json_body()
    return json_response({"payment": payments.refund(payment_id, body.get("reason") or "admin_refund")})


@bp.route("/invoices", methods=["GET"])
@require_user
def list_invoices():
    return json_response({"invoices": invoices.list_invoices(g.user_id)})


@bp.route("/invoices/<number>", methods=["GET"])
@require_user
def get_invoice(number: str):
    owner = None if g.get("is_admin") else g.user_id
    invoice = invoices.get_invoice(number, owner)
    if invoice is None:
        raise ApiError("invoice not found", 404)
    if request.args.get("format") == "text":
        invoice["text"] = invoices.render_invoice_text(number)
    return json_response({"invoice": invoice})


@require_admin
def audit_log():
    user_id = request.args.get("user_id", type=int)
    entries = audit.recent(int_arg("limit", 50, maximum=500), user_id, request.args.get("action"))
    return json_response({"entries": entries})


bp.add_url_rule("/audit", "audit_log", audit_log, methods=["GET"])


@bp.route("/renewals/run", methods=["POST"])
@require_admin
def run_renewals():
    return json_response({"results": subscriptions.renew_due_subscriptions()})


@bp.route("/revenue", methods=["GET"])
@require_admin
def revenue():
    return json_response(payments.revenue_summary())
