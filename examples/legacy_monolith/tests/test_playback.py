def test_premium_user_can_stream_premium_title(client, alice):
    resp = client.post("/playback/start", json={"title": "neon-circuit", "device": "tv"}, headers=alice)
    assert resp.status_code == 201
    data = resp.get_json()
    assert data["quality"] == "1080p"
    assert data["episode"]["code"] == "S01E01"
    assert data["manifest_url"].startswith("https://cdn.streamflix.test/neon-circuit/1080p.m3u8?t=")


def test_basic_plan_cannot_stream_premium_title(client, bob):
    resp = client.post("/playback/start", json={"title": "neon-circuit"}, headers=bob)
    assert resp.status_code == 403
    assert resp.get_json()["error"] == "upgrade_required"


def test_no_subscription_means_payment_required(client, carol):
    resp = client.post("/playback/start", json={"title": "the-last-harbor"}, headers=carol)
    assert resp.status_code == 402


def test_concurrent_stream_limit(client, bob):
    first = client.post("/playback/start", json={"title": "the-last-harbor"}, headers=bob)
    assert first.status_code == 201
    assert first.get_json()["quality"] == "480p"
    second = client.post("/playback/start", json={"title": "laugh-track"}, headers=bob)
    assert second.status_code == 429
    client.post("/playback/stop", json={"stream_id": first.get_json()["stream_id"], "position_s": 10}, headers=bob)
    assert client.post("/playback/start", json={"title": "laugh-track"}, headers=bob).status_code == 201


def test_stop_and_history(client, bob):
    stream_id = client.post("/playback/start", json={"title": "quiet-fields"}, headers=bob).get_json()["stream_id"]
    resp = client.post("/playback/stop", json={"stream_id": stream_id, "position_s": 5900}, headers=bob)
    assert resp.get_json() == {"stream_id": stream_id, "position_s": 5900, "completed": True}
    assert client.post("/playback/stop", json={"stream_id": stream_id}, headers=bob).status_code == 409
    history = client.get("/playback/history", headers=bob).get_json()["history"]
    assert history[0]["slug"] == "quiet-fields" and history[0]["completed"] == 1


def test_continue_watching_and_delete(client, bob):
    items = client.get("/playback/continue", headers=bob).get_json()["items"]
    assert [i["slug"] for i in items] == ["office-hours"]
    assert client.delete(f"/playback/history/{items[0]['id']}", headers=bob).status_code == 200
    assert client.get("/playback/continue", headers=bob).get_json()["items"] == []
    assert client.delete(f"/playback/history/{items[0]['id']}", headers=bob).status_code == 404
