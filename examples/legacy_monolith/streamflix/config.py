"""Application settings.

Settings are read from the environment when this module is imported (the
``settings`` dict below) and again by ``load_settings()`` when an app is
created, so tests can pass overrides to ``create_app()``.
"""
from __future__ import annotations

import os
from typing import Any

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DB_PATH = os.path.join(os.path.dirname(PACKAGE_DIR), "streamflix.db")

VERSION = "4.12.3"


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in ("1", "true", "yes", "on")


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        return default


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the Flask config dict from the environment plus ``overrides``."""
    values: dict[str, Any] = {
        "DATABASE": os.environ.get("STREAMFLIX_DB", DEFAULT_DB_PATH),
        "SECRET_KEY": os.environ.get("STREAMFLIX_SECRET", "dev-not-so-secret"),
        # ISO-8601 timestamp. When set, utils.now() always returns it.
        "FROZEN_NOW": os.environ.get("STREAMFLIX_NOW") or None,
        "CURRENCY": os.environ.get("STREAMFLIX_CURRENCY", "USD"),
        "SESSION_TTL_HOURS": _env_int("STREAMFLIX_SESSION_TTL_HOURS", 72),
        "MAX_PAGE_SIZE": _env_int("STREAMFLIX_MAX_PAGE_SIZE", 50),
        "MAIL_FROM": os.environ.get("STREAMFLIX_MAIL_FROM", "no-reply@streamflix.test"),
        # The fake gateway declines anything above this amount.
        "GATEWAY_DECLINE_OVER_CENTS": _env_int("STREAMFLIX_GATEWAY_LIMIT", 50_000),
        "CDN_BASE_URL": os.environ.get("STREAMFLIX_CDN", "https://cdn.streamflix.test"),
        "SEED_DEMO_DATA": _env_bool("STREAMFLIX_SEED", True),
    }
    if overrides:
        values.update(overrides)
    return values


# Module-level copy used when code runs outside of a Flask app context
# (cron scripts, the old billing renewal job, a REPL ...).
settings: dict[str, Any] = load_settings()
