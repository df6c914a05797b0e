"""Delivery of the outbox: one sender per deployment, within Telegram's rate limits."""
