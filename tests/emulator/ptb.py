"""Running a python-telegram-bot Application against the emulator inside a test."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Application


@asynccontextmanager
async def polling(app: Application[Any, Any, Any, Any, Any, Any]) -> AsyncIterator[None]:
    """Run ``app`` with long polling for the duration of the block, then shut it down."""
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=10)
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()


@asynccontextmanager
async def webhook(
    app: Application[Any, Any, Any, Any, Any, Any], secret_token: str, url_path: str = "telegram"
) -> AsyncIterator[str]:
    """Run ``app`` with python-telegram-bot's own webhook server; yields the webhook URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{url_path}"
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path=url_path,
            webhook_url=url,
            secret_token=secret_token,
        )
        try:
            yield url
        finally:
            await app.updater.stop()
            await app.stop()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
