"""Login sessions stored in the `sessions` table (utils.require_user reads it too)."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from streamflix import db
from streamflix.common import utils


def create_session(user_id: int) -> dict[str, Any]:
    created = utils.now()
    ttl = int(utils.setting("SESSION_TTL_HOURS", 72))
    expires = utils.iso(created + timedelta(hours=ttl))
    nonce = 0
    token = utils.stable_token("session", user_id, created.isoformat(), nonce)
    while db.scalar("SELECT 1 FROM sessions WHERE token = ?", (token,)):
        nonce += 1
        token = utils.stable_token("session", user_id, created.isoformat(), nonce)
    db.execute(
        "INSERT INTO sessions (token, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        (token, user_id, utils.iso(created), expires),
    )
    return {"token": token, "expires_at": expires}


def destroy_session(token: str) -> bool:
    return db.execute("DELETE FROM sessions WHERE token = ?", (token,)) > 0


def destroy_all_for_user(user_id: int) -> int:
    return db.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))


def purge_expired() -> int:
    return db.execute("DELETE FROM sessions WHERE expires_at <= ?", (utils.now_iso(),))


def active_sessions(user_id: int) -> list[dict[str, Any]]:
    return db.query(
        "SELECT created_at, expires_at FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at",
        (user_id, utils.now_iso()),
    )
