"""Title search.  LIKE queries; the Elasticsearch project never shipped."""
from __future__ import annotations

import re
from typing import Any

from streamflix import db
from streamflix.common import utils

STOPWORDS = {"the", "a", "an", "of", "and", "in", "on"}
MIN_TERM_LENGTH = 2


def tokenize(query: str) -> list[str]:
    terms = [t for t in re.split(r"[^a-z0-9]+", query.lower()) if len(t) >= MIN_TERM_LENGTH]
    return [t for t in terms if t not in STOPWORDS]


def _score(row: dict[str, Any], terms: list[str]) -> int:
    score = 0
    name = row["name"].lower()
    for term in terms:
        if term in name:
            score += 3
        if term == row["genre"]:
            score += 2
        if term in row["description"].lower():
            score += 1
    return score


def search(query: str, limit: int = 20, genre: str | None = None) -> list[dict[str, Any]]:
    terms = tokenize(query)
    if not terms:
        return []
    clauses = " OR ".join("(name LIKE ? OR description LIKE ? OR genre = ?)" for _ in terms)
    params: list[Any] = []
    for term in terms:
        params += [f"%{term}%", f"%{term}%", term]
    sql = f"SELECT id, slug, name, kind, genre, year, rating, premium, description FROM titles WHERE ({clauses})"
    if genre:
        sql += " AND genre = ?"
        params.append(genre.lower())
    rows = db.query(sql, params)
    for row in rows:
        row["score"] = _score(row, terms)
        row["premium"] = bool(row["premium"])
        row["description"] = utils.truncate(row["description"], 60)
    rows.sort(key=lambda r: (-r["score"], -r["rating"], r["id"]))
    return rows[:limit]
