"""Append-only billing audit trail (finance reads this table directly)."""
from __future__ import annotations

import json
from typing import Any

from flask import g, has_app_context

from streamflix import db
from streamflix.common import utils


def _actor() -> str:
    if has_app_context() and g.get("user_id"):
        return f"user:{g.user_id}"
    return "system"


def record(action: str, entity: str, entity_id: int | None = None, user_id: int | None = None,
           detail: dict[str, Any] | None = None, actor: str | None = None) -> int:
    return db.execute(
        "INSERT INTO billing_audit_log (user_id, actor, action, entity, entity_id, detail, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (user_id, actor or _actor(), action, entity, entity_id,
         json.dumps(detail or {}, sort_keys=True), utils.now_iso()),
    )


def recent(limit: int = 50, user_id: int | None = None, action: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM billing_audit_log WHERE 1 = 1"
    params: list[Any] = []
    if user_id is not None:
        sql += " AND user_id = ?"
        params.append(user_id)
    if action:
        sql += " AND action LIKE ?"
        params.append(action.replace("*", "%"))
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(int(limit))
    rows = db.query(sql, params)
    for row in rows:
        row["detail"] = json.loads(row["detail"] or "{}")
    return rows


def count_for(entity: str, entity_id: int) -> int:
    return int(db.scalar(
        "SELECT COUNT(*) FROM billing_audit_log WHERE entity = ? AND entity_id = ?", (entity, entity_id)
    ) or 0)
