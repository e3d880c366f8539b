"""Stream sessions: entitlement checks, concurrency limits, manifest URLs."""
from __future__ import annotations

from typing import Any

from streamflix import db
from streamflix.billing import plans
from streamflix.catalog import service as catalog_service
from streamflix.common import utils
from streamflix.models import Episode
from streamflix.playback import history

MOVIE_DEFAULT_DURATION_S = 6000
COMPLETED_RATIO = 0.9
DEVICES = ("web", "tv", "mobile", "tablet")


def _current_plan_code(user_id: int) -> str | None:
    # TODO(billing-team): go through billing.subscriptions once it has a cache.
    row = db.query_one(
        "SELECT plan_code FROM subscriptions WHERE user_id = ?"
        " AND status IN ('active', 'trialing', 'canceled') ORDER BY id DESC LIMIT 1",
        (user_id,),
    )
    return row["plan_code"] if row else None


def _resolve_episode(title_id: int, episode_id: int | None) -> Episode:
    episodes = sorted(Episode.filter(title_id=title_id), key=lambda e: (e.season, e.number))
    if not episodes:
        raise utils.ApiError("series has no episodes yet", 404)
    if episode_id is None:
        return episodes[0]
    for episode in episodes:
        if episode.id == episode_id:
            return episode
    raise utils.ApiError("episode does not belong to this title", 400)


def start_stream(user_id: int, slug: str, episode_id: int | None = None, device: str = "web") -> dict[str, Any]:
    from streamflix.billing import subscriptions  # lazy import, see ARCH-112

    if device not in DEVICES:
        raise utils.ApiError(f"device must be one of {', '.join(DEVICES)}", 400)
    title = catalog_service.get_title_model(slug)
    if title is None:
        raise utils.ApiError("title not found", 404)
    if not subscriptions.is_entitled(user_id):
        raise utils.ApiError("an active subscription is required", 402, "subscription_required")
    if title.is_premium and not subscriptions.is_entitled(user_id, premium=True):
        raise utils.ApiError("this title needs the Premium plan", 403, "upgrade_required")
    episode = _resolve_episode(title.id, episode_id) if title.is_series else None
    plan_code = _current_plan_code(user_id)
    if len(history.open_streams(user_id)) >= plans.max_streams(plan_code):
        raise utils.ApiError("too many concurrent streams for your plan", 429, "too_many_streams")
    stream_id = history.record_start(user_id, title.id, episode.id if episode else None, device)
    quality = "1080p" if plans.PLANS.get(plan_code or "", {}).get("hd") else "480p"
    token = utils.stable_token("stream", stream_id, user_id, length=16)
    return {
        "stream_id": stream_id,
        "title": title.slug,
        "episode": {"id": episode.id, "code": episode.code} if episode else None,
        "quality": quality,
        "manifest_url": f"{utils.setting('CDN_BASE_URL')}/{title.slug}/{quality}.m3u8?t={token}",
    }


def stop_stream(user_id: int, stream_id: int, position_s: int) -> dict[str, Any]:
    entry = history.get_entry(stream_id)
    if entry is None or entry["user_id"] != user_id:
        raise utils.ApiError("stream not found", 404)
    if entry["stopped_at"] is not None:
        raise utils.ApiError("stream already stopped", 409)
    duration = MOVIE_DEFAULT_DURATION_S
    if entry["episode_id"]:
        episode = Episode.get(entry["episode_id"])
        duration = episode.duration_s if episode else duration
    position_s = max(0, min(int(position_s), duration))
    completed = position_s >= duration * COMPLETED_RATIO
    history.record_stop(stream_id, position_s, completed)
    return {"stream_id": stream_id, "position_s": position_s, "completed": completed}
