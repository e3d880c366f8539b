def test_recommendations_skip_watched_titles(client, alice):
    items = client.get("/recommendations/", headers=alice).get_json()["items"]
    slugs = [i["slug"] for i in items]
    assert "neon-circuit" not in slugs and "midnight-orbit" not in slugs
    assert items[0]["slug"] == "deep-blue-secrets"  # premium is fine for alice
    assert items[0]["reason"] == "highly rated"


def test_recommendations_hide_premium_for_basic_plan(client, bob):
    items = client.get("/recommendations/", headers=bob).get_json()["items"]
    assert items and not any(i["premium"] for i in items)
    assert items[0]["slug"] == "quiet-fields"
    assert items[0]["reason"] == "because you watch drama"


def test_popular_and_similar(client):
    popular = client.get("/recommendations/popular?limit=3").get_json()["items"]
    assert popular[0]["plays"] == 1
    similar = client.get("/recommendations/similar/neon-circuit").get_json()["items"]
    assert {"midnight-orbit", "starfall-academy"} <= {s["slug"] for s in similar}
    assert client.get("/recommendations/similar/nope").status_code == 404
