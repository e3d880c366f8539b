"""Billing: plans, subscriptions, payments, invoices and the audit trail."""
