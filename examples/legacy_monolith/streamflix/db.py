"""Shared SQLite access layer.

Every package talks to the same database file through these helpers.  Inside
a request the connection lives on ``flask.g``; outside an app context we keep
one connection per thread (the renewal cron job uses that path).
"""
from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from typing import Any, Iterator, Sequence

from flask import Flask, current_app, g, has_app_context

from streamflix import config

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    country       TEXT NOT NULL DEFAULT 'US',
    is_admin      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token      TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS titles (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'movie',
    genre       TEXT NOT NULL,
    year        INTEGER NOT NULL,
    rating      REAL NOT NULL DEFAULT 0,
    maturity    TEXT NOT NULL DEFAULT 'PG',
    premium     INTEGER NOT NULL DEFAULT 0,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS episodes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    title_id   INTEGER NOT NULL REFERENCES titles(id),
    season     INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    name       TEXT NOT NULL,
    duration_s INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS watch_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    title_id    INTEGER NOT NULL REFERENCES titles(id),
    episode_id  INTEGER REFERENCES episodes(id),
    device      TEXT NOT NULL DEFAULT 'web',
    started_at  TEXT NOT NULL,
    stopped_at  TEXT,
    position_s  INTEGER NOT NULL DEFAULT 0,
    completed   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS subscriptions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id            INTEGER NOT NULL REFERENCES users(id),
    plan_code          TEXT NOT NULL,
    status             TEXT NOT NULL,
    started_at         TEXT NOT NULL,
    current_period_end TEXT NOT NULL,
    canceled_at        TEXT
);
CREATE TABLE IF NOT EXISTS payments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    subscription_id INTEGER REFERENCES subscriptions(id),
    amount_cents    INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    status          TEXT NOT NULL,
    gateway_ref     TEXT NOT NULL,
    description     TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS invoices (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    number          TEXT NOT NULL UNIQUE,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    subscription_id INTEGER REFERENCES subscriptions(id),
    payment_id      INTEGER REFERENCES payments(id),
    subtotal_cents  INTEGER NOT NULL,
    tax_cents       INTEGER NOT NULL,
    total_cents     INTEGER NOT NULL,
    status          TEXT NOT NULL,
    issued_at       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS billing_audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    detail     TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS email_outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER REFERENCES users(id),
    to_addr    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS notification_preferences (
    user_id   INTEGER PRIMARY KEY REFERENCES users(id),
    receipts  INTEGER NOT NULL DEFAULT 1,
    marketing INTEGER NOT NULL DEFAULT 1,
    product   INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS ix_history_user ON watch_history(user_id);
CREATE INDEX IF NOT EXISTS ix_subscriptions_user ON subscriptions(user_id);
CREATE INDEX IF NOT EXISTS ix_payments_user ON payments(user_id);
"""


class _Connection(sqlite3.Connection):
    """sqlite3 connection that remembers how deep we are in transaction()."""

    tx_depth: int = 0


_local = threading.local()


def database_path() -> str:
    if has_app_context():
        return current_app.config["DATABASE"]
    return config.settings["DATABASE"]


def connect(path: str) -> _Connection:
    conn = sqlite3.connect(path, factory=_Connection, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn  # type: ignore[return-value]


def get_db() -> _Connection:
    """Return the connection for the current request (or thread)."""
    if has_app_context():
        if "_sf_db" not in g:
            g._sf_db = connect(database_path())
        return g._sf_db
    path = database_path()
    conns: dict[str, _Connection] = getattr(_local, "conns", {})
    if path not in conns:
        conns[path] = connect(path)
        _local.conns = conns
    return conns[path]


def close_db(exc: BaseException | None = None) -> None:
    conn = g.pop("_sf_db", None)
    if conn is not None:
        conn.close()


def query(sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    rows = get_db().execute(sql, tuple(params)).fetchall()
    return [dict(row) for row in rows]


def query_one(sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
    row = get_db().execute(sql, tuple(params)).fetchone()
    return dict(row) if row is not None else None


def scalar(sql: str, params: Sequence[Any] = ()) -> Any:
    row = get_db().execute(sql, tuple(params)).fetchone()
    return row[0] if row is not None else None


def execute(sql: str, params: Sequence[Any] = ()) -> int:
    """Run a write statement; commits unless inside transaction().

    Returns the lastrowid (for INSERTs) or the rowcount otherwise.
    """
    conn = get_db()
    cur = conn.execute(sql, tuple(params))
    if conn.tx_depth == 0:
        conn.commit()
    if sql.lstrip().upper().startswith("INSERT"):
        return int(cur.lastrowid or 0)
    return cur.rowcount


@contextmanager
def transaction() -> Iterator[_Connection]:
    """Group several execute() calls; nested use joins the outer transaction."""
    conn = get_db()
    conn.tx_depth += 1
    try:
        yield conn
    except BaseException:
        conn.tx_depth -= 1
        if conn.tx_depth == 0:
            conn.rollback()
        raise
    else:
        conn.tx_depth -= 1
        if conn.tx_depth == 0:
            conn.commit()


def init_schema() -> None:
    get_db().executescript(SCHEMA)


def is_empty() -> bool:
    return scalar("SELECT COUNT(*) FROM users") == 0


# --------------------------------------------------------------------------
# Demo data. Kept here since 2020 because "it's only for local dev".
# --------------------------------------------------------------------------

DEMO_USERS = [
    # email, password, display name, country, admin
    ("admin@streamflix.test", "admin123", "Ops Admin", "US", 1),
    ("alice@example.com", "password1", "Alice", "GB", 0),
    ("bob@example.com", "password2", "Bob", "US", 0),
    ("carol@example.com", "password3", "Carol", "DE", 0),
    ("dave+decline@example.com", "password4", "Dave", "US", 0),
]

DEMO_TITLES = [
    # slug, name, kind, genre, year, rating, maturity, premium
    ("the-last-harbor", "The Last Harbor", "movie", "drama", 2019, 7.9, "PG-13", 0),
    ("neon-circuit", "Neon Circuit", "series", "scifi", 2021, 8.4, "TV-MA", 1),
    ("kitchen-wars", "Kitchen Wars", "series", "reality", 2020, 6.8, "TV-PG", 0),
    ("midnight-orbit", "Midnight Orbit", "movie", "scifi", 2022, 7.2, "PG-13", 0),
    ("paper-crowns", "Paper Crowns", "series", "drama", 2018, 8.1, "TV-14", 1),
    ("laugh-track", "Laugh Track", "movie", "comedy", 2017, 6.3, "PG", 0),
    ("deep-blue-secrets", "Deep Blue Secrets", "movie", "documentary", 2023, 8.8, "G", 1),
    ("the-heist-club", "The Heist Club", "movie", "thriller", 2021, 7.5, "R", 0),
    ("starfall-academy", "Starfall Academy", "series", "scifi", 2023, 7.0, "TV-PG", 0),
    ("quiet-fields", "Quiet Fields", "movie", "drama", 2016, 6.9, "PG", 0),
    ("office-hours", "Office Hours", "series", "comedy", 2019, 7.7, "TV-14", 0),
    ("wild-north", "Wild North", "movie", "documentary", 2020, 8.0, "G", 0),
]


def seed_demo_data() -> None:
    """Insert deterministic demo users, titles, subscriptions and history."""
    from streamflix.common.utils import hash_password  # lazy: utils imports db

    created = "2023-01-01T00:00:00+00:00"
    with transaction():
        for email, password, name, country, admin in DEMO_USERS:
            execute(
                "INSERT INTO users (email, password_hash, display_name, country, is_admin, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (email, hash_password(password, email), name, country, admin, created),
            )
        for slug, name, kind, genre, year, rating, maturity, premium in DEMO_TITLES:
            title_id = execute(
                "INSERT INTO titles (slug, name, kind, genre, year, rating, maturity, premium,"
                " description, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (slug, name, kind, genre, year, rating, maturity, premium,
                 f"{name} ({year}) - a StreamFlix {genre} {kind}.", f"{year + 1}-01-01T00:00:00+00:00"),
            )
            if kind == "series":
                for season in (1, 2):
                    for number in (1, 2, 3):
                        execute(
                            "INSERT INTO episodes (title_id, season, number, name, duration_s)"
                            " VALUES (?, ?, ?, ?, ?)",
                            (title_id, season, number, f"S{season}E{number}", 1800 + 60 * number),
                        )
        # alice: premium, bob: basic.  carol and dave have no subscription.
        execute(
            "INSERT INTO subscriptions (user_id, plan_code, status, started_at, current_period_end)"
            " VALUES (2, 'premium', 'active', '2023-11-15T00:00:00+00:00', '2024-03-15T00:00:00+00:00')"
        )
        execute(
            "INSERT INTO subscriptions (user_id, plan_code, status, started_at, current_period_end)"
            " VALUES (3, 'basic', 'active', '2024-01-20T00:00:00+00:00', '2024-03-20T00:00:00+00:00')"
        )
        execute(
            "INSERT INTO payments (user_id, subscription_id, amount_cents, currency, status,"
            " gateway_ref, description, created_at) VALUES"
            " (2, 1, 2759, 'USD', 'succeeded', 'ch_seed000001', 'Premium plan', '2024-02-15T00:00:00+00:00'),"
            " (3, 2, 899, 'USD', 'succeeded', 'ch_seed000002', 'Basic plan', '2024-02-20T00:00:00+00:00')"
        )
        execute(
            "INSERT INTO invoices (number, user_id, subscription_id, payment_id, subtotal_cents,"
            " tax_cents, total_cents, status, issued_at) VALUES"
            " ('SF-2024-000001', 2, 1, 1, 2299, 460, 2759, 'paid', '2024-02-15T00:00:00+00:00'),"
            " ('SF-2024-000002', 3, 2, 2, 899, 0, 899, 'paid', '2024-02-20T00:00:00+00:00')"
        )
        history = [
            (2, 2, "2024-02-20T20:00:00+00:00", 1), (2, 4, "2024-02-21T20:00:00+00:00", 1),
            (2, 9, "2024-02-22T20:00:00+00:00", 0), (3, 3, "2024-02-25T19:00:00+00:00", 1),
            (3, 11, "2024-02-26T19:00:00+00:00", 0), (3, 1, "2024-02-27T19:00:00+00:00", 1),
        ]
        for user_id, title_id, started, completed in history:
            execute(
                "INSERT INTO watch_history (user_id, title_id, started_at, stopped_at, position_s, completed)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (user_id, title_id, started, started, 1500, completed),
            )
        for user_id in range(1, len(DEMO_USERS) + 1):
            execute("INSERT INTO notification_preferences (user_id) VALUES (?)", (user_id,))


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)

    @app.cli.command("init-db")
    def init_db_command() -> None:
        init_schema()
        if is_empty():
            seed_demo_data()
        print("Initialized", database_path())
