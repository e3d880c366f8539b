"""Pytest setup for the StreamFlix example: import path and shared fixtures."""
from __future__ import annotations

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from streamflix import create_app  # noqa: E402

FROZEN_NOW = "2024-03-01T12:00:00+00:00"

PASSWORDS = {
    "admin@streamflix.test": "admin123",
    "alice@example.com": "password1",
    "bob@example.com": "password2",
    "carol@example.com": "password3",
    "dave+decline@example.com": "password4",
}


# A parallel run checks the suite against an extracted service, which must read the same
# database as the tests: STREAMFLIX_TEST_DB names one file shared by every test, emptied
# (same file, same inode, so other processes' connections stay valid) before each test.
SHARED_DB = os.environ.get("STREAMFLIX_TEST_DB")


def _empty(path: str) -> None:
    import sqlite3

    if not os.path.exists(path):
        return
    conn = sqlite3.connect(path)
    try:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        conn.execute("PRAGMA foreign_keys = OFF")
        for table in tables:
            conn.execute(f'DELETE FROM "{table}"')
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
            conn.execute("DELETE FROM sqlite_sequence")
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def app(tmp_path):
    path = SHARED_DB or str(tmp_path / "streamflix-test.db")
    if SHARED_DB:
        _empty(path)
    return create_app({
        "DATABASE": path,
        "FROZEN_NOW": FROZEN_NOW,
        "SECRET_KEY": "test-secret",
        "TESTING": True,
    })


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login(client):
    def _login(email: str, password: str | None = None) -> dict[str, str]:
        resp = client.post("/accounts/login", json={"email": email, "password": password or PASSWORDS[email]})
        assert resp.status_code == 200, resp.get_json()
        return {"Authorization": f"Bearer {resp.get_json()['token']}"}

    return _login


@pytest.fixture
def admin(login):
    return login("admin@streamflix.test")


@pytest.fixture
def alice(login):
    """GB customer on the Premium plan."""
    return login("alice@example.com")


@pytest.fixture
def bob(login):
    """US customer on the Basic plan."""
    return login("bob@example.com")


@pytest.fixture
def carol(login):
    """DE customer without a subscription."""
    return login("carol@example.com")


@pytest.fixture
def dave(login):
    """US customer whose card is always declined."""
    return login("dave+decline@example.com")
