def test_register_and_profile(client):
    resp = client.post("/accounts/register", json={
        "email": "Erin@Example.com", "password": "longenough", "display_name": "Erin", "country": "fr"})
    assert resp.status_code == 201
    data = resp.get_json()
    assert data["user"]["email"] == "erin@example.com"
    assert "password_hash" not in data["user"]
    me = client.get("/accounts/me", headers={"Authorization": f"Bearer {data['token']}"}).get_json()
    assert me["user"]["country"] == "FR"
    assert me["subscription"] is None


def test_register_validation(client):
    assert client.post("/accounts/register", json={"email": "bad", "password": "longenough"}).status_code == 400
    assert client.post("/accounts/register", json={"email": "x@y.com", "password": "short"}).status_code == 400
    resp = client.post("/accounts/register", json={"email": "alice@example.com", "password": "longenough"})
    assert resp.status_code == 409
    assert resp.get_json()["error"] == "email_taken"


def test_register_sends_welcome_email(client):
    token = client.post("/accounts/register", json={"email": "fay@example.com", "password": "longenough"}).get_json()["token"]
    messages = client.get("/notifications/outbox", headers={"Authorization": f"Bearer {token}"}).get_json()["messages"]
    assert [m["kind"] for m in messages] == ["signup_welcome"]
    assert "Your plan: Free" in messages[0]["body"]


def test_auth_failures(client):
    resp = client.post("/accounts/login", json={"email": "alice@example.com", "password": "wrong"})
    assert resp.status_code == 401
    assert client.get("/accounts/me").status_code == 401
    assert client.get("/accounts/me", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_profile_shows_billing_data(client, alice):
    me = client.get("/accounts/me", headers=alice).get_json()
    assert me["subscription"]["plan_code"] == "premium"
    assert me["subscriber_since"] == "2023-11-15T00:00:00+00:00"
    assert me["titles_watched"] == 3


def test_update_profile(client, bob):
    resp = client.patch("/accounts/me", json={"display_name": "Robert", "country": "CA"}, headers=bob)
    assert resp.status_code == 200
    assert resp.get_json()["user"]["display_name"] == "Robert"
    assert client.patch("/accounts/me", json={"country": "XX"}, headers=bob).status_code == 400


def test_logout_invalidates_token(client, bob):
    assert client.post("/accounts/logout", headers=bob).get_json() == {"logged_out": True}
    assert client.get("/accounts/me", headers=bob).status_code == 401


def test_delete_account_cancels_subscription(client, bob, login):
    resp = client.delete("/accounts/me", headers=bob)
    assert resp.status_code == 200
    assert resp.get_json()["canceled_subscription"]["status"] == "canceled"
    resp = client.post("/accounts/login", json={"email": "bob@example.com", "password": "password2"})
    assert resp.status_code == 401
