"""Recommendation scoring, straight off the watch_history and titles tables."""
from __future__ import annotations

from typing import Any

from streamflix import db
from streamflix.common import utils

GENRE_WEIGHT = 10.0
TITLE_COLUMNS = "t.id, t.slug, t.name, t.kind, t.genre, t.year, t.rating, t.premium"


def genre_affinity(user_id: int) -> dict[str, int]:
    rows = db.query(
        "SELECT t.genre, COUNT(*) AS plays FROM watch_history h"
        " JOIN titles t ON t.id = h.title_id WHERE h.user_id = ?"
        " GROUP BY t.genre ORDER BY plays DESC, t.genre",
        (user_id,),
    )
    return {r["genre"]: r["plays"] for r in rows}


def _watched_title_ids(user_id: int) -> set[int]:
    rows = db.query("SELECT DISTINCT title_id FROM watch_history WHERE user_id = ?", (user_id,))
    return {r["title_id"] for r in rows}


def for_user(user_id: int, limit: int = 10) -> list[dict[str, Any]]:
    # Lazy import: billing imports notifications which imports... you get it.
    from streamflix.billing import subscriptions

    affinity = genre_affinity(user_id)
    watched = _watched_title_ids(user_id)
    premium_ok = subscriptions.is_entitled(user_id, premium=True)
    scored = []
    for title in db.query(f"SELECT {TITLE_COLUMNS} FROM titles t ORDER BY t.id"):
        if title["id"] in watched or (title["premium"] and not premium_ok):
            continue
        plays = affinity.get(title["genre"], 0)
        title["score"] = round(plays * GENRE_WEIGHT + title["rating"], 2)
        title["premium"] = bool(title["premium"])
        title["reason"] = f"because you watch {title['genre']}" if plays else "highly rated"
        scored.append(title)
    scored.sort(key=lambda t: (-t["score"], t["id"]))
    return scored[:limit]


def popular(limit: int = 10) -> list[dict[str, Any]]:
    rows = db.query(
        f"SELECT {TITLE_COLUMNS}, COUNT(h.id) AS plays FROM titles t"
        " LEFT JOIN watch_history h ON h.title_id = t.id"
        " GROUP BY t.id ORDER BY plays DESC, t.rating DESC, t.id LIMIT ?",
        (limit,),
    )
    for row in rows:
        row["premium"] = bool(row["premium"])
    return rows


def similar(slug: str, limit: int = 5) -> list[dict[str, Any]]:
    """Titles co-watched with ``slug``, topped up with same-genre titles."""
    base = db.query_one("SELECT id, genre FROM titles WHERE slug = ?", (slug,))
    if base is None:
        raise utils.ApiError("title not found", 404)
    results = db.query(
        f"SELECT {TITLE_COLUMNS}, COUNT(DISTINCT b.user_id) AS overlap FROM watch_history a"
        " JOIN watch_history b ON b.user_id = a.user_id AND b.title_id != a.title_id"
        " JOIN titles t ON t.id = b.title_id"
        " WHERE a.title_id = ? GROUP BY t.id ORDER BY overlap DESC, t.rating DESC, t.id LIMIT ?",
        (base["id"], limit),
    )
    seen = {r["id"] for r in results} | {base["id"]}
    if len(results) < limit:
        for row in db.query(
            f"SELECT {TITLE_COLUMNS}, 0 AS overlap FROM titles t WHERE t.genre = ?"
            " ORDER BY t.rating DESC, t.id",
            (base["genre"],),
        ):
            if row["id"] not in seen and len(results) < limit:
                results.append(row)
                seen.add(row["id"])
    for row in results:
        row["premium"] = bool(row["premium"])
    return results
