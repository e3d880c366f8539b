"""Grab-bag of helpers used all over the app.

Please think twice before adding more here.  (Everyone adds more here.)
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import unicodedata
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable, TypeVar

from flask import current_app, g, has_app_context, jsonify, request

from streamflix import config, db

F = TypeVar("F", bound=Callable[..., Any])

CURRENCY_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€"}


class ApiError(Exception):
    """Raised anywhere; turned into a JSON error response by the app."""

    def __init__(self, message: str, status: int = 400, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code or {400: "bad_request", 401: "unauthorized", 402: "payment_required",
                             403: "forbidden", 404: "not_found", 409: "conflict"}.get(status, "error")

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message}


# ---------------------------------------------------------------- time ----

def setting(name: str, default: Any = None) -> Any:
    if has_app_context():
        return current_app.config.get(name, default)
    return config.settings.get(name, default)


def now() -> datetime:
    """Current UTC time, or FROZEN_NOW / $STREAMFLIX_NOW when configured."""
    frozen = setting("FROZEN_NOW") or os.environ.get("STREAMFLIX_NOW")
    if frozen:
        return parse_iso(frozen)
    return datetime.now(timezone.utc).replace(microsecond=0)


def iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.isoformat()


def parse_iso(value: str) -> datetime:
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt


def now_iso() -> str:
    return iso(now())  # type: ignore[return-value]


def add_days(value: str, days: int) -> str:
    return iso(parse_iso(value) + timedelta(days=days))  # type: ignore[return-value]


def days_between(start: str, end: str) -> int:
    return (parse_iso(end) - parse_iso(start)).days


# --------------------------------------------------------------- money ----

def format_money(cents: int, currency: str | None = None) -> str:
    currency = currency or setting("CURRENCY", "USD")
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{symbol}{cents // 100:,}.{cents % 100:02d}"


def cents_from_str(value: str | int | float) -> int:
    """'12.99' -> 1299.  Accepts ints (already cents) for old callers."""
    if isinstance(value, int):
        return value
    return int(round(float(str(value).replace(",", "").lstrip("$£€")) * 100))


# ------------------------------------------------------------- strings ----

def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text or "untitled"


def truncate(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


def is_valid_email(value: str) -> bool:
    return bool(EMAIL_RE.match(value or ""))


def hash_password(password: str, salt: str) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.lower().encode(), 1000)
    return "pbkdf2$" + digest.hex()


def check_password(password: str, salt: str, hashed: str) -> bool:
    return hmac.compare_digest(hash_password(password, salt), hashed)


def stable_token(*parts: Any, length: int = 32) -> str:
    """Deterministic opaque token derived from SECRET_KEY and ``parts``."""
    secret = str(setting("SECRET_KEY", "dev"))
    raw = ":".join(str(p) for p in parts)
    return hmac.new(secret.encode(), raw.encode(), hashlib.sha256).hexdigest()[:length]


# ---------------------------------------------------------------- http ----

def json_response(data: Any, status: int = 200):
    response = jsonify(data)
    response.status_code = status
    return response


def error_response(message: str, status: int = 400):
    return json_response(ApiError(message, status).to_dict(), status)


def get_json_body(*required: str) -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        body = {}
    missing = [name for name in required if body.get(name) in (None, "")]
    if missing:
        raise ApiError(f"missing field(s): {', '.join(missing)}", 400)
    return body


def int_arg(name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    try:
        value = int(request.args.get(name, default))
    except (TypeError, ValueError):
        raise ApiError(f"{name} must be an integer", 400)
    value = max(minimum, value)
    return min(value, maximum) if maximum is not None else value


def paginate(items: list[Any], page: int = 1, per_page: int = 20) -> dict[str, Any]:
    per_page = max(1, min(per_page, int(setting("MAX_PAGE_SIZE", 50))))
    page = max(1, page)
    start = (page - 1) * per_page
    return {
        "items": items[start : start + per_page],
        "page": page,
        "per_page": per_page,
        "total": len(items),
        "pages": (len(items) + per_page - 1) // per_page,
    }


def pick(row: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    return {k: row[k] for k in keys if k in row}


# ---------------------------------------------------------------- auth ----

def _token_from_request() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("X-Session-Token")


def current_user_id() -> int | None:
    """Resolve the session token to a user id (reads the sessions table)."""
    if "user_id" in g:
        return g.user_id
    token = _token_from_request()
    if not token:
        return None
    row = db.query_one(
        "SELECT s.user_id, u.is_admin FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token = ? AND s.expires_at > ?",
        (token, now_iso()),
    )
    if row is None:
        return None
    g.user_id = row["user_id"]
    g.is_admin = bool(row["is_admin"])
    g.session_token = token
    return g.user_id


def require_user(view: F) -> F:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any):
        if current_user_id() is None:
            raise ApiError("login required", 401)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def require_admin(view: F) -> F:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any):
        if current_user_id() is None:
            raise ApiError("login required", 401)
        if not g.get("is_admin"):
            raise ApiError("admin only", 403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
