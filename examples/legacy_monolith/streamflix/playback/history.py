"""Watch history (the recommendations team reads this table directly)."""
from __future__ import annotations

from typing import Any

from streamflix import db
from streamflix.common import utils


def record_start(user_id: int, title_id: int, episode_id: int | None, device: str) -> int:
    return db.execute(
        "INSERT INTO watch_history (user_id, title_id, episode_id, device, started_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (user_id, title_id, episode_id, device, utils.now_iso()),
    )


def record_stop(entry_id: int, position_s: int, completed: bool) -> None:
    db.execute(
        "UPDATE watch_history SET stopped_at = ?, position_s = ?, completed = ? WHERE id = ?",
        (utils.now_iso(), position_s, int(completed), entry_id),
    )


def get_entry(entry_id: int) -> dict[str, Any] | None:
    return db.query_one("SELECT * FROM watch_history WHERE id = ?", (entry_id,))


def open_streams(user_id: int) -> list[dict[str, Any]]:
    return db.query(
        "SELECT id, title_id, device, started_at FROM watch_history"
        " WHERE user_id = ? AND stopped_at IS NULL ORDER BY id",
        (user_id,),
    )


def list_history(user_id: int, limit: int = 50) -> list[dict[str, Any]]:
    return db.query(
        "SELECT h.id, h.title_id, t.slug, t.name, h.episode_id, e.season, e.number, h.device,"
        " h.started_at, h.stopped_at, h.position_s, h.completed"
        " FROM watch_history h JOIN titles t ON t.id = h.title_id"
        " LEFT JOIN episodes e ON e.id = h.episode_id"
        " WHERE h.user_id = ? ORDER BY h.started_at DESC, h.id DESC LIMIT ?",
        (user_id, limit),
    )


def continue_watching(user_id: int) -> list[dict[str, Any]]:
    """Latest unfinished entry per title."""
    return db.query(
        "SELECT h.id, t.slug, t.name, h.episode_id, h.position_s, h.started_at"
        " FROM watch_history h JOIN titles t ON t.id = h.title_id"
        " WHERE h.user_id = ? AND h.completed = 0 AND h.position_s > 0"
        " AND h.id = (SELECT MAX(h2.id) FROM watch_history h2"
        "             WHERE h2.user_id = h.user_id AND h2.title_id = h.title_id)"
        " ORDER BY h.started_at DESC",
        (user_id,),
    )


def delete_entry(user_id: int, entry_id: int) -> bool:
    return db.execute("DELETE FROM watch_history WHERE id = ? AND user_id = ?", (entry_id, user_id)) > 0
