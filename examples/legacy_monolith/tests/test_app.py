def test_health(client):
    resp = client.get("/health")
    assert resp.status_code == 200
    assert resp.get_json()["status"] == "ok"
    assert resp.get_json()["time"] == "2024-03-01T12:00:00+00:00"


def test_index_lists_routes_and_404_is_json(client):
    paths = {r["path"] for r in client.get("/").get_json()["routes"]}
    assert {"/health", "/billing/plans", "/accounts/login", "/catalog/titles"} <= paths
    resp = client.get("/nope")
    assert resp.status_code == 404
    assert resp.get_json()["error"] == "not_found"
