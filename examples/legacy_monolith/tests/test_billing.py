import json

from streamflix.billing import invoices, payments, subscriptions


def test_plans_and_current_subscription(client, alice):
    plans = client.get("/billing/plans").get_json()["plans"]
    assert [(p["code"], p["price_cents"]) for p in plans] == [("basic", 899), ("standard", 1549), ("premium", 2299)]
    assert plans[0]["price_display"] == "$8.99"
    data = client.get("/billing/subscription", headers=alice).get_json()
    assert data["subscription"]["plan_code"] == "premium"
    assert data["subscription"]["plan_name"] == "Premium"
    assert data["entitled"] is True
    assert client.get("/billing/subscription").status_code == 401


def test_subscribe_charges_with_tax_and_issues_invoice(client, carol, admin):
    resp = client.post("/billing/subscription", json={"plan": "standard"}, headers=carol)
    assert resp.status_code == 201
    data = resp.get_json()
    assert data["subscription"]["status"] == "active"
    assert data["subscription"]["current_period_end"] == "2024-03-31T12:00:00+00:00"
    assert data["payment"]["amount_cents"] == 1843 and data["payment"]["status"] == "succeeded"
    assert data["invoice"]["number"] == "SF-2024-000003"
    assert (data["invoice"]["subtotal_cents"], data["invoice"]["tax_cents"]) == (1549, 294)
    actions = [e["action"] for e in client.get("/billing/audit?user_id=4", headers=admin).get_json()["entries"]]
    assert actions == ["subscription.activated", "invoice.issued", "payment.succeeded", "subscription.created"]
    kinds = [m["kind"] for m in client.get("/notifications/outbox", headers=carol).get_json()["messages"]]
    assert kinds == ["subscription_started", "payment_receipt"]


def test_declined_card(client, dave):
    resp = client.post("/billing/subscription", json={"plan": "basic"}, headers=dave)
    assert resp.status_code == 402
    assert resp.get_json()["error"] == "payment_declined"
    payment = client.get("/billing/payments", headers=dave).get_json()["payments"][0]
    assert payment["status"] == "failed" and payment["gateway_ref"] == "declined:card_declined"
    assert client.get("/billing/subscription", headers=dave).get_json()["entitled"] is False


def test_cannot_subscribe_twice_or_to_unknown_plan(client, alice, carol):
    assert client.post("/billing/subscription", json={"plan": "basic"}, headers=alice).status_code == 409
    resp = client.post("/billing/subscription", json={"plan": "gold"}, headers=carol)
    assert resp.status_code == 400 and resp.get_json()["error"] == "unknown_plan"


def test_upgrade_is_prorated(client, bob):
    resp = client.post("/billing/subscription/change", json={"plan": "premium"}, headers=bob)
    assert resp.status_code == 200
    data = resp.get_json()
    assert data["prorated_cents"] == 840
    assert data["payment"]["amount_cents"] == 840
    assert data["subscription"]["plan_code"] == "premium"
    assert client.post("/playback/start", json={"title": "neon-circuit"}, headers=bob).status_code == 201


def test_downgrade_gives_credit_without_charge(client, alice):
    data = client.post("/billing/subscription/change", json={"plan": "basic"}, headers=alice).get_json()
    assert data["prorated_cents"] == -607
    assert data["payment"] is None


def test_cancel_keeps_access_until_period_end(client, bob):
    resp = client.post("/billing/subscription/cancel", json={"reason": "too expensive"}, headers=bob)
    assert resp.get_json()["subscription"]["status"] == "canceled"
    data = client.get("/billing/subscription", headers=bob).get_json()
    assert data["subscription"] is None and data["entitled"] is True
    assert client.post("/billing/subscription/cancel", headers=bob).status_code == 404


def test_renewal_job(app, client, login, bob):
    assert client.post("/billing/renewals/run", headers=bob).status_code == 403
    client.post("/billing/subscription/cancel", headers=bob)
    app.config["FROZEN_NOW"] = "2024-03-21T00:00:00+00:00"
    admin = login("admin@streamflix.test")  # earlier sessions have expired by now
    results = client.post("/billing/renewals/run", headers=admin).get_json()["results"]
    assert results == [
        {"subscription_id": 1, "outcome": "renewed", "until": "2024-04-14T00:00:00+00:00"},
        {"subscription_id": 2, "outcome": "expired"},
    ]


def test_invoices(client, alice, bob):
    listed = client.get("/billing/invoices", headers=alice).get_json()["invoices"]
    assert [i["number"] for i in listed] == ["SF-2024-000001"]
    invoice = client.get("/billing/invoices/SF-2024-000001?format=text", headers=alice).get_json()["invoice"]
    assert "Total:    $27.59" in invoice["text"]
    assert client.get("/billing/invoices/SF-2024-000001", headers=bob).status_code == 404


def test_admin_refund_and_revenue(client, admin, alice):
    assert client.post("/billing/payments/1/refund", headers=alice).status_code == 403
    resp = client.post("/billing/payments/1/refund", json={"reason": "goodwill"}, headers=admin)
    assert resp.get_json()["payment"]["status"] == "refunded"
    assert client.post("/billing/payments/1/refund", headers=admin).status_code == 409
    invoice = client.get("/billing/invoices/SF-2024-000001", headers=alice).get_json()["invoice"]
    assert invoice["status"] == "refunded"
    revenue = client.get("/billing/revenue", headers=admin).get_json()
    assert revenue["net_revenue_cents"] == 899


def test_public_functions_are_json_friendly(app):
    """Other packages call these directly; they must stay plain data."""
    with app.app_context():
        assert subscriptions.is_entitled(2, premium=True) is True
        assert subscriptions.is_entitled(3, premium=True) is False
        assert subscriptions.is_entitled(4) is False
        active = subscriptions.get_active_subscription(2)
        charged = payments.charge(3, 500, "Gift card")
        listed = invoices.list_invoices(2)
        json.dumps([active, charged, listed])
        assert charged["status"] == "succeeded" and charged["gateway_ref"].startswith("ch_")
        assert subscriptions.get_active_subscription(4) is None
        assert subscriptions.get_subscription_model(2).plan_code == "premium"
