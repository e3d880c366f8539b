"""Billing tables.  Lives in the shared models package like everything else."""
from __future__ import annotations

from streamflix.models.base import Model


class Subscription(Model):
    __tablename__ = "subscriptions"
    __columns__ = ("id", "user_id", "plan_code", "status", "started_at", "current_period_end", "canceled_at")

    ACTIVE_STATES = ("active", "trialing")

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATES


class Payment(Model):
    __tablename__ = "payments"
    __columns__ = ("id", "user_id", "subscription_id", "amount_cents", "currency", "status",
                   "gateway_ref", "description", "created_at")

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"


class Invoice(Model):
    __tablename__ = "invoices"
    __columns__ = ("id", "number", "user_id", "subscription_id", "payment_id", "subtotal_cents",
                   "tax_cents", "total_cents", "status", "issued_at")
