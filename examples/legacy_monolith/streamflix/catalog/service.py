"""Catalog business logic (mostly thin wrappers around the Title model)."""
from __future__ import annotations

from typing import Any

from streamflix import db
from streamflix.common import utils
from streamflix.models import Episode, Title

SORTS = {"name": "name", "year": "-year", "rating": "-rating", "newest": "-created_at"}
MATURITY_RATINGS = ("G", "PG", "PG-13", "R", "TV-PG", "TV-14", "TV-MA")


def _episode_count(title_id: int) -> int:
    return Episode.count(title_id=title_id)


def title_to_dict(title: Title, with_episodes: bool = False) -> dict[str, Any]:
    data = title.to_dict()
    if title.is_series:
        data["episode_count"] = _episode_count(title.id)
        if with_episodes:
            data["seasons"] = episodes_by_season(title)
    return data


def list_titles(genre: str | None = None, kind: str | None = None, sort: str = "name") -> list[dict[str, Any]]:
    criteria: dict[str, Any] = {}
    if genre:
        criteria["genre"] = genre.lower()
    if kind:
        if kind not in Title.KINDS:
            raise utils.ApiError(f"kind must be one of {', '.join(Title.KINDS)}", 400)
        criteria["kind"] = kind
    order = SORTS.get(sort)
    if order is None:
        raise utils.ApiError(f"sort must be one of {', '.join(SORTS)}", 400)
    return [title_to_dict(t) for t in Title.filter(order_by=order, **criteria)]


def get_title_model(slug: str) -> Title | None:
    return Title.by_slug(slug)


def get_title(slug: str) -> dict[str, Any] | None:
    title = get_title_model(slug)
    return title_to_dict(title, with_episodes=True) if title else None


def episodes_by_season(title: Title) -> list[dict[str, Any]]:
    seasons: dict[int, list[dict[str, Any]]] = {}
    for episode in title.episodes():
        item = episode.to_dict()
        item["code"] = episode.code
        seasons.setdefault(episode.season, []).append(item)
    return [{"season": s, "episodes": eps} for s, eps in sorted(seasons.items())]


def genres() -> list[dict[str, Any]]:
    return db.query("SELECT genre, COUNT(*) AS titles FROM titles GROUP BY genre ORDER BY genre")


def newest_titles(count: int = 5) -> list[dict[str, Any]]:
    return [title_to_dict(t) for t in Title.filter(order_by="-created_at", limit=count)]


def create_title(data: dict[str, Any]) -> dict[str, Any]:
    name = str(data.get("name", "")).strip()
    if not name:
        raise utils.ApiError("name is required", 400)
    slug = utils.slugify(data.get("slug") or name)
    if Title.by_slug(slug):
        raise utils.ApiError(f"slug '{slug}' already exists", 409)
    kind = data.get("kind", "movie")
    if kind not in Title.KINDS:
        raise utils.ApiError("invalid kind", 400)
    maturity = data.get("maturity", "PG")
    if maturity not in MATURITY_RATINGS:
        raise utils.ApiError("invalid maturity rating", 400)
    title = Title.create(
        slug=slug, name=name, kind=kind, genre=str(data.get("genre", "drama")).lower(),
        year=int(data.get("year", utils.now().year)), rating=float(data.get("rating", 0)),
        maturity=maturity, premium=int(bool(data.get("premium", False))),
        description=str(data.get("description", "")), created_at=utils.now_iso(),
    )
    return title_to_dict(title)


def update_title(slug: str, changes: dict[str, Any]) -> dict[str, Any]:
    title = Title.by_slug(slug)
    if title is None:
        raise utils.ApiError("title not found", 404)
    for field in ("name", "genre", "description", "maturity", "rating", "premium"):
        if field in changes:
            value = changes[field]
            if field == "premium":
                value = int(bool(value))
            elif field == "maturity" and value not in MATURITY_RATINGS:
                raise utils.ApiError("invalid maturity rating", 400)
            setattr(title, field, value)
    title.save()
    return title_to_dict(title)
