"""The real Maatje bot, as ``maatje run`` builds it, against the Bot API emulator.

Each test gets its own bot token (the emulator keeps state per token) and its own SQLite
file; the core (content and the trained understanding) is built once per session.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.assembly import build_conversations
from bot.config import Settings
from bot.core.dialogue import Maatje
from bot.features import registry
from bot.service import Conversations
from bot.telegram.application import build_application
from content.loader import load_content
from intents.pipeline import Understander
from tests.emulator import BotApiEmulator
from tests.emulator.ptb import free_port

AnyApp = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture(scope="session")
def maatje(understander: Understander) -> Maatje:
    """The core with every registered feature, as ``maatje run`` builds it."""
    return Maatje(load_content(), understander, features=registry())


@pytest.fixture
def conversations(maatje: Maatje, tmp_path: Path) -> Conversations:
    """The conversation service on a SQLite file of this test's own (migrated at open)."""
    return build_conversations(Settings(data_dir=tmp_path), core=maatje)


@pytest.fixture
def maatje_bot(emulator: BotApiEmulator, bot_token: str, conversations: Conversations) -> AnyApp:
    """The Application ``maatje run`` starts, pointed at the emulator."""
    return build_application(bot_token, conversations, base_url=emulator.url)


@asynccontextmanager
async def polling(app: AnyApp) -> AsyncIterator[None]:
    """Run ``app`` as ``run_polling`` does (start-up hook included) for the block."""
    async with app:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=10)
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()


@asynccontextmanager
async def webhook(app: AnyApp, secret: str, path: str = "telegram") -> AsyncIterator[str]:
    """Run ``app`` as ``run_webhook`` does, on a free local port; yields the webhook URL."""
    url = f"http://127.0.0.1:{free_port()}/{path}"
    async with app:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        assert app.updater is not None
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        await app.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path=path, webhook_url=url, secret_token=secret
        )
        try:
            yield url
        finally:
            await app.updater.stop()
            await app.stop()
