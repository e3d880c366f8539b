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


@pytest.fixture
def app(tmp_path):
    return create_app({
        "DATABASE": str(tmp_path / "streamflix-test.db"),
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
