from streamflix.catalog import pricing


def test_list_titles_paginated(client):
    page = client.get("/catalog/titles?per_page=5&page=3").get_json()
    assert page["total"] == 12 and page["pages"] == 3
    assert len(page["items"]) == 2


def test_filter_by_genre_and_sort(client):
    items = client.get("/catalog/titles?genre=scifi&sort=rating").get_json()["items"]
    assert [t["slug"] for t in items] == ["neon-circuit", "midnight-orbit", "starfall-academy"]
    assert client.get("/catalog/titles?sort=bogus").status_code == 400
    genres = {g["genre"]: g["titles"] for g in client.get("/catalog/genres").get_json()["genres"]}
    assert genres["scifi"] == 3 and genres["documentary"] == 2


def test_title_detail_with_episodes(client):
    title = client.get("/catalog/titles/neon-circuit").get_json()["title"]
    assert title["premium"] is True
    assert title["episode_count"] == 6
    seasons = client.get("/catalog/titles/neon-circuit/episodes").get_json()["seasons"]
    assert [s["season"] for s in seasons] == [1, 2]
    assert seasons[0]["episodes"][0]["code"] == "S01E01"
    assert client.get("/catalog/titles/missing").status_code == 404


def test_search_ranks_name_matches_first(client):
    results = client.get("/catalog/search?q=neon circuit").get_json()["results"]
    assert results[0]["slug"] == "neon-circuit"
    assert client.get("/catalog/search").status_code == 400


def test_admin_can_create_and_update_titles(client, admin, bob):
    payload = {"name": "Crème Brûlée Chronicles", "genre": "Reality", "kind": "series"}
    assert client.post("/catalog/titles", json=payload, headers=bob).status_code == 403
    resp = client.post("/catalog/titles", json=payload, headers=admin)
    assert resp.status_code == 201
    assert resp.get_json()["title"]["slug"] == "creme-brulee-chronicles"
    resp = client.patch("/catalog/titles/creme-brulee-chronicles", json={"premium": True}, headers=admin)
    assert resp.get_json()["title"]["premium"] is True


def test_pricing_helpers():
    assert pricing.tax_for(2299, "GB") == 460
    assert pricing.tax_for(1549, "de") == 294
    assert pricing.tax_for(899, "US") == 0
    assert pricing.prorate(899, 2299, 18, 30) == 840
    assert pricing.prorate(2299, 899, 15, 30) == -700
