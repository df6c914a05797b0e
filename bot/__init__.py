"""Maatje's channels: the dialogue core, the Telegram adapter, the console chat and the CLI."""
