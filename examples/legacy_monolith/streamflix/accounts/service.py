"""Account business logic."""
from __future__ import annotations

from typing import Any

from streamflix import db
from streamflix.accounts import sessions
from streamflix.common import utils
from streamflix.models import Subscription, User
from streamflix.notifications import email as notify_email

MIN_PASSWORD_LENGTH = 8
SUPPORTED_COUNTRIES = ("US", "GB", "DE", "FR", "CA", "AU")


def _validate_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise utils.ApiError(f"password must be at least {MIN_PASSWORD_LENGTH} characters", 400)


def _validate_country(country: str) -> str:
    country = (country or "US").upper()
    if country not in SUPPORTED_COUNTRIES:
        raise utils.ApiError(f"StreamFlix is not available in {country}", 400, "unsupported_country")
    return country


def register(email: str, password: str, display_name: str | None = None, country: str = "US") -> dict[str, Any]:
    email = (email or "").strip().lower()
    if not utils.is_valid_email(email):
        raise utils.ApiError("invalid email address", 400)
    _validate_password(password)
    country = _validate_country(country)
    if User.by_email(email):
        raise utils.ApiError("email already registered", 409, "email_taken")
    user = User.create(
        email=email,
        password_hash=utils.hash_password(password, email),
        display_name=(display_name or email.split("@")[0]).strip(),
        country=country,
        is_admin=0,
        created_at=utils.now_iso(),
    )
    notify_email.set_preferences(user.id)
    notify_email.send_signup_welcome(user)
    return {"user": user.public_dict(), **sessions.create_session(user.id)}


def login(email: str, password: str) -> dict[str, Any]:
    user = User.by_email(email or "")
    if user is None or not utils.check_password(password or "", user.email, user.password_hash):
        raise utils.ApiError("invalid email or password", 401, "bad_credentials")
    return {"user": user.public_dict(), **sessions.create_session(user.id)}


def logout(token: str) -> bool:
    return sessions.destroy_session(token)


def get_profile(user_id: int) -> dict[str, Any]:
    from streamflix.billing import subscriptions  # lazy: billing -> notifications -> ... cycle

    user = User.get(user_id)
    if user is None:
        raise utils.ApiError("user not found", 404)
    first_sub = Subscription.first(order_by="started_at", user_id=user_id)
    titles_watched = db.scalar(
        "SELECT COUNT(DISTINCT title_id) FROM watch_history WHERE user_id = ?", (user_id,)
    )
    return {
        "user": user.public_dict(),
        "subscription": subscriptions.get_active_subscription(user_id),
        "subscriber_since": first_sub.started_at if first_sub else None,
        "titles_watched": int(titles_watched or 0),
        "sessions": len(sessions.active_sessions(user_id)),
    }


def update_profile(user_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    user = User.get(user_id)
    if user is None:
        raise utils.ApiError("user not found", 404)
    if "display_name" in changes:
        name = str(changes["display_name"]).strip()
        if not name:
            raise utils.ApiError("display_name cannot be empty", 400)
        user.display_name = name
    if "country" in changes:
        user.country = _validate_country(changes["country"])
    if "password" in changes:
        _validate_password(changes["password"])
        user.password_hash = utils.hash_password(changes["password"], user.email)
    user.save()
    return user.public_dict()


def delete_account(user_id: int) -> dict[str, Any]:
    from streamflix.billing import subscriptions

    canceled = None
    if subscriptions.get_active_subscription(user_id):
        canceled = subscriptions.cancel_subscription(user_id, reason="account_deleted")
    sessions.destroy_all_for_user(user_id)
    # We keep the row for billing/audit history; scrub personal data instead.
    db.execute(
        "UPDATE users SET email = ?, display_name = 'Deleted user', password_hash = '!' WHERE id = ?",
        (f"deleted-{user_id}@streamflix.invalid", user_id),
    )
    return {"deleted": True, "canceled_subscription": canceled}
