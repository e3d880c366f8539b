from streamflix.notifications import templates


def test_preferences_roundtrip(client, carol):
    assert client.get("/notifications/preferences", headers=carol).get_json()["preferences"] == {
        "receipts": True, "marketing": True, "product": True}
    resp = client.put("/notifications/preferences", json={"marketing": False}, headers=carol)
    assert resp.get_json()["preferences"]["marketing"] is False
    assert client.get("/notifications/preferences", headers=carol).get_json()["preferences"]["marketing"] is False
    assert client.put("/notifications/preferences", json={"sms": True}, headers=carol).status_code == 400


def test_digest_respects_marketing_opt_out(client, admin, carol):
    assert client.post("/notifications/digest", headers=carol).status_code == 403
    client.put("/notifications/preferences", json={"marketing": False}, headers=carol)
    data = client.post("/notifications/digest?count=2", headers=admin).get_json()
    assert data == {"sent": 4, "titles": ["deep-blue-secrets", "starfall-academy"]}
    assert client.get("/notifications/outbox?kind=new_titles_digest", headers=carol).get_json()["messages"] == []


def test_email_footer_shows_plan_name(client, admin, alice):
    assert client.post("/notifications/test", json={"user_id": 2, "message": "hi"}, headers=admin).status_code == 201
    message = client.get("/notifications/outbox", headers=alice).get_json()["messages"][0]
    assert message["subject"] == "Test email"
    assert message["body"].endswith("Your plan: Premium. Manage emails at /notifications/preferences.")
    subject, body = templates.render("payment_receipt", name="Zed", amount="$1.00", description="x")
    assert subject == "Receipt: $1.00"
    assert "{reference}" in body  # missing values are left as placeholders


def test_receipt_opt_out_but_failures_always_sent(client, dave):
    client.put("/notifications/preferences", json={"receipts": False}, headers=dave)
    client.post("/billing/subscription", json={"plan": "basic"}, headers=dave)
    kinds = [m["kind"] for m in client.get("/notifications/outbox", headers=dave).get_json()["messages"]]
    assert kinds == ["payment_failed"]

