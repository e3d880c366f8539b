"""Email templates.  Plain str.format() because the Jinja migration stalled."""
from __future__ import annotations

from typing import Any

from streamflix.common import utils

TEMPLATES: dict[str, tuple[str, str]] = {
    "signup_welcome": (
        "Welcome to StreamFlix, {name}!",
        "Hi {name},\n\nThanks for joining StreamFlix. Pick a plan to start watching.",
    ),
    "subscription_started": (
        "Your {plan_name} plan is active",
        "Hi {name},\n\nYour {plan_name} subscription is active. Enjoy!",
    ),
    "subscription_changed": (
        "You switched to {plan_name}",
        "Hi {name},\n\nYou moved from {old_plan_name} to {plan_name}.",
    ),
    "subscription_canceled": (
        "Your subscription was canceled",
        "Hi {name},\n\nYour {plan_name} plan was canceled. You can keep watching until {access_until}.",
    ),
    "payment_receipt": (
        "Receipt: {amount}",
        "Hi {name},\n\nWe charged {amount} for {description}.\nReference: {reference}",
    ),
    "payment_failed": (
        "We couldn't process your payment",
        "Hi {name},\n\nA payment of {amount} was declined. Please update your card.",
    ),
    "new_titles_digest": (
        "New on StreamFlix",
        "Hi {name},\n\nFresh this week:\n{titles}",
    ),
    "test": ("Test email", "Hi {name},\n\nThis is a test message: {message}"),
}

# Which preference flag controls each kind of email.
CATEGORIES: dict[str, str] = {
    "signup_welcome": "product",
    "subscription_started": "receipts",
    "subscription_changed": "receipts",
    "subscription_canceled": "receipts",
    "payment_receipt": "receipts",
    "payment_failed": "receipts",
    "new_titles_digest": "marketing",
    "test": "product",
}

# Legal says receipts must be sent even if the user opted out.
ALWAYS_SEND = {"payment_failed", "subscription_canceled"}

FOOTER = "\n\n--\nYour plan: {plan_name}. Manage emails at /notifications/preferences."


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(kind: str, **context: Any) -> tuple[str, str]:
    if kind not in TEMPLATES:
        raise KeyError(f"unknown email template {kind!r}")
    subject, body = TEMPLATES[kind]
    values = _Defaults(context)
    # RFC 2822 recommends 78 characters; the old mailer choked on longer ones.
    return utils.truncate(subject.format_map(values), 78), body.format_map(values)


def footer(plan_name: str) -> str:
    return FOOTER.format(plan_name=plan_name)


def category_for(kind: str) -> str:
    return CATEGORIES.get(kind, "product")
