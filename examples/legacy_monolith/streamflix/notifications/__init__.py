"""Transactional and marketing email (written to the email_outbox table;
a separate mailer process used to drain it)."""
