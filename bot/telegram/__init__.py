"""The Telegram channel: thin handlers that translate between Telegram and the core."""
